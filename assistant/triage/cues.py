"""Cue words the triage context checks look for: clause ends, negation, who, when, idioms (all on normalised text)."""

from __future__ import annotations

import re


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts))


def _words(block: str) -> list[str]:
    """A whitespace-separated word list, kept readable in the source."""
    return block.split()


WORD = re.compile(r"[a-z']+")
FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself|i'm|im|i've|ive|mine)\b")

SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"')\]]|$)|\n+|;")
# Negation and 'if' scope stops at these: "no bladder problems but it feels weird when I wipe".
CLAUSE_END = _rx(
    r"[.!?;:\n()]|\s-\s",
    r"\b(?:but|although|though|however|except|apart from|aside from|other than|whereas|yet|while|whilst"
    r"|tho|until|till|unlike|instead|besides|only|pero|aunque|mais|cependant|pourtant|aber|jedoch|sondern|ale"
    r"|lecz|jednak)\b",
    r",\s*(?=(?:and |so |then |but )?(?:i|i'm|im|i've|ive|i'd|it|it's|its|my|me|she|he|they|we|his|her"
    r"|their|our|you|this|that|there|now|then|suddenly|recently|lately|today|yesterday|since|also)\b)",
    r"\band\s+(?=(?:i|i'm|im|i've|ive|it|it's|my|she|he|they|we|his|her|their|now|then|also|yesterday"
    r"|today|since|recently|lately|suddenly)\b)",
)

NEGATION = _rx(
    r"\b(?:no|not|never|nor|neither|none|without|deny|denies|denied|nothing|nil|zero|free of|absence of"
    r"|negative for)\b",
    r"\b\w+n't\b",
    r"\b(?:cannot|dont|didnt|doesnt|havent|hasnt|hadnt|isnt|arent|wasnt|werent|wont|cant|couldnt)\b",
)
# NegEx-style: a negation only reaches the match across these words, so "no idea why my groin is
# numb" or "I can't sit long, my bum is numb" stay positive while "no numbness, tingling or
# problems with my bladder" is negated.
NEGATION_GAP_WORDS = frozenset(_words("""
    a an the any anything my his her their your our its of or and nor with in on at to from for about around
    down there here have has had having got get gets getting been be being is are was were am i i've ive i'm
    im he she they we he's she's noticed notice noticing noted experienced experience experiencing felt feel
    feeling feels suffered suffer suffering seen see sign signs symptom symptoms sort kind type new other
    further recent real really significant major obvious apparent evidence complaint complaints problem
    problems issue issues trouble troubles difficulty difficulties change changes loss numbness tingling
    weakness pain pains pins needles bladder bowel bowels urine waterworks leg legs foot feet saddle area
    groin bum bottom genital genitals sensation sensations altered reduced weird strange funny odd unusual
    actual definite yet ever so far currently at all much either neither think say said reported report
    mention mentioned describe complain complained whatsoever cauda equina ces incontinence bilateral both
    side sides control also too any' such like that numb tingly dizziness fever temperature sweats weight
    night chills shivers rigors history personal anaesthesia anesthesia paraesthesia paresthesia retention
    dysfunction weak incontinent leaking
"""))
POST_NEGATION = re.compile(
    r"\s*[:?,\-]*\s*(?:no\b(?!\s+(?:idea|clue|one|way|reason|doubt|longer|better))|none|nope|nil|negative|denied"
    r"|n/a|not that i(?:'ve| have)? (?:noticed|know(?: of)?)|none that i(?:'ve)? noticed|not really"
    r"|(?:was|were|has been|have been|been) (?:ruled out|excluded)|(?:(?:and|but) (?:i|he|she) (?:haven't|hasn't"
    r"|have not|has not|don't|doesn't|didn't)|(?:i'm|i am|he's|she's|it's) not)\b(?=\s*(?:[.,;:!?)]|$)))\b"
    r"|\s*[:?,\-]*\s*(?:(?:is|are|was|were|'s|'re|seems?|seem to be|feels?|remains?|has been|have been|stayed|both"
    r"|all|thankfully|fortunately|luckily|still|totally|completely|perfectly|absolutely|entirely|so far|seem"
    r"|appear|appears)\s+)*(?:fine|normal|ok|okay|good|unaffected|unchanged|intact|spared|alright|all right"
    r"|as normal|as usual|working (?:fine|normally|ok|well)|not affected|no problem|no problems|no issues"
    r"|no change|no different)\b"
)

