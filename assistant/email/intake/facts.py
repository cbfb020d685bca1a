"""Keyword rules for the facts of a message: how long, which side, below the knee, imaging, what was tried, goals."""

from __future__ import annotations

import re

from assistant.sentences import split_sentences

_I = re.IGNORECASE

_NUMBER = (r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple"
           r"(?: of)?|several|many|few|couple of|un|una|unos|unas|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)")
_UNIT = r"(?:days?|weeks?|months?|years?|yrs?|días|dias|semanas?|mes(?:es)?|años|anos)"
# "for about 4 months", "the past six weeks", "4 months now", "hace tres semanas"; not "the first 6 weeks".
_DURATION = re.compile(
    r"\b(?:(?P<lead>for|over|past|last|nearly|almost|about|around|roughly|some|desde hace|hace|durante)\s+"
    r"(?:(?:the|about|around|nearly|almost|over|roughly|more than|just over|just under|unos|unas|casi|más de)\s+)*)?"
    r"(?P<amount>" + _NUMBER + r"(?:\s+and\s+a\s+half)?)\s+(?P<unit>" + _UNIT + r")\b"
    r"(?P<tail>\s+(?:now|ago|or so|already|and counting))?",
    _I,
)
_SINCE = re.compile(r"\bsince\s+(?P<when>(?:last\s+\w+|christmas|easter|the summer|the winter|the spring|january|"
                    r"february|march|april|may|june|july|august|september|october|november|december|"
                    r"(?:my|the|i)\s+[\w' ]{3,30}?))(?=[,.;!?]|\s+(?:and|but|when)\b|$)", _I)
_PAIN = re.compile(r"\b(pain|ache|aching|hurt|hurts|hurting|sore|sciatica|symptoms?|problems?|issues?|suffer\w*|"
                   r"dealing|struggl\w*|bad back|back|neck|hip|knee|shoulder|numb\w*|tingl\w*|dolor|ciática)\b", _I)
_NOT_HOW_LONG = re.compile(r"\b(first|every|each|per|times?|hours?|minutes?|mins?|once|twice|old|aged?|until|till|"
                           r"in|within)\s*$", _I)
_LAST = re.compile(r"\b(?:for |over |in )?the (?:last|past) (?P<unit>week|fortnight|month|year)\b", _I)

_SIDE_BOTH = re.compile(r"\b(both (?:legs|sides|hips|feet|buttocks)|either side|ambas piernas|las dos piernas|"
                        r"ambos lados)\b", _I)
_SIDE = re.compile(r"\b(left|right|izquierd[oa]|derech[oa])\b", _I)
_SIDE_WORDS = re.compile(r"\b(leg|side|hip|buttock|glute|bum|foot|calf|thigh|knee|shoulder|arm|sciatica|pierna|"
                         r"lado|cadera|pie|rodilla|down|pain|hurts|numb)\b", _I)

_BELOW_KNEE_NO = re.compile(
    r"\b(?:(?:doesn't|does not|don't|do not|never|not|no)\s+(?:\w+\s+){0,3}(?:go|goes|gone|travel\w*|radiat\w*|"
    r"spread\w*)?\s*(?:below|past|beyond|under)\s+(?:the|my)\s+knee|(?:stops?|stopping|ends?)\s+(?:at|above)\s+"
    r"(?:the|my)\s+knee|above (?:the|my) knee|only (?:in|to|down to) (?:the|my) (?:thigh|buttock|bum|glute))\b",
    _I,
)
_BELOW_KNEE_YES = re.compile(
    r"\b(?:below (?:the|my) knee|past (?:the|my) knee|(?:down|into|to|in|reaches|reaching|all the way to)\s+"
    r"(?:my |the )?(?:calf|calves|shin|shins|ankle|ankles|foot|feet|toes?|heel)|(?:calf|calves|shin|foot|feet|"
    r"toes?|heel|ankle)\s+(?:is|are|goes|go|feels?|gets?)\s+(?:\w+\s+)?(?:numb|tingly|painful|sore|weak|"
    r"burning)|hasta el pie|hasta los pies|por debajo de la rodilla|la pantorrilla)\b",
    _I,
)

