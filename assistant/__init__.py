"""posture-assistant: answers grounded in a posture studio's own articles, with red-flag triage first."""