HYPOTHETICAL = _rx(
    r"\bwhat if\b|\bin case\b|\bunless\b|\bto avoid\b|\bavoid(?:ing)?\b|\bprevent(?:ing)?\b",
    r"\bif (?:i|you|he|she|they|we|someone|somebody|anyone|one|ever)\b(?:\s+(?:ever|suddenly|start(?:ed)? to"
    r"|were to|did|do|should|then|also|later|at any point|later on))*\s+(?:get|got|gets|develop|develops"
    r"|start|starts|notice|noticed|notices|experience|experienced|lose|loses|lost|have|has|had|feel|felt"
    r"|feels|become|becomes|began|begin|can't|cannot|couldn't|wet|pee|go|went|were)\b",
    r"\b(?:warning|red) (?:signs?|flags?|symptoms?)\b|\b(?:signs?|symptoms?) (?:of|to (?:look|watch)|like"
    r"|such as)\b|\b(?:things|stuff) (?:like|such as|to (?:look|watch))\b",
    r"\bwatch(?:ing)? (?:out )?for\b|\blook(?:ing)? out for\b|\bkeep an eye (?:out )?(?:on|for)\b"
    r"|\bbe aware of\b|\bwarned (?:me|us|him|her) (?:about|of)\b|\bbe on the lookout\b",
    r"\b(?:could|can|does|do|would|will|might|may) (?:sciatica|it|this|that|back pain|a (?:slipped |herniated"
    r" |bulging )?disc|a prolapse|stenosis|my condition) (?:cause|lead to|give (?:you|me)|turn into"
    r"|result in|progress to|mean)\b",
    r"\b(?:worried|afraid|scared|frightened|terrified|concerned|anxious|paranoid|nervous|fear) (?:about|of)"
    r" (?:getting|developing|ending up|losing|having|becoming)\b",
    r"\b(?:worried|afraid|scared|frightened|terrified|concerned|anxious|paranoid|nervous) (?:that )?(?:i|it"
    r"|this|he|she) (?:might|will|could|may|'ll|would)\b|\b(?:might|could|may|will|would) (?:i|it|this|he"
    r"|she) (?:end up|develop|get|lead to|cause)\b|\b(?:i'll|i will|i might|i may) end up\b",
    r"\basked (?:me )?(?:if|whether|about)\b|\b(?:keeps?|kept|keep on) asking (?:me )?(?:if|whether|about)\b"
    r"|\bis it true\b|\bjust (?:curious|wondering)\b|\bout of curiosity\b"
    r"|\bwhat (?:does|do)\b(?=[^.!?\n]{0,60}\bmean\b)",
    r"\b(?:risk|chance|odds) of\b|\b(?:what|which) (?:are|is) (?:the )?(?:signs|symptoms|red flags|things)\b"
    r"|\bhow (?:would|do|will|can) (?:i|you|we) (?:know|tell) (?:if|when|whether)\b"
    r"|\bwhat (?:happens|would happen|should i do|do i do) (?:if|when)\b",
)

# A question about a named thing, with no person in it, is educational, not a report ("Is loss of
# bladder control always an emergency?"); "Is it normal to not feel the toilet paper?" is a report.
GENERIC_QUESTION = re.compile(r"\s*(?:is|are|does|do|can|could|would|will|should|what|when|how|why)\s+(?!it\b|it's"
                              r"|this\b|that\b|there\b|normal\b)[^?]*\?")
PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|mine|myself|he|she|his|her|him|they|their|them|we|our|us"
                    r"|you|your)\b")
