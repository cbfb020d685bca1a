"""What a message asks of us beyond the articles: injection, medication, diagnosis, others' findings."""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

# Attempts to steer the assistant or extract its set-up. Kept broad on purpose: a false
# positive costs a polite redirect, a miss could leak configuration.
_INJECTION = [
    re.compile(p, _I)
    for p in (
        r"\b(ignore|disregard|forget|override)\b[^.?!\n]{0,40}\b(instructions?|rules|prompt|guidelines|above)\b",
        r"\b(system|hidden|initial|original|developer)\s+(prompt|message|instructions?)\b",
        r"\b(print|reveal|show|repeat|output|dump|tell me|give me|leak)\b[^.?!\n]{0,40}"
        r"\b(prompt|instructions|configuration|config|settings|api[ _-]?keys?|passwords?|secrets?|env(ironment)?"
        r"( variables)?)\b",
        r"\byou are now\b|\bact as (an? )?(unrestricted|different|evil)|\bpretend (you are|to be)\b",
        r"\b(jailbreak|developer mode|DAN mode)\b|\bDAN\b",
        r"</?(system|assistant|instructions?)>",
    )
]
_MEDICATION = re.compile(
    r"\b(ibuprofen|paracetamol|acetaminophen|naproxen|co-?codamol|codeine|tramadol|gabapentin|pregabalin|"
    r"diazepam|amitriptyline|nsaids?|painkillers?|pain ?killers|anti-?inflammator(y|ies)|medication|medicine|"
    r"meds|tablets|pills|steroid injection|dosage|prescription|prescribed|dose of|"
    r"(my|the|a|higher|lower|double|right|max|maximum) dose|\d+ ?mg|"
    # Drug families by their stems (propranolol, doxycycline, alendronic acid, adalimumab, ...).
    r"\w+(olol|cycline|cillin|azole|statin|sartan|prazole|oxetine|triptan|calciferol|dronate|dronic|mab|pril))\b",
    _I,
)
_DIAGNOSIS = re.compile(
    r"\b(do i have|have i got|is (it|this) (a |an )?(slipped|herniated|bulging)?\s*(disc|sciatica|cancer|"
    r"arthritis|tumou?r)|what('s| is) wrong with me|diagnose|diagnosis|what condition)\b",
    _I,
)
_FINDING = re.compile(
    r"\b(?:my |the |a |his |her )?(?P<who>chiropractor|chiro|doctor|gp|physio(?:therapist)?|osteopath|consultant|"
    r"surgeon|specialist|x-?rays?|mri|scan|ct|imaging)\b[^.?!\n]{0,60}?\b(?:says?|said|told|tells|shows?|"
    r"showed|shown|found|thinks?|thought|diagnosed|revealed|confirmed)\b[^.?!\n]*",
    _I,
)
_IMAGING = {"x-ray", "x-rays", "xray", "xrays", "mri", "scan", "ct", "imaging"}


# The studio works with people: a question about an animal's body is out of scope however
# close its words come to ours ("my dog is limping on his back leg").
_PET = (r"(dog|cat|horse|pony|puppy|kitten|rabbit|pet|greyhound|labrador|lab|spaniel|terrier|retriever|collie|"
        r"dachshund|sausage dog|whippet|pug|bulldog|poodle|alsatian|german shepherd)")
_ANIMAL = re.compile(
    r"\b(my|our) " + _PET + r"('s)?\b[^.?!]{0,30}?"
    r"\b(has|is|keeps|started|seems|won't|can't|limps?|limping|hurt|injured|vet|diagnosed|back|hips?|legs?)\b"
    r"|\b(for|in) (dogs|cats|horses|pets)\b|\bthe vet\b",
    _I,
)


@dataclass(frozen=True)
class ScopeNotes:
    """What the reply must handle besides answering from the articles."""

    is_injection: bool
    asks_medication: bool
    asks_diagnosis: bool
    findings: tuple[str, ...]
    is_about_an_animal: bool = False


def read_scope(text: str) -> ScopeNotes:
    """Look for injection, medication or diagnosis questions, and another practitioner's findings."""
    return ScopeNotes(
        is_injection=any(p.search(text) for p in _INJECTION),
        asks_medication=bool(_MEDICATION.search(text)),
        asks_diagnosis=bool(_DIAGNOSIS.search(text)),
        findings=tuple(_finding(m) for m in _FINDING.finditer(text))[:3],
        is_about_an_animal=bool(_ANIMAL.search(text)),
    )


def _finding(match: re.Match[str]) -> str:
    """'what your chiropractor found' or 'what your x-ray showed', for the acknowledgement."""
    who = match.group("who").lower()
    if who in _IMAGING:
        return f"what your {'x-ray' if who.startswith('x') else who.upper() if who in ('mri', 'ct') else who} showed"
    who = {"gp": "GP", "chiro": "chiropractor"}.get(who, who)
    return f"what your {who} found"


INJECTION_REPLY = (
    "I'm here to answer questions about posture, back pain, sciatica and the studio's articles, "
    "and I can't share or change how I'm set up. If there's something about your posture or pain "
    "you'd like to know, ask me and I'll point you to what the articles say."
)
MEDICATION_NOTE = (
    "I can't advise on medication or doses: please ask your GP or pharmacist about that, "
    "and keep following what they have told you."
)
DIAGNOSIS_NOTE = (
    "I can't diagnose what is causing your pain; only a doctor can do that. What I can share is "
    "what the studio's articles say, and what a posture assessment would look at."
)
FINDING_NOTE = (
    "Thank you for sharing {finding}. I wouldn't contradict your practitioner, "
    "and I can't {what}. A posture assessment asks a different question: why the "
    "area is under strain, looking at how your whole body is positioned and moves."
)


def finding_note(finding: str) -> str:
    """The acknowledgement of another practitioner's finding; scans are mentioned only when there was one."""
    scan = finding.endswith("showed")
    return FINDING_NOTE.format(finding=finding.rstrip("."), what="interpret scans or diagnose" if scan else "diagnose")


def is_medication_question(question: str) -> bool:
    """Whether one question is about a medicine or its dose (for the GP or pharmacist, not the articles)."""
    return bool(_MEDICATION.search(question))
