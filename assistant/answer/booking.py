"""Whether and how to suggest a posture assessment, from scope and triage; details from settings."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.config import Settings


@dataclass(frozen=True)
class Booking:
    """A booking suggestion: shown only when suggested; text and url for the button or link."""

    suggested: bool
    text: str
    url: str

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by the CLI."""
        return {"suggested": self.suggested, "text": self.text, "url": self.url}


NO_BOOKING = Booking(False, "", "")


def decide_booking(settings: Settings, in_scope: bool, level: str, is_self_harm: bool = False) -> Booking:
    """Suggest an assessment when in scope at none/routine; after a doctor at urgent; never at emergency."""
    if level == "emergency" or is_self_harm or not in_scope:
        return NO_BOOKING
    contact = f"call {settings.studio_phone} or email {settings.studio_email}"
    if level == "urgent":
        # Not suggested now: the person needs a doctor first; the text says when we can help.
        return Booking(
            False,
            f"Once your doctor has seen you and is happy for you to exercise, you're welcome to book a "
            f"posture assessment with {settings.studio_name} ({contact}).",
            settings.booking_url,
        )
    return Booking(
        True,
        f"If you'd like us to look at the whole picture, book a posture assessment with "
        f"{settings.studio_name}, or {contact}.",
        settings.booking_url,
    )
