"""The fixed list of article topic tags, with the names the app shows."""

from __future__ import annotations

TOPICS: dict[str, str] = {
    "sciatica": "Sciatica",
    "low-back-pain": "Low back pain",
    "hip-disparity": "Hip disparity",
    "pelvic-tilt": "Pelvic tilt",
    "leg-length": "Leg length",
    "posture-assessment": "Posture assessment",
    "self-myofascial-release": "Self-myofascial release",
    "muscle-imbalance": "Muscle imbalance",
    "corrective-exercise": "Corrective exercise",
    "daily-habits": "Daily habits",
    "disc": "Discs",
    "sacroiliac-joint": "Sacroiliac joint",
    "knees-feet-neck": "Knees, feet and neck",
    "flare-ups": "Flare-ups",
    "working-with-clinicians": "Working with your GP, physio and chiropractor",
    "red-flags": "When to see a doctor",
    "studio": "The studio",
}
