"""Answer parts -> the text shown in the chat and the CLI (with [n] markers). Other surfaces render parts themselves."""

from __future__ import annotations

from assistant.answer.types import Direct, Parts


def direct_text(d: Direct, heading: bool = True) -> str:
    """One direct answer: a passage under its article and section, or the curated answer, then [n]."""
    if d.source == "llm":
        return d.text  # the model's own reply, with the [n] markers it was checked for
    if d.source == "passage" and heading:
        where = f"From *{d.title}*" + (f", “{d.section}”" if d.section else "")
        return f"{where}:\n{d.text} [{d.n}]"
    return f"{d.text} [{d.n}]"


def render(parts: Parts) -> str:
    """The whole reply as text, in reading order."""
    if parts.small_talk:
        return parts.small_talk
    blocks: list[str] = []
    if parts.safety and parts.safety_kind == "triage":
        blocks.append(parts.safety)
    if parts.acknowledgement:
        blocks.append(parts.acknowledgement)
    many = len(parts.direct) + len(parts.unanswered) > 1
    for d in parts.direct:
        blocks.append(f"**“{d.question}”**\n{direct_text(d)}" if many else direct_text(d))
    for q in parts.unanswered:
        blocks.append(f"**“{q}”**\nThe articles don't cover that, so I'd rather not guess; the studio can answer it.")
    if parts.decline:
        blocks.append(parts.decline)
    blocks.extend(parts.notes)
    if len(parts.more) > 1:
        blocks.append("More in: " + " · ".join(f"[{c.n}] {c.title}" for c in parts.more))
    if parts.safety and parts.safety_kind == "line" and parts.safety_link:
        title, url = parts.safety_link
        blocks.append(f"{parts.safety} *{title}* ({url}).")
    elif parts.safety and parts.safety_kind == "screening":
        questions = "\n".join(f"- {q}" for q in parts.screening_questions)
        blocks.append(parts.safety + (f"\n{questions}" if questions else ""))
    if parts.booking:
        blocks.append(parts.booking)
    return "\n\n".join(b for b in blocks if b)
