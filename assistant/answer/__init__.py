"""One turn: ask() -> Answer (questions, scope, composer, booking, the optional LLM seam, prompts)."""

from assistant.answer.deps import Deps, build_deps
from assistant.answer.turn import Answer, Turn, ask

__all__ = ["Answer", "Deps", "Turn", "ask", "build_deps"]