# Idioms that contain symptom or crisis words; a match overlapping one is ignored (red-flags.md §3).
IDIOMS = tuple(map(re.compile, (
    r"\bpain in the (?:bum|butt|arse|ass|backside|neck|rear)\b|\b(?:is|are|it's|was|were|been|keeps?)"
    r" killing me\b|\bkilling me\b|\bkills me\b",
    r"\b(?:nearly|almost|practically|basically|near enough|about to) (?:wet|wee'?d|weed|pee'?d|peed"
    r"|pissed|soiled|shat|crapped) (?:myself|my (?:pants|knickers|trousers))\b",
    r"\b(?:wet|wee'?d|weed|pee'?d|peed|pissed|wetting|peeing) (?:myself|my pants|my knickers)"
    r" (?:laughing|with laughter|from laughing|with fear|in fear|in fright)\b",
    r"\blaugh(?:ing|ed)? so (?:hard|much) (?:that )?i (?:nearly |almost )?(?:wet|peed|pee'?d|wee'?d)"
    r" (?:myself|my pants)\b",
    r"\b(?:cabin|hay|spring|football|cup|world cup|saturday night|bieber|gold|election|jungle|wedding"
    r"|holiday) ?fever\b|\bfever pitch\b|\bfeverish(?:ly)? (?:excitement|pace|activity)\b",
    r"\blost (?:all |any )?(?:feeling|sense|sensation) (?:of|for) (?:motivation|time|direction|purpose"
    r"|humou?r|hope|joy|pleasure|smell|taste|reality)\b",
    r"\b(?:emotionally|mind[- ]?|mentally) numb\w*\b|\bnumb (?:to|with) (?:it|the (?:news|shock|grief)"
    r"|shock|grief|boredom|disbelief|fear)\b",
    r"\b(?:could|would|'d|will|'ll|gonna|going to|want to|wanna) (?:literally )?kill (?:him|her|them|you"
    r"|my (?:\w+))\b|\b(?:my \w+|he|she|they|mum|wife|husband|boss) (?:will|'ll|would|'d|is going to|gonna)"
    r" (?:literally )?kill me\b",
    r"\bkill(?:ing)? myself (?:laughing|at (?:the gym|work|training)|to (?:get|finish|make|keep)|over"
    r"|with (?:work|training|exercise))\b|\bkilling myself at\b|\b(?:i'?m |i am )?dying (?:to|for) \w+",
    r"\b(?:bored|scared|worried|frightened|tickled) (?:to death|stiff)\b|\bdie of (?:embarrassment|shame"
    r"|boredom|laughter)\b|\bto die for\b|\bdead (?:tired|on my feet|against|easy|set)\b"
    r"|\bover my dead body\b|\b(?:would|'d) rather die than\b|\bnearly died (?:laughing|of)\b",
    r"\bsuicide (?:squats?|runs?|drills?|sprints?|doors?|squad|shifts?|mission)\b|\bkiller (?:workout|class"
    r"|session|abs|legs)\b|\bkill (?:two birds|time|the pain)\b|\bpainkiller",
    r"\bcut(?:ting)? myself (?:some )?slack\b|\bcut myself (?:shaving|cooking|chopping|on|while|when"
    r"|with a knife while|gardening|in the kitchen)\b|\bhurt myself (?:lifting|at|doing|in|when|while"
    r"|playing|gardening|moving|carrying|exercising|bending|twisting|skiing)\b",
    r"\bcollapsed? (?:on|onto|into) (?:the |my |her |his |a )?(?:sofa|couch|bed|chair|armchair|heap)\b"
    r"|\bbetter off dead than (?!liv|be(?:ing)? (?:like|in)|carry|suffer|go(?:ing)? on|this)\w+|\bcrash diet\b"
    r"|\bfell off the wagon\b|\blike (?:i've|i have|it's|it has|i'd|i had|i was|i got|i've been|it's been|"
    r"being|having been|getting) (?:been |just )?(?:hit|run over|knocked down) by a (?:bus|truck|train|lorry|car)\b"
    r"|\bend of my tether\b|\bat my wits'? end\b",
    r"\bnumb bum\b(?= from| after)|\bmy (?:leg|foot|arm|legs|feet|bum) (?:fell|falls|went|goes) to sleep\b",
)))

_REL = (r"husband|hubby|wife|partner|spouse|other half|boyfriend|girlfriend|fiance|fiancee|mum|mom|mummy"
        r"|mother|mam|dad|daddy|father|son|daughter|child|kid|teenager|baby|toddler|brother|sister|sibling"
        r"|friend|mate|pal|bestie|grandma|granny|gran|nan|nana|nanna|grandmother|grandad|grandpa|granddad"
        r"|grandfather|grandson|granddaughter|aunt|auntie|aunty|uncle|cousin|niece|nephew|neighbour|neighbor"
        r"|colleague|coworker|co-worker|flatmate|housemate|roommate|in-law|mother-in-law|father-in-law"
        r"|stepmum|stepdad|stepson|stepdaughter|fella|missus")