_IMAGING = (
    ("MRI", re.compile(r"\b(mri|magnetic resonance|resonancia)\b", _I)),
    ("CT", re.compile(r"\b(ct scan|ct|cat scan)\b", re.I)),
    ("x-ray", re.compile(r"\b(x-?rays?|radiograph\w*|radiograf\w*)\b", _I)),
    ("ultrasound", re.compile(r"\b(ultrasound|ecograf\w*)\b", _I)),
    ("scan", re.compile(r"\b(scans?|imaging|escáner)\b", _I)),
)
_FINDING = re.compile(r"\b(show\w*|reveal\w*|found|came back|confirmed|said|says|told|diagnos\w*|"
                      r"indicat\w*|mostr\w*|salió|dice|dijo)\b", _I)

_TREATMENTS = (
    ("chiropractor", r"chiro\w*"),
    ("physio", r"physio\w*|physical therap\w*|fisio\w*"),
    ("osteopath", r"osteopath\w*|osteo\b"),
    ("massage", r"massages?|sports massage|masaj\w*"),
    ("acupuncture", r"acupuncture|dry needling|acupuntura"),
    ("ice", r"ice|ice packs?|icing|cold packs?|hielo"),
    ("heat", r"heat|heat pads?|heating pads?|hot water bottles?|hot baths?|calor"),
    ("rest", r"rest|rested|resting|bed rest|time off|reposo"),
    ("stretching", r"stretch\w*|estiramientos?"),
    ("painkillers", r"painkillers?|pain killers?|ibuprofen|paracetamol|naproxen|co-?codamol|anti-?inflammator\w*|"
                    r"tablets|medication|meds|pills|analgésicos?"),
    ("injections", r"injections?|injected|epidural|cortisone|steroid shots?|inyecci\w*"),
    ("yoga", r"yoga"),
    ("pilates", r"pilates"),
    ("foam rolling", r"foam roll\w*|foam roller"),
    ("exercises", r"exercises|home exercises|ejercicios"),
    ("TENS", r"tens(?: machine| unit)?"),
    ("swimming", r"swimming|swim"),
    ("walking", r"walking|walks"),
)
_TREATMENT_RX = tuple((name, re.compile(r"\b(?:" + rx + r")\b", _I if name != "TENS" else 0)) for name, rx in
                      _TREATMENTS)
# Past or ongoing, never future: "should I try pilates?" is not something tried.
_TRIED = re.compile(r"\b(tried|trying|been (?:doing|using|taking|having|seeing|to)|went to|seeing|saw|seen|had|"
                    r"have had|used|using|taking|took|did|done|doing|booked|course of|sessions?|appointments?|"
                    r"visits?|weeks? of|prescribed|gave me|probé|he ido|fui)\b", _I)
# "whether foam rolling would help", "thinking about pilates": asked about, not tried.
_ASKED_ABOUT = re.compile(r"\b(whether|if|should i|could i|would|wonder\w*|thinking (?:of|about)|considering|worth|"
                          r"about|recommend\w*|suggest\w*|start(?:ing)?)\s+(?:\w+\s+){0,2}$", _I)
_NEGATED_TRIED = re.compile(r"\b(haven't|have not|never|not yet|didn't|did not|no)\s+(?:\w+\s+){0,2}$", _I)

