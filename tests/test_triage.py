"""Red-flag triage: a table of messages -> level and flags, written from ../shared/red-flags.md, plus API checks."""

from __future__ import annotations

import time

import pytest

from assistant.triage.engine import FLAG_IDS, LEVELS, Triage, assess
from assistant.triage.evaluation import evaluate, format_report

E, U, R, N = "emergency", "urgent", "routine", "none"
CES, NEURO, CA, INF = "cauda_equina", "progressive_neuro_deficit", "malignancy", "infection"
FX, VASC, SPA, SYS, SH = "fracture", "vascular", "inflammatory", "systemic", "self_harm"

LONG_EMAIL = (
    "Hi, I hope you're well and I'm sorry this is such a long message. I started having back pain about six weeks "
    "ago after helping my sister move flat, lots of boxes and a very heavy sofa. At first it was just stiffness but "
    "now it goes down my right leg to the ankle, and sitting at work makes it worse. My GP said it is probably a "
    "disc and to keep moving, so I have been walking every day and doing the stretches from your website. I sleep "
    "on my side with a pillow between my knees. I have tried ibuprofen and a hot water bottle and both help a bit. "
    "{buried}I work in an office and I'm on the computer most of the day, my chair is old and I think my desk is too "
    "high. My partner thinks I should get a standing desk. I used to play five-a-side football on Thursdays but I "
    "stopped when this started. I would like to know whether a posture assessment would help, how many sessions "
    "people usually need, and whether you have anything on Saturday mornings. Thanks very much, Sam."
)

