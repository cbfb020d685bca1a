"""How long the main complaint has lasted and which side it is on, as the sender put it.

The duration is a verbatim span ("about four months", "since the end of August", "the last 5 days"):
the candidate in a clause about the pain wins over one about a treatment or another event, and a
whole history ("since my thirties") over the recent flare told after it in the same sentence.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

_AMOUNT = (r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|"
           r"a few|a couple(?: of)?|few|couple of|several)")
_UNIT = r"(?:days?|weeks?|months?|years?|yrs?|fortnights?)"
_SPAN = re.compile(
    rf"\b(?:(?P<lead>for|over|since)\s+)?(?P<span>(?:the\s+(?:last|past)\s+)?(?:(?:about|around|roughly|nearly|almost|"
    rf"over|just over|just under|more than|some|approx\.?)\s+)?(?:{_AMOUNT}(?:\s+and\s+a\s+half)?\s+{_UNIT}|"
    rf"(?<=the last )(?:year|month|week|fortnight)|(?<=the past )(?:year|month|week|fortnight))\b"
    rf"(?:\s+or\s+so)?)(?P<ago>\s+ago)?", _I)
_SINCE = re.compile(r"\bsince\s+(?P<when>(?!i\b|i've\b|i'm\b|we\b|he\b|she\b|then\b|\d+\s)[^,.;:!?()]{2,60}?)"
                    r"(?=\s*[,.;:!?()]|\s+(?:i|i've|i'm|i have|she|he|it|and|but|when|which|that|has|have|my|"
                    r"so|now|is|was|with)\b|\s*$)", _I)
_STARTED_IN = re.compile(r"\b(?:started|began|came on|begun|kicked off)\s+(?P<when>in\s+(?:early\s+|late\s+|mid-?\s*)?"
                         r"(?:january|february|march|april|may|june|july|august|september|october|november|"
                         r"december|the (?:spring|summer|autumn|winter)))\b", _I)
_PAIN = re.compile(r"\b(?:pain\w*|ache|aches|aching|achy|hurt\w*|sore|sciatica|symptoms?|problems?|trouble|"
                   r"numb\w*|tingl\w*|pins and needles|stiff\w*|killin\w*|playing up|bad|niggl\w*|back|hip|neck|"
                   r"shoulders?|glute|bum|leg|slipped|fell|injured|tweaked|twisted|hurt)\b", _I)
_HAS_BEEN = re.compile(r"\b(?:has been|have been|i've had|i have had|i had|i've been|i have been|been going on|"
                       r"complaining|started|began|came on|suffer\w*|getting)\b", _I)
# Clauses about something else that happened: a treatment, a visit, giving up a sport.
_EVENT = re.compile(r"\b(?:injection|physio\w*|saw|seen|appointment|session|scan|mri|x-?ray|stopped|moved here|"
                    r"live here|baby|born|pregnan\w*|holiday|retired|married|training)\b", _I)
_NOT_HOW_LONG = re.compile(r"\b(?:first|every|each|per|times?|once|twice|in|within|until|till|after|aged?|hours?|"
                           r"mins?|minutes?|\d+\+?)\s*$", _I)
_CLAUSE = re.compile(r"[,;:()]|\s[-–]\s|\bbut\b")


def duration(sentences: list[str]) -> str | None:
    """How long the main complaint has lasted, verbatim; None when no time is given."""
    best: tuple[int, int, str] | None = None
    order = 0
    for sentence in sentences:
        if sentence.rstrip().endswith("?"):
            continue
        for clause in _CLAUSE.split(sentence):
            order += 1
            for span, score in _candidates(clause, sentence):
                if best is None or score > best[0]:
                    best = (score, order, span)
    return best[2] if best else None


def _candidates(clause: str, sentence: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    about_pain = bool(_PAIN.search(clause))
    story_of_pain = about_pain or bool(_PAIN.search(sentence))
    base = 2 * about_pain + bool(_HAS_BEEN.search(clause)) - 3 * bool(_EVENT.search(clause))
    for m in _SPAN.finditer(clause):
        if _NOT_HOW_LONG.search(clause[max(0, m.start() - 20): m.start()]) or re.match(
                r"\s*(?:old|of age)\b", clause[m.end(): m.end() + 12], _I):
            continue
        if not story_of_pain:
            continue
        lead = (m.group("lead") or "").lower()
        out.append((m.group("span"), base + (1 if lead or "the " in m.group("span").lower()[:4] else 0)))
    for m in _SINCE.finditer(clause):
        if not story_of_pain:
            continue
        # A since-phrase before a number in the same clause is the onset of that number ("3 weeks since I...").
        if _SPAN.search(clause[max(0, m.start() - 80): m.start()]):
            continue
        out.append((m.group(0), base + 2))
    for m in _STARTED_IN.finditer(clause):
        out.append((m.group("when"), base + 2))
    return out


# ---------------------------------------------------------------- side

_BOTH = re.compile(r"\bboth (?:of )?(?:my |his |her |the )?(?:legs|sides|hips|feet|buttocks|shoulders|calves|thighs|"
                   r"arms|knees|glutes|bum cheeks)\b|\beither side\b|\bboth sides\b", _I)
_ALTERNATING = re.compile(r"\b(?:chang\w* sides?|swap\w* sides?|switch\w* sides?|alternat\w*|side (?:change|swap)s?|"
                          r"one week (?:it is )?the (?:left|right)[^.]*next)\b", _I)
_SIDE = re.compile(r"\b(?:left|right|rite)\b", _I)
_NOT_A_SIDE = re.compile(r"^(?:[- ]handed|\s+(?:now|away|after|then|there|here|where|over|down|through|at|up|into|"
                         r"before|in|thing|time|me|it|the|work|school|alone|behind|over)\b)", _I)
_NOT_A_SIDE_BEFORE = re.compile(r"\b(?:turn|turned|all|that's|i|had|have|nothing|is|was)\s*$", _I)
_BODY = re.compile(r"\b(?:leg|legs|side|sided|hip|hips|buttock|glute|bum|foot|feet|calf|thigh|knee|shoulder|arm|"
                   r"sciatica|pelvis|back|toes?|ankle|si joint|sacro|cheek|groin|lower back)\b", _I)
# "my left hip sits higher than my right": a finding, not the side of the symptoms.
_COMPARISON = re.compile(r"\b(?:left|right)\b[^.,;]{0,40}\b(?:higher|lower|shorter|longer|bigger|smaller|further)"
                         r"\s+than\s+(?:my|the|her|his)?\s*(?:left|right)\b|\b(?:higher|lower|shorter|longer)\s+than\s+the\s+"
                         r"other\b", _I)


def side(text: str) -> str | None:
    """left, right, both, alternating, or None (midline, or no side given)."""
    if _ALTERNATING.search(text):
        return "alternating"
    if _BOTH.search(text):
        return "both"
    masked = _COMPARISON.sub(lambda m: " " * len(m.group(0)), text)
    sides: dict[str, int] = {}
    for m in _SIDE.finditer(masked):
        if _NOT_A_SIDE.match(masked[m.end(): m.end() + 20]) or _NOT_A_SIDE_BEFORE.search(
                masked[max(0, m.start() - 20): m.start()]):
            continue
        near = masked[max(0, m.start() - 40): m.end() + 40]
        if not _BODY.search(near):
            continue
        name = "left" if m.group(0).lower() == "left" else "right"
        sides[name] = sides.get(name, 0) + 1
    if len(sides) == 2:
        return "both"
    return next(iter(sides)) if sides else None