_GOALS = (
    ("running", r"run|running|jog\w*|5k|10k|marathon|parkrun"),
    ("walking", r"walk|walking|hik\w*|the dog"),
    ("sleep", r"sleep\w*|a full night|a good night|dormir"),
    ("picking up the kids", r"pick(?:ing)? up (?:my |the )?(?:kids|children|son|daughter|baby|grandchild\w*|"
                            r"grandkids|little one|toddler)"),
    ("playing with the kids", r"play\w* with (?:my |the )?(?:kids|children|son|daughter|grandchild\w*|grandkids)"),
    ("golf", r"golf"),
    ("tennis", r"tennis|padel|squash|badminton"),
    ("cycling", r"cycl\w*|bike|biking"),
    ("swimming", r"swim\w*"),
    ("the gym", r"gym|weights|lifting|crossfit|training"),
    ("gardening", r"garden\w*"),
    ("dancing", r"danc\w*"),
    ("football", r"football|soccer|rugby|netball|hockey|fútbol"),
    ("work", r"work|my job|a full day|trabajar"),
    ("sitting comfortably", r"sit(?:ting)? (?:through|at my desk|for long|comfortably|in the car)|sit down"),
    ("driving", r"driv\w*|conducir"),
    ("travel", r"travel\w*|flights?|holidays?"),
    ("yoga", r"yoga"),
)
_GOAL_RX = tuple((name, re.compile(r"\b(?:" + rx + r")\b", _I)) for name, rx in _GOALS)
_GOAL_CUE = re.compile(
    r"\b(want to|wanna|would (?:love|like) to|i'd (?:love|like) to|get back to|back to|be able to|able to|"
    r"can't|cannot|can no longer|unable to|struggl\w* to|miss|stopped|had to stop|gave up|given up|used to|"
    r"hope to|hoping to|goal|so i can|love to|keeps? me from|stops? me from|prevent\w* me from|"
    r"quiero|volver a|no puedo)\b",
    _I,
)


_HURT = r"pain|pains|painful|ache|aches|aching|hurts?|hurting|sore|stiff|stiffness|tight|niggl\w*|dolor"
_NERVE = r"numb\w*|tingl\w*|pins and needles|shoot\w*|burning|radiat\w*|weak\w*"
_NEAR = r"\W+(?:\w+\W+){0,4}?"


def _around(part: str, symptom: str = _HURT) -> str:
    """A body part with a symptom word within a few words either side."""
    return rf"\b(?:{part}){_NEAR}(?:{symptom})\b|\b(?:{symptom}){_NEAR}(?:{part})\b"


_BACK = r"(?:low(?:er)?|bad) back|lumbago|back ?ache|back pain|dolor de espalda"
_LEG_PART = r"legs?|calf|calves|thigh|thighs|shin|shins|foot|feet|toes|buttocks?|glutes?|pierna|piernas"
_SCIATICA = r"\b(?:sciatica|sciatic|ciática|ciatica)\b"
_COMPLAINTS = (
    ("low back pain and sciatica", rf"\A(?=.*\b(?:{_BACK})\b)(?=.*{_SCIATICA})"),
    ("sciatica", _SCIATICA),
    ("low back pain", rf"\b(?:{_BACK})\b"),
    ("back pain", _around(r"back|spine")),
    ("leg pain", _around(_LEG_PART)),
    ("neck and shoulder pain", rf"\A(?=.*(?:{_around('neck')}))(?=.*(?:{_around('shoulders?')}))"),
    ("neck pain", _around("neck")),
    ("shoulder pain", _around("shoulders?")),
    ("hip pain", _around("hips?")),
    ("knee pain", _around("knees?")),
)
COMPLAINT_RX = tuple((name, re.compile(rx, _I | re.DOTALL)) for name, rx in _COMPLAINTS)
# Leg symptoms, not a trouser leg: sciatica, or a pain, numbness or tingling word near a leg word.
LEG = re.compile(_SCIATICA + "|" + _around(_LEG_PART, f"{_HURT}|{_NERVE}"), _I)


def symptom_sentences(text: str) -> list[str]:
    """The sentences that describe the pain or symptoms, in order."""
    return [s for s in split_sentences(text) if _PAIN.search(s) or LEG.search(s)]


