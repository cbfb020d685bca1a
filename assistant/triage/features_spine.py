"""Reviewed English patterns for fracture, aortic and inflammatory (SpA) features (red-flags.md §2.5-2.7)."""

from __future__ import annotations

import re

from assistant.triage.context import Rule


def _rule(key: str, *patterns: str, **options: object) -> Rule:
    options.setdefault("who", "subject")
    return Rule(key, tuple(map(re.compile, patterns)), **options)  # type: ignore[arg-type]


def _veto(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")\b")


_NOT_SYSTEMIC_STEROID = _veto(r"injections?|cream|inhaler|jab|shot|epidural|one[- ]off|ointment|nasal|eye drops")

FRACTURE_RULES = (
    # §2.5 significant trauma: emergency.
    _rule("major_trauma",
          r"\b(?:car|road|traffic|motorbike|motorcycle|motorway|bike|cycling|bus|van|lorry|truck|high[- ]speed"
          r"|head[- ]on)\s+(?:crash|accident|collision|smash|pile[- ]up)\b|\b(?:rta|rtc)\b|\bhit by (?:a |the )?"
          r"(?:car|bus|van|lorry|truck|motorbike|vehicle)\b|\brear[- ]ended\b|\bt[- ]boned\b|\b(?:rolled|flipped)"
          r" (?:the|my|our) car\b|\bknocked (?:off|down|over)\b[^.!?\n]{0,30}?\bby (?:a|the)"
          r" (?:car|van|bus|lorry|truck|vehicle|motorbike)\b|\bcame off (?:my |the |a )?(?:motor)?(?:bike|horse"
          r"|scooter)\b|\bthrown (?:off|from) (?:a |my |the )?(?:horse|bike|motorbike)\b",
          r"\bfell (?:\w+\s+){0,4}?(?:off|from|out of)\s+(?:a |the |my |our )?(?:\w+\s+)?(?:ladder|roof|scaffold\w*"
          r"|horse|balcony"
          r"|wall|height|loft|tree|window|trampoline|stepladder|bunk bed|cliff|bridge|first floor|stairs)\b"
          r"|\bfell (?:down|from the top of) (?:the |a |some )?(?:stairs|flight of stairs)\b|\bfall from (?:a )?"
          r"height\b|\bfell (?:about |around |over |nearly |almost )?(?:\d+|several|a few|two|three|ten) (?:feet|foot"
          r"|ft"
          r"|metres|meters|m)\b|\bpile[- ]?up\b|\bairbags? (?:went off|deployed|came out)\b|\bwritten off\b"
          r"|\b(?:trampolin\w*|backflip|somersault|flip|diving|skiing|snowboard\w*|horse|motorbike|quad bike)\b"
          r"[^.!?\n]{0,60}?\b(?:landed|fell|thrown|came off|crashed)\b(?=[^.!?\n]{0,80}\b(?:crack|snap|back|spine"
          r"|neck))|\b(?:rugby|ski"
          r"|skiing|snowboard(?:ing)?|climbing|mountain bik\w*) (?:accident|crash|fall|injury)\b"),
    # §2.5 minor trauma or load, which matters with osteoporosis, long-term steroids, older age or AS.
    _rule("minor_trauma",
          r"\b(?:fell|fallen|had a fall|a bad fall|slipped(?! disc)|tripped|stumbled|bumped|banged|jolted|knocked"
          r"|fender[- ]bender|shunt|lost my footing|minor (?:accident|crash|collision|bump)"
          r"|landed (?:on|hard)|sat down"
          r" (?:hard|heavily)|missed (?:a|the) step)\b(?! asleep| apart| behind| for| in love| off the wagon"
          r"| short| through)|\b(?:felt|heard)\s+(?:a|something)\s+(?:crack|snap|crunch)\b|\bsomething"
          r" (?:cracked|snapped|went crack)\b"),
    _rule("minor_load",
          r"\b(?:lifting|lifted|bending|bent (?:over|down)|picked up|picking up|twisted|twisting|coughing|coughed"
          r"|sneezing|sneezed|cough|sneeze)\b", negation=False, hypothetical=False),
    _rule("sudden_severe",
          r"\b(?:sudden(?:ly)?|out of nowhere|all of a sudden)\b[^.!?\n]{0,40}?\b(?:severe|sharp|excruciating"
          r"|agonising|agonizing|intense|terrible|horrendous|unbearable|awful|stabbing|extreme|worst|badly|so bad"
          r"|really bad)\b|\b(?:severe"
          r"|excruciating|agonising|agonizing|intense|horrendous|unbearable|extreme)\s+(?:\w+\s+){0,2}?(?:pain"
          r"|agony)\s+(?:came on\s+)?(?:suddenly|out of nowhere|all of a sudden)\b|\bworst pain (?:of my life"
          r"|i've ever had|ever)\b"),
    _rule("osteoporosis",
          r"\b(?:osteoporo\w+|osteopeni\w+|brittle bones|thin(?:ning)? bones|low bone density|alendron\w+"
          r"|risedronate|ibandron\w+|zoledron\w+|denosumab|prolia|fosamax)\b", temporal=False),
    _rule("long_term_steroids",
          r"\b(?:long[- ]term|for (?:years|months|\d+ (?:years|months))|years of|months of|daily|high[- ]dose"
          r"|regular|on|taking|take)\s+(?:oral\s+)?(?:steroids|prednisolone|prednisone|steroid tablets"
          r"|dexamethasone)\b|\b(?:steroids|prednisolone|prednisone)\s+(?:\w+\s+){0,2}?(?:for|since)\s+(?:years"
          r"|months|\d+ (?:years|months)|a long time|ages)\b",
          veto=_NOT_SYSTEMIC_STEROID),
    _rule("ankylosing",
          r"\b(?:ankylosing spondylitis|ankylosing|bamboo spine|fused spine|spine is fused|axial spondylo\w+"
          r"|axspa)\b|\b(?:i have|diagnosed with|he has|she has) as\b", temporal=False),
)

