"""An incoming email -> EmailDraft: a reply for the specialist to edit, plus notes for them alone (never sent)."""

from __future__ import annotations

import email.policy
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from assistant.answer.booking import decide_booking
from assistant.answer.compose import Citation, Citations
from assistant.answer.deps import Deps
from assistant.answer.questions import split_questions
from assistant.answer.scope import finding_note, read_scope
from assistant.answer.turn import ask, assessment_view
from assistant.answer.types import Direct
from assistant.config import Settings
from assistant.email.answers import answer_paragraphs
from assistant.email.intake import Intake, ScreenItem, read_flags, read_intake, symptom_sentences
from assistant.email.intake.flags import topics_in
from assistant.email.parse import ParsedEmail, parse_email
from assistant.sentences import split_sentences
from assistant.triage import watch_for
from assistant.triage.backstop import with_backstop
from assistant.triage.engine import Triage, assess

# Triage's findings that are red-flag screen topics (cauda equina, a progressive neurological deficit, infection...).
_SCREEN_FLAGS = ("cauda_equina", "progressive_neuro_deficit", "infection", "malignancy", "fracture")

_TREATMENT_WORDS = {"chiropractor": "chiropractic care", "physio": "physiotherapy", "osteopath": "osteopathy",
                    "painkillers": "painkillers", "injections": "injections", "exercises": "exercises",
                    "TENS": "a TENS machine"}
_IMAGING_WORDS = {"MRI": "an MRI", "x-ray": "an x-ray", "CT": "a CT scan", "ultrasound": "an ultrasound",
                  "scan": "a scan"}
_SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|aw|sv|rv|tr|wg|enc)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class EmailDraft:
    """A reply to edit before sending, and what the specialist should know about the email."""

    subject: str
    greeting: str
    body: str  # the whole editable reply, greeting to signature
    triage: Triage
    intake: Intake
    questions_for_sender: tuple[str, ...]
    screen: tuple[ScreenItem, ...]
    citations: tuple[Citation, ...]
    mode: str = "extractive"  # the ask() mode behind the answers, or "safety"
    answers: tuple[Direct, ...] = ()  # the direct answers in the draft, one per question (to save as standard)
    by_hand: tuple[str, ...] = ()  # the sender's questions no article answers: marked in the body to answer by hand

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `assistant draft --json`."""
        return {"subject": self.subject, "greeting": self.greeting, "body": self.body,
                "triage": self.triage.to_dict(), "intake": self.intake.to_dict(),
                "questions_for_sender": list(self.questions_for_sender),
                "citations": [c.to_dict() for c in self.citations],
                "screen": [s.to_dict() for s in self.screen], "mode": self.mode, "by_hand": list(self.by_hand)}

    def to_text(self) -> str:
        """The reply as plain text: the subject line, then the body."""
        return f"Subject: {self.subject}\n\n{self.body}\n"

    def to_eml(self, settings: Settings, original: ParsedEmail | None = None,
               headers: dict[str, str] | None = None) -> bytes:
        """The reply as a .eml draft (X-Unsent, so mail clients open it for editing); nothing is sent."""
        msg = EmailMessage()
        msg["From"] = Address(settings.studio_name, addr_spec=settings.studio_email)
        if original is not None and original.sender_address:
            msg["To"] = Address(original.sender_name, addr_spec=original.sender_address)
        msg["Subject"] = self.subject
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain=settings.studio_email.rsplit("@", 1)[-1])
        if original is not None and original.is_eml and original.message_id:
            msg["In-Reply-To"] = original.message_id
            msg["References"] = " ".join(dict.fromkeys([*original.references, original.message_id]))
        msg["X-Unsent"] = "1"
        for name, value in (headers or {}).items():
            msg[name] = value
        msg.set_content(self.body)
        return msg.as_bytes(policy=email.policy.default)


def draft_email(message: ParsedEmail | str | bytes, deps: Deps) -> EmailDraft:
    """Draft a reply to one email: triage first, then answers from the articles; never sends anything."""
    parsed = message if isinstance(message, ParsedEmail) else parse_email(message)
    settings = deps.settings
    text = parsed.body
    triage = assess(text, region=settings.region, embedder=deps.embedder)
    intake = read_intake(text)
    screen = read_screen(text, triage, intake)
    subject = reply_subject(parsed.subject)
    # "Thanks so much Deb" at the end of an email names the specialist, not the sender.
    name = parsed.sender_first_name if parsed.sender_first_name.lower() != settings.specialist_name.lower() else ""
    greeting = f"Hi {name}," if name else "Hello,"
    if triage.is_emergency or triage.has_self_harm:
        # The safety advice alone: no exercise advice, no booking, no questions that could delay care.
        body = "\n\n".join([greeting, triage.message, settings.signature_text])
        return EmailDraft(subject, greeting, body, triage, intake, (), screen, (), "safety")
    # Wordings the rules did not recognise but that read like an emergency sign: safety net first.
    backstop = with_backstop(triage, text, deps.embedder, settings.region)
    triage = backstop.triage
    safety = _safety_questions(triage, screen, intake)
    questions = tuple(dict.fromkeys([*safety, *_intake_gaps(intake)]))
    answer = ask(_for_answering(text, settings), deps)
    refs = _References()
    parts = [_acknowledge(intake, parsed)]
    if backstop.safety_first:
        asked = "\n".join(f"- {q}" for q in safety)
        parts.append(triage.message + (f"\n\nSo I can be sure, could you let me know:\n{asked}" if asked else ""))
    elif triage.level in ("urgent", "routine") and triage.message:
        parts.append(triage.message)
    if intake.imaging_findings and intake.imaging and answer.in_scope and not answer.parts.acknowledgement:
        parts.append(finding_note(f"what your {intake.imaging} showed"))
    answered, by_hand = answer_paragraphs(answer, intake.questions, lambda q: ask(q, deps))
    parts += [refs.readable(p, cites) for p, cites in answered]
    if answer.in_scope:
        cited = {c.slug for c in answer.citations}
        view = Citations()
        seen = assessment_view(deps, view)
        if seen and not {c.slug for c in view.listed()} <= cited:
            lead = "An assessment looks at you as a whole, not only at where it hurts."
            parts.append(refs.readable(f"{lead} {seen}", view.listed()))
    if refs.cited:
        parts.append("You can read more in:\n" + "\n".join(f"- {c.title} ({c.url})" for c in refs.cited))
    if triage.level == "none" and (triage.message or safety) and not backstop.safety_first:
        # ANSWERS.md §5: what to watch for, then the questions, once; never "nothing you describe sounds urgent".
        asked = "\n".join(f"- {q}" for q in safety)
        parts.append(watch_for(settings.region)
                     + (f"\n\nSo I can be sure, could you let me know:\n{asked}" if asked else ""))
    booking = decide_booking(settings, answer.in_scope, triage.level, triage.has_self_harm or backstop.crisis)
    if answer.in_scope and triage.level in ("none", "routine"):
        parts.append("Corrective exercise is a process rather than a quick fix, but it's one we'd work through "
                     "together, at your pace.")
    if booking.text:
        when = intake.availability[:2]
        said = " and ".join(f"“{a}”" for a in when)
        parts.append(booking.text + (f" You mentioned {said}, so I'll look for a time that fits." if when else ""))
    parts.append("I hope that helps. Do write back with any questions; I'm here to help.")
    body = "\n\n".join(p.strip() for p in [greeting, *parts, settings.signature_text] if p.strip())
    return EmailDraft(subject, greeting, body, triage, intake, questions, screen, tuple(refs.cited), answer.mode,
                      answer.parts.direct, by_hand)


def reply_subject(subject: str) -> str:
    """'RE: Fwd: back pain' -> 'Re: back pain': one Re:, never 'Re: Re:'."""
    return f"Re: {_SUBJECT_PREFIX.sub('', subject).strip() or 'Your question'}"


def _for_answering(text: str, settings: Settings) -> str:
    """The email for ask(): its questions, symptoms and reported findings, without the pleasantries.

    A question such as "can you help me?" is retrieved together with the story around it, and
    small talk only dilutes that story. Triage has already read the whole email.
    """
    asked = split_questions(text)
    story = set(symptom_sentences(text))
    kept = [s for s in split_sentences(text)
            if s in story or any(q in s for q in asked) or read_scope(s).findings]
    focused = " ".join(kept) if kept else text
    return focused if len(focused) <= settings.max_message_chars else " ".join(asked)[: settings.max_message_chars]


class _References:
    """Turns [n] markers into readable article names and collects the articles, numbered in the email."""

    def __init__(self) -> None:
        self.cited: list[Citation] = []

    def readable(self, paragraph: str, citations: tuple[Citation, ...]) -> str:
        by_n = {c.n: c for c in citations}
        titles: list[str] = []
        for n in dict.fromkeys(int(m) for m in re.findall(r"\[(\d+)\]", paragraph)):
            c = by_n.get(n)
            if c is None:
                continue
            if c.slug not in {k.slug for k in self.cited}:
                self.cited.append(Citation(len(self.cited) + 1, c.slug, c.title, c.url))
            titles.append(f"“{c.title}”")
        text = re.sub(r"\s*\[\d+\]", "", paragraph)
        return f"{text} (More on this in {' and '.join(titles)}.)" if titles else text


def _acknowledge(intake: Intake, parsed: ParsedEmail) -> str:
    """'Thank you for writing, and I'm sorry you've had low back pain for about 4 months. ...'"""
    you, have = ("your friend", "they've") if parsed.forwarded else ("you", "you've")
    opening = "Thank you for passing this on" if parsed.forwarded else "Thank you for writing"
    how_long = intake.duration or ""
    if not re.search(r"\b(days?|weeks?|months?|years?)$", how_long) and not how_long.startswith("since "):
        how_long = ""  # only English durations read well in an English sentence
    elif not how_long.startswith("since "):
        how_long = f"for {how_long}"
    who_has = "your friend has" if parsed.forwarded else "you've"
    if intake.complaint and how_long:
        lines = [f"{opening}, and I'm sorry {who_has} been dealing "
                 f"with {intake.complaint} {how_long}."]
    elif intake.complaint:
        lines = [f"{opening}, and I'm sorry to hear about {'their' if parsed.forwarded else 'your'} "
                 f"{intake.complaint}."]
    else:
        lines = [f"{opening}."]
    tried = [_TREATMENT_WORDS.get(t, t) for t in intake.treatments_tried]
    if tried:
        lines.append(f"It sounds like {have} already tried {_and(tried)}"
                     + (f", and had {_IMAGING_WORDS[intake.imaging]}." if intake.imaging else "."))
    elif intake.imaging:
        lines.append(f"It helps to know {you} had {_IMAGING_WORDS[intake.imaging]}.")
    if intake.goals:
        lines.append(f"I can hear how much {you} would like to get back to {_and(list(intake.goals))}.")
    elif intake.goal_phrases:
        lines.append(f"I've noted {'their' if parsed.forwarded else 'your'} goal: “{intake.goal_phrases[0]}”.")
    return " ".join(lines)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def read_screen(text: str, triage: Triage, intake: Intake) -> tuple[ScreenItem, ...]:
    """What the email says about each safety-net topic, for the specialist; triage's findings count as reported."""
    flagged = [f.evidence for f in triage.flags if f.id in _SCREEN_FLAGS]
    return read_flags(text, flagged) if flagged else intake.screen or read_flags(text)


def _safety_questions(triage: Triage, screen: tuple[ScreenItem, ...], intake: Intake) -> tuple[str, ...]:
    """Triage's safety-net questions (given with leg symptoms) on the topics the email leaves open.

    A topic the sender denied is never asked again. "Both legs?" is not asked of someone who named one side:
    the screen still shows it open (they did not say "not both"), but the question would read as not listening.
    """
    open_keys = {s.key for s in screen if s.status in ("open", "mentioned")}
    if intake.side in ("left", "right"):
        open_keys.discard("both_legs")
    out = []
    for question in triage.questions:
        topics = topics_in(question)
        if not topics or topics & open_keys:
            out.append(question)
    return tuple(out)


def _intake_gaps(intake: Intake) -> list[str]:
    gaps = []
    if intake.duration is None:
        gaps.append("How long has this been going on, and did anything set it off?")
    if intake.mentions_leg and intake.side is None:
        gaps.append("Which side is it on: left, right or both?")
    if intake.mentions_leg and intake.below_knee is None and not intake.below_knee_parts:
        gaps.append("Does the pain, numbness or tingling go below the knee?")
    if not intake.goals:
        gaps.append("What would you most like to get back to doing?")
    return gaps
