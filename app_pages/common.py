"""What every page of the app shares: loading the dependencies once, and rendering text safely.

Text from visitors and from articles is never rendered as HTML: nothing here passes
unsafe_allow_html, and text shown through Markdown is escaped first (`md`, `safe_markdown`).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from assistant.answer.compose import Citation
from assistant.answer.deps import Deps, build_deps
from assistant.answer.turn import Answer, Turn
from assistant.config import Settings, get_settings
from assistant.errors import ConfigError, IndexDamaged, IndexMissing, StoreUnavailable
from assistant.index.retrieval import tokenize
from assistant.triage.engine import Triage

try:
    from assistant.insights.store import InsightsStore
except ImportError:  # the insights store (issue 10) is optional for the chat
    InsightsStore = None  # type: ignore[assignment,misc]

log = logging.getLogger("posture_assistant.app")

GENERIC_ERROR = "Sorry, something went wrong on our side. Please try again in a moment."
# How often a long-running app looks for articles an ingest has committed since it started.
REFRESH_EVERY_S = 60.0


@dataclass(frozen=True)
class Exchange:
    """One message of the visitor and what came back: an answer, or an error to show."""

    question: Turn
    answer: Answer | None = None
    error: str = ""


# ---------------------------------------------------------------- dependencies


def load_settings() -> Settings | None:
    """The settings, or None after showing what is wrong with the configuration."""
    try:
        return get_settings()
    except ConfigError as exc:  # name the variables, never their values (one may be a secret)
        fields = sorted(set(exc.variables))
        log.error("invalid configuration: %s", exc)
        st.error("The app's configuration is invalid" + (f" ({md(', '.join(fields))})" if fields else "")
                 + ". The server log says more.")
        return None


@st.cache_resource(show_spinner="Loading the articles and the search model (first visit only)…")
def _deps() -> Deps:
    # Exceptions are not cached, so a missing index or a server that is down is retried next run.
    return build_deps(get_settings())


def load_deps() -> Deps | None:
    """The shared Deps (loaded once per process), or None after an st.error saying what to do."""
    if load_settings() is None:
        return None
    try:
        deps = _deps()
    except IndexMissing as exc:
        log.error("%s", exc)
        st.error("**The studio's articles haven't been indexed yet**, so the assistant can't answer.\n\n"
                 "Whoever runs this app: run `python ingest.py` (or `make index`) in the project folder, "
                 "then reload this page.")
        return None
    except IndexDamaged as exc:
        log.error("%s", exc)
        st.error(f"**The studio's article index can't be used**, so the assistant can't answer. {exc}\n\n"
                 "Whoever runs this app: `python ingest.py --check` says what is wrong. The app picks up a "
                 "rebuilt index without a restart.")
        st.button("Try again", key="retry-deps")
        return None
    except StoreUnavailable as exc:
        log.error("article store unavailable: %s", exc)
        st.error("**The studio's article index can't be reached right now**, so the assistant can't answer. "
                 "The app is still running and tries again whenever you reload or press the button below.")
        st.button("Try again", key="retry-deps")
        return None
    except Exception:
        log.exception("could not load the assistant")
        st.error(GENERIC_ERROR)
        st.button("Try again", key="retry-deps")
        return None
    _refresh_if_due(deps)
    return deps


def _refresh_if_due(deps: Deps) -> None:
    """Pick up articles a new ingest committed, at most once a minute; keep serving the old ones on error."""
    now = time.monotonic()
    if now - float(deps.extras.get("refreshed_at", now)) < REFRESH_EVERY_S:
        deps.extras.setdefault("refreshed_at", now)
        return
    deps.extras["refreshed_at"] = now
    try:
        deps.retriever.refresh()
    except Exception as exc:
        log.warning("could not refresh the article snapshot, serving the previous one: %s", exc)


@st.cache_resource(show_spinner=False)
def _insights(url: str, _settings: Settings):  # type: ignore[no-untyped-def]
    # One store per database URL; the leading underscore keeps Settings out of the cache key.
    assert InsightsStore is not None
    return InsightsStore.from_settings(_settings)


def insights_store(settings: Settings):  # type: ignore[no-untyped-def]
    """The insights store, or None when it is not installed or cannot be opened (logged)."""
    if InsightsStore is None:
        return None
    try:
        return _insights(settings.database_location, settings)
    except Exception:
        log.exception("could not open the insights store")
        return None


# ---------------------------------------------------------------- safe text

# Every ASCII punctuation mark that Markdown (CommonMark, GFM, Streamlit's directives and LaTeX)
# can give a meaning to; a backslash before any of them shows the character itself.
_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&])")
_LIST_ITEM = re.compile(r"^(\s*)([-*•]|\d{1,3}[.)])\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def md(text: str) -> str:
    """Text escaped so that st.markdown shows it exactly as written (no links, HTML, LaTeX or styling)."""
    return _MD_ACTIVE.sub(r"\\\1", text)


def md_lines(text: str) -> str:
    """Escaped text whose line breaks survive Markdown."""
    return "  \n".join(md(line) for line in text.splitlines())


def safe_markdown(text: str) -> str:
    """Package-made text (answers, triage messages) as Markdown: its **bold** and lists kept, all else escaped.

    The text may quote the visitor and the articles, so nothing else in it is allowed to become
    Markdown: a link, an image, HTML or a formula shows as the characters typed.
    """
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in block.splitlines():
            item = _LIST_ITEM.match(line)
            if item:
                lines.append(f"{item.group(1)}- {_with_bold(item.group(3))}")
            elif line.strip():
                lines.append(_with_bold(line.strip()))
        out = ""
        for n, line in enumerate(lines):
            if n:
                out += "\n" if line.lstrip().startswith("- ") or lines[n - 1].lstrip().startswith("- ") else "  \n"
            out += line
        blocks.append(out)
    return "\n\n".join(b for b in blocks if b)


def _with_bold(line: str) -> str:
    parts = _BOLD.split(line)
    return "".join(f"**{md(p)}**" if n % 2 else md(p) for n, p in enumerate(parts))


def link(title: str, url: str) -> str:
    """A Markdown link with an escaped title; a URL that is not http(s) gives the title alone."""
    if not re.match(r"^https?://[^\s<>]+$", url):
        return md(title)
    return f"[{md(title)}](<{url}>)"


def safe_url(url: str) -> str | None:
    """The URL if it is http(s), else None (for link buttons)."""
    return url if re.match(r"^https?://[^\s<>]+$", url) else None


_WORD = re.compile(r"(\w[\w'’]*)")


def highlight(text: str, query: str) -> str:
    """Escaped Markdown of `text` with the query's words (stemmed, stop words aside) in bold."""
    wanted = set(tokenize([query])[0]) if query.strip() else set()
    pieces = _WORD.split(text)
    words = sorted({p for p in pieces[1::2]})
    stems = dict(zip(words, tokenize(words), strict=True)) if words and wanted else {}
    out = []
    for n, piece in enumerate(pieces):
        hit = n % 2 == 1 and bool(set(stems.get(piece, ())) & wanted)
        out.append(f"**{md(piece)}**" if hit else md(piece))
    return "  \n".join("".join(out).splitlines())


