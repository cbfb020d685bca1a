"""Treatments tried and activities (sports, hobbies, job demands), named in the studio's fixed vocabulary.

The vocabulary and its mappings (ibuprofen -> anti-inflammatories, a nurse -> lifting at work) are the
ones in the intake table's labelling guide; anything tried that is not in it becomes "other: <words>".
"""

from __future__ import annotations

import re

from assistant.sentences import split_sentences

_I = re.IGNORECASE

# (label, pattern, needs a "tried" word in the clause): professionals and drugs count when named; everyday
# words such as "stretches" or "exercises" only when the sender says they did them.
TREATMENTS: tuple[tuple[str, str, bool], ...] = (
    ("GP", r"(?:my|the|a|his|her|our) (?:gp|family doctor|doctor)(?! (?:asked|wants|thinks))|"
           r"saw (?:a|my|the) gp", False),
    ("physiotherapy", r"physio\w*|physical therap\w*", False),
    ("osteopath", r"osteopath\w*|osteo\b", False),
    ("chiropractor", r"chiro\w*", False),
    ("acupuncture", r"acupunct\w*|dry needling", False),
    ("massage", r"(?<!spiky )(?<!sports )massages?(?! gun| ball| therapist)|sports massage(?! therapist)|"
                r"deep tissue", False),
    ("foam rolling", r"foam roll\w*|spiky ball|massage gun|massage ball|lacrosse ball|trigger point ball", False),
    ("anti-inflammatories", r"ibuprofen|ibuprofin|nurofen|naproxen|voltarol|diclofenac|anti-?inflammator\w*", False),
    ("painkillers", r"paracetamol|co-?codamol|codeine|tramadol|pain ?killers?", False),
    ("muscle relaxants", r"diazepam|muscle relax\w*", False),
    ("nerve pain medication", r"pregabalin|gabapentin|amitriptyline|nerve pain (?:medication|tablets|pills)", False),
    ("injection", r"injections?|injected|epidural|cortisone|steroid (?:shot|jab)s?", False),
    ("heat", r"hot water bottles?|heat pads?|heating pads?|hot baths?|wheat bags?|heat packs?", False),
    ("exercises", r"exercises|chin tucks|pelvic floor|nerve floss\w*|exercise sheet", True),
    ("stretching", r"stretch\w*", True),
    ("pilates", r"pilates|reformer", True),
    ("yoga", r"yoga", True),
)
_OTHER = r"support belt|back brace|brace|standing desk|posture corrector(?: strap)?|insoles|orthotics|tens machine|" \
         r"kinesio tape|taping|new mattress|new chair|lumbar roll|cushion|bike fit(?:ter|ting)?"
_TREATMENT_RX = tuple((label, re.compile(rf"\b(?:{rx})", _I), strict) for label, rx, strict in TREATMENTS)
_OTHER_RX = re.compile(rf"\b(?:{_OTHER})\b", _I)
_TRIED = re.compile(r"\b(tried|tryed|try|trying|been (?:doing|using|taking|having|seeing|to)|went to|go to|seeing|saw|"
                    r"seen|had|have had|used|using|taking|take|took|did|does|do|doing|done|gave|given|began|begun|"
                    r"started|prescribed|sessions?|course|class|helped|helps|help)\b", _I)
