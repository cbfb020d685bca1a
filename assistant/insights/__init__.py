"""Insights: the question log, redaction, staff password and the report of gaps."""

from assistant.insights.store import InsightsStore

__all__ = ["InsightsStore"]