# ---------------------------------------------------------------- shared pieces of the pages


def show_triage(triage: Triage) -> None:
    """The red-flag banner: error at emergency (with the number to call), warning at urgent, info at routine."""
    if not triage.message:
        return
    first, _, rest = triage.message.strip().partition("\n")
    # The first line says what to do ("Please go to A&E or call 999 now."): it stands out.
    body = safe_markdown(f"**{first}**\n{rest}" if triage.is_urgent_or_higher else triage.message)
    if triage.is_emergency or triage.has_self_harm:
        st.error(body, icon=":material/emergency:")
    elif triage.level == "urgent":
        st.warning(body, icon=":material/warning:")
    elif triage.level == "routine":
        st.info(body, icon=":material/info:")


def show_citations(citations: Sequence[Citation], label: str = "Sources") -> None:
    """The cited articles as numbered links."""
    if not citations:
        return
    lines = [f"{c.n}\\. {link(c.title, c.url)}" for c in citations]
    st.markdown(f"**{label}**  \n" + "  \n".join(lines))


def show_no_llm_sign(deps: Deps) -> None:
    """A visible sign when the app runs without a language model."""
    if deps.llm is None:
        st.caption(":material/menu_book: Running without a language model: answers are quoted straight "
                   "from the studio's articles.")


def parts_markdown(answer: Answer) -> str:
    """The answer's parts as Markdown for the chat: titles in italics and links built here, all text escaped."""
    parts = answer.parts
    if parts.small_talk:
        return md(parts.small_talk)
    if not (parts.direct or parts.decline):
        return safe_markdown(answer.text)
    blocks: list[str] = []
    if parts.safety and parts.safety_kind == "triage" and parts.safety != answer.triage.message:
        blocks.append(safe_markdown(parts.safety))  # the safety net put first (the banner shows the rest)
    if parts.acknowledgement:
        blocks.append(md(parts.acknowledgement))
    many = len(parts.direct) + len(parts.unanswered) > 1
    for d in parts.direct:
        head = f"**“{md(d.question)}”**  \n" if many else ""
        if d.source == "passage":
            head += f"From *{md(d.title)}*" + (f", “{md(d.section)}”" if d.section else "") + ":  \n"
        marker = "" if d.source == "llm" else f" \\[{d.n}\\]"  # the model's text carries its own markers
        blocks.append(head + safe_markdown(d.text) + marker)
    for q in parts.unanswered:
        blocks.append(f"**“{md(q)}”**  \nThe articles don't cover that, so I'd rather not guess; "
                      "the studio can answer it.")
    if parts.decline:
        blocks.append(md(parts.decline))
    blocks += [safe_markdown(n) for n in parts.notes]
    # "More in" is the chat's Sources list under the answer, with the same numbers.
    if parts.safety_kind == "line" and parts.safety_link:
        blocks.append(f"{md(parts.safety)} {link(parts.safety_link[0], parts.safety_link[1])}.")
    elif parts.safety_kind == "screening":
        blocks.append(md(parts.safety) + "\n" + "\n".join(f"- {md(q)}" for q in parts.screening_questions))
    if parts.booking:
        blocks.append(md(parts.booking))
    return "\n\n".join(b for b in blocks if b)
