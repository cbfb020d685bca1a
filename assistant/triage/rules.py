"""Reviewed English patterns for cauda equina (red-flags.md §2.1), and the pieces the other rule files share."""

from __future__ import annotations

import re

from assistant.triage import cues
from assistant.triage.context import Rule


def rule(key: str, *patterns: str, **options: object) -> Rule:
    """A reviewed rule from its patterns (compiled here) and context options."""
    return Rule(key, tuple(map(re.compile, patterns)), **options)  # type: ignore[arg-type]


# Lay and clinical wording, typos included: "numbess", "bladdder", "incontinance", "pins n needles".
NOT = (r"(?:(?:can't|cant|cannot|don't|dont|doesn't|doesnt|do not|does not) seem to|can't|cant|cannot|can not"
       r"|couldn't|couldnt|unable to|not able to|can no longer|no longer|don't|dont|do not|didn't|didnt|doesn't"
       r"|doesnt|does not|barely|hardly|struggle to|struggling to|(?:haven't|havent|have not|hasn't|has not|not)"
       r" been able to|not)(?:\s+(?:even|always|really|properly|actually|quite))?")
BL = r"(?:bla+d+[ae]r|blader|waterworks)"
BW = r"(?:bowe?l+e?s?|bowles|bowl)"  # "bowl control" is a common typo
CONTROL = r"contr?oll?"
SENS_NOUN = (r"(?:numbn?e?s+|numness|tingling|tingles?|pins (?:and|&|n'?) needles|pins ?n ?needles|para?esthesias?"
             r"|an(?:a)?esthesia|numb (?:patch|area|spot|bit)|(?:no|zero|less|reduced|altered|lost|loss of|lack of"
             r"|decreased|diminished|strange"
             r"|weird"
             r"|odd|funny|different|changed|changes in|change in|lost all|lost some|no real|hardly any|barely any"
             r"|little) (?:feeling|sensation)|numb (?:feeling|sensation)|dead feeling|deadness|buzzing|prickling)")
SENS_ADJ = (r"(?:numb|numbish|numbed|tingly|tingling|dead|weird|strange|funny|odd|different|fuzzy|asleep"
            r"|like cotton wool|prickly|like (?:it'?s|it is) not (?:there|mine)|like (?:it|they) (?:belongs?|belonged)"
            r" to someone else|like (?:after )?(?:the dentist|an injection|a local)|like rubber|like cardboard"
            r"|wooden)")
# The saddle area in lay words (NHS CES cards); "bottom of", "balls of" and one buttock are excluded.
REGION = (r"(?:groin|genitals?|genitalia|genital (?:area|region)|privates|private (?:parts|area|bits|region)"
          r"|(?:lady|man|girly|nether) (?:bits|parts|regions?)|nether regions?|bits|crotch"
          r"|perine(?:um|al(?: area| region)?)|taint|back passage|anus|anal (?:area|region)|rectum|rectal area"
          r"|(?:a?round) (?:my |his |her |the )?(?:bottom|bum|backside|anus|back passage|butt|arse|ass|privates"
          r"|genitals|bits)|bum cheeks|butt cheeks|bum(?! cheek)|butt(?:ocks)?(?! cheek)|backside|bottom(?! of)"
          r"|arse|ass|saddle(?: area"
          r"| region)?|between (?:my |his |her |the )?(?:legs|thighs|bum cheeks|cheeks|buttocks)|inner thighs"
          r"|vagina|vaginal area|vulva|labia|clit\w*|penis|willy|fanny|scrotum|testicles|balls(?! of)|down there"
          r"|down below|undercarriage|downstairs|pelvic floor|sit(?:ting)? bones|pubic (?:area|region)"
          r"|inside of (?:my |his |her |the )?thighs|insides of (?:my |his |her )?thighs)\b")
# "numb patch right around my back passage": only place words may come between the feeling and the area.
PLACE_WORDS = (r"(?:\s+(?:in|around|round|on|at|of|near|the|my|his|her|their|whole|right|just|all|over|across|between"
               r"|inner|to|up|down|a|bit|little|patch|area|spot|region|skin|part|parts|both|along|through|into|under"
               r"|underneath|by|and|sides?))*\s+")
