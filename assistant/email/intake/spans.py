"""The sender's own words, verbatim: their questions, when they can come, their goals, findings and short quotes.

Every span returned here is a substring of the text it was read from (never reworded), so a draft
that quotes it puts no words in the sender's mouth.
"""

from __future__ import annotations

import re

from assistant.sentences import split_sentences

_I = re.IGNORECASE

# ---------------------------------------------------------------- questions

_IMPLIED = re.compile(
    r"\b(?:i (?:would|'d) like to know|i wondered|wondered if|i was wondering|wondering if|i wanted to check|"
    r"i want to check|i'd like to book|i would like to book|could you let me know|please let me know|"
    r"would be perfect if you still have|i'd like to come|i would like to come)\b", _I)
_LEAD = re.compile(r"^\s*(?:and|also|so|but|plus|my (?:main )?question(?: is)?:?|i have a few questions:?|"
                   r"a few questions:?|questions?:)\s*", _I)
_NOT_ASKING = re.compile(r"\b(?:you know|right|isn't it|aren't they|eh)\?+$", _I)  # tag questions


def _sentences_with_questions(text: str) -> list[str]:
    out: list[str] = []
    # Lower-case writers ("a while. is this something...") are split too.
    pieces = [p for s in split_sentences(text) for p in re.split(r"(?<=[.!?])\s+(?=[a-z])", s)]
    for sentence in pieces:
        # "(7am?)" inside parentheses does not end a question.
        parts = re.split(r"(?<=\?)(?!\))\s+", sentence.strip())
        out += [p for p in parts if p.strip()]
    return out


def questions(text: str) -> tuple[str, ...]:
    """Each question put to the studio, verbatim, plus requests ("I wondered if I could come back in")."""
    found: list[str] = []
    for part in _sentences_with_questions(text):
        for piece in _after_colon(part):
            piece = piece.strip()
            asked = piece.endswith("?") and not re.search(r"\(\s*[^()]*\?\s*\)\s*$", piece)
            implied = _IMPLIED.search(piece)
            if not (asked or implied) or _NOT_ASKING.search(piece) or len(piece.split()) < 3 and not asked:
                continue
            if implied and not asked:
                piece = piece[implied.start():] if implied.group(0).lower().startswith(("wondered", "wondering")) \
                    else piece
            for sub in re.split(r",\s+(?:and|or)\s+(?=whether\b)|,\s+and\s+(?=(?:do|does|can|could|would|will|is|are|"
                                r"what|how|when|where|should)\s+(?:you|i|she|he|we|it|they)\b)", piece):
                sub = _LEAD.sub("", sub).strip()
                if len(sub.split()) >= 2 and sub not in found:
                    found.append(sub)
    return tuple(found)


def _after_colon(sentence: str) -> list[str]:
    """'I have a few questions: is it ...?' -> the part after the colon."""
    head, sep, tail = sentence.partition(":")
    if sep and len(head.split()) <= 6 and tail.strip():
        return [tail]
    return [sentence]


# ---------------------------------------------------------------- availability

_DAY = (r"mon(?:day)?s?|tue(?:s|sday)?s?|wed(?:nesday)?s?|thu(?:rs|rsday)?s?|fri(?:day)?s?|sat(?:urday)?s?|"
        r"sun(?:day)?s?|weekdays?|weekends?|week ?nights?")
_WHEN = re.compile(rf"\b(?:{_DAY}|mornings?|afternoons?|evenings?|lunchtimes?|lunch ?times?|any ?time|"
                   r"after \d|before \d|from \d|until \d|till \d|\d(?:[.:]\d\d)?\s*(?:am|pm)|before work|after work|"
                   r"school holidays|holidays|half-?term|shifts?|rota|any day|most days|free|flexible|available)\b",
                   _I)