VASCULAR_RULES = (
    # §2.6 ruptured AAA / dissection: sudden severe or tearing pain, collapse, known aneurysm.
    _rule("tearing",
          r"\b(?:tearing|ripping)\s+(?:\w+\s+){0,2}?(?:pain|sensation|feeling)\b|\b(?:feels?|felt) like"
          r" (?:something|my back|my insides|it) (?:is |was |are )?(?:tearing|ripping)\b",
          veto=_veto(r"lift\w*|muscle|hamstring|calf|sprint\w*|pulled|strain\w*")),
    # NICE NG156: collapse or loss of consciousness with new back pain; the "shock" signs count only
    # with sudden severe pain.
    _rule("collapse",
          r"\b(?:collaps(?:ed|ing)|passed out|fainted|blacked out|lost consciousness|unconscious|c(?:a|o)me round"
          r"|came to)\b"),
    _rule("shock_signs",
          r"\b(?:fainting|(?:felt|feels?|feeling) faint|light-?headed|dizzy|dizziness|clammy|cold sweat|sweaty|grey"
          r"|pale|heart (?:racing|pounding)|racing heart|fast heartbeat|breathless|short of breath)\b"),
    _rule("known_aaa",
          r"\b(?:aaa|(?:abdominal )?aortic aneurysm|aneurysm|triple a|dilated aorta|aorta is (?:enlarged|dilated)"
          r"|aortic dissection)\b(?! scan| screening| check| test| letter| appointment)",
          veto=_veto(r"family history|runs in|screening|brain|cerebral|berry")),
    # NICE NG156: new abdominal and/or back pain in an older or hypertensive person; §2.6 dissection.
    _rule("abdominal_pain",
          r"\b(?:tummy|stomach|belly|abdomen|abdominal)\s+(?:pain|ache)|\b(?:pain|ache)\s+(?:\w+\s+){0,4}?in"
          r" (?:my|his|her|the) (?:tummy|stomach|belly|abdomen)\b|\b(?:back|lower back|back pain) and (?:tummy"
          r"|stomach|belly|abdomen|abdominal)\b|\b(?:tummy|stomach|belly|abdomen|abdominal) and (?:lower )?back\b"),
    _rule("hypertension", r"\b(?:high blood pressure|hypertension|hypertensive|blood pressure (?:tablets|pills"
                          r"|medication))\b", temporal=False),
    _rule("pulsatile",
          r"\b(?:puls\w+|beating|heartbeat|throb\w*(?! pain| ache))\s+(?:\w+\s+){0,3}?(?:in|of|near|around|by"
          r"|above|below)\s+(?:my|his|her"
          r"|the)\s+(?:tummy|stomach|belly|abdomen|navel|belly button)\b|\b(?:tummy|stomach|belly"
          r"|abdomen)\s+(?:\w+\s+){0,2}?(?:is\s+"
          r"|feels\s+)?(?:puls\w+|beating)\b|\bpulsatile mass\b"),
)

