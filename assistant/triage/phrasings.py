"""More reviewed wordings of the emergency signs (red-flags.md §2.1, §2.9): ways people put them that the
first rules missed, found by a table written by people who had not seen the rules (tests/data/triage_round4.jsonl).

Each pattern names the sign in lay words without the usual keywords: bowel or wind that can't be held,
a weak or uncertain stream, a saddle area that feels like someone else's, sciatica that has reached
the other leg, and preparations for suicide. They are deterministic and read like the rules beside them.
"""

from __future__ import annotations

import re

from assistant.triage.context import Rule
from assistant.triage.rules import UTI_OR_CHILD, rule

_PROSTATE = re.compile(r"\b(?:prostate|bph|tamsulosin|finasteride|pregnan\w*|gave birth|postnatal|post-natal)\b")
_NO_TROUBLE = re.compile(_PROSTATE.pattern + r"|\bno (?:problem|trouble|issue|difficulty)s?\b")
_SH = {"who": "self_harm", "hypothetical": False}

PHRASING_RULES: tuple[Rule, ...] = (
    # §2.1 sphincter: "I can't hold anything in any more, wind or otherwise", "didn't make it to the loo".
    rule("ces_sphincter",
         r"\b(?:can'?t|cannot|couldn'?t|can no longer|unable to) hold (?:it|anything|things|much|any of it) in\b",
         r"\b(?:can'?t|cannot|couldn'?t|can no longer|unable to) hold (?:in )?(?:wind|my wee|my pee|my poo"
         r"|my bowels?|my bladder|my water)\b",
         r"\bdidn'?t make it to the (?:loo|toilet|bathroom|lav)\b",
         veto=UTI_OR_CHILD, chronic=True),
    # §2.1 retention and altered sensation of the bladder in lay words: "the stream has no oomph",
    # "never sure if I've finished", "I have to look to check whether I've peed".
    rule("ces_sphincter",
         r"\b(?:stream|flow)\b[^.!?\n]{0,30}?\b(?:no (?:oomph|force|power|pressure|push)|hardly any (?:force|flow)"
         r"|feeble|a dribble|just dribbles)\b",
         veto=_PROSTATE, chronic=True),
    # "If" and "whether" here are the sign itself (not knowing), not a hypothetical; "or not" is no denial.
    rule("ces_sphincter",
         r"\bnever (?:sure|certain) (?:if|whether|when) i'?(?:ve| have) finished\b",
         r"\b(?:check|tell|know|sure)(?:ing)? (?:whether|if) i'?(?:ve| have) (?:actually |really )?(?:peed|weed"
         r"|wee'?d|been|pooed|emptied)\b",
         veto=_NO_TROUBLE, chronic=True, hypothetical=False, negation=False),
    # §2.1 saddle: "it feels like someone else's bottom", "numb exactly where a saddle would sit",
    # "leaned on the radiator with my backside and didn't feel a thing".
    rule("ces_saddle",
         r"\bsomeone else'?s (?:bottom|bum|backside|butt|behind)\b",
         r"\bwhere (?:a|the) (?:bike |bicycle |horse )?saddle (?:would )?(?:sit|sits|go|goes)\b",
         r"\b(?:backside|bottom|bum|butt|behind)\b[^.!?\n]{0,50}?\bdidn'?t feel (?:a thing|anything|it)\b",
         r"\b(?:couldn'?t|can'?t|didn'?t) feel (?:anything|a thing)(?: at all)? down (?:below|there)\b",
         chronic=True),
    # §2.1 bilateral sciatica: "since yesterday the right one has joined in".
    rule("ces_bilateral",
         r"\b(?:the )?(?:other|right|left) (?:one|leg|side) has (?:now |also )?(?:joined in|started too"
         r"|gone too|got it too)\b",
         context=re.compile(r"\b(?:sciatica|sciatic|legs?|nerve)\b"), chronic=True),
    # §2.9 preparation and plan: giving pets away with a will, a chosen place, a farewell letter.
    rule("self_harm_emergency",
         r"\b(?:given|gave|giving) (?:away )?(?:the|my|our) (?:dog|cat|pets?|rabbit)\b[^.!?\n]{0,80}?\b(?:will|goodbye"
         r"|letters?|notes?)\b",
         r"\bworked out (?:which|what|the) (?:bridge|cliff|building|train|spot|place)\b",
         r"\b(?:note|letter)s?\b[^.!?\n]{0,80}?\b(?:saying|says|said|to say)\s+(?:sorry|goodbye|good-bye"
         r"|farewell)\b",
         **_SH),
)