CASES: list[tuple[str, str, set[str]]] = [
    # --- cauda equina: positives in lay words, typos and slang (§2.1)
    ("My back's bad and I can't feel it when I wipe.", E, {CES}),
    ("Since yesterday I've got numbness down there.", E, {CES}),
    ("I've got pins and needles in my bum and groin.", E, {CES}),
    ("Pins and needles in my privates since this morning, sciatica down both legs.", E, {CES}),
    ("I've noticed I can't feel the toilet paper properly.", E, {CES}),
    ("It feels like I'm sitting on a saddle all the time.", E, {CES}),
    ("Saddle anaesthesia since Monday, is that bad?", E, {CES}),
    ("I have saddle anesthesia and low back pain.", E, {CES}),
    ("My numbess around my back passage is getting worse.", E, {CES}),
    ("I can't feel my bits properly.", E, {CES}),
    ("I wet myself twice this week without realising.", E, {CES}),
    ("I peed myself in the car yesterday and didn't even notice.", E, {CES}),
    ("My bladdder has been weird since the disc went.", E, {CES}),
    ("I've become incontinant over the last few days.", E, {CES}),
    ("I can't control my bladder anymore.", E, {CES}),
    ("I don't know when my bladder is full any more.", E, {CES}),
    ("I have to strain to start peeing and the stream is weak.", E, {CES}),
    ("I haven't been able to pee since last night.", E, {CES}),
    ("I've lost control of my bowels twice.", E, {CES}),
    ("I can't feel when I need a poo.", E, {CES}),
    ("Sciatica in both legs now, it started in the left.", E, {CES}),
    ("The pain has spread to the other leg.", E, {CES}),
    ("Both my legs feel numb and heavy.", E, {CES}),
    ("I can't feel my feet properly.", E, {CES}),
    ("Since the back went I can't get an erection, which is new for me.", E, {CES}),
    ("I think I might have cauda equina.", E, {CES}),
    # negation scoped to the clause, and positives phrased with a negative
    ("No bladder problems but it feels weird when I wipe.", E, {CES}),
    ("I don't have any bladder problems but my groin has gone numb.", E, {CES}),
    ("I have no numbness down there and no bladder or bowel problems.", N, set()),
    ("I don't have any bladder problems.", N, set()),
    ("No numbness, tingling, weakness or problems with my bladder or bowels.", N, set()),
    ("Denies saddle anaesthesia and incontinence.", N, set()),
    ("Neither my bladder nor my bowels have been affected.", N, set()),
    ("I've never had any trouble with my waterworks.", N, set()),
    ("Sciatica down my left leg, no numbness in the saddle area, bladder and bowels normal, no weakness.", N, set()),
    ("Without any numbness or tingling, just a dull ache in my back.", N, set()),
    ("Numbness down there? No. Bladder? Fine.", N, set()),
    ("I can't sit for long but there's no numbness in my bum.", N, set()),
    ("I don't feel any numbness around my bottom.", N, set()),
    # who has it
    ("My husband's bum feels numb and he's struggling to pee.", E, {CES}),
    ("Writing for my mum: she can't feel when she wipes since her back went.", E, {CES}),
    ("My son has wet himself twice this week since hurting his back at rugby.", E, {CES}),
    ("Our dog has lost control of his bladder and his back legs are weak.", N, set()),
    ("My cat is incontinent now, the vet thinks it's his spine.", N, set()),
    ("In the show last night a character had cauda equina and lost control of her bladder.", N, set()),
    ("I read an article about a man who couldn't feel when he wiped.", N, set()),
    ("I look after my elderly mum who is incontinent, and lifting her hurts my back.", N, set()),
    ("One of my patients has saddle numbness and I wondered what exercises you recommend.", N, set()),
    ("My friend had cauda equina years ago and is fine now.", N, set()),
    # time
    ("I had numbness down there after my op ten years ago, it went away completely.", N, set()),
    ("I've had stress incontinence since having my kids, it's unchanged and my GP knows.", N, set()),
    ("I leak a little when I sneeze, have done for years since my second baby.", N, set()),
    ("I leak a little when I sneeze, but since my back went last week I've been wetting myself.", E, {CES}),
    # hypotheticals and questions
    ("What warning signs should I watch for with sciatica?", N, set()),
    ("Should I worry if I get numbness down there?", N, set()),
    ("What if I lose bladder control?", N, set()),
    ("My physio told me to go to A&E if I ever get numbness in my saddle area.", N, set()),
    ("Can a slipped disc cause incontinence?", N, set()),
    ("I'm scared I'll end up incontinent like my nan.", N, set()),
    # idioms and brief positional numbness (§3)
    ("This is a real pain in the bum, my back is killing me.", N, set()),
    ("I nearly wet myself laughing at your newsletter.", N, set()),
    ("I've got cabin fever from being stuck indoors with my back.", N, set()),
    ("I've lost all feeling of motivation to do my exercises.", N, set()),
    ("My bum goes numb on the toilet if I sit there too long, it wears off when I stand up.", N, set()),
    ("After a long bike ride my groin was numb but it went back to normal within the hour.", N, set()),
    ("My leg goes numb when I cross my legs.", N, set()),
    # buried in a long email
    (LONG_EMAIL.format(buried=""), N, set()),
    (LONG_EMAIL.format(buried="Oh, and since Tuesday I can't really feel it when I wipe, which is odd. "), E, {CES}),
    (LONG_EMAIL.format(buried="To be honest some days I think everyone would be better off without me. "), U,
     {SH}),
    # --- progressive neurological deficit (§2.2)
    ("My foot has started slapping when I walk and I keep tripping.", U, {NEURO}),
    ("I've got foot drop on the left since last week.", U, {NEURO}),
    ("I keep catching my toes on the stairs and my shoe slips off.", U, {NEURO}),
    ("I can't stand on my tiptoes on the right side any more.", U, {NEURO}),
    ("My knee keeps giving way on the stairs.", U, {NEURO}),
    ("The numbness in my foot is spreading up my shin.", U, {NEURO}),
    ("My right leg is getting weaker every day.", U, {NEURO}),
    ("Both my legs keep giving way under me.", E, {CES, NEURO}),
    ("I've had a slightly numb patch on my shin since my surgery in 2015, unchanged and checked by my surgeon.",
     N, set()),
    ("My left leg has been a bit weak for years, it's the same as ever.", N, set()),
    # --- malignancy (§2.3)
    ("I had breast cancer 20 years ago, all clear. I pulled my back gardening last week and it's getting better "
     "every day.", R, {CA}),
    ("I had breast cancer 20 years ago, all clear, and this back pain wakes me at night.", U, {CA}),
    ("I'm 67 and had prostate cancer five years ago. New back pain for three weeks.", U, {CA}),
    ("I had lung cancer last year and now my legs feel weak and I'm struggling to pee.", E, {CA, CES, NEURO}),
    ("I'm on chemo for myeloma and my back has started aching.", U, {CA}),
    ("My mum had breast cancer. I've had back pain since lifting at work.", N, set()),
    ("There's a family history of bowel cancer but my screening was normal.", N, set()),
    ("My dog has cancer and walking him hurts my back.", N, set()),
    ("I'm terrified it's cancer, is that likely with back pain?", N, set()),
    ("My MRI showed a haemangioma, which the consultant said is benign, nothing to worry about.", N, set()),
    ("I'm 58, this back pain is new, it's constant, wakes me at night and I've lost a stone without trying.", U,
     {CA, SYS}),
    # --- infection (§2.4)
    ("I had a spinal injection two weeks ago and now I've got a fever and my back is agony.", U, {INF}),
    ("I'm on methotrexate and have had a temperature with this back pain.", U, {INF}),
    ("I have diabetes and a fever, and my lower back hurts a lot.", U, {INF}),
    ("The wound from my discectomy is red and oozing.", U, {INF}),
    ("I inject heroin and my back has been killing me for a week.", U, {INF}),
    ("I've had rigors and a high temperature with this back pain since I had a UTI.", E, {INF}),
    ("I'm having chemo and I've got a temperature of 38.5 and back pain.", E, {INF, CA}),
    ("Had a fever in March, long gone, but the back pain stayed.", N, set()),
    # --- fracture (§2.5)
    ("I was in a car crash yesterday and my back is really painful.", E, {FX}),
    ("I fell off a ladder this morning and landed on my back.", E, {FX}),
    ("I have ankylosing spondylitis and slipped on ice yesterday, my neck and back hurt.", E, {FX}),
    ("I have osteoporosis and slipped on the stairs, now sudden severe back pain.", U, {FX}),
    ("I've been on steroids for years for asthma and felt a crack in my back when I sneezed.", U, {FX}),
    ("I broke my back in a car accident twenty years ago, healed fine.", N, set()),
    ("I had a steroid injection in my knee once and now my back aches.", N, set()),
    # --- vascular (§2.6)
    ("Sudden tearing pain through to my back and I feel faint.", E, {VASC}),
    ("I collapsed with sudden severe back pain and I'm sweaty and dizzy.", E, {VASC}),
    ("I have a known AAA and now I have new back pain.", E, {VASC}),
    ("I can feel a pulsating feeling in my tummy and a constant ache in my back.", U, {VASC}),
    # --- inflammatory (§2.7): a cluster only
    ("I'm 28 and my back has been stiff every morning for over an hour for the past eight months; it gets better "
     "once I get moving and wakes me at 4am.", R, {SPA}),
    ("I'm 32, back pain for two years, worse with rest and better with exercise, I have psoriasis and it wakes me "
     "in the early hours.", R, {SPA}),
    ("My back is a bit stiff in the morning.", N, set()),
    ("I have psoriasis and sore knees.", N, set()),
    # --- systemic (§2.8)
    ("I've lost two stone without trying and feel generally unwell with this back pain.", U, {SYS}),
    ("I've been getting night sweats and my back hurts.", U, {SYS}),
    ("I've lost 3 stone on Mounjaro and my back feels better for it.", N, set()),
    ("I've been dieting and lost weight, but my back still aches.", N, set()),
    ("I get night sweats from the menopause and have back pain.", N, set()),
    # --- self-harm (§2.9)
    ("I want to kill myself, I can't live with this pain.", E, {SH}),
    ("I've been stockpiling my tramadol.", E, {SH}),
    ("I've written goodbye letters to my kids.", E, {SH}),
    ("I googled how many paracetamol it takes to die.", E, {SH}),
    ("I took an overdose last night.", E, {SH}),
    ("I've been self-harming again since the pain got worse.", E, {SH}),
    ("Everyone would be better off without me.", U, {SH}),
    ("I don't see the point in living anymore with this pain.", U, {SH}),
    ("Some days I think my family would be better off without me, not that I'd do anything.", U, {SH}),
    ("I'm not suicidal but life isn't worth living like this.", U, {SH}),
    ("I'm not suicidal, just fed up.", N, set()),
    ("I could kill him for leaving the shopping on the stairs.", N, set()),
    ("My physio's suicide squats are killing me.", N, set()),
    ("I self-harmed as a teenager but I'm fine now.", N, set()),
    ("My husband keeps saying he wants to kill himself because of the pain.", E, {SH}),
    # --- other languages (CES, self-harm, fallback)
    ("Tengo la zona genital dormida y no puedo controlar la orina.", E, {CES}),
    ("Me duele la espalda y tengo ciática en las dos piernas.", E, {CES}),
    ("Quiero suicidarme, ya no aguanto el dolor.", E, {SH}),
    ("No tengo problemas de vejiga y no tengo entumecimiento en la zona genital.", N, set()),
    ("J'ai des fourmillements au niveau des parties génitales depuis hier.", E, {CES}),
    ("Je ne sens plus rien quand je m'essuie.", E, {CES}),
    ("J'ai des idées suicidaires à cause de la douleur.", U, {SH}),
    ("Ich habe Taubheit im Genitalbereich und kann die Blase nicht mehr kontrollieren.", E, {CES}),
    ("Ich will mich umbringen, die Schmerzen sind zu stark.", E, {SH}),
    ("Ich habe keine Taubheit im Genitalbereich, nur Rückenschmerzen.", N, set()),
    ("Mam drętwienie krocza i nie mogę utrzymać moczu.", E, {CES}),
    ("Nie chcę już żyć z tym bólem.", U, {SH}),
    ("Boli mnie kręgosłup i mam rwę kulszową w obu nogach.", E, {CES}),
    # --- more phrasings found while probing
    ("For the last two days I haven't been able to feel my bum cheeks and peeing feels different.", E, {CES}),
    ("I can't tell if I've finished peeing.", E, {CES}),
    ("I didn't make it to the toilet in time at work, which has never happened before.", E, {CES}),
    ("I keep getting the urge to pee but nothing comes out.", E, {CES}),
    ("My left leg is numb and now my right leg is going numb too.", E, {CES}),
    ("My GP said I have cauda equina and to go to A&E but I wanted to ask you first.", E, {CES}),
    ("I have no bowl control since yesterday.", E, {CES}),
    ("He says his bum is numb and he hasn't peed since this morning.", E, {CES}),
    ("My mother-in-law has dementia and is incontinent, I care for her.", N, set()),
    ("My 4 year old wets the bed and I have back pain from lifting her.", N, set()),
    ("Bilateral leg pain when walking, eases when I sit down - my doctor says stenosis.", N, set()),
    ("I have a sore back and numb feet from diabetes, I've had neuropathy for years.", N, set()),
    ("I trip over my own feet all the time now, my left foot doesn't lift properly.", U, {NEURO}),
    ("I'm 74 and this is new back pain for the last 3 weeks, it's not getting better.", U, {CA}),
    ("My mum, who had breast cancer 15 years ago, has new back pain that wakes her at night. I'm writing for her.",
     U, {CA}),
    ("I had a basal cell carcinoma removed last year.", N, set()),
    ("I've had a high temperature and shaking chills since yesterday with back pain.", E, {INF}),
    ("I was knocked off my bike by a car this morning and my back hurts.", E, {FX}),
    ("I'm a 70 year old smoker with high blood pressure, sudden severe back pain and my tummy hurts.", E, {VASC}),
    ("My grandad had an aortic aneurysm.", N, set()),
    ("I'm 24, back pain for 6 months, worst first thing and eases as the day goes on, with alternating buttock pain.",
     R, {SPA}),
    ("I lost weight after my divorce, eating less I guess.", N, set()),
    ("I just want it all to end.", U, {SH}),
    ("Nobody would miss me if I was gone.", U, {SH}),
    ("I've got a rope in the garage and I've been thinking about using it.", E, {SH}),
    ("I think about ending it all sometimes, but I would never act on it.", U, {SH}),
    ("I'd kill for a decent night's sleep.", N, set()),
    ("My brother killed himself last year and since then my back has been bad.", N, set()),
    ("Estoy pensando en quitarme la vida.", U, {SH}),
    ("Nie czuję pęcherza i zsikałem się w nocy.", E, {CES}),
    ("J'ai fait pipi sur moi sans m'en rendre compte.", E, {CES}),
    ("Ich habe in die Hose gemacht, ohne es zu merken.", E, {CES}),
    # --- held-out phrasings written later and checked after the rules above (see report)
    ("I've had sciatica for 10 days and since last night I've got no feeling at all on the inside of my "
     "thighs up to my privates.", E, {CES}),
    ("Went to the loo and couldn't tell whether anything was coming out. Back has been agony since Friday.", E, {CES}),
    ("I've had a couple of leaks this week where I didn't even know I needed to go. My slipped disc is "
     "playing up.", E, {CES}),
    ("The sciatica has crossed over to the right side now as well as the left.", E, {CES}),
    ("My partner says I'm walking like a drunk and both my legs feel like lead and keep giving out.", E, {CES, NEURO}),
    ("My son (19) says his willy has gone numb and his back is really bad after the gym.", E, {CES}),
    ("My grandmother, who lives with us, has been incontinent for a decade. My back hurts from helping her.", N, set()),
    ("Our cat has a slipped disc and can't wee properly. Any tips for my own posture while carrying him to "
     "the vet?", N, set()),
    ("On Grey's Anatomy a patient lost feeling down there after a car crash.", N, set()),
    ("If I ever can't control my bladder, is that when I should go to hospital?", N, set()),
    ("My leg has been giving way on the stairs the last few days.", U, {NEURO}),
    ("My calf is noticeably thinner than the other one now and it's weaker.", U, {NEURO}),
    ("I'm in remission from lymphoma. Tweaked my back lifting my grandson yesterday, already feeling much "
     "better.", R, {CA}),
    ("Had back pain for years, I'm 34, stiff in the morning for about 45 minutes and it's better after I "
     "walk the dog, and wakes me at 4am most nights.", R, {SPA}),
    ("I've been thinking a lot about killing myself because of the pain.", U, {SH}),
    ("I've been collecting my oxycodone for weeks, I know what I'm going to do.", E, {SH}),
    ("Honestly some days I'd rather not be here at all.", U, {SH}),
    ("Seit heute Morgen spüre ich meinen Po nicht mehr richtig, er ist ganz taub.", E, {CES}),
    ("Ich denke oft an Selbstmord wegen der Schmerzen.", U, {SH}),
    ("Quick question - I've noticed I have to push really hard to get my pee going since my back went out. "
     "Normal?", E, {CES}),
    ("Sciatica started in my left leg 2 weeks ago. Now the right one's tingling too.", E, {CES}),
    ("Toilet paper feels like it's not touching me when I wipe, since the disc thing started.", E, {CES}),
    ("I have zero sensation in my taint and around my ass since Monday", E, {CES}),
    ("Is loss of bladder control always an emergency? Asking because I'm writing a leaflet.", N, set()),
    ("I'm training for a marathon and my legs are dead after long runs, both of them. Any stretches?", N, set()),
    ("I'm 66 and this back pain came on a month ago with no injury, it's constant and I've dropped a dress "
     "size without trying.", U, {CA, SYS}),
    ("I'm an ex heroin user, clean 10 years, back pain from work.", N, set()),
    ("I got rear-ended on the freeway at 60mph yesterday and my mid back hurts a lot.", E, {FX}),
    ("I have AS and was in a minor fender bender, now my neck hurts.", E, {FX}),
    ("I'm 31, I've had low back pain for about a year, it's worst when I wake up and takes an hour to "
     "ease, gets better with exercise, and my brother has ankylosing spondylitis.", R, {SPA}),
    ("I feel like ending it, this pain is too much.", U, {SH}),
    ("I keep thinking everyone would be better off if I wasn't around.", U, {SH}),
    ("Siento hormigueo en la zona del perineo y me cuesta orinar desde ayer.", E, {CES}),
    ("Ich kann seit heute früh nicht mehr pinkeln und habe starke Ischiasschmerzen.", E, {CES}),
    ("Since Sunday there's a numb patch right around my back passage and it's spreading to my inner thighs.", E, {CES}),
    ("I've had a wet bed twice this week, never happened before, and my sciatica is awful.", E, {CES}),
    ("Doctor said bulging disc. Now I can't feel when my bladder needs emptying.", E, {CES}),
    ("My mum's not been able to hold her wee since she hurt her back lifting the shopping on Tuesday.", E, {CES}),
    ("I have had stress incontinence for years since my third baby, nothing has changed.", N, set()),
    ("My right foot has started to drop and I'm scuffing my shoe on the ground.", U, {NEURO}),
    ("I've got a throbbing lump near my belly button and an ache in my back that won't go.", U, {VASC}),
    ("I think about suicide most days because of this pain.", U, {SH}),
    ("I'm going to take all my tablets tonight.", E, {SH}),
    ("Tengo mucho dolor de espalda y ya no quiero seguir viviendo así.", U, {SH}),
    ("Meine Beine sind seit gestern beide taub und schwach.", E, {CES, NEURO}),
    # --- §3 hard negatives
    ("I'm 62 and have had the same on-and-off low back pain for 30 years, it flares when I garden.", N, set()),
    ("My back hurts at night when I roll over but it settles once I get comfy.", N, set()),
    ("I had a fracture in my wrist years ago.", N, set()),
    ("Can you recommend exercises for posture? I sit at a desk all day.", N, set()),
]