ADV = (r"(?:(?:a bit|a little|really|very|quite|kind of|sort of|kinda|all|completely|totally|partly|slightly|more"
       r"|so|still|gone|going|been|feeling|feel|started|starting|to|go|feel|become|becoming|getting)\s+)")
REFL = r"(?:myself|himself|herself|themselves|themself)"
LEGS = r"(?:legs|feet|thighs|calves|hamstrings|shins)"
# "Sciatica… but since the weekend it's in both legs, down the backs of both thighs".
LEG_SYMPTOM = (r"\b(?:sciatica|sciatic\w*|nerve pain|shooting|radiating|pain|pains|painful|aching|ache|aches|hurts?"
               r"|numbness|numb|tingl\w*|pins (?:and|&|n) needles|burning|electric shocks?|cramping|symptoms"
               r"|weak\w*)\b")
BOTH_LEGS = (r"\b(?:down|in|into|through|along|affecting)\s+(?:the\s+)?(?:(?:backs?|fronts?|sides?|outsides?)\s+of\s+)?"
             r"(?:both|the two|each)\s+(?:of\s+)?(?:my\s+|his\s+|her\s+|the\s+)?(?:" + LEGS + r"|sides of my legs)\b")
WEAK = (r"(?:weak|giving way|give way|gave way|giving out|give out|gave out|like lead|buckling|like jelly|jelly"
        r"|not working|useless|wobbly|collapsing"
        r"|going from under (?:me|him|her))")
# Walking-induced leg symptoms eased by sitting or leaning are spinal stenosis, not CES.
CLAUDICATION = re.compile(r"\b(?:when|after|while|if) (?:i |he |she )?(?:walk|walking|stand for)|(?:better|eases?"
                          r"|goes|relieved|ease) (?:when|if|once|after|by) (?:i )?(?:sit|sitting|lean|leaning"
                          r"|bend|bending|rest|resting|stop)|shopping trolley")
UTI = re.compile(r"\b(?:utis?|urine infection|urinary (?:tract )?infection|water infection|cystitis|kidney"
                 r" infection|bladder infection|antibiotics?|blood in (?:my )?(?:urine|pee|wee)|(?:burn|sting)\w*"
                 r" (?:when|while) (?:i )?(?:pee|wee|urinat)|constipat\w*|diarrh\w*|food poisoning"
                 r"|stomach bug)\b")
# Bed-wetting in a young child is not CES (a parent writing about lifting them is).
UTI_OR_CHILD = re.compile(UTI.pattern + r"|\b(?:[1-9]|one|two|three|four|five|six|seven|eight)[- ](?:year[- ]old"
                          r"|yr[- ]old|yo)\b|\b(?:toddler|potty|nappy|nappies|bed-?wetting|pull-ups)\b")

