"""Reviewed English patterns for progressive neurological deficit (red-flags.md §2.2)."""

from __future__ import annotations

from assistant.triage.rules import rule

NEURO_RULES = (
    # §2.2 new or worsening foot drop: slapping, catching toes, tripping, shoe slipping off.
    rule("neuro_deficit",
          r"\b(?:foot drop|drop foot|dropped foot|footdrop)\b",
          r"\b(?:foot|feet)\s+(?:(?:keeps|keep|is|has|have|started|starting|begun|to|now|sometimes|kind of)\s+)*"
          r"(?:slapp\w*|slaps|slap|flopp\w*|flops|drop|drops|dropping|dragg\w*|drags|catch\w*|scuff\w*)\b",
          r"\b(?:catch(?:ing|es)?|stub(?:bing|s)?|scuff(?:ing|s)?|drag(?:ging|s)?|trip(?:ping)? (?:over|on))\s+"
          r"(?:my|his|her|the)\s+(?:own\s+|left\s+|right\s+)?(?:toes?|foot|feet|leg|shoes?)\b",
          r"\b(?:foot|toes)\s+(?:doesn't|does not|don't|won't|can't|isn't|aren't)\s+(?:lift\w*|come up|clear the"
          r" (?:ground|floor))\b",
          r"\btoes?\s+(?:keeps?\s+)?(?:catch\w*|dragg?\w*|scuff\w*)\b",
          r"\b(?:keep|keeps|kept|been|started|i'm|keep on)\s+(?:tripping|stumbling|falling over|falling)\b",
          r"\b(?:shoes?|slippers?|flip[- ]?flops?|sandals?|trainers?)\s+(?:keeps?\s+|keeps on\s+|ha(?:ve|s) started"
          r"\s+|started\s+)?(?:slip\w*|fall\w*|com(?:es|ing)|flying)\s+off\b",
          r"\b(?:can't|cant|cannot|can not|couldn't|unable to|not able to|struggl\w+ to|hard to|difficult to"
          r"|can no longer|no longer able to)\s+(?:lift|raise|pick up|pull up|point|flex|bend up|move|push off"
          r" (?:on|with)|stand on)\s+(?:my|his|her|the)\s+(?:left |right )?(?:foot|toes?|ankle|big toe)\b",
          r"\b(?:can't|cant|cannot|can not|couldn't|unable to|not able to|struggl\w+ to|can no longer)\s+(?:walk"
          r"|stand|balance|go)\s+on\s+(?:(?:my|his|her|the)\s+)?(?:left |right )?(?:heels?|toes|tip ?toes?|tiptoes?"
          r"|tippy toes)\b|\b(?:can't|cannot|unable to)\s+(?:heel[- ]walk|tiptoe|tip-toe|go on tiptoe)\b",
          # knee giving way, quadriceps wasting, new falls
          r"\b(?:knee|leg)\s+(?:(?:keeps|keep|has|have|had|been|was|is|kept|started|keeps on|suddenly|sometimes|just"
          r"|often)\s+)*"
          r"(?:giv(?:e|es|ing)\s+(?:way|out)|gave\s+(?:way|out)|(?:going|went|goes|go) from (?:under|underneath)"
          r" (?:me|him|her)|buckl\w*"
          r"|collaps\w*)\b",
          r"\b(?:thigh|quads?|quadriceps|calf|leg)\s+(?:muscles?\s+)?(?:(?:is|has|looks|are|have"
          r"|seems)\s+)?(?:\w+ly\s+)?"
          r"(?:wasting|shrinking|getting (?:thinner|smaller)|wasted|shrunk|shrunken|thinner|smaller)\b|\b(?:wasting"
          r"|shrinking)"
          r"\s+(?:of\s+)?(?:my\s+|the\s+)?(?:thigh|quad\w*|calf|leg)\b",
          r"\b(?:had|have had|having|keep having|been having)\s+(?:a few|several|two|three|four|multiple|some"
          r"|a couple of|lots of|more|a number of|repeated)\s+falls\b|\bfallen\s+(?:over\s+)?(?:twice|three"
          r" times|several times|a few times|a couple of times)\b|\bfell\s+(?:over\s+|down\s+)?(?:twice|three times"
          r"|several times|a few times|a couple of times)\b",
          # weakness or numbness that is getting worse or spreading
          r"\b(?:getting|got|becoming|gone|growing|grown)\s+(?:\w+\s+)?weaker\b|\bweaker and weaker\b"
          r"|\b(?:weakness|weak)\s+(?:is\s+|has\s+been\s+|keeps\s+)?(?:getting worse|worsening|increasing"
          r"|spreading|progressing)\b|\b(?:new|worsening|increasing|progressive|spreading|sudden)\s+weakness\b"
          r"|\b(?:losing|lost|loss of)\s+(?:the\s+|all\s+|some\s+)?(?:strength|power)\s+(?:in|of)\s+(?:my|his"
          r"|her|the)\s+(?:left |right )?(?:leg|foot|ankle|calf|toes?|thigh)\b",
          r"\b(?:numbness|numb|tingling|pins and needles)\b[^.!?\n]{0,40}?\b(?:spread\w*|creep\w*|moving up"
          r"|moved up|worsening|increasing|further up|higher up)\b|\b(?:spreading|creeping|worsening"
          r"|increasing|progressive)\s+(?:numbness|tingling|pins and needles)\b",
          r"\b(?:numbness|numb|tingling|pins and needles)\b[^.!?\n]{0,60}?\bnow (?:it's |its |it has |it is |has )?"
          r"(?:up|into|reached|spread|moved|gone up|going up|creeping)\b|\b(?:numb\w*|tingl\w*|pins and needles)"
          r"[\s\S]{0,200}?\b(?:spreading|creeping|moving up) (?:a bit |a little |further |more |up )*(?:each|every)"
          r" day\b",
          chronic=True),
    rule("neuro_deficit",
          r"\bweak(?:ness)?\s+(?:in\s+)?(?:(?:my|his|her|the)\s+)?(?:left |right )?(?:leg|foot|ankle|calf|thigh"
          r"|big toe)\b|\b(?:leg|foot|ankle|calf|thigh)\s+(?:(?:is|has|feels|has been|keeps|getting|got|gone"
          r"|become|going|feeling|seems)\s+)+(?:weak|floppy|useless|limp)\b",
          chronic=True, needs_new=True),
    # §2.2 "severe" deficit: emergency on its own.
    rule("neuro_severe",
          r"\bparaly[sz]\w*|\b(?:legs?|feet)\s+(?:won't|wont|wouldn't|don't|dont|stopped|just stopped)\s+"
          r"(?:work\w*|mov\w*|hold me|support me)\b|\b(?:can't|cant|cannot|unable to|couldn't)\s+move\s+(?:my"
          r"|his|her|either|both)\s+(?:legs|feet)\b"),
)