@pytest.mark.parametrize(("text", "level", "flags"), CASES, ids=[f"{i:03d}" for i in range(len(CASES))])
def test_triage_table(text: str, level: str, flags: set[str]) -> None:
    result = assess(text)
    assert (result.level, set(result.flag_ids)) == (level, flags), result.flags


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 120


def test_flag_evidence_is_the_matched_text() -> None:
    text = "Ça va? My husband’s bum feels numb and he’s wet himself; I had breast cancer in 2001."
    result = assess(text)
    assert result.flags
    for flag in result.flags:
        assert flag.evidence == text[flag.start:flag.end]
        assert flag.id in FLAG_IDS and flag.level in LEVELS


def test_level_is_the_most_urgent_flag() -> None:
    result = assess("I had breast cancer years ago and I can't feel when I wipe.")
    assert result.level == "emergency"
    assert max(LEVELS.index(f.level) for f in result.flags) == LEVELS.index(result.level)


def test_to_dict_shape() -> None:
    result = assess("I can't feel when I wipe.")
    data = result.to_dict()
    assert set(data) == {"level", "flags", "message", "questions", "semantic"}
    assert data["level"] == "emergency"
    assert data["flags"] and set(data["flags"][0]) == {"id", "evidence", "start", "end"}  # type: ignore[index]
    assert isinstance(data["message"], str) and isinstance(data["questions"], list)