# Offered, planned, waiting, unused or someone else's: not tried.
_NOT_TRIED = re.compile(r"\b(offered|waiting list|referred (?:me |him |her )?(?:for|to) (?:physio\w*|an? \w+ "
                        r"(?:clinic|specialist|consultant))|thinking (?:of|about)|"
                        r"considering|should i|could i|would it|will it|still in (?:the|its) box|never used|"
                        r"bought me|haven't (?:tried|had|used)|have not (?:tried|had|taken|used)|not taken|didn't try|"
                        r"not more|suggested i|going to try|plan\w* to|might try|wondering)\b", _I)

ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("desk work", r"\bIT\b(?! bands?)|accountant|office job|office work|laptop|at (?:a|my) desk|desk job|desk all day|"
                  r"secretary|designer|developer|programmer|computer all day|sit all day|sitting all day|"
                  r"hunched over|admin job|call centre"),
    ("lifting at work", r"(?:nurse|scaffold\w*|warehouse|labourer|builder|care worker|carer|lifting (?:pts|patients)|"
                        r"porter|removals|plasterer|bricklayer)\b"),
    ("standing at work", r"\bchef\b|on my feet (?:all|most of the) day|standing all day|pharmacist|"
                         r"hairdresser|shop floor|retail"),
    ("driving", r"\bvan\b|lorry|sales rep|in the car|\bcab\b|haulage|taxi|courier|hgv|long drives|driving"),
    ("childcare", r"(?:my|the|our) (?:kids|children|toddler|baby|grandson|granddaughter|grandchildren|grandkids|"
                  r"little ones?)|childcare|childminder|look after my"),
    ("running", r"running|runner|marathons?|parkrun|couch to 5k|\b5k\b|10k|jog\w*|"
                r"\b(?:to|i|we|and|the longer i) run\b(?! (?:a|an|any|the|my|our) (?!lot))"),
    ("golf", r"golf\w*"),
    ("dancing", r"danc\w*|ballet|pole fitness"),
    ("cycling", r"cycl\w*|\bbike\b|biking|turbo sessions?"),
    ("walking", r"walk(?:ing)? the dog|dog walk\w*|charity walk|long walks|(?:go|went|going) (?:for )?(?:long )?walks|"
                r"walking (?:group|club|holiday)|rambl\w*|keen walker"),
    ("hiking", r"hill ?walking|hillwalking|hik(?:e|es|ing)\b|trekking"),
    ("yoga", r"yoga"),
    ("pilates", r"pilates"),
    ("football", r"football|soccer|five-a-side"),
    ("gardening", r"garden\w*|allotment|digging"),
    ("swimming", r"swim\w*"),
    ("climbing", r"climb\w*|bouldering|on the wall"),
    ("gym", r"\bgym\b|hiit|crossfit|deadlift\w*"),
    ("weights", r"weights|deadlift\w*|weightlifting|powerlifting"),
    ("tennis", r"tennis|padel|squash|badminton"),
    ("other: rugby", r"rugby"),
)
# "IT" (the job) only in capitals, never "it"; the other desk-work words in any case (_DESK_CI).
_ACTIVITY_RX = tuple((label, re.compile(rf"\b(?:{rx})", _I if label != "desk work" else 0)) for label, rx in
                     ACTIVITIES)
_DESK_CI = re.compile(r"\b(?:accountant|office job|office work|laptop|at (?:a|my) desk|desk job|desk all day|secretary|"
                      r"designer|developer|programmer|sit all day|sitting all day|hunched over)", _I)
_WISH = re.compile(r"\b(thinking (?:of|about)|would like to (?:do|try|start)|'d like to (?:do|try|start)|considering|"
                   r"might try|want to (?:try|start)|should i (?:try|start|do))\b", _I)
_PAST = re.compile(r"\b(used to|was a keen|stopped|gave up|given up|before (?:i|this)|had to stop|no longer|"
                   r"get back to|back on the|miss|was doing|which i used to love|can't any more)\b", _I)
_CLAUSE = re.compile(r"[,;:()]|\s[-–]\s|\bbut\b|\band then\b")


def _clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE.split(sentence) if c.strip()]


def treatments(text: str) -> tuple[str, ...]:
    """What the sender already tried for this problem, in the fixed vocabulary, in the order written."""
    found: list[str] = []
    for sentence in split_sentences(text):
        if sentence.rstrip().endswith("?"):
            continue
        for clause in _clauses(sentence):
            at = sentence.find(clause)
            for label, rx, strict in _TREATMENT_RX:
                m = rx.search(clause)
                if m is None or label in found:
                    continue
                start, end = at + m.start(), at + m.end()
                # "My GP ... referred me for physio": the referral is the physio's, the GP was consulted.
                window = sentence[end: end + 25] if label == "GP" else sentence[max(0, start - 45): end + 45]
                if _NOT_TRIED.search(window):
                    continue
                if strict and not _TRIED.search(sentence):
                    continue
                if label in ("pilates", "yoga") and not re.search(r"\b(help\w*|tried|began|started|for (?:my|the) "
                                                                   r"(?:back|pain))\b", sentence, _I):
                    continue  # a hobby, not a treatment
                found.append(label)
            for m in _OTHER_RX.finditer(clause):
                label = f"other: {m.group(0)}"
                if label not in found:
                    found.append(label)
    return tuple(found)


def activities(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Sports, hobbies and job demands (past or present), and the subset the sender has stopped."""
    found: list[str] = []
    past: list[str] = []
    for sentence in split_sentences(text):
        for clause in _clauses(sentence):
            if _WISH.search(clause):
                continue
            for label, rx in _ACTIVITY_RX:
                m = rx.search(clause) or (_DESK_CI.search(clause) if label == "desk work" else None)
                if m is None:
                    continue
                if label in ("pilates", "yoga") and re.search(r"\btried\b", sentence, _I):
                    continue  # listed among the things tried ("Physio, yoga, a chiro - tried it all"): a treatment
                if label not in found:
                    found.append(label)
                if _PAST.search(clause) and label not in past:
                    past.append(label)
    return tuple(found), tuple(past)
