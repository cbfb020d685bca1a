"""Reviewed English patterns for features that count in clusters: cancer, infection, systemic; and age."""

from __future__ import annotations

import re

from assistant.triage.context import Context, Rule


def _rule(key: str, *patterns: str, **options: object) -> Rule:
    options.setdefault("who", "subject")
    return Rule(key, tuple(map(re.compile, patterns)), **options)  # type: ignore[arg-type]


def _veto(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")\b")


_CA = (r"(?:cancers?|carcinoma|lymphoma|leuk(?:a)?emia|myeloma|melanoma|sarcoma|tumou?rs?|malignan\w*|metasta\w*"
       r"|secondaries|mets)")
# A fear of cancer, a relative's, a charity run or a benign finding is not a personal history (§2.3, §3).
_NOT_HISTORY = _veto(
    r"family history|runs in (?:the|my|our) family|screening|scare|benign|non-?cancerous|not cancer|cancer"
    r" research|race for life|charity|fundrais\w*|awareness|macmillan|cancer nurse|oncology nurse|(?:worried|afraid"
    r"|scared|terrified|frightened|paranoid|anxious|concerned|fear\w*|convinced|wonder\w*|think|thought) (?:that )?"
    r"(?:it'?s|it is|it might be|it could be|this is|this might be|i have|i've got|i might have|of|about)|(?:is"
    r"|could|might|can) (?:it|this|that) be|rule out|ruled out|tested for|check(?:ed)? for|test for|haemangioma"
    r"|hemangioma|cyst|basal cell|bcc|rodent ulcer|non-melanoma|pre-?cancerous|abnormal cells|skin cancer"
    r" (?:removed|cut out|frozen|burnt) (?:off |from )?")
_MECHANICAL_NIGHT = _veto(
    r"(?:when|if|as) (?:i )?(?:roll|turn|move|shift|change position)|rolling over|turning over|(?:settles|eases"
    r"|goes|better) (?:when|once|after|if|as soon as) (?:i )?(?:move|change|shift|get comfy|find a)"
    r"|comfortable position|mattress")
_EXPLAINED_FEVER = _veto(
    r"covid|flu(?!-like| like)|a cold|common cold|virus|viral|vaccin\w*|jab|booster|teething|hay ?fever|hot"
    r" flush\w*|hot flash\w*|menopaus\w*|perimenopaus\w*|hrt|heatwave|hot weather|duvet")
_NOT_SYSTEMIC_STEROID = _veto(r"injections?|cream|inhaler|jab|shot|epidural|one[- ]off|ointment|nasal|eye drops")