@pytest.mark.parametrize(("region", "number", "place"), [("uk", "999", "A&E"), ("us", "911", "ER")])
def test_emergency_message_first_line(region: str, number: str, place: str) -> None:
    result = assess("Since this morning I can't control my bladder.", region=region)
    first_line = result.message.splitlines()[0]
    assert number in first_line and place in first_line
    assert "exercise" not in result.message.lower() and "book" not in result.message.lower()


def test_self_harm_routes_to_crisis_lines() -> None:
    uk = assess("Everyone would be better off without me.", region="uk")
    us = assess("Everyone would be better off without me.", region="us")
    assert uk.has_self_harm and "116 123" in uk.message and "111" in uk.message and "999" in uk.message
    assert "988" in us.message and "911" in us.message


def test_self_harm_in_spanish_gives_local_and_uk_numbers() -> None:
    result = assess("Quiero suicidarme.")
    assert result.language == "es" and result.is_emergency
    assert "112" in result.message and "024" in result.message and "116 123" in result.message
    assert "999" in result.message.splitlines()[0]


def test_urgent_and_routine_messages() -> None:
    urgent = assess("My foot has started slapping when I walk.")
    assert urgent.is_urgent_or_higher and not urgent.is_emergency
    assert "today" in urgent.message and "NHS 111" in urgent.message
    routine = assess("I had breast cancer 20 years ago, all clear. I pulled my back gardening and it's "
                     "getting better every day.")
    assert routine.level == "routine" and "GP" in routine.message


