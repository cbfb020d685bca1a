"""The red-flag screen of an email: per topic, whether the sender reported, denied or mentioned it, or left it open.

Negation and hypotheticals are read with the triage package's Context ("No numbness down below",
"if any of that changed"); a denial wins over a mention of the same topic, a report over both.
Triage's own findings (cauda equina, a progressive deficit) are passed in and always count as reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.triage.context import Context, normalise
from assistant.triage.lang import HYPOTHETICAL, NEGATION

# (key, label for the specialist, pattern over normalised text)
TOPICS: tuple[tuple[str, str, str], ...] = (
    ("saddle_numbness", "numbness in the saddle area",
     r"saddle (?:area|numb\w*|anaesth\w*|anesth\w*)|groin|genital\w*|privates|down there|down below|between "
     r"(?:my|the|your) legs|back passage|perine\w*|when i wipe|wip(?:e|ing)|toilet paper|numb\w* (?:bum|bottom)|"
     r"(?:bum|bottom) (?:feels|is) (?:\w+ )?(?:numb|different)|entrepierna"),
    ("bladder", "bladder control", r"bladder|pee|peeing|wee|weeing|urin\w*|waterworks|wet myself|leak\w*|vejiga"),
    ("bowel", "bowel control", r"bowels?|poo|stools?|constipat\w*|soil(?:ed|ing)|incontinen\w*"),
    ("sexual_function", "sexual function", r"sex\w*|erection\w*|intercourse|(?:in|with) the bedroom"),
    ("both_legs", "symptoms in both legs", r"both (?:my )?legs|both sides|both feet|both calves|both thighs|"
                                           r"never both|(?:only|just) (?:ever )?(?:in )?(?:my|the) (?:left|right) leg|"
                                           r"one leg only"),
    ("leg_weakness", "leg or foot weakness", r"weak\w*|foot drop|giv(?:ing|en|es) way|gave way|buckl\w*|"
                                             r"(?:foot|toes?) (?:drags|slaps|catches)|dragging (?:my|the|a) foot|"
                                             r"(?:stand|walk) on (?:my )?(?:tip ?toes|heels|toes)"),
    ("fever_or_infection", "fever or infection", r"fever\w*|temperature|shiver\w*|chills|night sweats|sweat\w* "
                                                 r"(?:through|at night)|infection|feverish|rigors"),
    ("cancer_or_weight_loss", "cancer history or weight loss", r"cancer|tumou?r|lymphoma|leuka?emia|myeloma|chemo\w*|"
                                                               r"weight loss|lost (?:\w+ ){0,3}(?:weight|a stone|"
                                                               r"stone|kilos?|pounds)|losing weight"),
    ("trauma", "a fall or injury", r"fell|falls?|fallen|slipped|tripped|came off|landed|accident|collision|crash\w*|"
                                   r"tackle\w*|knocked (?:over|down|off)|hit by|whiplash|injur\w*|"
                                   r"(?:doing|did) anything to it"),
    ("night_pain", "pain at night", r"at night|in bed|(?:woken?|wakes?|waking)(?: me)?(?: up)?|during the night|"
                                    r"[1-5] ?am\b|night pain|sleep\w*"),
)
_TOPIC_RX = {key: re.compile(rf"\b(?:{rx})\b") for key, _, rx in TOPICS}
# Cauda equina named bare marks the three CES topics as mentioned (the sender is worried, not reporting).
_CES_NAMED = re.compile(r"\bcauda equina\b|\bces\b")
# Raised without a clear yes or no: reading about it, unsure, asked and could not say, or a question.
_UNSURE = re.compile(r"\b(?:i read|reading about|googl\w*|worried about|panick\w*|not sure|i'm not sure|"
                     r"can't tell|cannot tell|don't know|didn't (?:really )?know|whether i'd|whether i had|"
                     r"asked (?:me )?(?:a load of |some )?(?:questions )?(?:about|whether|if)|if any of that|"
                     r"imagining|should i)\b")
_FINE_AFTER = re.compile(r"(?:(?!\bbut\b|\bnot\b|n't\b|\bexcept\b)[^.;!?\n]){0,40}?\b(?:fine|normal|ok|okay|"
                         r"unaffected|unchanged|no (?:problems?|issues|change))\b")
_DENIED_OWN = {
    "both_legs": re.compile(r"never both|only (?:ever )?(?:in )?(?:my|the) (?:left|right) leg|one leg only|"
                            r"just (?:my|the) (?:left|right) leg"),
    "leg_weakness": re.compile(r"(?:stand|walk) on (?:my )?(?:tip ?toes|heels|toes)"),
    "cancer_or_weight_loss": re.compile(r"deliberately|on purpose|dieting|diet\b|slimming|trying to lose"),
    "night_pain": re.compile(r"(?:not|n't|never) (?:bother|hurt|wake|disturb)\w*[^.]{0,25}(?:in bed|at night)|"
                             r"sleep(?:ing)? (?:well|fine|ok|okay)"),
    "trauma": re.compile(r"no injury|(?:don't|do not|can't|cannot) (?:recall|remember|think of)|didn't do anything|"
                         r"no fall|nothing happened"),
}
_NOT_TRAUMA = re.compile(r"\b(?:fall(?:s|ing)? asleep|fell asleep|fall(?:s|ing)? apart|pain (?:came|comes)|"
                         r"fell off a cliff|landed a|(?:job|car) crash)\b")
_NIGHT_PAIN = re.compile(r"pain|ache|aching|hurt\w*|sore|worse|bother\w*|wake|woken|waking|agony|throb\w*")
_OTHER_PERSON = re.compile(r"\b(?:my|his|her) (?:wife|husband|partner|mum|mother|dad|father|friend|sister|brother|"
                           r"neighbour|colleague|son|daughter)\b(?! \w+ (?:made|asked|says|said))")


@dataclass(frozen=True)
class ScreenItem:
    """One safety-net topic and what the email says about it: reported, denied, mentioned or open."""

    key: str
    label: str
    status: str
    evidence: str = ""  # the sender's sentence, verbatim ("" when open)

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "label": self.label, "status": self.status, "evidence": self.evidence}


def read_flags(text: str, reported: Sequence[str] = ()) -> tuple[ScreenItem, ...]:
    """Each topic's status in text; `reported` holds triage's evidence of a current red flag (always reported)."""
    norm = normalise(text)
    ctx = Context(norm, NEGATION, HYPOTHETICAL)
    flagged = [normalise(e) for e in reported]
    ces_named = _CES_NAMED.search(norm)
    items = []
    for key, label, _ in TOPICS:
        rx = _TOPIC_RX[key]
        evidence = next((e for e in flagged if rx.search(e)), None)
        if evidence is not None:
            items.append(ScreenItem(key, label, "reported", _original(text, norm, evidence)))
            continue
        statuses: dict[str, str] = {}
        for m in rx.finditer(norm):
            s, e = ctx.sentence(m.start())
            sentence = norm[s:e]
            original = text[s:e].strip()
            status = _status(key, m, sentence, norm, ctx)
            if status and status not in statuses:
                statuses[status] = original
        if not statuses and ces_named and key in ("saddle_numbness", "bladder", "bowel"):
            s, e = ctx.sentence(ces_named.start())
            statuses["mentioned"] = text[s:e].strip()
        status = next((st for st in ("reported", "denied", "mentioned") if st in statuses), "open")
        items.append(ScreenItem(key, label, status, statuses.get(status, "")))
    return tuple(items)


def _status(key: str, m: re.Match[str], sentence: str, norm: str, ctx: Context) -> str:
    """reported, denied, mentioned, or '' (the match does not count)."""
    if key == "trauma" and _NOT_TRAUMA.search(norm, max(0, m.start() - 10), m.end() + 15):
        return ""
    if key == "night_pain" and not _NIGHT_PAIN.search(sentence):
        return ""
    if key == "night_pain" and re.search(r"sweat", sentence) and not re.search(r"pain|ache|wake|woken", sentence):
        return ""
    if key in _DENIED_OWN:
        denied = _DENIED_OWN[key]
        if denied.search(sentence):
            return "denied"
    if _OTHER_PERSON.search(sentence[: max(0, m.start() - ctx.sentence(m.start())[0])]) or \
            ctx.experiencer(m.start()) == "other":
        return ""
    if ctx.is_negated(m.start(), m.end()) or _FINE_AFTER.match(norm, m.end()):
        return "denied"
    if _UNSURE.search(sentence) or sentence.rstrip().endswith("?") or ctx.is_hypothetical(m.start(), m.end()):
        return "mentioned"
    return "reported"


def _original(text: str, norm: str, evidence: str) -> str:
    """The sender's own words for a triage finding (normalisation keeps lengths, so the span maps back)."""
    at = norm.find(evidence)
    return text[at: at + len(evidence)] if at >= 0 else ""


def topics_in(text: str) -> set[str]:
    """The screen topics a piece of text (such as one of triage's questions) is about."""
    norm = normalise(text)
    return {key for key, rx in _TOPIC_RX.items() if rx.search(norm)}