MALIGNANCY_RULES = (
    # §2.3 personal history of cancer: the strongest single flag, no expiry (Finucane 2020).
    _rule("ca_history",
          r"\b(?:(?:breast|prostate|lung|kidney|renal|thyroid|bowel|colon|colorectal|skin|ovarian|cervical|womb"
          r"|uterine|bladder|testicular|stomach|pancreatic|throat|mouth|oesophageal|esophageal|liver|blood|bone)"
          r"\s+)?" + _CA + r"\b",
          r"\b(?:had|finished|completed|after)\s+(?:\w+\s+)?(?:chemo\w*|radiotherapy|mastectomy|lumpectomy)\b"
          r"|\b(?:mastectomy|lumpectomy|oncologist|tamoxifen|letrozole|anastrozole|exemestane)\b|\bin remission\b",
          temporal=False, veto=_NOT_HISTORY),
    # §2.3 active cancer: NICE NG234 says contact the acute oncology team within 24 h.
    _rule("ca_current",
          r"\b(?:on|having|undergoing|started|starting|getting|receiving|mid|between|during|in the middle of"
          r"|currently on|currently having)\s+(?:my\s+|\w+\s+)?(?:chemo\w*|radiotherapy|radiation (?:therapy"
          r"|treatment)|immunotherapy)\b",
          r"\b(?:metastatic|secondaries|secondary (?:\w+ )?cancer|stage (?:4|iv|four)|terminal|palliative"
          r"|oncology team|under (?:the )?"
          r"oncology)\b|\b(?:spread|spreading) to (?:my|the|his|her) (?:bones?|spine|liver|lungs?)\b",
          r"\b(?:i|he|she)\s+(?:have|has|'ve got|has got|have got|am living with|is living with)\s+(?:\w+\s+)?"
          + _CA + r"\b",
          veto=_NOT_HISTORY),
    _rule("ca_night",
          r"\b(?:wakes?|waking|woken|woke|wake)\s+(?:me|him|her)\s+(?:up\s+)?(?:at night|in the night|during the"
          r" night|every night|most nights)\b|\b(?:pain|ache|aching|it)\s+(?:is\s+)?(?:worse|worst|bad|terrible"
          r"|unbearable)\s+at night\b|\b(?:hurts|aches|aching|painful|sore|throbs)\s+(?:\w+\s+)?(?:at night"
          r"|in the night"
          r"|during the night)\b|\bnight pain\b|\bpain at night\b|\b(?:can't|cannot|can not|unable to)\s+"
          r"(?:get to\s+)?sleep\s+(?:because of|for|with|due to)\s+(?:the\s+)?(?:pain|it)\b|\bkeeps?\s+me\s+"
          r"(?:up|awake)\b",
          veto=_MECHANICAL_NIGHT, who="any"),
    _rule("ca_constant",
          r"\b(?:constant|unremitting|relentless|unrelenting|non-?stop|24/7|all the time|day and night|night and"
          r" day|never (?:goes away|eases|lets up|stops|settles)|(?:doesn't|does not) (?:ease|go away|let up"
          r"|settle)|nothing (?:eases|helps|relieves|touches) it|no position (?:helps|is comfortable|eases it)"
          r"|(?:lying down|rest|resting|lying still|lying flat)\s+(?:doesn't|does not|makes no|don't|do not"
          r"|won't)\s+(?:help|ease|relieve|make (?:any )?difference)|not relieved by (?:rest|lying|anything)"
          r"|even (?:when|while) (?:i'?m )?(?:lying|resting|still))\b", who="any"),
    _rule("ca_not_improving",
          r"\b(?:not|isn't|isnt|hasn't|hasnt|haven't|no)\s+(?:getting\s+|got\s+|been\s+)?(?:any\s+)?(?:better"
          r"|improv\w*|easing|eased|improvement)\b|\bgetting (?:worse|progressively worse)\b|\bworse and worse\b"
          r"|\bworse every (?:day|week)\b|\bprogressively worse\b|\b(?:despite|even with|even after)\s+(?:\w+\s+)"
          r"{0,3}(?:physio\w*|exercises|rest|painkillers|treatment|chiropract\w+|osteopath\w*|massage|weeks"
          r"|months)\b", who="any"),
    _rule("ca_thoracic",
          r"\b(?:mid|middle|upper|thoracic)[- ](?:back|spine)\b|\bbetween (?:my |the )?shoulder blades\b"
          r"|\bthoracic\b", who="any"),
    _rule("ca_straining",
          r"\b(?:worse|hurts|agony|excruciating|pain|shoots?)\s+(?:\w+\s+){0,3}?(?:when|if|with|on)\s+(?:i\s+)?"
          r"(?:cough|sneeze|strain|straining|coughing|sneezing|go to the toilet|open my bowels)\b", who="any"),
    _rule("improving",
          r"\b(?:getting better|improving|improved|much better|a lot better|loads better|easing (?:off|up)?|eased"
          r"|settling|on the mend|better (?:each|every) day|almost gone|nearly gone|mostly gone|(?:already|a bit"
          r"|slightly|feeling) better|better (?:this morning|today|already)|loosen\w*(?: up| off)? (?:each|every)"
          r" day|(?:each|every) day (?:it's|it is) better)\b", who="any"),
    _rule("new_onset",
          r"\b(?:new|newly|never had (?:back )?(?:pain|problems|trouble|anything like (?:this|it))|first time|came"
          r" on (?:suddenly|recently|out of nowhere|a few|last|\d+)|(?:came on|started|began) (?:about |around "
          r"|roughly )?"
          r"(?:a|one|two|three|four|five|six|\d+) (?:days?|weeks?|months?) ago|with no injury"
          r"|for no (?:obvious )?reason|started (?:recently|suddenly|out of nowhere"
          r"|a few|last|this|\d+|about|around|two|three|four|five|six)|began (?:recently|a few|last|\d+)|out of"
          r" (?:nowhere|the blue)|for the (?:past|last) (?:few |couple of )?(?:days|weeks|\d+ weeks|two weeks"
          r"|three weeks|six weeks)|(?:\d+|two|three|four|five|six|a few|few|couple of) weeks ago)\b",
          negation=False, who="any"),
)

