"""Red-flag triage: reviewed rules (and a semantic backstop) -> Triage; no language model, no index."""

from assistant.triage.engine import FLAG_IDS, LEVELS, Triage, assess
from assistant.triage.levels import rank
from assistant.triage.messages import QUESTIONS as SCREENING_QUESTIONS
from assistant.triage.messages import watch_for

__all__ = ["FLAG_IDS", "LEVELS", "SCREENING_QUESTIONS", "Triage", "assess", "rank", "watch_for"]