def duration_of(sentences: list[str]) -> str | None:
    best: tuple[int, str] | None = None
    for sentence in sentences:
        about_pain = bool(_PAIN.search(sentence))
        for m in _DURATION.finditer(sentence):
            if _NOT_HOW_LONG.search(sentence[max(0, m.start() - 20): m.start()]) or re.match(
                    r"\s*old\b", sentence[m.end(): m.end() + 8], _I):
                continue
            is_ago = (m.group("tail") or "").strip().lower() == "ago"
            if is_ago and not about_pain:
                continue  # "I had cancer ten years ago" says when, not how long the pain has lasted
            score = 2 * bool(m.group("lead") or m.group("tail")) + about_pain
            if best is None or score > best[0]:
                best = (score, _how_long(m))
        last = _LAST.search(sentence)
        if last and about_pain and (best is None or best[0] < 3):
            best = (3, f"a {last.group('unit').lower()}")
        since = _SINCE.search(sentence)
        if since and about_pain and (best is None or best[0] < 3):
            best = (3, " ".join(since.group(0).split()))
    return best[1] if best else None


def _how_long(m: re.Match[str]) -> str:
    """'for about 4 months now' -> 'about 4 months': the amount with its qualifier, ready for a sentence."""
    lead = (m.group("lead") or "").lower()
    start = m.end("lead") if lead in ("for", "over", "past", "last", "desde hace", "hace", "durante") else m.start()
    phrase = re.sub(r"^\s*the\s+", "", m.string[start:m.end("unit")], flags=_I)
    return " ".join(phrase.split())


def side_of(text: str) -> str | None:
    if _SIDE_BOTH.search(text):
        return "both"
    sides = set()
    for m in _SIDE.finditer(text):
        near = text[max(0, m.start() - 30): m.end() + 30]
        after = text[m.end(): m.end() + 12]
        if _SIDE_WORDS.search(near) and not re.match(r"\s*(now|away|after|then|there|here)\b", after, _I) \
                and not re.search(r"\b(turn|turned|all)\s*$", text[max(0, m.start() - 12): m.start()], _I):
            sides.add("left" if m.group(1).lower().startswith(("left", "izq")) else "right")
    if len(sides) == 2:
        return "both"
    return sides.pop() if sides else None


def below_knee_of(text: str) -> bool | None:
    if _BELOW_KNEE_NO.search(text):
        return False
    if _BELOW_KNEE_YES.search(text):
        return True
    return None


def imaging_of(text: str) -> str | None:
    found = [(m.start(), name) for name, rx in _IMAGING for m in [rx.search(text)] if m]
    return min(found)[1] if found else None


def imaging_findings_of(sentences: list[str]) -> str | None:
    for n, sentence in enumerate(sentences):
        if not any(rx.search(sentence) for _, rx in _IMAGING) and not re.search(r"\b(pictures|images|results)\b",
                                                                                 sentence, _I):
            continue
        # The finding is in the same sentence ("the MRI showed...") or the next ("The pictures showed...").
        for candidate in sentences[n: n + 3]:
            if _FINDING.search(candidate) and not candidate.rstrip().endswith("?"):
                return candidate
    return None


def treatments_of(sentences: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for sentence in sentences:
        tried = bool(_TRIED.search(sentence))
        if sentence.rstrip().endswith("?") and not tried:
            continue
        for name, rx in _TREATMENT_RX:
            for m in rx.finditer(sentence):
                if name in found:
                    break
                before = sentence[max(0, m.start() - 80): m.start()]  # the cues sit a few words before
                if _NEGATED_TRIED.search(before) or _ASKED_ABOUT.search(before):
                    continue
                if name in ("rest", "ice", "heat", "walking", "swimming", "exercises") and not tried \
                        and not m.group(0).lower().endswith("ed"):
                    continue  # common words: count them only when the sentence says they were tried
                found.append(name)
    return tuple(found)


def goal_labels(sentences: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for sentence in sentences:
        if not _GOAL_CUE.search(sentence):
            continue
        for name, rx in _GOAL_RX:
            if rx.search(sentence) and name not in found:
                found.append(name)
    return tuple(found)