INFECTION_RULES = (
    # §2.4 / §2.8 fever, rigors, night sweats; the pointer (risk factor) decides infection vs systemic.
    _rule("fever",
          r"\b(?:fevers?|feverish|febrile|high temp(?:erature)?|(?:a|running a|got a|had a|with a|have a|spiking a"
          r"|spiked a) (?:temp|temperature)|temp(?:erature)?:? (?:of |was |is |at |around |about |up to )?(?:3[89]"
          r"|4[01])|3[89](?:\.\d)?\s*(?:°|degrees|c\b)"
          r"|hot and cold|chills|shivers|shivery|shivering|sweats and chills)\b",
          veto=_EXPLAINED_FEVER),
    _rule("rigors", r"\b(?:rigou?rs|uncontrollabl[ey] (?:shak|shiver)\w*|(?:shaking|shivering) uncontrollably"
                    r"|shaking (?:violently|all over)|shaking chills|shakes and chills|teeth (?:were )?chattering)\b"),
    _rule("night_sweats",
          r"\b(?:night sweats|sweat\w* (?:\w+ ){0,2}?(?:at night|in bed|in my sleep)|drenching sweats|(?:drench\w*"
          r"|soak\w*) (?:the |my )?(?:sheets|bed|pyjamas|pillow)"
          r"|drenched in sweat|soaked in sweat|soaking (?:the )?"
          r"(?:sheets|bed)|wak\w+ up (?:drenched|soaked|soaking|sweating)|sheets (?:are )?soaked)\b",
          veto=_EXPLAINED_FEVER),
    _rule("unwell",
          r"\b(?:generally unwell|feel(?:ing)? (?:generally |really |very |quite |so )?(?:unwell|ill|poorly)"
          r"|unwell in (?:myself|himself|herself)|not (?:feeling )?well in (?:myself|himself|herself)|flu-?like)\b"),
    _rule("very_unwell", r"\b(?:seriously ill|(?:very|really|extremely) (?:unwell|ill|poorly)|delirious|sepsis"
                         r"|septic|vomiting|not making sense|(?:is|he's|she's|i'm|been|seems?|getting|gone|become)"
                         r" (?:really |very |a bit |quite )?confused)\b"),
    _rule("ivdu", r"\b(?:inject(?:ing|s|ed)?\s+(?:drugs|heroin|crack|speed|meth)|iv drugs?|intravenous drugs?|ivdu"
                  r"|pwid|(?<!ex )(?<!ex-)heroin|(?:use|using|used) needles|shoot(?:ing)? up)\b"
                  r"|\binjects\b(?=\s*(?:[.,;!]|$|and\b"
                  r"|but\b))",
          veto=_veto(r"ex[- ]\w+|former|clean (?:for )?\d+|clean now|years clean|in recovery|recovered|used to")),
    _rule("immunosuppressed",
          r"\b(?:immunosuppress\w*|immunocompromised|weakened immune|biologics?|humira|adalimumab|etanercept"
          r"|enbrel|infliximab|remicade|rituximab|tocilizumab|methotrexate|azathioprine|mycophenolate|ciclosporin"
          r"|cyclosporine|tacrolimus|hiv|aids|transplant|prednisolone|prednisone|dexamethasone|(?:on|taking|take"
          r"|long[- ]term)\s+(?:oral\s+)?steroids)\b",
          veto=_NOT_SYSTEMIC_STEROID),
    _rule("diabetes", r"\b(?:diabet\w+|on insulin|metformin)\b", temporal=False),
    _rule("recent_infection",
          r"\b(?:utis?|urine infection|urinary (?:tract )?infection|water infection|kidney infection|bladder"
          r" infection|cystitis|pyelonephritis|boils?|abscess\w*|carbuncle|cellulitis|skin infection|infected"
          r" (?:cut|wound|tooth|toe)|dental (?:abscess|infection)|chest infection|pneumonia|bacterial infection"
          r"|infection)\b"),
    _rule("spinal_procedure",
          r"\b(?:spinal|back|lumbar|facet|epidural|nerve root|disc)\s+(?:surgery|operation|op|injections?"
          r"|procedure|block|fusion)\b|\b(?:discectomy|microdiscectomy|laminectomy|decompression|spinal fusion"
          r"|epidural|lumbar puncture|spinal tap|nerve block|facet injection|radiofrequency|denervation"
          r"|kyphoplasty|vertebroplasty)\b|\b(?:injections?|surgery|operation|op|procedure) (?:in|into|on) (?:my|his"
          r"|her|the) (?:lower |low )?(?:back|spine)\b"),
    _rule("wound",
          r"\b(?:wound|scar|incision|stitches|staples|injection site)\s+(?:\w+\s+){0,5}?(?:red|redness|hot|warm"
          r"|swollen|oozing|weeping|discharg\w*|pus|leaking|infected|open(?:ed)? up|smell\w*)\b|\b(?:red|hot"
          r"|swollen|oozing|weeping|infected|angry)\s+(?:\w+\s+)?(?:wound|scar|incision)\b|\bpus\b"),
    _rule("tb", r"\b(?:tb|tuberculosis)\b", who="any"),  # exposure to someone else's TB counts
)

