"""Safety text and the booking suggestion in proportion: the screening block once, booking once, never on declines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.booking import NO_BOOKING, Booking
from assistant.answer.types import Turn

_I = re.IGNORECASE
# The person describes their own back or leg symptoms (not a general question about them).
_SYMPTOM = (r"(pain|ache|aching|hurts?|hurting|sore|numb|numbness|tingl\w*|pins and needles|sciatica|stiff|"
            r"twinge|spasm|throb\w*|burning|weak|weakness|shooting|flare)")
_PART = (r"(back|spine|buttocks?|bum|butt|legs?|thighs?|calf|calves|shins?|foot|feet|toes?|sciatica|sciatic|"
         r"hip|hips|groin)")
# Only back and leg symptoms call for the screening questions (a sore knee or shoulder does not).
_PERSONAL = re.compile(
    r"\b(my|i|i'?ve|i'?m)\b[^.?!]{0,50}\b" + _PART + r"\b[^.?!]{0,40}\b" + _SYMPTOM
    + r"|\b" + _SYMPTOM + r"\b[^.?!]{0,30}\b(in|down|into|through|around) (my|the) [^.?!]{0,15}\b" + _PART
    + r"|\bmy (sciatica|sciatic nerve|back)\b", _I)
# A general question near symptoms: a one-line pointer to the red-flag article is enough.
_SYMPTOM_TOPIC = re.compile(r"\b(sciatica|sciatic|back pain|lbp|nerve|numb\w*|tingl\w*|leg pain|disc|slipped|"
                            r"hernia\w*|bulg\w*|flare)", _I)
_ASKS_BOOKING = re.compile(r"\b(book|booking|appointment|assessment|session|come in|see you|consultation|"
                           r"how do i start|can you help)\b", _I)
# The child's own body is the subject ("my baby's hips click", "my son has flat feet"); carrying a toddler is not.
_BODY = r"(hips?|back|spine|feet|foot|legs?|knees?|posture|shoulders?|neck|walk\w*|pain|scoliosis|click\w*|flat)"
# The child's own body is the subject ("my baby's hips click", "my son has flat feet"); carrying a toddler is not.
_CHILD = re.compile(
    r"\b(baby|toddler|infant|newborn|child|son|daughter|kid|boy|girl)(?:'s|s')\s+" + _BODY +
    r"|\b(children|kids)'?s?\s+" + _BODY +
    r"|\bmy (baby|toddler|infant|newborn|son|daughter|child|kid)\b (has|is|keeps|seems)\b[^.?!]{0,40}\b" + _BODY +
    r"|\b\d{1,2}[- ]?(year|yr|month)s?[- ]old(?:'s| (son|daughter|boy|girl|child|kid|baby)(?:'s)?)\s", _I)


def shown_before(history: Sequence[Turn]) -> frozenset[str]:
    """The once-only parts the conversation has already shown."""
    return frozenset().union(*(t.shown for t in history if t.role == "assistant"))


def describes_own_symptoms(text: str) -> bool:
    """Whether the message tells of the writer's own back or leg symptoms."""
    return bool(_PERSONAL.search(text))


def near_symptoms(text: str) -> bool:
    """Whether a general question touches symptoms that sometimes need a doctor."""
    return bool(_SYMPTOM_TOPIC.search(text))


def is_about_a_child(text: str) -> bool:
    """Whether the question is about a baby or child (the articles are written for adults)."""
    return bool(_CHILD.search(text))


def booking_in_proportion(booking: Booking, text: str, shown: frozenset[str], *, personal: bool,
                          findings: bool) -> Booking:
    """The booking suggestion once a conversation, when the person's own problem or a booking question calls for it."""
    if not booking.suggested:
        return booking
    asked = bool(_ASKS_BOOKING.search(text))
    if asked:
        return booking
    if "booking" in shown or not (personal or findings):
        return NO_BOOKING
    return booking
