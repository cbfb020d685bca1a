"""read_intake(): everything the intake reads from an email, in one frozen Intake, and its table-schema record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.email.intake import facts, spans, story, vocab
from assistant.email.intake.flags import ScreenItem, read_flags
from assistant.sentences import split_sentences

_I = re.IGNORECASE

_SPANISH_SIDE = re.compile(r"\b(?:izquierd[oa]|derech[oa]|ambas piernas|las dos piernas|ambos lados)\b", _I)
_PARTS = (("foot", r"foot|feet|sole|soles|instep"), ("toes", r"toes?|little toe|big toe"), ("calf", r"calf|calves"),
          ("shin", r"shins?"), ("ankle", r"ankles?"), ("heel", r"heels?"), ("lower leg", r"lower leg"))
_PART_RX = tuple((name, re.compile(rf"\b(?:{rx})\b", _I)) for name, rx in _PARTS)
_SYMPTOM = re.compile(r"\b(?:pain\w*|sciatica|toothache|feels?|"
                      r"ache|aches|aching|numb\w*|tingl\w*|pins and needles|burning|shooting|sore|"
                      r"hurts?|cramp\w*|heavy|goes|going|runs|running|down|into|spreads?|radiat\w*)\b", _I)
_RESOLVED = re.compile(r"\b(?:settled|has gone|gone now|went away|resolved|used to get|no longer|stopped going|"
                       r"hasn't come back|has not come back)\b", _I)
_NO_BELOW = re.compile(r"\b(?:never|not|n't|no)\b[^.;]{0,30}\b(?:under|below|past|beyond)\b", _I)
_IMAGING = (("MRI", r"mri|magnetic resonance"), ("CT", r"ct scan|cat scan"), ("x-ray", r"x-?rays?|radiograph\w*"),
            ("ultrasound", r"ultrasound"), ("scan", r"scans?"))
_IMAGING_RX = tuple((name, re.compile(rf"\b(?:{rx})\b", _I)) for name, rx in _IMAGING)
_NOT_OWN_IMAGING = re.compile(r"\b(?:haven't had|have not had|never had|no)\b[^.]{0,20}$|"
                              r"\b(?:my|his|her) (?:wife|husband|partner|mum|dad|friend|sister|brother)\b[^.]{0,40}$|"
                              r"\b(?:suggest\w*|might need|"
                              r"waiting for|should i (?:get|have))\b[^.]{0,30}$", _I)
# "said it showed that my L5...": the finding starts after the reporting words.
_LEAD_IN = re.compile(r"^(?:(?:it|they|that|this|the \w+) )?(?:showed|shows|revealed|said|says)\s+(?:that\s+)?|"
                      r"^that\s+", _I)
_FINDING = re.compile(r"(?:showed|shows|show|revealed|found|confirmed|said there (?:was|were|is)|said it (?:was|is)|"
                      r"said|says|told me|came back)\s+(?:up\s+)?(?:on the \w+\s+)?(?:[^\"“]{0,40}?\s+as\s+an?\s+)?"
                      r"(?:an?\s+|the\s+)?(?P<q>[\"“])?(?P<finding>[^\"”.;]+?)(?(q)[\"”])"
                      r"(?=\s*[.;\"”]|,\s*(?:which|but i|they|and "
                      r"(?:they|i|she|he))|\s+-|\s+which\b|$)", _I)


@dataclass(frozen=True)
class Intake:
    """What the message says about the problem, the person and the red flags, for the specialist and the draft."""

    duration: str | None = None
    side: str | None = None  # left, right, both, alternating
    below_knee: bool | None = None
    imaging: str | None = None  # the first imaging named: x-ray, MRI, CT, ultrasound, scan
    imaging_findings: str | None = None
    treatments_tried: tuple[str, ...] = ()  # the draft's acknowledgement words ("chiropractor")
    goals: tuple[str, ...] = ()  # short labels for the acknowledgement ("running")
    complaint: str | None = None  # "low back pain", "sciatica", "neck pain"...: for the acknowledgement
    mentions_leg: bool = False
    below_knee_parts: tuple[str, ...] = ()  # foot, toes, calf, shin, ankle, heel, lower leg: now, not resolved
    scans: tuple[tuple[str, str | None], ...] = ()  # (type, finding verbatim or None), the sender's own only
    treatments: tuple[str, ...] = ()  # in the studio's vocabulary ("anti-inflammatories", "other: support belt")
    activities: tuple[str, ...] = ()
    activities_past: tuple[str, ...] = ()
    goal_phrases: tuple[str, ...] = ()  # verbatim, with events and dates
    availability: tuple[str, ...] = ()  # verbatim
    questions: tuple[str, ...] = ()  # verbatim, each one the sender asked
    screen: tuple[ScreenItem, ...] = ()  # red flags by topic (without triage's findings; the draft adds them)
    quotes: tuple[str, ...] = ()  # short verbatim phrases

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by the CLI and the mail queue."""
        return {"duration": self.duration, "side": self.side, "below_knee": self.below_knee,
                "imaging": self.imaging, "imaging_findings": self.imaging_findings,
                "treatments_tried": list(self.treatments_tried), "goals": list(self.goals),
                "complaint": self.complaint, "below_knee_parts": list(self.below_knee_parts),
                "scans": [{"type": t, "finding": f} for t, f in self.scans], "treatments": list(self.treatments),
                "activities": list(self.activities), "goal_phrases": list(self.goal_phrases),
                "availability": list(self.availability), "questions": list(self.questions),
                "quotes": list(self.quotes)}

    def to_record(self, screen: tuple[ScreenItem, ...] | None = None) -> dict[str, object]:
        """The intake table's schema (tests/data/intake_dev.jsonl), for scoring."""
        items = self.screen if screen is None else screen
        return {"duration": self.duration, "side": self.side, "below_knee": list(self.below_knee_parts),
                "imaging": [{"type": t, "finding": f} for t, f in self.scans], "treatments": list(self.treatments),
                "activities": list(self.activities), "activities_past": list(self.activities_past),
                "goals": list(self.goal_phrases), "availability": list(self.availability),
                "questions": list(self.questions), "red_flags": {s.key: s.status for s in items},
                "quotes": list(self.quotes)}