def test_sciatica_without_flags_gets_safety_net_questions() -> None:
    result = assess("I've got sciatica down my right leg.")
    assert result.level == "none" and len(result.questions) >= 4
    assert "wipe" in " ".join(result.questions) and "999" in result.message
    assert assess("How do I set up my desk chair?").message == ""


def test_unknown_language_medical_text_gets_a_fallback() -> None:
    result = assess("Mi fa molto male la schiena e ho dolore alla gamba sinistra da una settimana.")
    assert result.level == "none" and result.language == "en"
    assert "saddle" in result.message and "bladder" in result.message and "999" in result.message


def test_known_language_medical_text_gets_bilingual_fallback() -> None:
    result = assess("Tengo dolor de espalda desde hace un mes y me duele la pierna izquierda.")
    assert result.language == "es" and result.level == "none"
    assert "vejiga" in result.message and "bladder" in result.message and result.questions


@pytest.mark.parametrize("text", ["", "   \n\t", "\x00\x01", "a" * 5000, "numb " * 40000, "\udcff\udc80 bum",
                                  bytes(range(256)).decode("latin-1") * 50, "İ" * 300, "🙂" * 1000])
def test_never_raises_on_odd_input(text: str) -> None:
    result = assess(text)
    assert isinstance(result, Triage) and result.level in LEVELS


