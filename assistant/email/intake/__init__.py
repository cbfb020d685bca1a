"""Intake: what an email says about the problem, the person and their red flags, in the sender's own words."""

from assistant.email.intake.facts import symptom_sentences
from assistant.email.intake.flags import TOPICS, ScreenItem, read_flags
from assistant.email.intake.read import Intake, read_intake

__all__ = ["TOPICS", "Intake", "ScreenItem", "read_flags", "read_intake", "symptom_sentences"]