_DAYS_CS = re.compile(r"\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b")
_AVAILABLE = re.compile(
    r"\b(?:can do|can come|could come|could do|can make|free|available|flexible|works? (?:best|well|for me)|"
    r"best for me|are best|is best|suits?|would be (?:ideal|perfect|great|best)|ideal|easiest|is fine|are fine|"
    r"works|can't do|cant do|cannot do|can't make|only|fit round|fit around|"
    r"would have to be|has to be|need to be)\b", _I)
_NOT_AVAILABILITY = re.compile(r"\b(?:booked|appointment with you|office hours|opening hours|your availability|"
                               r"worst|worse|pain|ache|hurts)\b", _I)
_AVAIL_LEAD = re.compile(r"^\s*(?:i'm|i am|i can|i could)\s+(?:do\s+|come\s+)?(?=\w)", _I)
_AVAIL_SPLIT = re.compile(r",\s*|;\s*|\s+or\s+(?=(?:in|on|at|any|early|late|during|after|before|" + _DAY + r")\b)|"
                          r"\s+and\s+(?=(?:during|in the|at|after|before)\b)", _I)


def availability(text: str) -> tuple[str, ...]:
    """When the sender could come, and the limits ("cant do weekends"), as they wrote it."""
    found: list[str] = []
    for part in _sentences_with_questions(text):
        asked = part.rstrip().endswith("?")
        if asked:
            # "Can he come on a Saturday?": only the time, and only a named day or term.
            if not re.search(r"\b(?:(?:can|could) (?:i|he|she|we|you) (?:come|do|book|make)|book (?:in|me)|"
                             r"fit (?:me|him|her|us) in|available|free)\b", part, _I):
                continue
            m = re.search(rf"\b(?:on|for)\s+(?:a\s+|the\s+)?(?:(?:{_DAY})\b|half-?term|[\w-]+ holidays?)[^?]*",
                          part, _I)
            if m and not re.search(r"\bthis week\b", m.group(0), _I):
                found.append(m.group(0).strip())
            continue
        if not _AVAILABLE.search(part) or not (_WHEN.search(part) or _DAYS_CS.search(part)) \
                or _NOT_AVAILABILITY.search(part):
            continue
        head, so, tail = part.partition(" so ")
        if so and not (_WHEN.search(head) or _DAYS_CS.search(head)):
            part = tail  # "I work from home so I'm fairly flexible"
        for piece in _AVAIL_SPLIT.split(part):
            piece = re.sub(r"\s+when\s+.*$|\s*,?\s*which is .*$", "", piece.strip().rstrip(".!"), flags=_I)
            piece = _AVAIL_LEAD.sub("", piece).strip()
            if (_WHEN.search(piece) or _DAYS_CS.search(piece)) and len(piece.split()) >= 2 and piece not in found:
                found.append(piece)
    return tuple(found)


# ---------------------------------------------------------------- goals

_GOAL_LEAD = re.compile(
    r"\b(?:i'?d (?:really )?(?:love|like) to|i would (?:really )?(?:love|like) to|(?<!you )(?<!she )(?<!he )"
    r"would (?:really )?(?:love|like) to|i (?:just |really )?want to|"
    r"(?:she|he) (?:really )?wants to|i'm hoping to|i am hoping to|hoping to|i hope to|my (?:aim|goal) is "
    r"(?:simply |just )?to|what i'?d (?:really )?like is(?: to)?|what i would (?:really )?like is(?: to)?|"
    r"(?:she|he) (?:really )?wants to|really wants to|(?<!was )(?<!were )training for|so i can|"
    r"i need to be able to)\s+", _I)
_NOT_GOAL = re.compile(r"^(?:book|know|check|ask|come|see|mention|say|contact|start exercises|email|write|"
                       r"hear|find out|try)\b", _I)
_GOAL_END = re.compile(r"\s+[-–]\s+|;|\s*\(|\s+and\s+(?=for\b)|\s+but\s+|\s+because\s+|,\s+which\b|"
                       r"\s+as\s+(?:a|few|my)\b|\.\s|[.!?]$|"
                       r",\s+(?:and\s+)?(?:longer term\s+|ideally\s+)?(?:and\s+)?(?=to\s)|\s+and\s+(?=(?:i'd|i would|"
                       r"honestly)\b)|,\s+and\s+honestly", _I)
