"""Reviewed English patterns for suicidal and self-harm statements (red-flags.md §2.9); idioms are in triage_cues."""

from __future__ import annotations

import re

from assistant.triage.context import Rule


def _rule(key: str, *patterns: str, **options: object) -> Rule:
    return Rule(key, tuple(map(re.compile, patterns)), **options)  # type: ignore[arg-type]


REFL = r"(?:myself|himself|herself|themselves|themself)"
# Hypotheticals do not apply: "what if I just ended it all?" is a crisis statement, not a question.
_SH = {"who": "self_harm", "hypothetical": False}
_ACCIDENT = re.compile(r"\b(?:accident\w*|by mistake|forgot|didn't realise|didn't realize|scared of|afraid of"
                       r"|worried about|careful not to|avoid|don't want to)\b")
SELF_HARM_RULES = (
    # §2.9 emergency: stated intent, plan, means, preparation, method searching, self-harm already done.
    _rule("self_harm_emergency",
          r"\b(?:wants?|wanna|going|gonna|plan(?:s|ning)?|intend(?:s|ing)?|decided|ready|about to|will|'ll|should"
          r"|could just|might just|try(?:ing)?|tries|tried|attempt\w*|wanted)\s+(?:to\s+)?(?:just\s+)?(?:kill|end"
          r"|hang|drown"
          r"|shoot|poison|gas|off)\s+" + REFL,
          r"\b(?:wants?|wanna|going|gonna|plan(?:s|ning)?|ready|about to|will|'ll|should|just|decided|intend\w*)\s+"
          r"(?:to\s+)?(?:just\s+)?(?:end(?:ing)?|tak(?:e|ing))\s+(?:it all|(?:my|his|her) (?:own )?life)\b",
          r"\b(?:commit|committing|attempt(?:ed|ing)?|plan(?:ned|ning)?)\s+suicide\b|\bsuicide (?:note|letter"
          r"|attempt|plan)s?\b",
          r"\b(?:goodbye|farewell)\s+(?:letters?|notes?)\b|\b(?:letters?|notes?)\s+(?:to|for)\s+(?:my\s+|the\s+)?"
          r"(?:\w+\s+)?(?:family|kids|children|wife|husband|partner|loved ones)[^.!?\n]{0,30}\b(?:goodbye|when"
          r" i'?m gone|after i'?m gone|for when)\b|\bgiv(?:ing|en|e) away (?:all )?my (?:things|stuff"
          r"|possessions|belongings)\b|\bput(?:ting)? my affairs in order\b",
          r"\b(?:stockpil\w*|sav(?:ing|ed)(?:\s+up)?|hoard\w*|storing|stashing|stashed|building up|collect(?:ing|ed)"
          r"(?! (?:\w+ )?(?:prescriptions?|from))|put(?:ting)? aside"
          r"|set(?:ting)? aside|squirrel\w* away|keeping back|holding back)\s+(?:\w+\s+){0,3}?"
          r"(?:pills|tablets|meds|medication|medicines|painkillers|codeine|co-?codamol|tramadol|oxycodone|morphine"
          r"|gabapentin|pregabalin|paracetamol|sleeping (?:pills|tablets)|diazepam|amitriptyline|insulin|opioids?)"
          r"\b|\benough\s+(?:\w+\s+)?(?:pills|tablets|meds|painkillers|codeine|tramadol|paracetamol)\s+(?:to"
          r"|saved|stored)\b",
          r"\b(?:i've|i have|i'd|i've got|i have got|got|made)\s+(?:a\s+|made\s+a\s+|already\s+made\s+a\s+)?"
          r"plan(?:ned)?\s+(?:to\s+(?:end|kill|take)|how\s+(?:i'?d|i would|i will|to)|for\s+(?:how|when))"
          r"|\b(?:know|worked out|decided)\s+(?:exactly\s+)?(?:how|when|where)\s+(?:i'?d|i would|i will|i'?ll"
          r"|i'm going to|to)\s+(?:do it|end it|kill myself|end (?:my life|things))",
          r"\b(?:googl\w*|search\w*|look(?:ed|ing)? up|research\w*|read(?:ing)? up on|looking into|looked into)\s+"
          r"(?:for\s+|online\s+(?:for\s+)?)?(?:how|ways|the best way|the easiest way|painless ways|methods|how"
          r" many|how much)\s+(?:\w+\s+){0,4}?(?:to (?:die|kill myself|end it|end my life|overdose|od)|(?:would"
          r"|it takes|does it take|will|to)\s+(?:kill|be fatal|be lethal|end it|die))",
          r"\bhow many\s+(?:\w+\s+){0,3}?(?:pills|tablets|paracetamol|co-?codamol|codeine|tramadol|sleeping"
          r" pills|painkillers)\s+(?:\w+\s+){0,4}?(?:kill|fatal|lethal|overdose|to die|end it)",
          r"\b(?:googl\w*|search\w*|look(?:ed|ing)? up|research\w*|check\w*)\s+(?:for\s+|online\s+)?how many\s+"
          r"(?:[\w-]+\s+){1,3}?(?:it\s+)?(?:would|will|does it|it'd|it takes?|would it)\s+take\b",
          r"\b(?:won't|will not|wont) be (?:here|around) (?:much longer|for (?:much )?longer|for long)\b",
          r"\b(?:i've|i have|i|been|i'm|i am|he's|she's|he has|she has|has)\s+(?:been\s+)?(?:self[- ]?harm\w*"
          r"|cutting\s+" + REFL + r"|burning\s+" + REFL + r"|hurting\s+" + REFL + r"\s+(?:on purpose"
          r"|deliberately|intentionally|to cope|again))\b|\bcut\s+" + REFL + r"\s+(?:again|on purpose"
          r"|deliberately|last night)\b",
          **_SH),
    _rule("self_harm_emergency",
          r"\b(?:going to|gonna|will|'ll|plan(?:ning)? to|about to)\s+(?:take|swallow|down)\s+(?:all|every one of|the"
          r" whole (?:box|packet|bottle) of|loads of)\s+(?:of\s+)?(?:my\s+|the\s+)?(?:tablets|pills|meds|medication"
          r"|painkillers)\b",
          r"\b(?:thought|thinking|think)\s+(?:about|of)\s+(?:taking|swallowing)\s+(?:all|a load of|loads of|an"
          r" overdose|every)\b|\b(?:rope|noose|ligature)\b[^.!?\n]{0,60}\b(?:thinking|thought|tempted|use it|using it"
          r"|hang)\b",
          **_SH),
    # Letters written to family: a farewell when anything else in the message is a crisis statement.
    _rule("self_harm_letters",
          r"\b(?:written|wrote|writing|write)\s+(?:a\s+|some\s+)?(?:letters?|notes?|cards?)\s+(?:to"
          r"|for)\s+(?:each of\s+)?"
          r"(?:my|the)\s+(?:\w+\s+)?(?:family|kids|children|wife|husband|partner|daughters?|sons?|mum|dad|parents"
          r"|loved ones)\b", **_SH),
    _rule("self_harm_emergency",
          r"\boverdos\w+|\btook\s+(?:an\s+)?overdose\b|\btook\s+(?:all|a (?:whole )?(?:load|bunch|handful|lot"
          r"|packet|box|bottle)) of (?:my )?(?:pills|tablets|meds|painkillers|paracetamol|co-?codamol|codeine"
          r"|tramadol)\b|\b(?:took|swallowed)\s+(?:too many|loads of|lots of|a load of|a handful of|\d{2,})\s+"
          r"(?:pills|tablets|paracetamol|painkillers)\b",
          veto=_ACCIDENT, **_SH),
    # §2.9 urgent: passive ideation without a plan, disclaimers included.
    _rule("self_harm_urgent",
          r"\b(?:better off|happier)\s+(?:\w+\s+)?without\s+me\b|\bbetter off if i (?:wasn't|weren't|was not|were not"
          r"|was gone|were gone|died|wasn't here|wasn't around)\b|\b(?:feel|felt|feeling) like ending (?:it|things)"
          r"(?: all)?\b|\b(?:says|thinks|feels|said|keeps saying)\s+"
          r"(?:everyone|we|they|the family|we'd|we would|people)\s+(?:\w+\s+){0,3}better off without (?:him|her)\b",
          r"\b(?:don't|dont|do not|can't|cant|cannot|no longer|fail to|struggle to)\s+see\s+(?:the|any|a)\s+point"
          r"\s+(?:in|of|to)\s+(?:living|life|going on|carrying on|being here|being alive|anything|it all"
          r"|waking up|trying)\b|\b(?:what's|whats|what is)\s+the\s+point\s+(?:in|of)\s+(?:living|life|going on"
          r"|carrying on|being here|being alive|it all)\b|\bno point (?:in )?(?:living|going on|carrying on"
          r"|being here|being alive)\b",
          r"\blife (?:isn't|is not|isnt|doesn't feel|does not feel|no longer feels|is no longer) worth (?:living"
          r"|it)\b|\bnot worth living\b|\bno reason to (?:live|go on|keep going)\b|\btired of (?:living|life"
          r"|being alive|existing)\b",
          r"\b(?:wish|wishing|hope|hoping)\s+(?:that\s+)?(?:i|he|she)\s+(?:was|were|could be|'d be|would be"
          r"|could just be)\s+(?:dead|gone|not here|not around)\b|\b(?:wish|wishing|hope|hoping)\s+(?:that\s+)?"
          r"(?:i|he|she)\s+(?:(?:would|could|'d|wouldn't|didn't|won't|don't)\s+)?(?:just\s+)?(?:not wake up"
          r"|never wake up|go to sleep and (?:not|never) wake up|not exist|didn't exist)\b|\b(?:wish|wishing|hope"
          r"|hoping)\s+(?:that\s+)?(?:i|he|she)\s+(?:just\s+)?(?:wouldn't|would not|didn't|did not|won't|will not"
          r"|couldn't|never)\s+(?:just\s+)?(?:ever\s+)?wake up\b",
          r"\b(?:i'?d|i would|we'd|he'd|she'd|i'm|i am|(?:we|they|everyone) (?:would|'d) all)\s+(?:be\s+)?better off"
          r" dead\b|\b(?:what's|whats|what is)\s+the\s+point\s+(?:anymore|any more|of anything|in anything|of it"
          r" all|of me)\b",
          r"\b(?:want|wanna|wish|ready|like)\s+(?:to\s+)?(?:just\s+)?die\b",
          r"\b(?:want|wanted|wish)\s+(?:it all|everything)\s+to\s+(?:end|stop|be over)\b|\b(?:can't|cannot|can not"
          r"|don't)\s+see\s+(?:a|any)\s+way\s+out\b|\b(?:nobody|no one|no-one)\s+would\s+(?:miss|notice|care)\b",
          r"\b(?:don't|dont|do not|no longer|doesn't|does not)\s+want\s+to\s+(?:be here|live(?! on\b| in\b| off\b"
          r"| with (?:it|them|him|her)\b| near| there| abroad| at\b| somewhere| anywhere)|be alive|exist|wake up"
          r"|(?:go on|carry on) (?:anymore|any more|any longer))\b|\b(?:can't|cant|cannot)\s+(?:go on"
          r"|carry on)\s+(?:anymore|any more|any longer)\b",
          r"\b(?:suicidal|thoughts of suicide|thoughts? (?:of|about) (?:ending|killing|hurting|harming|cutting"
          r"|taking)|(?:thinking|think|thought) (?:\w+ ){0,2}?(?:of|about) (?:killing|hurting|harming) (?:myself"
          r"|himself|herself)|(?:think|thought|thinking) (?:\w+ ){0,2}?(?:of|about) suicide|thinking"
          r" (?:of|about) (?:suicide|ending (?:it|my life|things)|killing (?:myself|himself|herself)|taking my"
          r" (?:own )?life|ending it all)|consider(?:ing|ed)? suicide|contemplat\w+ suicide)\b",
          r"\b(?:want|wanted|urge|urges) to (?:hurt|harm|cut) (?:myself|himself|herself)\b|\bthink(?:ing)? about"
          r" (?:dying|death|not being here|not being around|ending it)\b|\b(?:i'?m|i am|i feel like)\s+(?:(?:just"
          r"|such|nothing but|a)\s+)*(?:a\s+)?burden\s+(?:to|on)\s+(?:everyone|my family|them|everybody|all of"
          r" (?:them|you|us)|my (?:wife|husband|kids|children|partner|family))\b|\bbefore i do anything"
          r"(?: stupid| silly| drastic)?\b|\b(?:i )?know (?:exactly )?what i'?m going to do\b|\b(?:i'?d|i would)"
          r" rather (?:not be|be dead|not exist|not wake up)\b(?! (?:at|in|on) (?:work|the|this|that|home))",
          **_SH),
)