def test_long_text_is_fast_enough() -> None:
    text = LONG_EMAIL.format(buried="") * 4  # ~900 words
    assess(text)
    start = time.perf_counter()
    for _ in range(5):
        assess(text)
    assert (time.perf_counter() - start) / 5 < 0.1  # generous for slow CI; typical is ~10 ms


def test_literal_gate_finds_what_a_full_scan_finds() -> None:
    """The speed-up in triage_gate must never hide a match (checked on the table and shuffled words)."""
    from assistant.triage.context import normalise
    from assistant.triage.engine import ENGLISH_RULES
    from assistant.triage.gate import gated_spans
    from assistant.triage.lang import ALL_RULES

    patterns = tuple(p for rule in ENGLISH_RULES + ALL_RULES for p in rule.patterns)
    words = " ".join(text for text, _, _ in CASES).split()
    texts = [text for text, _, _ in CASES] + [" ".join(words[i::7]) for i in range(7)]
    for text in map(normalise, texts):
        full = sorted((p.pattern, *m.span()) for p in patterns for m in p.finditer(text))
        assert sorted((p.pattern, s, e) for p, s, e in gated_spans(patterns, text)) == full


def test_unknown_region_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown region 'eu'"):
        assess("hello", region="eu")


def test_evaluate_on_tiny_rows() -> None:
    rows = [
        {"id": "a", "text": "I can't feel when I wipe.", "level": "emergency", "flags": ["cauda_equina"]},
        {"id": "b", "text": "Everyone would be better off without me.", "level": "urgent", "flags": ["self_harm"]},
        {"id": "c", "text": "My back is killing me.", "level": "none", "flags": []},
        {"id": "d", "text": "My back aches after gardening.", "level": "urgent", "flags": ["systemic"]},
        {"id": "e", "text": "I've got sciatica.", "level": "emergency", "flags": ["cauda_equina"]},
        {"id": "f", "text": "I was in a car crash this morning.", "level": "none", "flags": []},
    ]
    report = evaluate(rows)
    assert report.total == 6
    assert report.emergency_recall == pytest.approx(1 / 2)
    assert report.urgent_or_higher_recall == pytest.approx(2 / 4)
    assert report.under_triage == 2 and report.over_triage == 1
    assert report.false_alarm_rate == pytest.approx(1 / 2)
    assert [(m.id, m.expected, m.got) for m in report.misses] == [
        ("d", "urgent", "none"), ("e", "emergency", "none"), ("f", "none", "emergency")]
    ces = report.per_flag["cauda_equina"]
    assert (ces.true_positives, ces.false_negatives, ces.false_positives) == (1, 1, 0)
    assert ces.recall == pytest.approx(0.5) and ces.precision == pytest.approx(1.0)
    assert report.per_flag["fracture"].precision == 0.0
    data = report.to_dict()
    assert data["emergency_recall"] == pytest.approx(0.5) and len(data["misses"]) == 3  # type: ignore[arg-type]
    text = format_report(report)
    assert "Emergency recall" in text and "e: expected emergency, got none" in text