SYSTEMIC_RULES = (
    # §2.8 unintentional weight loss (intentional loss is filtered across the whole message).
    _rule("weight_loss",
          r"\b(?:lost|losing|dropped|dropping|shed)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|more than"
          r"\s+)?(?:\d+(?:\.\d+)?\s*(?:kg|kgs|kilos?|lbs?|pounds|stone|st)\b|(?:a|one|two|three|half a|a couple"
          r" of|a few)\s+(?:stone|kilos?|pounds)|(?:(?:a lot of|a bit of|some|loads of|lots of|a load of|so much"
          r"|too much|a fair bit of|a significant amount of)\s+)?weight)|\bweight loss\b|\b(?:clothes|trousers"
          r"|jeans)\s+(?:are\s+|have\s+been\s+)?(?:hanging off|falling off|loose|too big)\b|\b(?:dropped|gone down"
          r"|lost) (?:a|one|two|\d+) (?:dress |trouser |jean |clothes? )?sizes?\b|\bgetting"
          r" (?:thinner|skinnier)\b"),
    # Sciatica or leg symptoms: no flag, but the safety-net questions get asked (§1, CKS).
    _rule("leg_symptoms",
          r"\b(?:sciatica|sciatic|leg pain|pain (?:down|into|in|through) (?:my |the |his |her )?(?:left |right )?"
          r"(?:leg|thigh|calf|foot)|shooting (?:pain )?(?:down|into)|radiat\w+ (?:down|into)|(?:numb\w*|tingl\w*"
          r"|pins and needles|weakness) (?:in|down) (?:my |his |her |the )?(?:left |right )?(?:legs?|foot|feet"
          r"|toes|calf|thigh)|trapped nerve|pinched nerve|nerve pain|disc (?:bulge|prolapse|herniation)|slipped"
          r" disc|herniated|bulging disc|prolapsed disc|radiculopathy|legs? (?:pain|numbness|tingling"
          r"|weakness))\b",
          who="any", hypothetical=False, temporal=False),
)

INTENTIONAL = re.compile(
    r"\b(?:diet\w*|on purpose|deliberately|trying to lose|tried to lose|slimming|weight ?watchers|ozempic|wegovy"
    r"|mounjaro|semaglutide|tirzepatide|saxenda|liraglutide|glp-?1|calorie\w*|intermittent fasting|fasting|keto"
    r"|low[- ]carb|gym|couch to 5k|c25k|healthy eating|eating healthier|eating better|cut out|cutting out|gastric"
    r"|bariatric|pleased|happy|proud|finally|goal|target|eating less|divorce|bereavement|break-?up"
    r"|weight loss (?:jab|injection|programme|plan|group"
    r"|journey)|personal trainer|lifestyle)\b")
UNINTENTIONAL = re.compile(
    r"\b(?:without (?:even )?trying|not (?:been |even )?(?:trying|dieting)|wasn't trying|haven't been trying"
    r"|unintentional\w*|unexplained|for no (?:obvious |apparent |particular )?reason|no idea why|(?:don't|can't)"
    r" explain|eating (?:normally|the same|as usual|as normal|more|loads|well)|haven't changed (?:my diet|anything"
    r"|what i eat)|despite eating|no appetite|lost my appetite|off my food)\b")

_AGE = re.compile(
    r"\b(?:i'?m|i am|he'?s|he is|she'?s|she is|aged?|age:?|is|turned|turning)\s+(?:now\s+|only\s+|just\s+"
    r"|nearly\s+|almost\s+)?(?P<a>\d{2})\b(?!\s*(?:kg|kgs|kilos?|lbs?|pounds|stone|st|%|cm|mm|minutes?|mins?"
    r"|hours?|hrs?|weeks?|days?|months?|miles?|km|times|percent|per|degrees|c\b|mg|out of|/|:|\.\d|am|pm))"
    r"|\b(?P<b>\d{2})\s*-?\s*(?:years?|yrs?|yr)\s*-?\s*old\b|\b(?P<c>\d{2})\s*(?:yo|y/o|m|f)\b"
    r"|\((?P<f>\d{2})\s*(?:m|f|yo|y/o)?\)|\b(?P<g>\d{2})\s*(?:anos|ans|jahre|jahren|lat|lata)\b"
    r"|\bin (?:my|his|her) (?:(?P<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
    r"|(?:early |mid |late )?(?P<e>[2-9]0)'?s)\b")
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
            "eighties": 80, "nineties": 90}

FEATURE_RULES = MALIGNANCY_RULES + INFECTION_RULES + SYSTEMIC_RULES


def age_of(ctx: Context) -> tuple[int, int, int] | None:
    """The age of whoever the message is about, with its span, if the message states one."""
    for m in _AGE.finditer(ctx.text):
        raw = m.group("a") or m.group("b") or m.group("c") or m.group("e") or m.group("f") or m.group("g")
        value = int(raw) if raw else _DECADES[m.group("d")]
        if 16 <= value <= 105 and ctx.experiencer(m.start() + 1) == ctx.subject:
            return value, m.start(), m.end()
    return None