_BACK_REF = re.compile(r"\b(?:by then|for it|for that|in time)\b", _I)


def goals(text: str) -> tuple[str, ...]:
    """What the sender wants to get back to or achieve, with any event and date, verbatim."""
    found: list[str] = []
    for sentence in split_sentences(text):
        if sentence.rstrip().endswith("?"):
            continue
        for m in _GOAL_LEAD.finditer(sentence):
            rest = sentence[m.end(): m.end() + 300]  # a goal is a phrase; the window keeps run-ons linear
            if _NOT_GOAL.match(rest) or re.search(r"\bdon't\s*$|\bnot\s*$", sentence[max(0, m.start() - 12):
                                                                                         m.start()], _I):
                continue
            pieces = [p for p in _GOAL_END.split(rest) if p and p.strip()]
            for piece in pieces[:2] if re.search(r",\s+(?:and\s+)?(?:longer term\s+|ideally\s+)?to\s", rest, _I) \
                    else pieces[:1]:
                piece = re.sub(r"^(?:and\s+)?(?:longer term\s+|ideally\s+)?to\s+", "", piece.strip(), flags=_I)
                piece = re.sub(r"^be able to\s+", "", piece, flags=_I).strip(" ,.!")
                if _BACK_REF.search(piece):
                    piece = sentence.strip().rstrip(".!")  # "... and I'd like to be swinging freely by then"
                if len(piece.split()) >= 2 and piece not in found and not _NOT_GOAL.match(piece):
                    found.append(piece)
    return tuple(found)


# ---------------------------------------------------------------- quotes

_SYMPTOM = re.compile(r"\b(?:pain|ache|aches|aching|sore|hurts?|tight|stiff|numb\w*|tingl\w*|pins and needles|weak|"
                      r"burning|sharp|throbbing|killin\w*|agony|knot|pinch|catch|clicks?|heavy|pokes)\b", _I)
_FEELING = re.compile(r"\b(?:worst|worse|better|ease|eases|helps?|helped|comes back|comes and goes|"
                      r"(?:don't|do not) want|want to|worried|panicking|scared|afraid|i'd rather|wasting|can't|"
                      r"cannot)\b", _I)
_QUOTE_SPLIT = re.compile(r"[,;:()]|\s[-–]\s|\s+and\s+(?=i\b)|\s+but\s+|\s+so\s+|\s+which\s+|"
                          r"\s+that\s+(?=gets|runs)", _I)


def quotes(text: str, limit: int = 3) -> tuple[str, ...]:
    """Up to `limit` short phrases (3-12 words) in the sender's own words: a symptom, what changes it, a feeling."""
    symptom: list[str] = []
    feeling: list[str] = []
    for sentence in _sentences_with_questions(text):
        if sentence.rstrip().endswith("?"):
            continue
        for clause in _QUOTE_SPLIT.split(sentence):
            phrase = re.sub(r"^\s*(?:and|but|so|or|then|also|i've had|i have had|i have|i've got|i get)\s+", "",
                            clause.strip(), flags=_I).strip(" .!")
            # A long clause is cut before "for", "since", "after"...: "a burning pain down my leg | for five weeks".
            pieces = [phrase] if len(phrase.split()) <= 12 else re.split(
                r"\s+(?=(?:for|since|after|when|because|until|while)\b)", phrase, flags=_I)
            for piece in pieces:
                piece = piece.strip(" .!,")
                if not 3 <= len(piece.split()) <= 12 or piece not in sentence:
                    continue
                if _SYMPTOM.search(piece):
                    symptom.append(piece)
                elif _FEELING.search(piece):
                    feeling.append(piece)
    picked = symptom[:2] + feeling[:1]
    if len(picked) < limit:
        picked += [p for p in symptom[2:] + feeling[1:] if p not in picked][: limit - len(picked)]
    return tuple(picked[:limit])
