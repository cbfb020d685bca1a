"""What to tell the person, in English, for each triage level and region (red-flags.md §2 actions)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.triage.levels import Flag, Level, rank

EMERGENCY_FIRST = {"uk": "Please go to A&E or call 999 now.", "us": "Please go to the ER or call 911 now."}
_NUMBER = {"uk": "go to A&E or call 999", "us": "go to the ER or call 911"}

_WHY_EMERGENCY = {
    "cauda_equina": "Numbness around your genitals, back passage or buttocks, new bladder or bowel problems, or "
                    "sciatica in both legs can mean the nerves at the base of the spine (the cauda equina) are being "
                    "squeezed, which needs an emergency scan within hours.",
    "progressive_neuro_deficit": "Weakness in both legs, or leg weakness that is getting worse alongside your other "
                                 "symptoms, needs emergency assessment today.",
    "malignancy": "After cancer, new weakness, numbness or bladder or bowel changes with back pain can mean pressure "
                  "on the spinal cord, which is an emergency; if you have an acute oncology helpline, call it too.",
    "infection": "Back pain with fever, shaking chills or feeling very unwell (or any fever during chemotherapy) can "
                 "be a serious infection that needs treatment straight away.",
    "fracture": "After a major accident or fall, or any fall with ankylosing spondylitis, back pain can mean a broken "
                "bone in the spine; move as little as you can until you have been checked.",
    "vascular": "Sudden severe or tearing back or tummy pain, especially with dizziness, fainting or a known aneurysm, "
                "can be a problem with the main blood vessel (the aorta) and needs emergency care.",
    "systemic": "Back pain with fever and feeling very unwell needs emergency assessment.",
}
_WHY_URGENT = {
    "progressive_neuro_deficit": "Weakness or numbness in a leg or foot that is new or getting worse (a foot that "
                                 "drags, slaps or catches, a knee that gives way) needs a doctor's check the same day "
                                 "if possible.",
    "malignancy": "With a history of cancer, or the pattern of pain you describe, a doctor should check this soon; if "
                  "you are under an oncology team, call their acute oncology helpline today.",
    "infection": "Back pain with a fever, or after a spinal procedure, with a recent infection, a weakened immune "
                 "system or injecting drugs, can be a spinal infection, so please try to be seen today.",
    "fracture": "With osteoporosis, long-term steroid tablets or older age, a fall or sudden back pain can mean a "
                "small fracture in the spine that needs an X-ray.",
    "vascular": "A pulsing feeling in your tummy with a persistent ache should be checked by a doctor as soon as "
                "possible; if the pain becomes sudden and severe, or you feel faint, {number} straight away.",
    "systemic": "Back pain with fever, night sweats, weight loss you can't explain or feeling generally unwell should "
                "be checked by a doctor.",
}
_WHY_ROUTINE = {
    "inflammatory": "The pattern you describe (stiffness that eases with movement, night waking, and the other "
                    "features you mention) can be inflammatory back pain (axial spondyloarthritis), which a GP can "
                    "check and refer on.",
    "malignancy": "Because you have had cancer before, tell your GP about this back pain, and contact them promptly if "
                  "it stops improving, starts waking you at night, or you lose weight without trying.",
}
_URGENT_FIRST = {
    "uk": "Please see a doctor today or within the next 48 hours: ask your GP for a same-day appointment, or call "
          "NHS 111 if you can't get one.",
    "us": "Please see a doctor today or within the next 48 hours: call your doctor for a same-day appointment, or go "
          "to an urgent care clinic.",
}
_CLEARED = "Once a doctor has checked you over, we'd be glad to help with exercise."
_ROUTINE_FIRST = ("Nothing you describe needs urgent care, but it's worth mentioning to your GP at a normal "
                  "appointment. You can keep exercising in the meantime.")
_CRISIS = {
    "uk": "I'm really sorry you're feeling like this, and I'm glad you told us. You don't have to face it alone: you "
          "can call Samaritans free on 116 123 at any time, day or night, or call NHS 111 and choose option 2 for "
          "the mental health crisis team (you can also text SHOUT to 85258, or ask your GP for an appointment "
          "today). If you might act on these thoughts, or you are in danger now, call 999 or go to A&E.",
    "us": "I'm really sorry you're feeling like this, and I'm glad you told us. You don't have to face it alone: you "
          "can call or text 988, the Suicide & Crisis Lifeline, at any time, day or night. If you might act on these "
          "thoughts, or you are in danger now, call 911 or go to the ER.",
}
_WATCH_FOR = (
    "If any of these appear, {number} straight away: numbness or tingling between your legs, around your genitals "
    "or back passage (including not feeling the toilet paper when you wipe); new trouble starting to pee, not "
    "knowing when your bladder is full, or leaking pee or poo; or sciatica in both legs. If a leg or foot gets "
    "weaker (a foot that drags, slaps or catches), see a doctor the same day."
)
_NOTHING_URGENT = "Nothing you describe sounds urgent right now. "
QUESTIONS = (
    "Do you have any numbness, tingling or different feeling between your legs, around your genitals or back "
    "passage, or when you wipe with toilet paper?",
    "Have you noticed any change in your bladder or bowels, such as trouble starting to pee, not feeling when your "
    "bladder is full, or leaking?",
    "Do you have pain, numbness or pins and needles in both legs?",
    "Is any weakness getting worse, for example a foot that drags, slaps or catches on the ground?",
    "Have you noticed any new change in sexual function or feeling during sex?",
)


def _top(flags: Sequence[Flag], level: Level) -> list[str]:
    ids: list[str] = []
    for flag in flags:
        if flag.level == level and flag.id not in ids and flag.id != "self_harm":
            ids.append(flag.id)
    return ids


def english_message(level: Level, flags: Sequence[Flag], region: str, leg_symptoms: bool) -> str:
    """The reply for this level; emergencies open with the A&E/999 (or ER/911) line."""
    number = _NUMBER[region]
    self_harm = any(f.id == "self_harm" for f in flags)
    if level == "emergency":
        reasons = [_WHY_EMERGENCY[i] for i in _top(flags, "emergency") if i in _WHY_EMERGENCY]
        # One reason, the most specific: the first line is what matters and must not be buried.
        lines = [EMERGENCY_FIRST[region], reasons[0] if reasons else "Your safety matters most right now."]
        if self_harm:
            lines.append(_CRISIS[region])
        return "\n".join(lines)
    if level == "urgent":
        lines = [_CRISIS[region]] if self_harm else []
        physical = _top(flags, "urgent")
        if physical:
            lines.append(_URGENT_FIRST[region])
            lines.extend(_WHY_URGENT[i].format(number=number) for i in physical if i in _WHY_URGENT)
            lines.extend(_WHY_ROUTINE[i] for i in _top(flags, "routine") if i in _WHY_ROUTINE)
            lines.append(_CLEARED)
        return "\n".join(lines)
    if level == "routine":
        lines = [_ROUTINE_FIRST] + [_WHY_ROUTINE[i] for i in _top(flags, "routine") if i in _WHY_ROUTINE]
        if leg_symptoms:
            lines.append(_WATCH_FOR.format(number=number))
        return "\n".join(lines)
    return _NOTHING_URGENT + _WATCH_FOR.format(number=number) if leg_symptoms else ""


def english_questions(level: Level, leg_symptoms: bool) -> tuple[str, ...]:
    """Safety-net questions: always with sciatica or leg symptoms, never in an emergency."""
    return QUESTIONS if leg_symptoms and rank(level) < rank("emergency") else ()


def watch_for(region: str) -> str:
    """The screening line shown once in a conversation: which signs mean A&E (ER) or 999 (911) now."""
    return _WATCH_FOR.format(number=_NUMBER.get(region, _NUMBER["uk"]))