INFLAMMATORY_RULES = (
    # §2.7 NICE NG65 features; only a cluster counts.
    _rule("spa_morning",
          r"\b(?:morning stiffness|stiff(?:ness)?\s+(?:\w+\s+){0,4}?(?:in|every|each|first thing in) (?:the )?"
          r"mornings?|(?:worst|worse|stiffest|bad) first thing|(?:worst|worse|stiffest) (?:when|as soon as) i (?:wake"
          r"|get"
          r" up)|(?:takes|take|taking)\s+(?:me\s+)?(?:at least\s+"
          r"|over\s+|about\s+|around\s+)?(?:an hour"
          r"|ages|hours|\d+ (?:minutes|mins|hours)|half an hour|a while|forever)\s+to\s+(?:loosen|get going"
          r"|get moving|warm up|ease off|ease|wear off|settle|limber))\b", who="any"),
    _rule("spa_night",
          r"\b(?:wak\w+|woken)\s+(?:me\s+)?(?:up\s+)?(?:at|around|about|by)\s+(?:like\s+|about\s+|around\s+)?"
          r"(?:[2-6]|two|three|four|five|six)"
          r"(?:\s*am|\s*o'clock|:\d\d)?\b|\b(?:early hours|second half of the night|small hours)\b", who="any"),
    _rule("spa_movement",
          r"\b(?:better|eases?|improves?|improved|easier|loosens? up)\s+(?:\w+\s+){0,3}?(?:with|when|once|after"
          r"|if)\s+(?:i\s+)?(?:get\s+)?(?:moving|movement|exercise|exercising|activity|walking|a walk|move"
          r"|move about|move around|going|warmed up|a run|running|a swim|swimming|a spin class|walk|stretch"
          r"|walk (?:the dog|about|around))\b|\b(?:have|had|need)"
          r" to (?:get up and )?(?:walk|move) (?:around|about)\b|\b(?:eases|improves|better|loosens up"
          r"|wears off) as the day"
          r" goes on\b|\b(?:worse|stiffer)\s+(?:with|after|when)\s+(?:i\s+)?"
          r"(?:rest|resting|sitting still|inactivity|keeping still)\b|\b(?:exercise|movement) (?:helps|makes it"
          r" better|eases it)\b", who="any"),
    _rule("spa_alternating",
          r"\balternating (?:buttocks?|bum|hips?)\b|\b(?:buttock|bum|hip) pain\s+(?:\w+\s+){0,3}?(?:alternat\w+"
          r"|switch\w+|swaps?|(?:moves?|goes) from side to side)\b|\b(?:switches|alternates|swaps|flips)\s+"
          r"(?:between\s+)?(?:sides|buttocks|from (?:one|left|right) (?:side|buttock) to the other)\b", who="any"),
    _rule("spa_nsaid",
          r"\b(?:ibuprofen|naproxen|nsaids?|anti-?inflammator\w+|diclofenac|voltarol|etoricoxib|celecoxib|advil|motrin"
          r"|aleve|nurofen)\s+"
          r"(?:\w+\s+){0,3}?(?:helps?|work(?:s|ed)? (?:wonders|really well|brilliantly)|really helps?|makes? (?:a )?"
          r"(?:huge|big|massive) difference|fixes it|takes it away)\b", who="any"),
    _rule("spa_extra",
          r"\b(?:psoria\w+|uveitis|iritis|crohn'?s|ulcerative colitis|colitis|inflammatory bowel|ibd|dactylitis"
          r"|sausage (?:finger|toe)s?|enthesitis|achilles(?: tendon)? (?:pain|tendin\w+|problems|trouble)"
          r"|plantar fasciitis|reactive"
          r" arthritis|hla[- ]?b27|psoriatic)\b", temporal=False),
    _rule("spa_family",
          r"\b(?:mum|mother|dad|father|brother|sister|son|daughter|parent|sibling)s?\b[^.!?\n]{0,30}?\b(?:ankylosing"
          r"|spondyl\w+|psoriatic arthritis|axial)\b|\bfamily history of (?:ankylosing|spondyl\w+|psoria\w+)"
          r"|\b(?:mum|mother|dad|father|brother|sister|son|daughter|parent|sibling)s?\b[^.!?\n]{0,20}?\b(?:has|had"
          r"|with)"
          r" as\b",
          who="any", temporal=False),
    _rule("spa_duration",
          r"\b(?:for|over|more than|longer than|past|last)\s+(?:(?:the|a)\s+)?(?:[4-9]|1[0-2]|four|five|six|seven"
          r"|eight|nine|ten|eleven|twelve|several|many)\s+months\b|\b(?:more than|over) (?:3|three) months\b"
          r"|\b(?:for|over|more than|past|last|the last|the past)\s+(?:a|one|two|three|\d+|several|many|a few"
          r"|a couple of)\s+(?:years?|yrs?)\b|\bsince last year\b|\bfor years\b|\b(?:for over|for more than|over"
          r"|more than) (?:a|one|\d+|two) (?:years?|yrs?)\b",
          negation=False, temporal=False),
)

SPINE_RULES = FRACTURE_RULES + VASCULAR_RULES + INFLAMMATORY_RULES
