"""Greetings, thanks, goodbyes and "who are you?": a short friendly reply that says what we can help with."""

from __future__ import annotations

import re

from assistant.config import Settings

_I = re.IGNORECASE
# The whole message must be small talk: a question after "hi" is a question.
_KINDS = (
    ("greeting", re.compile(r"^(hi+|hello+|hey+|hiya|howdy|yo|good (morning|afternoon|evening)|morning|"
                            r"hi there|hello there|hey there|anyone there)\W*( there| all| everyone)?\W*$", _I)),
    ("thanks", re.compile(r"^((many |a lot of )?thanks?( you)?( so much| very much| a lot| again)?|thank u|thx|ty|"
                          r"cheers( mate)?|brilliant,? thanks|great,? thanks|ok,? thanks?|perfect,? thanks?|"
                          r"that'?s (great|helpful|brilliant),? thanks?)\W*$", _I)),
    ("goodbye", re.compile(r"^(bye+( for now| then)?|goodbye|see (you|ya)( later| soon)?|take care|"
                           r"that'?s all( for now)?|have a (good|nice) (day|one))\W*$", _I)),
    ("who", re.compile(r"^(who (are|r) (you|u)|what are you|are (you|u) (a )?(bot|robot|real|human|person|ai)|"
                       r"is this (a )?(bot|robot|real person|human|ai)|who am i (talking|speaking) to|"
                       r"what can you (do|help with))\W*$", _I)),
    ("ok", re.compile(r"^(ok(ay)?|ok cool|cool|great|nice|got it|right|alright|sure|lovely)\W*$", _I)),
)


def small_talk_kind(text: str) -> str:
    """'greeting', 'thanks', 'goodbye', 'who', 'ok', or '' when the message is more than small talk."""
    clean = " ".join(text.strip().split())
    if len(clean) > 60:
        return ""
    for kind, pattern in _KINDS:
        if pattern.match(clean):
            return kind
    return ""


def small_talk_reply(kind: str, settings: Settings) -> str:
    """The reply for a kind of small talk."""
    offer = ("I can answer questions about posture, back pain, sciatica, hip and pelvis position and what happens "
             f"in an assessment, from {settings.studio_name}'s own articles.")
    if kind == "greeting":
        return f"Hello! {offer} What would you like to know?"
    if kind == "thanks":
        return "You're welcome. Take care, and ask any time."
    if kind == "goodbye":
        return "Goodbye, and take care. Come back any time you have a question."
    if kind == "who":
        return (f"I'm {settings.studio_name}'s assistant, a computer program rather than a person. {offer} "
                "I can't examine you or diagnose anything; for that, the specialist is happy to help.")
    return "Is there anything else you'd like to know?"