# The intake reads the first this-many characters: a story this long has said what it will say by then, and every
# rule stays fast on a pasted novel. Triage still reads the whole message.
MAX_INTAKE_CHARS = 20_000


def read_intake(text: str) -> Intake:
    """Read the intake from a message's own text (no quotes, no signature); anything not said is None or empty."""
    text = text[:MAX_INTAKE_CHARS]
    sentences = split_sentences(text) or [text]
    done, past = vocab.activities(text)
    scans = _scans(sentences)
    return Intake(
        # The older keyword rules still read Spanish ("desde hace tres semanas", "ambas piernas").
        duration=story.duration(sentences) or facts.duration_of(sentences),
        side=story.side(text) or (facts.side_of(text) if _SPANISH_SIDE.search(text) else None),
        below_knee=facts.below_knee_of(text),
        imaging=scans[0][0] if scans else None,
        imaging_findings=next((f for _, f in scans if f), None),
        treatments_tried=facts.treatments_of(sentences),
        goals=facts.goal_labels(sentences),
        complaint=next((name for name, rx in facts.COMPLAINT_RX if rx.search(text)), None),
        mentions_leg=bool(facts.LEG.search(text)),
        below_knee_parts=_below_knee_parts(sentences),
        scans=scans,
        treatments=vocab.treatments(text),
        activities=done,
        activities_past=past,
        goal_phrases=spans.goals(text),
        availability=spans.availability(text),
        questions=spans.questions(text),
        screen=read_flags(text),
        quotes=spans.quotes(text),
    )


def _below_knee_parts(sentences: list[str]) -> tuple[str, ...]:
    found: dict[str, tuple[int, int]] = {}  # part -> where it is first named, so they come in the order written
    for n, sentence in enumerate(sentences):
        if _RESOLVED.search(sentence):
            continue
        for clause in re.split(r"[;]|,\s+but\b|\bbut\b", sentence):
            if not _SYMPTOM.search(clause) or _NO_BELOW.search(clause):
                continue
            if re.search(r"\b(?:can|could)\s+(?:stand|walk)\b", clause, _I):
                continue  # "I can stand on my tiptoes and heels": a test passed, not a symptom
            offset = sentence.find(clause)
            for name, rx in _PART_RX:
                m = rx.search(clause)
                if m and name not in found:
                    found[name] = (n, offset + m.start())
    return tuple(sorted(found, key=found.__getitem__))


def _scans(sentences: list[str]) -> tuple[tuple[str, str | None], ...]:
    found: list[tuple[str, str | None]] = []
    for n, sentence in enumerate(sentences):
        for name, rx in _IMAGING_RX:
            m = rx.search(sentence)
            if m is None or any(t == name for t, _ in found) or _NOT_OWN_IMAGING.search(sentence[: m.start()]):
                continue
            if name == "scan" and any(t != "scan" for t, _ in found):
                continue  # "the MRI scan" is the MRI
            if name == "scan" and re.search(r"\b(?:mri|ct|cat)\s+scans?\b", sentence, _I):
                continue
            finding = None
            for candidate in (sentence[max(0, m.start() - 40):], *sentences[n + 1: n + 2]):
                if candidate.rstrip().endswith("?"):
                    continue
                f = _FINDING.search(candidate)
                if f:
                    finding = _LEAD_IN.sub("", f.group("finding").strip(" ,"))
                    break
            found.append((name, finding))
    return tuple(found)