MEDIA = re.compile(
    r"\b(?:on (?:the )?(?:tv|telly|news|radio)|tv (?:show|programme|program|drama|series)|(?:a|the|this)"
    r" (?:show|series|film|movie|novel|book|documentary|podcast|soap|drama|episode)|character|in (?:a|the)"
    r" (?:book|novel|film|movie|story|article|paper)|(?:read|watched|heard|seen) (?:about|an article|a story"
    r"|a post|a documentary|on the news|online|in the paper|that)|article|newspaper|lyrics|song"
    r"|case study|textbook|exam question|hypothetically|celebrity|footballer)\b"
)
# Who a symptom belongs to: the nearest cue before it wins; a pronoun defers to the noun it refers to.
# Single words are looked up in WHO_WORDS (a dict is much faster than one big regex); phrases are
# placed at their last character, so "I look after my mum" is nearer than the "mum" inside it.
WHO_WORDS: dict[str, str] = {
    **dict.fromkeys(["i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "myself", "mine"], "self"),
    **dict.fromkeys(_words("""
        he she his her him himself herself they them their themselves he's she's hes shes they're
    """), "pronoun"),
    **dict.fromkeys([w + s for w in _REL.split("|") if " " not in w for s in ("", "s")], "third"),
    **dict.fromkeys(_words("""
        patients clients dog dogs doggy puppy puppies pup cat cats kitty kitten horse horses pony rabbit bunny
        hamster pet pets parrot budgie ferret tortoise lizard vet vets labrador spaniel terrier collie
        dachshund greyhound retriever poodle pug someone somebody anyone anybody people
    """), "other"),
    **dict.fromkeys(_words("""
        character characters article newspaper lyrics song textbook hypothetically celebrity footballer
    """), "media"),
}
WHO_PHRASES = re.compile(
    r"(?P<media>" + MEDIA.pattern + r")"
    r"|(?P<other>\b(?:(?:a|my|our|the|one of my|one of our|an elderly|some) (?:patients?|clients?|residents?"
    r"|service users?|customers?)|care home|nursing home|on the ward|guinea pig|a (?:man|woman|guy|lady"
    r"|person|bloke|chap|girl|boy|lad|lass)|(?:(?:i|we) (?:help (?:to )?)?(?:care for|look after|nurse)"
    r"|(?:i'm|i am|we are) (?:a|the) carers? (?:for|to)|caring for|looking after|carer (?:for|to))(?: (?:my|our|an?"
    r"|the|elderly|disabled))*"
    r"(?: (?:" + _REL + r"|patients?|residents?|clients?|man|woman|lady|gentleman))?)\b)"
    r"|(?P<third>\b(?:other half|co-worker|step-(?:mum|dad|son|daughter))\b)"
)
POSSESSIVES = frozenset(["my", "our"])
# "my" marks the writer as the one with the symptom only before words like these, not "my office".
BODY_WORDS = frozenset(_words("""
    back spine bladder bladdder bowel bowels bum butt bottom backside legs leg feet foot groin privates bits genitals
    penis vagina pee wee urine waterworks hip hips knee knees neck sciatica pain pains symptoms balance toe toes thigh
    thighs calf calves body muscles muscle stomach tummy belly chest arm arms hand hands head skin temperature weight
    appetite sleep stream flow sensation feeling side sides lower left right own whole saddle inner pelvis pelvic
    buttock buttocks cheeks bum's poo stool stools ankle ankles shin shins heel heels
"""))
# Someone the writer cares for ("my mum, who I look after, is incontinent") is not the person asking.
CARED_FOR = re.compile(r"\b(?:(?:i|we) (?:help (?:to )?)?(?:care for|look after|nurse|am (?:his|her|their) carer)"
                       r"|(?:i'm|i am) (?:his|her|their|a|the) carer|caring for|looking after)\b")
# Whose back the message is about: "my husband's back…", "writing on behalf of my mum".
THIRD_PARTY_LOOSE = re.compile(
    r"\b(?:my|our)\s+(?:\w+\s+)?(?:" + _REL + r")(?:'s)?[\s,]+(?:[\w']+[\s,]+){0,8}?(?:back|sciatica|spine"
    r"|disc|lumbago)\b")
THIRD_PARTY_SUBJECT = re.compile(
    r"\b(?:my|our)\s+(?:\w+\s+)?(?:" + _REL + r")'s (?:lower |low |upper |bad )?(?:back|sciatica|spine)\b"
    r"|\b(?:writing|asking|emailing|enquiring|messaging|contacting you) (?:for|on behalf of"
    r"|about) (?:(?:my|our)\s+(?:\w+\s+)?(?:" + _REL + r")|him|her|them)\b|\b(?:worried|concerned|scared"
    r"|frightened) (?:about|for) (?:my|our)\s+(?:\w+\s+)?(?:" + _REL + r")\b|\bit'?s (?:actually )?(?:for )?my"
    r" (?:" + _REL + r")\b"
)
# Weaker: "his back", "her sciatica" make the message about someone else only if the writer never
# mentions their own back (a ward patient's spine in a nurse's email does not).
THIRD_PARTY_BACK = re.compile(r"\b(?:his|her) (?:lower |low |upper |bad )?(?:back|sciatica|spine)\b")
PAIN_WORD = re.compile(r"\b(?:back|sciatica|spine|pain|painful|hurts?|aches?|aching|sore|numb\w*|feel|wee|pee"
                       r"|bladder|bowels?|legs?|walk\w*|weak\w*|symptoms?)\b")
I_PRONOUN = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|myself)\b")
SELF_SUBJECT = re.compile(
    r"\b(?:my|i have|i've got|ive got|i've had|i have had|i get|i suffer (?:from|with)|i hurt|i injured"
    r"|i strained|i put|i did)\s+(?:(?:lower|low|upper|bad|sore|painful|chronic|own|a|my)\s+)*(?:back"
    r"|sciatica|spine|neck|lumbago)\b"
)

CURRENT = re.compile(
    r"(?<!fine )(?<!okay )(?<!ok )(?<!better )(?<!gone )(?<!normal )(?<!well )(?<!clean )(?<!sober )(?<!over )"
    r"\bnow\b|\b(?:currently"
    r"|at the moment|at present|still|again|recently|lately|this (?:week|morning|evening|afternoon|month)"
    r"|today|tonight|yesterday|last (?:night|week)|since (?:yesterday|last|this|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|the weekend|then)|(?:\d+|a few|few|couple of|a couple of|two|three"
    r"|four|five) days? ago|(?:past|last) (?:few |couple of )?(?:days|week|weeks|24 hours|48 hours)"
    r"|returned|come back|came back|coming back|back again|recurr\w*|getting worse|started again)\b"
)
DISTANT_PAST = re.compile(
    r"\b(?:(?:\d+|a few|few|several|many|some|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty"
    r"|thirty|a couple of|couple of) (?:years?|yrs?|decades?) ago|years ago|decades ago|(?:last|the"
    r" previous) year|as a (?:child|kid|teenager|teen|student|baby|toddler|young (?:man|woman))|when i was"
    r" (?:young|younger|little|small|a (?:child|kid|teenager|teen|student|baby)|\d+|in my|at (?:school|uni"
    r"|university|college)|pregnant)|in my (?:teens|twenties|20s|thirties|30s)|back in (?:(?:19|20)\d\d"
    r"|the day|my)|(?:in|was|back in) (?:19\d\d|200\d|201\d)|long (?:gone|since|ago|time ago)"
    r"|(?<!like i )used to (?:have"
    r"|get|suffer|wet|be)|died|passed away|(?:months|years) back|old (?:\w+ )?(?:injury|fracture|break|accident"
    r"|crash))\b"
)
RESOLVED = re.compile(
    r"\b(?:(?:that|this|it|which) was (?:in |back in )?(?:19\d\d|200\d|201\d|years ago|ages ago|a long time ago)"
    r"|long gone|all gone|gone now|went away|gone away|cleared up|clear(?:ed)? up|resolved"
    r"|disappeared|passed(?! out| urine| water| wind| stool| blood| a )|went back to normal|back to normal"
    r"|fully recovered|recovered|got better|better now|fine now|not since|haven't had (?:it|one|any) since"
    r"|never came back|didn't come back|didn't last|wore off|gone within|only lasted|settled (?:down )?"
    r"(?:completely|fully|since|after|within))\b"
)
NOT_BEFORE = re.compile(r"(?:\bnot|\bnever|\bno|\bnothing|n't|\bhasnt|\bhavent|\bwont|\bdidnt|\bdoesnt|\bisnt)\s+"
                        r"(?:\w+\s+)?$")

CHRONIC_CONDITION = re.compile(
    r"\b(?:stress incontinence|overactive bladder|ibs|irritable bowel|enlarged prostate|tamsulosin|finasteride"
    r"|urologist says|prostate (?:problems"
    r"|issues|trouble)|bph|neuropathy|pelvic floor (?:physio|exercises|weakness|problems)|(?:known|diagnosed"
    r"|treated|managed|monitored|investigated|assessed|checked|seen) (?:by|with|at) (?:my |the |a )?(?:gp"
    r"|doctor|consultant|urologist|gyn(?:a)?ecologist|continence|specialist|neurologist|hospital|clinic"
    r"|team))\b"
)
# Leaking only on coughing, sneezing or jumping is usually stress incontinence (red-flags.md §3).
STRESS_LEAK = re.compile(r"\b(?:(?:when|if|as) i (?:cough|sneeze|laugh|jump|run|lift|exercise|skip)|coughing"
                         r"|sneezing|laughing|trampolin\w*)\b")
CHRONIC_DURATION = re.compile(
    r"\b(?:for (?:years|ages|decades|many years|most of my life|as long as i can"
    r" remember|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|several|many|a few|a couple of)"
    r" (?:years|decades))|since (?:having|giving birth|childbirth|my (?:kids|children|son|daughter|baby"
    r"|babies|pregnanc\w*|first|second|third|last)\b|i was (?:a child|young|little|a kid|a teenager)|birth"
    r"|the birth)|always (?:been|had)|long[- ]standing|lifelong|residual|unchanged|hasn't changed"
    r"|has not changed|same as (?:ever|always|before)|stable for)\b"
)
CHANGED = re.compile(
    r"(?<!nothing )(?<!no )(?<!not )\b(?:new|newly|worse|worsening|worsened|getting worse|changed|different"
    r"|since (?:the|my) (?:back|sciatica|fall|accident|op|operation|surgery)|recent(?:ly)?|sudden(?:ly)?|lately"
    r"|last (?:week|few"
    r" days|couple of days|night)|(?:this|past|last) (?:week|month|few weeks)|now|completely|started"
    r"|starting|began|more than usual|more often|first time|in the (?:last|past) (?:few )?(?:days|weeks)"
    r"|(?:\d+|a few|few|couple of|two|three) (?:days|weeks) ago|out of nowhere|overnight|anymore"
    r"|any more)\b"
)
# Only "now", "since…" or a persisting symptom undo a positional cause ("walked 20 miles yesterday").
POSITIONAL_UNDONE = re.compile(r"\b(?:now|since|days? ago)\b")
POSITIONAL = re.compile(
    r"\b(?:cross(?:ed|ing)? (?:my |his |her )?legs|legs crossed|(?:sitting|sat|sit) (?:on the (?:toilet|loo)"
    r"|for (?:too long|ages|hours|a long time|long periods|a while)|too long|on (?:a hard|hard)"
    r"|cross-legged)|long (?:drive|car journey|flight|bike ride|ride|cycle|train journey)|bike|bicycle"
    r"|cycling|cycle ride|spin(?:ning)? class|peloton|saddle sore|horse ?riding|(?:went|goes|wore|wears"
    r"|wearing) off|(?:within|after) (?:a (?:few )?(?:minutes?|mins?|seconds?)|(?:an|half an|one) hour"
    r"|\d+ (?:minutes?|mins?|seconds?))|once i (?:stand|get up|move|walk)|when i (?:stand up|get up|move)"
    r"|fell asleep|falls asleep|gone to sleep|goes to sleep)\b"
)
# Tired or aching legs after exercise are not bilateral sciatica.
EXERTION = re.compile(
    r"\b(?:leg day|training for a (?:marathon|half marathon|race|triathlon)|after (?:(?:a |my |the |long |big |hard )?"
    r"(?:runs?|running|walks?|hikes?|hiking|rides?|training|workouts?|sessions?|games?|matches|football|squats"
    r"|gym|marathon))|walked \d+ (?:miles|km|kilometres)|(?:after|from) (?:walking|hiking|the walk|the hike|the run"
    r"|the race|a marathon|a ride|the gym))\b"
)
LEGS_POSITIONAL = re.compile(POSITIONAL.pattern + "|" + EXERTION.pattern)
PERSISTS = re.compile(
    r"\b(?:hasn't gone|has not gone|not gone|won't go|doesn't go|does not go|didn't go|still|persist\w*"
    r"|constant(?:ly)?|all the time|all day|for (?:\d+|a few|several|two|three|four|five) (?:days|weeks)"
    r"|days later|ever since|every day|not wearing off|isn't wearing off|hasn't worn off|even (?:when"
    r"|after) (?:i )?(?:stand|standing|get up|getting up|move|moving|walk|walking))\b"
)
