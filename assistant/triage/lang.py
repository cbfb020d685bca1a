"""Language guess and the emergency patterns for Spanish, French, German and Polish messages (normalised text).

Only the emergencies are covered in these languages: cauda equina (saddle numbness, bladder/bowel
control, both legs) and self-harm. Anything else in a non-English message cannot be interpreted, so
when such a message uses medical words the assistant never stays silent: it adds a safety-net
message, in English and the detected language, saying to seek urgent care for saddle numbness,
bladder/bowel problems or thoughts of self-harm (see triage.assess).
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.triage.context import Rule
from assistant.triage.lang_features import FEATURE_RULES

_STOPWORDS = {
    "en": "the and is it of in have with that for but not was this my i'm i've you are been be at had from when"
          " can about what should would has very back pain leg legs since",
    "es": "el los las del que y un una es con por para pero como muy tengo cuando desde hace estoy esta este"
          " dolor espalda pierna piernas tambien ya sin mucho hay tiene",
    "fr": "le les des du et je j'ai est pas une un avec pour dans qui ne au mais mal dos depuis suis ai mon mes"
          " tres jambe jambes aussi plus j'",
    "de": "der das und ich mein meine ist nicht mit ein eine einen habe seit auch aber im auf zu den dem es rucken"
          " schmerzen bein beine sehr wenn",
    "pl": "w nie na sie mam jest do ze jak od mnie moj moja bardzo ale po kregoslup bol juz noga nogi plecy tez"
          " oraz czy mi",
    # Decoys: Italian, Portuguese and Dutch messages are "other", not Spanish or German.
    "it": "il lo gli di che non sono ho molto schiena dolore gamba alla della nel sulla anche mio mia",
    "pt": "os um para com nao estou tenho muito dor costas perna minha meu tambem",
    "nl": "het een van ik mijn niet met op zijn heb ook maar rug pijn been erg",
}
# Words that are also everyday English ("do you do video calls") never count for another language.
_ENGLISH_TOO = frozenset(["do", "a", "i", "on", "in", "to", "die", "me", "no", "so"])
_WORDS = {lang: frozenset(words.split()) - (_ENGLISH_TOO if lang != "en" else frozenset())
          for lang, words in _STOPWORDS.items()}
_TOKEN = re.compile(r"[a-z']+")
_LETTER = re.compile(r"[^\W\d_]")

# Medical-ish roots across European languages (and a few in other scripts) for the safety-net fallback.
MEDICAL = re.compile(
    r"dolor|dolore|\bdor\b|douleur|schmerz|\bbol\b|\bbolu|\bboli|bolesn|pijn|smert|ciatic|sciati|ischias|kulszow"
    r"|espalda|schiena|costas|\bdos\b|rucken|kregoslup|plecy|plecow|\brug\b|lumb|lomb|hernia|hernie|bandscheib"
    r"|dyskopat|disco|disque|pierna|gamba|jambe|\bbein|\bnog[ai]?\b|perna|vejiga|vessie|blase|pecherz|vescica"
    r"|bexiga|blaas|orina|urine|urin|mocz|adormec|entumec|engourd|taub|dretw|formicol|intorpid|dorment|hormig"
    r"|fourmill|kribbel|mrowien|medic|doctor|docteur|arzt|lekarz|urgenc|urgence|notaufnahme|pogotow|fiebre"
    r"|fievre|fieber|goraczk|febbre|febre|koorts|suicid|samoboj|selbstmord|morir|mourir|sterben|umrzec|cancer"
    r"|krebs|\brak\b|tumor|tumeur|nowotw|incontin|nietrzym|inkontin|genital|perine|krocz|damm|"
    r"боль|болит|спин|ног|поясниц|ألم|ظهر|痛|腰|背")


# Below this many words a message without English stopwords is still taken as English
# (first run on tests/data/short_english.txt: 107 of 280 short English lines read as foreign).
SHORT_WORDS = 8


def detect_language(norm: str) -> str:
    """'en', 'es', 'fr', 'de', 'pl', or 'other' (another language, or too short to tell) from stopwords."""
    letters = _LETTER.findall(norm[:5000])
    if letters and sum(not ("a" <= c <= "z") for c in letters) > 0.5 * len(letters):
        return "other"
    counts = Counter(_TOKEN.findall(norm[:20000]))
    scores = {lang: sum(counts[w] for w in words.intersection(counts)) for lang, words in _WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if best != "en" and scores[best] >= 2 and scores[best] > scores["en"]:
        return best if best in ("es", "fr", "de", "pl") else "other"
    # A short message with no sign of another language is English, the site's language: "foam roller ok?"
    # has no English stopword either. Only a longer message with none at all reads as another language.
    return "other" if scores["en"] == 0 and sum(counts.values()) >= SHORT_WORDS else "en"


def _rule(lang: str, key: str, *patterns: str, **options: object) -> Rule:
    # The English cue checks run too: they cost nothing here and catch mixed-language messages.
    return Rule(key, tuple(map(re.compile, patterns)), lang=lang, chronic=True, **options)  # type: ignore[arg-type]


def _saddle(sens: str, region: str) -> str:
    return rf"\b{sens}\b[^.!?\n]{{0,50}}?\b{region}\b|\b{region}\b[^.!?\n]{{0,50}}?\b{sens}"


def _both_legs(legs: str, symptom: str) -> str:
    return rf"\b{symptom}[^.!?\n]{{0,40}}?\b{legs}\b|\b{legs}\b[^.!?\n]{{0,50}}?\b{symptom}"


_SH = {"who": "self_harm", "hypothetical": False}
# Both legs, or "my legs" (plural), in each language.
LEGS_ES = r"(?:(?:ambas|las dos|mis|sus) piernas)"
LEGS_FR = r"(?:(?:les|mes|aux|ses|leurs|des) deux jambes|(?:mes|ses) jambes)"
LEGS_DE = r"(?:beide(?:n)? beine(?:n)?|(?:meine|seine|ihre) beine)"
LEGS_PL = r"(?:(?:obie|obu|obydwie|obydwu|dwie|dwoch) nog\w*|(?:moje|jego|jej) nogi)"

# red-flags.md §2.1 (CES) and §2.9 (self-harm), per language; words are accent-folded and lower-case.
RULES: dict[str, tuple[Rule, ...]] = {
    "es": (
        _rule("es", "ces_saddle", _saddle(
            r"(?:adormecid[oa]s?|adormecimiento|entumecid[oa]s?|entumecimiento|dormid[oa]s?|hormigueos?|acorchad[oa]s?"
            r"|sin sensibilidad|sin sensacion|perdida de (?:la )?sensibilidad|insensibilidad|no (?:siento|siente|noto"
            r"|nota)"
            r"|sensacion (?:rara|extrana))",
            r"(?:genitales|zona genital|zona intima|partes intimas|entrepierna|ingles?|perine\w*|ano|zona anal|nalgas"
            r"|trasero|culo|gluteos|silla de montar|ahi abajo|vagina|pene|testiculos)"),
            r"\bno (?:siento|siente|noto|nota)\s+(?:nada\s+)?(?:el papel\s+)?(?:al|cuando (?:me|se))\s+limpi\w*"),
        _rule("es", "ces_sphincter",
              r"\bno\s+(?:puedo|consigo|logro|puede|consigue|logra)\s+(?:controlar|aguantar"
              r"|retener)\s+(?:bien\s+)?(?:la\s+"
              r"|el\s+|los\s+|las\s+|mi\s+|mis\s+|su\s+|sus\s+)?(?:orina|pis|vejiga|esfinteres?|heces|intestino|caca)",
              r"\bno\s+(?:controlo|controla)\s+(?:bien\s+)?(?:la\s+|el\s+|los\s+|las\s+|mi\s+|mis\s+|su\s+|sus\s+)?"
              r"(?:orina|pis|vejiga|esfinteres?|heces|intestino)",
              r"\b(?:perdida|perdido|pierdo|pierde)\s+(?:(?:el|del|de)\s+)?(?:control\s+(?:de\s+)?(?:la\s+|los\s+"
              r"|mi\s+)?)?(?:orina|vejiga|esfinteres?|heces|intestino)",
              r"\bincontinencia\b|\bretencion (?:de )?orina\b|\bproblemas (?:para|al) orinar\b",
              r"\bme\s+(?:hago|he hecho|hice|estoy haciendo)\s+(?:pis|pipi|caca)|\bme\s+(?:orino|orine|he orinado"
              r"|meo|meado|he meado|cago|cague|he cagado)\s+encima",
              r"\bno\s+(?:puedo|consigo|puede|consigue)\s+(?:orinar|hacer pis|mear|vaciar la vejiga)"
              r"|\bme cuesta (?:mucho )?(?:orinar|hacer pis|mear|empezar a orinar)",
              r"\bno\s+(?:noto|nota|siento|siente|se|sabe)\s+(?:cuando|si)\s+(?:tengo\s+)?(?:la vejiga llena"
              r"|ganas de (?:orinar|hacer"
              r" pis|ir al bano)|estoy orinando)"),
        _rule("es", "ces_bilateral", _both_legs(LEGS_ES, r"(?:dolor|ciatica|hormigue\w*|entumec\w*|adormec\w*"
                                                   r"|dormidas|no (?:las )?siento)")),
        _rule("es", "ces_bilateral_weak", _both_legs(LEGS_ES, r"(?:debil\w*|flojas|fallan)")),
        _rule("es", "self_harm_emergency",
              r"\b(?:quiero|voy a|he decidido|estoy a punto de|pienso)\s+(?:\w+\s+)?(?:suicidarme|matarme|quitarme"
              r" la vida|acabar con (?:mi vida|todo)|morir(?:me)?)\b|\bme he cortado\b|\bautolesion\w*|\bsobredosis"
              r"|\b(?:guardando|acumulando|juntando|guardad[oa]s|acumulad[oa]s"
              r"|escondid[oa]s) (?:\w+ ){0,2}?(?:pastillas"
              r"|pildoras|medicamentos|comprimidos)|\bcartas? de despedida", **_SH),
        _rule("es", "self_harm_letters", r"\b(?:escrito|escribi|escribiendo) (?:unas |las |una )?cartas? (?:para|a)"
                                         r" (?:mis|mi) (?:hijos|hijas|familia|mujer|marido|padres)\b", **_SH),
        _rule("es", "self_harm_urgent",
              r"\bpensamientos suicidas|\bpensando en (?:suicidarme|quitarme la vida|matarme|acabar con (?:todo"
              r"|mi vida))|\bpienso en (?:suicidarme|el suicidio|la muerte|morir|matarme)|\bno quiero"
              r" (?:seguir )?vivi(?:r|endo)|\b(?:estarian|estaria|estarias) mejor sin mi|\bno (?:vale"
              r"|merece) la pena vivir"
              r"|\bno tiene sentido (?:vivir|seguir)|\bsoy una carga", **_SH),
    ),
    "fr": (
        _rule("fr", "ces_saddle", _saddle(
            r"(?:engourdi\w*|fourmillements?|fourmis|insensible|perte de (?:la )?sensibilite|ne sens (?:plus|pas|rien)"
            r"|plus de sensation|aucune sensation|sensation (?:bizarre|etrange)|anesthesie)",
            r"(?:parties (?:genitales|intimes)|organes genitaux|sexe|entrejambe|perinee|anus|fesses|aine|selle|cuisses"
            r"|la en bas|vagin|penis|testicules|bourses)"),
            r"\bsens\s+(?:plus\s+|pas\s+|rien\s+)+(?:\w+\s+){0,2}?(?:quand|lorsque|en)\s+(?:je\s+)?m'essuy?\w*",
            r"\bcomme si (?:j'etais|je suis|j'etais) assise? sur une selle"),
        _rule("fr", "ces_sphincter",
              r"\b(?:perte|perdu)\s+(?:(?:de|du|le)\s+)?(?:controle\s+(?:de\s+)?(?:la\s+|ma\s+|mes\s+|des\s+)?)?"
              r"(?:vessie|urines?|selles|intestins|sphincters?)",
              r"\b(?:peux|arrive|controle)\s+(?:plus|pas)\s+(?:a\s+)?(?:controler|retenir|garder)?\s*(?:ma\s+|mes\s+"
              r"|la\s+|les\s+|mon\s+)?(?:vessie|urines?|selles|intestins|sphincters?)",
              r"\bretention (?:d'urine|urinaire)\b|\bfuites? (?:urinaires?|d'urine)",
              r"\b(?:me suis fait|me fais|fait|fais)\s+pipi (?:dessus|sur moi)|\b(?:urine|fait) (?:sur moi|dans"
              r" (?:mon|ma) (?:pantalon|culotte|lit))|\b(?:n'arrive|ne peux|impossible d')\s*(?:pas\s+"
              r"|plus\s+)?(?:a\s+)?uriner\b",
              r"\bne\s+sens\s+(?:plus|pas)\s+(?:quand|si)\s+(?:ma\s+)?vessie\s+est\s+pleine|\bne\s+sens\s+(?:plus|pas)"
              r"\s+(?:quand j'ai besoin d'|l'envie d'|le besoin d')(?:uriner|aller (?:a la selle|aux toilettes))"),
        _rule("fr", "ces_bilateral", _both_legs(LEGS_FR, r"(?:douleurs?|sciatique|engourdi\w*|fourmill\w*)")),
        _rule("fr", "ces_bilateral_weak", _both_legs(LEGS_FR, r"(?:faibless\w*|faibles?|paralys\w*|lache\w*)")),
        _rule("fr", "self_harm_emergency",
              r"\b(?:veux|vais|compte|ai decide de)\s+(?:me suicider|me tuer|mettre fin a (?:mes jours|ma vie)"
              r"|en finir|mourir)|\bj'ai envie de mourir|\bme suis (?:coupee?|scarifiee?|mutilee?)|\bscarif\w+"
              r"|\bsurdose|\b(?:stocke|garde|accumule) (?:des |mes )?(?:medicaments|cachets|comprimes)"
              r"|\blettre d'adieu|\bpour en finir\b|\bcombien de (?:comprimes|cachets|medicaments)", **_SH),
        _rule("fr", "self_harm_urgent",
              r"\bidees? (?:suicidaires|noires)|\bpense (?:au suicide|a me suicider|a en finir|a mourir)|\bplus envie"
              r" de vivre|\b(?:vois|voit) (?:plus|pas) l'interet de vivre|\ba quoi bon vivre|\bmieux sans moi"
              r"|\bla vie ne vaut (?:pas|plus) la peine|\bje suis un fardeau|\bsuicidaire",
              **_SH),
    ),
    "de": (
        _rule("de", "ces_saddle", _saddle(
            r"(?:taub\w*|kribbel\w*|ameisenlaufen|gefuhllos\w*|kein gefuhl|keine empfindung|gefuhlsstorung\w*"
            r"|empfindungsstorung\w*|pelzig\w*|eingeschlafen)",
            r"(?:genitalbereich|genitalien|intimbereich|schritt|damm|after|anus|po|gesa(?:ß|ss|s)|reithose\w*"
            r"|untenrum|leiste\w*|scheide|penis|hoden|zwischen den beinen)"),
            r"\breithosenan(?:a)?sthesie\b|\b(?:beim|nach dem) abwischen\s+(?:\w+\s+){0,2}?(?:nichts|kaum)"),
        _rule("de", "ces_sphincter",
              r"\b(?:kann|konnte)\s+(?:\w+\s+){0,3}?(?:blase|urin|wasser|stuhl|stuhlgang|darm)\s+(?:\w+\s+)?nicht"
              r"\s+(?:mehr\s+)?(?:kontrollieren|halten)",
              r"\b(?:verlust der|keine kontrolle (?:mehr )?uber (?:die |meine |den |meinen )?)(?:blase"
              r"|blasenkontrolle|darm|darmkontrolle|stuhl)",
              r"\binkontinen\w+|\bharnverhalt\w*|\beingenasst|\bin die hose (?:gemacht|gepinkelt|uriniert)",
              r"\bkann\s+(?:\w+\s+){0,4}?nicht\s+(?:mehr\s+)?(?:urinieren|pinkeln|wasserlassen|wasser lassen)",
              r"\bnicht mehr (?:gepinkelt|uriniert|wasser gelassen)\b",
              r"\b(?:spure|merke|fuhle)\s+(?:\w+\s+)?nicht\s+(?:mehr\s*)?,?\s*(?:wann|ob)\s+(?:meine\s+)?blase"
              r"\s+voll"),
        _rule("de", "ces_bilateral", _both_legs(LEGS_DE, r"(?:schmerz\w*|ischias|taub\w*|kribbel\w*)")),
        _rule("de", "ces_bilateral_weak", _both_legs(LEGS_DE, r"(?:schwach\w*|lahm\w*|gelahmt|knicken)")),
        _rule("de", "self_harm_emergency",
              r"\b(?:will|werde|mochte|plane)\s+(?:\w+\s+){0,2}?(?:mich umbringen|mir das leben nehmen|sterben"
              r"|selbstmord begehen|mich toten)|\bich bringe mich um\b|\b(?:suizid|selbstmord)versuch"
              r"|\britze mich|\bhabe mich (?:geritzt|selbst verletzt)|\bselbstverletz\w*|\buberdosis"
              r"|\btabletten (?:gesammelt|gehortet|sammeln)|\babschiedsbrief\w*", **_SH),
        _rule("de", "self_harm_urgent",
              r"\b(?:suizid|selbstmord)gedanken|\bsuizidal|\bnicht mehr leben|\bohne mich besser|\bleben (?:hat )?"
              r"keinen sinn|\b(?:denke|gedanken)\s+(?:\w+\s+)?(?:an|uber) (?:suizid|selbstmord|den tod|das sterben)"
              r"|\bwill nicht mehr\b|\bbin (?:nur )?eine last|\bnicht mehr (?:aufzuwachen|aufwachen)", **_SH),
    ),
    "pl": (
        _rule("pl", "ces_saddle", _saddle(
            r"(?:dretw\w*|zdretwia\w*|odretwien\w*|mrowien\w*|mrowi|bez czucia|brak czucia|nie czuje|stracil\w* czucie"
            r"|utrata czucia|zaburzenia czucia)",
            r"(?:krocz\w*|genitali\w*|narzad\w* plciow\w*|okolic\w* intymn\w*|miejsc\w* intymn\w*|odbyt\w*|posladk\w*"
            r"|pachwin\w*|tam na dole|siodl\w*|pupie|pupa|tylek|tylku|miedzy nogami|penis\w*|pochw\w*|jad(?:er|ra))"),
            r"\bnie czuje\s+(?:nic\s+)?(?:przy|podczas|kiedy sie)\s+podciera\w*"),
        _rule("pl", "ces_sphincter",
              r"\bnie\s+(?:moge|moze|potrafie|umiem)\s+(?:\w+\s+)?(?:kontrolowac|utrzymac|powstrzymac)\s+(?:\w+\s+)?"
              r"(?:moczu|pecherz\w*|stolca|kalu|zwieraczy)",
              r"\b(?:nietrzymanie|utrata kontroli nad|brak kontroli nad|stracil\w* kontrole nad)\s+(?:\w+\s+)?"
              r"(?:moczu|pecherz\w*|stolca|kalu|zwieraczami|jelit\w*)",
              r"\b(?:po|ze|z)sikal\w* sie|\bpopuszczam\b|\bzmoczyl\w* sie|\bzrobil\w* (?:pod siebie|w majtki)",
              r"\bnie\s+(?:moge|moze|potrafie)\s+(?:\w+\s+)?(?:oddac moczu|sie wysikac|siusiac|sikac|oddawac moczu)",
              r"\bnie\s+czuje\s*,?\s*(?:kiedy|czy)\s+(?:mam\s+)?(?:pelny pecherz|pecherz jest pelny|chce mi sie"
              r" siku)|\bnie\s+czuje\s*,?\s*kiedy\s+(?:musze|chce)\s+(?:isc\s+)?(?:do toalety|siku|na dwojke"
              r"|zrobic kupe)"
              r"|\bdo toalety[^.!?\n]{0,60}?\bnie zdazyl\w*|\bnie zdazyl\w* do toalety|\bzatrzymanie moczu"
              r"|\bnie\s+czuje\s+(?:\w+\s+)?(?:pecherza|parcia na mocz|potrzeby oddania)"),
        _rule("pl", "ces_bilateral", _both_legs(LEGS_PL, r"(?:bol\w*|rwa|dretw\w*|mrowi\w*|nie czuje)")),
        _rule("pl", "ces_bilateral_weak", _both_legs(LEGS_PL, r"(?:slab\w*|bezwlad\w*|sparalizow\w*|uginaja)")),
        _rule("pl", "self_harm_emergency",
              r"\b(?:chce|zamierzam|mam zamiar|planuje|zaraz)\s+(?:\w+\s+)?(?:sie zabic|zabic sie|odebrac sobie zycie"
              r"|skonczyc ze soba|umrzec|popelnic samobojstwo)|\bsamookalecz\w*|\b(?:tne|pocielam|pocialem) sie\b"
              r"|\bprzedawkow\w*|\bzbieram (?:tabletki|leki)|\blist pozegnalny|\bprob\w* samobojcz\w*", **_SH),
        _rule("pl", "self_harm_urgent",
              r"\bmysli samobojcze|\bmysle o (?:samobojstwie|smierci|zabiciu sie)|\bnie chce (?:juz )?zyc|\blepiej"
              r" (?:by bylo |bedzie )?beze mnie|\bzycie nie ma sensu|\bnie ma sensu zyc|\bjestem ciezarem", **_SH),
    ),
}

_NEGATION: dict[str, re.Pattern[str]] = {
    "es": re.compile(r"\b(?:no (?:tengo|tiene|he tenido|ha tenido|hay|presento|presenta)|sin|ningun[oa]?|nada de"
                     r"|tampoco|ni)\b"),
    "fr": re.compile(r"\b(?:pas de|pas d'|aucun\w*|sans|ni|jamais|n'ai pas|n'a pas)\b"),
    "de": re.compile(r"\b(?:kein\w*|ohne|nie|niemals|weder|nicht)\b"),
    "pl": re.compile(r"\b(?:nie mam|nie ma|nie mial\w*|bez|brak|zadn\w+|ani|nigdy)\b"),
}
_HYPOTHETICAL = {
    "es": re.compile(r"\b(?:que pasa si|y si|si (?:tengo|pierdo|noto|siento|empiezo)|senales de|sintomas de)\b"),
    "fr": re.compile(r"\b(?:et si|que faire si|si (?:je|j')|signes? de|symptomes? de)\b"),
    "de": re.compile(r"\b(?:was (?:ist|passiert),? wenn|wenn ich|falls ich|anzeichen|symptome von)\b"),
    "pl": re.compile(r"\b(?:co jesli|co gdy|co jezeli|jesli|jezeli|objawy|oznaki)\b"),
}

# All four languages' cues are loaded for every message: a short "Quiero suicidarme" has too few
# words for the language guess, and these words do not occur in English.
ALL_RULES: tuple[Rule, ...] = tuple(rule for rules in RULES.values() for rule in rules) + FEATURE_RULES
NEGATION = _NEGATION  # per language: German "nie" (never) is Polish "not"
HYPOTHETICAL = re.compile("|".join(p.pattern for p in _HYPOTHETICAL.values()))