def test_evaluate_rejects_unknown_levels() -> None:
    with pytest.raises(ValueError, match="'urgnt'"):
        evaluate([{"id": "x", "text": "hi", "level": "urgnt", "flags": []}])


# triage/phrasings.py: lay wordings of emergency signs, and near-misses that share their words.
PHRASINGS = [
    ("I can't hold anything in any more, wind or otherwise. Back on fire since Thursday.", "emergency"),
    ("When I wee the stream has no oomph at all since the back pain started on Sunday.", "emergency"),
    ("I have to look down to check whether I've actually peed or not. My back's been bad since Saturday.", "emergency"),
    ("When I wipe after the loo it feels like it's someone else's bottom. Sciatica for a week.", "emergency"),
    ("Sciatica down my left leg for three weeks, and since yesterday the right one has joined in.", "emergency"),
    ("I've given the dog to my neighbour and sorted out the will. The back pain has won.", "emergency"),
    ("Not that I'd do anything, but I've worked out which bridge. The pain never stops.", "emergency"),
    ("I can't hold a plank for more than twenty seconds because my back aches.", "none"),
    ("My prostate makes the flow a bit feeble at night, and my lower back is stiff.", "none"),
    ("My sister has the dog while I'm away; my back is sore from the flight.", "none"),
    ("My wife and I have joined in a pilates class for our backs.", "none"),
]


@pytest.mark.parametrize(("text", "level"), PHRASINGS)
def test_lay_phrasings_of_emergency_signs_and_their_near_misses(text: str, level: str) -> None:
    assert assess(text).level == level