CES_RULES = (
    # §2.1 saddle anaesthesia/paraesthesia: "numb down there", "pins and needles in my bum".
    rule("ces_saddle",
          SENS_NOUN + r"\s+(?:(?:in|around|of|on|across|at|down|between|into|over|throughout|to|round|near|under"
          r"|affecting|within)\s+)?(?:(?:the|my|his|her|their|our|whole|entire|both|all|a|an)\s+)?"
          r"(?:(?!left|right|one)\w+\s+)?\b" + REGION,
          r"\b(?:numb|numbish|tingly|dead)\s+" + REGION,
          SENS_NOUN + r"(?:(?!\b(?:legs?|foot|feet|toes?|calf|calves|shins?|knees?|ankles?|arms?|hands?|fingers?|back"
          r"|hips?|neck|shoulders?|face|head)\b)[^.!?\n]){0,45}?\b" + REGION,
          r"\b(?:numb|numbish|tingly|tingling|dead|asleep)" + PLACE_WORDS + REGION,
          r"\b" + REGION + r"\s+(?:area\s+|region\s+)?(?:and\s+(?:[\w']+\s+){1,5}?)?(?:is|are|feels?|felt|feeling|has"
          r"|have|had|'s|went|goes"
          r"|going|gone|has gone|have gone|has been|have been|keeps|kept|seems?|became|becomes|getting|got)\s+"
          + ADV + r"{0,3}" + SENS_ADJ,
          r"\b" + REGION + r"\s+(?:numbness|tingling|an(?:a)?esthesia|para?esthesia|pins and needles)",
          r"\b" + NOT + r"\s+(?:(?:really|properly|fully|quite|always|even)\s+)?(?:feel|sense)\s+(?:(?:anything"
          r"|much|a thing|it|things|properly|fully|any)\s+)*(?:(?:in|around|on|down|with|of)\s+)?(?:(?:my|his"
          r"|her|the)\s+)?" + REGION,
          chronic=True, positional=cues.POSITIONAL),
    # §2.1 lay wording from the NHS cards: "altered feeling when using toilet paper".
    rule("ces_saddle",
          r"\b" + NOT + r"\s+(?:(?:really|properly|fully|quite|always|even)\s+)?(?:feel|sense|tell)\s+(?:(?:anything"
          r"|much|it|a thing|properly|the paper|myself|that)\s+)*(?:(?:when|while|as|if)\s+)?(?:(?:i|i'm|im|he|she"
          r"|you)\s+)?(?:wipe|wiping|wipes|use (?:the )?(?:toilet|loo) (?:paper|roll)|using (?:the )?(?:toilet"
          r"|loo) (?:paper|roll))",
          r"\b" + NOT + r"\s+(?:\w+\s+){0,2}?feel\s+(?:the\s+)?(?:toilet|loo) (?:paper|roll|tissue)",
          r"\b(?:wip(?:e|es|ing)|toilet paper|loo roll)\b[^.!?\n]{0,40}?\b(?:feels?|felt|is|seems?|feeling)\s+"
          r"(?:(?:a bit|a little|really|very|quite|kind of|sort of|kinda|all|completely|totally|so)\s+)*(?:numb"
          r"|weird|strange|different|odd|funny|dead|like nothing|nothing|wrong|like (?:it'?s|it is) not (?:touching"
          r"|there)|like i'?m not there)",
          r"\b(?:feels?|felt|feeling|is|it's)\s+(?:(?:a bit|a little|really|very|quite|kind of|sort of|kinda|all"
          r"|completely|totally|so)\s+)*(?:numb|weird|strange|different|odd|funny|dead|off)\s+(?:down there\s+)?"
          r"(?:when|while|after|as)\s+(?:i|he|she)\s+wip",
          r"\b(?:when|while|after|as) (?:i|he|she) wip\w*,?\s+(?:i|he|she)\s+" + NOT + r"\s+(?:really\s+|properly\s+)?"
          r"(?:feel|sense)\b(?!\s+(?:any\s+|much\s+)?(?:pain|hurt|discomfort|sting\w*|burning|different|a difference"
          r"|sore))",
          r"\b(?:altered|reduced|less|no|strange|weird|odd|different|changed|funny) (?:feeling|sensation)s? (?:when"
          r"|while) (?:i |he |she |you )?(?:wip\w*|us\w+ (?:the )?(?:toilet|loo) (?:paper|roll))",
          r"\bsaddle (?:an?a?esthesia|anesthesia|numbness|para?esthesia|sensory loss|distribution)\b",
          r"\b(?:like|as if|as though)\s+(?:i'?m\s+|i am\s+|i was\s+|i've been\s+|he'?s\s+|she'?s\s+)?(?:sitting"
          r"|sat|riding|been sitting)\s+on\s+a\s+(?:\w+\s+)?saddle\b",
          chronic=True),
    # §2.1 bladder and bowel: retention, lost sensation, new incontinence, "wet myself".
    rule("ces_sphincter",
          r"\b(?:lost|losing|lose|loss of|no|can't|cant|cannot|can not|couldn't|unable to|not able to|trouble"
          r"|struggl\w+ to|difficulty|no longer|don't have|do not have|can't seem to|poor|less|reduced|without"
          r"|little)\s+(?:(?:any|have|having|the|full|much|proper)\s+)*(?:control (?:of|over) (?:my |his |her"
          r" |the )?(?:" + BL + r"|" + BW + r"|bowel movements|wee|pee|urine|toilet\w*|poo|stools?)|(?:" + BL
          + r"|" + BW + r") " + CONTROL + r")\b",
          r"\b(?:can't|cant|cannot|can not|couldn't|couldnt|unable to|not able to|struggl\w+ to|can no longer)"
          r"\s+(?:" + CONTROL + r"|hold|stop)\s+(?:my |his |her |the )?(?:" + BL + r"|" + BW
          + r"|bowel movements?|wee|pee|urine|water|poo|stool)\b",
          r"\b(?:urinary |bladder |faecal |fecal |bowel |double |anal )?incontin\w+",
          r"\b(?:wet|wetting|wets|peed|pee'?d|peeing|pees|weed|wee'?d|weeing|wees|pissed|pissing|soiled"
          r"|soiling|pooed|poo'?d|pooped|pooing|messed|had an accident in|dribbled)\s+(?:" + REFL + r"|(?:my"
          r"|his|her|the) (?:pants|trousers|knickers|underwear|bed|jeans|shorts|nappy|pad)|the bed)\b",
          r"\b(?:leak\w*|dribbl\w*)\s+(?:of\s+)?(?:urine|wee|pee)\b|\b(?:urine|wee|pee|bladder)\s+(?:leak\w*"
          r"|dribbl\w*)\b|\b(?:had|having|have|keep having|been having)\s+(?:an?\s+|a few\s+|a couple of\s+"
          r"|some\s+)?(?:little\s+|small\s+)?accidents?\s+(?:with\s+(?:my\s+)?(?:" + BL + r"|bowels?|wee|pee"
          r"|poo)|in\s+(?:my|his|her)\s+(?:pants|trousers|knickers|underwear))\b",
          r"\b" + NOT + r"\s+(?:always\s+|really\s+)?(?:know|tell|feel|sense|notice|realise|realize)\s+(?:when|if"
          r"|whether|that)\s+(?:my |his |her )?(?:" + BL + r"|bowels?)\s+(?:is|was|'s|are|gets|feels)\s+(?:full"
          r"|empty)",
          r"\b" + NOT + r"\s+(?:always\s+|really\s+)?(?:feel|notice|sense|realise|realize|know|tell)\s+(?:(?:when"
          r"|that|if|whether)\s+)?(?:i'?m|i am|i was|i've|i have|he'?s|she'?s|he|she|i)\s+(?:been\s+|just\s+"
          r"|actually\s+)?(?:peeing|weeing|urinating|passing (?:urine|water)|wetting|pooing|need(?:ed|s)? (?:to"
          r"|a) (?:pee|wee|go|poo|wee-wee|open my bowels)|(?:have|had|has) to (?:pee|wee|go|poo)|going to the"
          r" (?:toilet|loo)|wet|opening my bowels)",
          r"\b(?:no|lost|lost the|loss of|reduced|lack of|less|without (?:any|the)|don't get (?:the|any)|do not"
          r" get (?:the|any)|not getting (?:the|any))\s+(?:the\s+)?(?:sensation|feeling|urge|sense|need|signal)"
          r"\s+(?:to|of|when|that)\s+(?:(?:i\s+)?(?:need|have)\s+to\s+)?(?:pee|wee|urinat\w*|pass (?:urine"
          r"|water)|needing to (?:pee|wee|go)|my " + BL + r"|a full " + BL + r"|" + BL + r" fullness|(?:go"
          r"|going) to the (?:toilet|loo)|go|poo|open my bowels|(?:a )?bowel movement|rectal fullness)\b",
          r"\b" + NOT + r"\s+feel\s+(?:myself\s+|the\s+|it\s+)?(?:pee|wee|urine|stream|poo|stool)\w*",
          r"\b" + NOT + r"\s+(?:really\s+)?feel\s+(?:it|the (?:pee|wee|urine|poo|stool))\s+(?:\w+\s+)?(?:coming"
                        r"|come out"
          r"|coming out|passing|happening)\b|\b(?:bowel|bladder|toilet) accidents?\b",
          r"\b(?:can't|cannot|couldn't|unable to)\s+(?:stop|hold)\s+(?:myself|it|himself"
          r"|herself)\b[^.!?\n]{0,30}?\b(?:poo"
          r"|wee|pee|bowels?|toilet|loo|go)\b",
          r"\b(?:pee|peeing|wee|weeing|urinat\w*|" + BL + r"|toilet|loo)\b[^.!?\n]{0,50}?\b(?:(?:hardly anything"
          r"|nothing|very little|barely anything|only a (?:dribble|trickle)|just a (?:dribble|trickle))\s+(?:\w+\s+)?"
          r"(?:comes?|came|coming)(?: out)?|nothing happens|(?:have|having|had) to strain|just a dribble|only a"
          r" dribble)\b",
          r"\b" + NOT + r"\s+(?:tell|feel|know|sense|notice)\b[^.!?\n]{0,40}?\b(?:coming out|come out|came out|passing"
          r"|leaking|finished)\b",
          r"\b(?:a few|a couple of|couple of|some|several|had|having|been having|keep having) (?:little "
          r"|small )?leaks\b",
          r"\b(?:can't|cant|cannot|can not|couldn't|unable to|not able to|(?:haven't|hasn't|not|never) been able to"
          r"|no longer|don't|didn't|doesn't|lost|losing|loss of|hard to|struggling to|difficult to)\s+(?:\w+\s+){0,2}?"
          r"(?:control|hold|feel|tell|sense|notice|empty|start|stop)\w*\b[^.!?\n]{0,30}?\b(?:" + BL + r"|" + BW
          + r"|wee|pee|urine|poo|stools?|bowel movements?|number (?:one|two|1|2))\b",
          r"\b(?:had|having|woke up (?:in|to)|waking up (?:in|to)) (?:a |the )?wet (?:bed|sheets)\b",
          r"\b(?:tried|trying|try) to (?:pee|wee|urinate|go)\b[^.!?\n]{0,15}?\b(?:and|but) (?:couldn't|can't|could not"
          r"|cannot|nothing|only|just|hardly)\b",
          r"\b(?:can't|cant|cannot|can not|couldn't|couldnt|unable to|not able to|struggl\w+ to|difficulty"
          r"|trouble|hard to|(?:having|have) to strain to|straining to|takes? ages to|can't seem to"
          r"|can no longer)\s+(?:to\s+)?(?:start(?:ing)?\s+(?:to\s+)?|get(?:ting)?\s+(?:the\s+)?)?(?:pee(?:ing)?"
          r"|wee(?:ing)?|urinat\w*|pass(?:ing)? (?:urine|water)|empty(?:ing)? (?:my |his |her |the )?" + BL
          + r"|go for a (?:wee|pee)|(?:flow|stream) (?:going|started))\b",
          r"\b(?:urine |wee |pee )?(?:stream|flow) (?:is|has been|'s|seems|has got|got) (?:really |very |a bit |so )?"
          r"(?:weak|weaker|slow|poor|dribbly)\b",
          r"\b" + NOT + r"\s+(?:really\s+|always\s+)?(?:tell|feel|know|sense)\s+(?:if|when|whether)\s+(?:i've"
          r"|i have|i'm|i am|i|he's|she's)\s+(?:finished|stopped|started|done|emptied)\s+(?:peeing|weeing"
          r"|urinating|going|a wee|a pee)",
          r"\b(?:didn't|did not|couldn't|could not|don't|can't|cannot|never)\s+(?:always\s+)?make it to the"
          r" (?:toilet|loo|bathroom)(?: in time)?\b|\bincontinence pads\b|\bpads? (?:because|as|since) (?:i|he|she)"
          r" (?:keep |keeps |am |'m |is )?(?:leak\w*|wet\w*|dribbl\w*)",
          r"\b(?:peeing|weeing|urinating|passing urine|going for a (?:wee|pee)|going to the toilet|wiping|pooing)\s+"
          r"(?:feels?|is|has been|seems|felt)\s+(?:a bit\s+|really\s+|very\s+|quite\s+|so\s+)?(?:different|weird"
          r"|strange|odd|funny|numb)\b",
          r"\b(?:poor|weak|slow|reduced|dribbly|weaker)\s+(?:urine\s+|urinary\s+|wee\s+|pee\s+)?(?:stream|flow)\b",
          r"\b(?:push|strain|force)\w*\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:get|start)\s+(?:my\s+|the\s+)?(?:pee|wee|urine"
          r"|stream|flow)\s+(?:going|started|out)\b",
          r"\b(?:urge|need|feel(?:ing)? the need)\s+to\s+(?:pee|wee|urinate|go)\b[^.!?\n]{0,30}?\b(?:nothing|hardly"
          r" anything|very little|not much)\s+(?:comes? out|happens)\b",
          r"\b(?<!water )(?<!fluid )(?:urinary\s+)?retention\b|\bretaining urine\b|\bhaven'?t\s+(?:been able to"
          r"\s+)?(?:pee|wee|urinat)\w*\s+(?:since|all|for|in)\b|\bhaven'?t had a (?:wee|pee) (?:since|all|for|in)\b",
          r"\b(?:" + BL + r"|bowel|bowels|toilet)\s+(?:problems?|issues?|changes?|trouble|dysfunction|symptoms"
          r"|habits? (?:have )?changed|(?:is|are|has been|have been|feels?|seems?)\s+(?:a bit\s+|really\s+"
          r"|very\s+)?(?:weird|strange|funny|odd|off|different|not right|not working|playing up|wonky))\b",
          r"\b(?:problems?|issues?|trouble|changes?|something wrong|something odd|something strange"
          r"|difficult(?:y|ies))\s+(?:with|in|to)\s+(?:my |his |her |the )?(?:" + BL + r"|bowels?|toilet(?:ing)?"
          r" habits|bowel habits|peeing|weeing|urinating)\b",
          chronic=True, veto=UTI_OR_CHILD, benign=cues.STRESS_LEAK),
    # §2.1 sexual dysfunction counts only when new (it is common and often long-standing).
    rule("ces_sexual",
          r"\b(?:can't|cant|cannot|couldn't|unable to|no longer|can no longer|struggling to|trouble|difficulty"
          r"|problems?)\s+(?:get |keep |maintain |getting |keeping |maintaining |to get |to keep )?(?:an? )?(?:erection"
          r"|hard[- ]?on"
          r"|climax|orgasm|ejaculat\w*)",
          r"\berectile (?:dysfunction|problems|issues)\b",
          r"\b(?:no|lost|loss of|reduced|less|can't feel|cannot feel|don't feel)\s+(?:any\s+)?(?:feeling"
          r"|sensation|anything)\s+(?:during|when (?:we |i )?(?:have |having )?)sex\b|\bnumb during sex\b",
          chronic=True, needs_new=True),
    # §2.1 bilateral sciatica, or one-sided pain that has spread to both legs.
    rule("ces_bilateral",
          LEG_SYMPTOM + r"[^.!?\n]{0,120}?" + BOTH_LEGS,
          BOTH_LEGS + r"[^.!?\n]{0,40}?" + LEG_SYMPTOM,
          r"\bboth\s+(?:of\s+)?(?:my\s+|his\s+|her\s+)?" + LEGS + r"\s+(?:(?:are|is|feel|feels|have|has|keep"
          r"|went|go|going|gone|been|now|getting|started|seem|also|all|really|quite|very|a bit|so|become)\s+)"
          r"{0,4}(?:numb|tingly|tingling|dead|painful|sore|hurt|hurting|aching|ache|burning|affected|involved"
          r"|pins)",
          r"\b(?:spread|spreading|spreads|extended|extending)\s+(?:\w+\s+){0,2}?(?:in)?to\s+(?:the other|my"
          r" other|his other|her other|the opposite|both)\s+(?:leg|legs|side|foot)\b",
          r"\b(?:the other|my other|his other|her other|the opposite|my right|my left|the right|the left|his right"
          r"|his left|her right|her left)\s+(?:leg|foot)\s+(?:\w+\s+){0,3}?(?:too|as well)\b",
          r"\b(?:right|left)\s+(?:leg|side)\s+(?:now\s+)?as\s+well\s+as\s+(?:my\s+|the\s+|his\s+|her\s+)?(?:left"
          r"|right)\b|\bcrossed (?:over )?(?:in)?to (?:the |my )?(?:other|right|left) (?:side|leg)\b",
          r"\b(?:sciatica|leg pain|nerve pain|shooting pains?|pins and needles|numbness)\b[^.!?\n]{0,40}?\b(?:on|down)"
          r" both sides\b",
          r"\bbilateral\s+(?:sciatica|leg (?:pain|symptoms|numbness)|radicul\w+|symptoms|numbness)\b"
          r"|\b(?:left|right) and (?:left|right)\s+(?:legs?|feet|sides? of my legs)\b",
          r"\b" + NOT + r"\s+(?:properly\s+|really\s+|fully\s+)?feel\s+(?:my|his|her)\s+(?:legs|feet)\b",
          r"\b(?:numbness|tingling|pins (?:and|&) needles|no feeling|no sensation|loss of (?:feeling|sensation))"
          r"\s+in\s+(?:my|his|her|the)\s+(?:legs|feet)\b",
          r"\b(?:my|his|her)\s+(?:legs|feet)\s+(?:(?:are|have|feel|feels|keep|went|go|going|gone|been|seem|felt"
          r"|keeps|both|all|really|quite|very|a bit|so|become|becoming|getting|started|starting|to|now|just)\s+)"
          r"{1,4}(?:numb|tingly|tingling|dead)\b",
          chronic=True, positional=cues.LEGS_POSITIONAL, veto=CLAUDICATION),
    # §2.1 "…in my left leg. Now the right one's tingling too" (a leg must be mentioned nearby).
    rule("ces_bilateral",
          r"\b(?:the|my|his|her) (?:other|right|left) (?:one|leg|side)(?:'s| is| has)?\s+(?:\w+\s+){0,3}?(?:too|as"
          r" well|also)\b",
          context=re.compile(r"\b(?:legs?|sciatica)\b"), chronic=True, positional=cues.LEGS_POSITIONAL,
          veto=CLAUDICATION),
    # §2.1/2.2 severe or progressive weakness in both legs: CES and a neurological emergency.
    rule("ces_bilateral_weak",
          r"\bboth\s+(?:of\s+)?(?:my\s+|his\s+|her\s+)?" + LEGS + r"\s+(?:(?:are|is|feel|feels|have|has|keep"
          r"|went|go|going|gone|been|now|getting|started|seem|also|all|really|quite|very|a bit|so|become)\s+)"
          r"{0,4}" + WEAK,
          r"\b(?:my|his|her)\s+(?:legs|feet)\s+(?:(?:are|have|feel|feels|keep|went|go|going|gone|been|seem|felt"
          r"|keeps|both|all|really|quite|very|a bit|so|become|becoming|getting|started|starting|to|now|just)\s+)"
          r"{1,4}" + WEAK,
          r"\bweakness in (?:both|my|his|her) (?:legs|feet)\b|\bbilateral (?:leg )?weakness\b",
          chronic=True, positional=cues.LEGS_POSITIONAL, veto=CLAUDICATION),
    # §2.1: someone who already suspects CES has usually noticed a symptom; GIRFT says go to ED.
    rule("ces_named",
          r"\b(?:i|i'm|im|i've|ive|he|she|he's|she's)\s+(?:(?:really\s+|genuinely\s+)?(?:think|feel|fear|suspect"
          r"|worry|am worried|worried|scared|am scared|convinced|sure)\s+(?:that\s+)?(?:i|he|she)?\s*(?:might\s+"
          r"|may\s+|could\s+)?(?:have|has|'ve got|have got|am developing|be developing|got)|(?:might|may|could)"
          r"\s+(?:have|be developing))\s+(?:got\s+)?(?:cauda equina|ces\b)",
          r"\b(?:suspected|query|possible|probable)\s+(?:cauda equina|ces)\b|\b(?:told (?:me|him|her)?|said|says"
          r"|thinks|suspects)\s+(?:that\s+)?(?:i|he|she)\s+(?:have|has|might have|may have|could have)\s+(?:got\s+)?"
          r"(?:cauda equina|ces\b)|\bdiagnosed (?:me |him |her )?with (?:suspected )?cauda equina\b",
          hypothetical=False),
)
