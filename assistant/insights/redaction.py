"""Redact personal details from a question before it is logged: scrubadub plus the studio's own detectors.

scrubadub 2 (pure Python from PyPI, no model download) finds URLs, card numbers, UK postcodes, National
Insurance numbers and valid UK and US phone numbers. What it misses on the studio's emails is added here
as scrubadub detectors, so one scrubber merges every span (measured in tests/test_insights.py):

- names: scrubadub finds names only through TextBlob or spaCy models downloaded from a hub, so names
  come from cues ("my name is Sarah", "my physio Emily", "Dr Watson", "Hi Deb", "Thanks, Claire", a
  last line that is only a name) and from Faker's first-name lists;
- phone numbers that are possible but not valid (Ofcom's drama ranges, US 555 numbers), and any other
  run of nine or more digits;
- house-number street addresses ("12 Acacia Avenue", "Flat 3, 45 Queen's Road") and US ZIP codes
  after a state ("IL 62704");
- emails, with a strict regex: scrubadub's own reads "me at tom.harris@x.com" as "me at tom.harris"
  (leaving the domain) and "standing at work. My" as an address, so it is switched off, as is its
  number-plate detector, which took "my L5 was tipped" for a plate.

Redaction errs toward removing too much: a lost word in the insights is cheaper than a kept name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# One capitalised name: "Sarah", "O'Brien", "Smith-Jones", "Zoë".
_NAME = rf"(?:O['’])?[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"
_FULL_NAME = rf"{_NAME}(?:[ \t]+{_NAME}){{0,2}}"

_RELATIONS = (
    "friend|husband|wife|partner|boyfriend|girlfriend|fianc[eé]e?|son|daughter|mum|mom|mother|dad|father|"
    "sister|brother|sister-in-law|brother-in-law|mother-in-law|father-in-law|colleague|boss|manager|"
    "physio|physiotherapist|gp|doctor|chiropractor|osteopath|trainer|coach|consultant|surgeon|"
    "neighbour|neighbor|therapist|instructor|teacher"
)
_CLOSINGS = (
    "thanks(?:\\s+(?:so|very)\\s+much|\\s+again|\\s+in\\s+advance)?|thank\\s+you(?:\\s+(?:so|very)\\s+much)?|"
    "many\\s+thanks|best(?:\\s+wishes|\\s+regards)?|all\\s+the\\s+best|kind\\s+regards|warm\\s+regards|"
    "warmest\\s+regards|regards|cheers|love|sincerely|yours(?:\\s+sincerely|\\s+faithfully|\\s+truly)?|"
    "take\\s+care|speak\\s+soon|ta|viele\\s+gr(?:ü|ue)(?:ß|ss)e|muchas\\s+gracias|gracias|saludos|merci"
)
# Cue -> the name after it. Cues are case-insensitive; the name itself must be capitalised,
# except after "my name is", which is explicit enough to take a lower-case name too.
_NAME_CUES = [
    re.compile(rf"(?i:\bmy\s+name(?:'s|’s|\s+is)|\bname\s*:)\s+(?P<name>(?i:{_NAME})(?:[ \t]+{_NAME}){{0,2}})"),
    re.compile(rf"(?i:\bi'm|\bi’m|\bi\s+am|\bthis\s+is|\bit's|\bit’s|\bcall\s+me)\s+(?P<name>{_FULL_NAME})"),
    re.compile(rf"(?i:\bmy\s+(?:{_RELATIONS})),?[ \t]+(?:(?:Dr|Mr|Mrs|Ms|Miss)\.?[ \t]+)?(?P<name>{_FULL_NAME})"),
    re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?[ \t]+(?P<name>{_FULL_NAME})"),
    re.compile(rf"(?im:^[ \t]*(?:hi|hello|hey|dear|hiya|morning|good\s+morning|hallo|hola)),?[ \t]+"
               rf"(?P<name>{_FULL_NAME})"),
    re.compile(rf"(?i:\b(?:{_CLOSINGS}))[ \t]*[,.!]*[ \t]*(?:\r?\n[ \t]*)*(?P<name>{_FULL_NAME})"
               r"(?=[ \t]*(?:x+)?[ \t]*[.!]?[ \t]*(?:\r?\n|$))"),
]
# A line that holds only a name, as at the foot of an email ("Jo x", "Helen Carter").
_NAME_LINE = re.compile(rf"(?m)^[ \t]*(?P<name>{_FULL_NAME})[ \t]*(?:x+)?[ \t]*$")
_WORD = re.compile(rf"\b{_NAME}\b")

_STREET_SUFFIX = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|Gardens|Gdns|"
    "Terrace|Grove|Hill|Park|Square|Sq|Boulevard|Blvd|Mews|Row|Walk|Rise|View|Parade|Green|Circle|Highway|Hwy|"
    "Parkway|Pkwy|Trail|Wharf|Quay|Yard"
)
_UNIT = r"(?:(?i:flat|apt|apartment|unit|suite)\.?[ \t]*\d+[A-Za-z]?,?[ \t]*)?"
_ADDRESSES = [
    # "12 Acacia Avenue", "Flat 3, 45 Queen's Road, Bristol": capitalised street names.
    re.compile(rf"\b{_UNIT}\d{{1,5}}[A-Za-z]?,?[ \t]+(?:{_NAME}[ \t]+){{1,3}}(?:{_STREET_SUFFIX})\b\.?"
               rf"(?:,[ \t]*{_NAME}(?:[ \t]+{_NAME})?)?"),
    # "12 acacia avenue": typed in lower case, only with an unambiguous suffix and one or two words,
    # so "3 miles down the road" stays.
    re.compile(r"(?i)\b\d{1,5}[a-z]?[ \t]+(?:[a-z][a-z'’-]+[ \t]+){1,2}"
               r"(?:street|road|avenue|lane|crescent|terrace|gardens|boulevard)\b"),
    re.compile(r"(?i)\bp\.?\s*o\.?\s*box\s+\d+\b"),
    # UK postcode ("LS6 2AB", "bs81qu"); "C5 6th" is not one.
    re.compile(r"(?i)\b(?:[a-z]{1,2}\d[a-z\d]?|gir)[ \t]*\d(?!(?:st|nd|rd|th)\b)[a-z]{2}\b"),
    # US ZIP code after a state abbreviation ("IL 62704").
    re.compile(r"\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|"
               r"S[CD]|T[NX]|UT|V[AT]|W[AIVY])[ \t]+\d{5}(?:-\d{4})?\b"),
]
_EMAIL = re.compile(r"(?i)\b[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b")
# Spelled out to dodge spam filters: "john at smith dot com", "jo (at) mail [dot] co [dot] uk".
# The " dot " is required, so "standing at work. My" is not an address.
_SPELLED_EMAIL = re.compile(r"(?i)\b[a-z0-9._%+-]+\s*(?:\(at\)|\[at\]|\bat\b)\s*[a-z0-9-]+"
                            r"(?:\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*[a-z0-9-]+)+\b")
_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
           "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)?\d{{2}}|(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}|"
         rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}|"
         rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}})")
# A date of birth: after a cue ("DOB", "born on", "date of birth:", "birthday is"), or any full
# numeric date with a day, month and year (erring toward removal; symptom dates keep their month).
_BIRTH_DATES = [
    re.compile(rf"(?i)\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?|birthday(?:\s+is)?)\s*[:\-]?\s*"
               rf"(?P<date>{_DATE})"),
    re.compile(r"\b(?P<date>\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2})\b"),
]
# Typed in lower case, a first name is still a name ("john smith from Bristol"): a known,
# unambiguous first name, with the next word as its surname unless that word is an everyday one.
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
_NOT_SURNAMES_TEXT = (
    "a an and are as at be but by can could did do does for from had has have he her here his how i if in is it "
    "its just me my not of on or our said says she so that the their them then they this to told was we were "
    "what when where which who why will with would you your also again who's back hip pain"
)
_NOT_SURNAMES = frozenset(_NOT_SURNAMES_TEXT.split())
# Nine or more digits with spaces, dots, dashes or brackets between them: a phone or an account number.
_DIGITS = re.compile(r"\+?\(?\d[\d \t().-]{7,}\d")
_MIN_DIGITS = 9
_MIN_PHONE_DIGITS = 7

# First names that are also everyday words or months: redacted after a cue, never on their own.
_AMBIGUOUS_TEXT = (
    "April August June May Summer Autumn Winter Max Will Bill Mark Frank Grace Hope Joy Faith Chase Hunter "
    "Christian Drew Ray Rich Sandy Dale Glen Norman Page Art Pat Sue Carol Dawn Holly Ivy Rose Ruby Amber "
    "Misty Heather Jean Lane Miles Reading Deb"
)
_AMBIGUOUS_NAMES = frozenset(_AMBIGUOUS_TEXT.split())
_FAKER_LOCALES = ("en_GB", "en_US", "en_IE", "en_IN", "en_NZ")


def redact(text: str) -> str:
    """The text with emails, phone numbers, addresses and personal names replaced by {{KIND}} markers."""
    if not text.strip():
        return text
    return _MERGED.sub(_one_marker, _scrubber().clean(text))


def warm_up() -> None:
    """Load the scrubber and the name lists now, so the first logged question is not slow."""
    _scrubber()
    _first_names()


# Overlapping finds come back merged as "{{NAME+NAME}}" or "{{POSTALCODE+ADDRESS}}": name each kind once.
_MERGED = re.compile(r"\{\{([A-Z_]+(?:\+[A-Z_]+)+)\}\}")


def _one_marker(match: re.Match[str]) -> str:
    return "{{" + "+".join(sorted(set(match.group(1).split("+")))) + "}}"


@lru_cache(maxsize=1)
def _scrubber() -> Any:
    import warnings

    with warnings.catch_warnings():
        # scrubadub warns about its own deprecations on import; they are not ours to fix.
        warnings.simplefilter("ignore")
        import scrubadub
        import scrubadub.detectors
        from scrubadub.post_processors import FilthReplacer, PrefixSuffixReplacer

    # Post-processors write "{{EMAIL}}" (the older replace_with path is deprecated).
    scrubber = scrubadub.Scrubber(locale="en_GB", post_processor_list=[
        FilthReplacer(separator="+"), PrefixSuffixReplacer(prefix="{{", suffix="}}")])
    # Its email detector also reads "standing at work. My" as "name at domain dot": ours is strict.
    scrubber.remove_detector("email")
    # Its number-plate detector reads "my L5 was tipped" as a plate: vertebrae matter more here.
    scrubber.remove_detector("vehicle_licence_plate")
    scrubber.add_detector(scrubadub.detectors.PhoneDetector(name="phone_us", locale="en_US"))
    for detector in _own_detectors(scrubadub):
        scrubber.add_detector(detector)
    return scrubber


def _own_detectors(scrubadub: Any) -> list[Any]:
    """Our regexes as scrubadub detectors, so the scrubber merges overlapping spans with its own."""
    from scrubadub.filth import AddressFilth, DateOfBirthFilth, EmailFilth, NameFilth, PhoneFilth

    class Spans(scrubadub.detectors.Detector):  # type: ignore[misc]
        filth_cls = NameFilth

        def __init__(self, name: str, spans: Any, filth_cls: Any) -> None:
            self.name = name
            self.spans = spans
            self.filth_cls = filth_cls
            super().__init__(name=name, locale="en_GB")

        def iter_filth(self, text: str, document_name: str | None = None) -> Iterator[Any]:
            for beg, end in self.spans(text):
                yield self.filth_cls(beg=beg, end=end, text=text[beg:end], detector_name=self.name,
                                     document_name=document_name, locale=self.locale)

    return [
        Spans("studio_names", name_spans, NameFilth),
        Spans("studio_addresses", address_spans, AddressFilth),
        Spans("studio_phones", phone_spans, PhoneFilth),
        Spans("studio_emails", lambda text: [m.span() for p in (_EMAIL, _SPELLED_EMAIL) for m in p.finditer(text)],
              EmailFilth),
        Spans("studio_birth_dates", birth_date_spans, DateOfBirthFilth),
    ]


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where personal names are: after a cue, alone on a line, or a known first name (+ surname)."""
    spans = [m.span("name") for cue in _NAME_CUES for m in cue.finditer(text)]
    spans += [m.span("name") for m in _NAME_LINE.finditer(text) if _looks_like_name_line(text, m)]
    names = _first_names()
    for m in _WORD.finditer(text):
        if m.group() in names and m.group() not in _AMBIGUOUS_NAMES:
            end = m.end()
            surname = re.match(rf"[ \t]+{_NAME}\b", text[end:])
            spans.append((m.start(), end + surname.end() if surname else end))
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        if word.capitalize() in names and word.capitalize() not in _AMBIGUOUS_NAMES and len(word) > 2:
            nxt = _LOWER_WORD.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
            if nxt and nxt.group() not in _NOT_SURNAMES and nxt.group().capitalize() not in _AMBIGUOUS_NAMES:
                spans.append((m.start(), nxt.end()))
            elif word not in _NOT_SURNAMES:
                spans.append(m.span())
    return spans


def birth_date_spans(text: str) -> list[tuple[int, int]]:
    """Dates of birth after a cue, and full numeric dates."""
    return [m.span("date") for pattern in _BIRTH_DATES for m in pattern.finditer(text)]


def _looks_like_name_line(text: str, match: re.Match[str]) -> bool:
    # A heading or a one-word answer ("Yes", "Sciatica") can stand alone too: only the last
    # line of the message, or a line whose first word is a known first name, counts as a name.
    first = match.group("name").split()[0]
    return first in _first_names() or not text[match.end():].strip()


def address_spans(text: str) -> list[tuple[int, int]]:
    """Where street addresses, UK postcodes and US ZIP codes are."""
    return [m.span() for pattern in _ADDRESSES for m in pattern.finditer(text)]


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Possible UK and US phone numbers, and any other run of nine or more digits."""
    import phonenumbers

    spans = []
    for region in ("GB", "US"):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            # UK local numbers may be four or five digits, which is also a year: ask for seven.
            if sum(c.isdigit() for c in match.raw_string) >= _MIN_PHONE_DIGITS:
                spans.append((match.start, match.end))
    for m in _DIGITS.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= _MIN_DIGITS:
            spans.append(m.span())
    return spans


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """English first names from Faker's person providers (a scrubadub dependency, no download)."""
    import importlib

    names: set[str] = set()
    for locale in _FAKER_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names.update(str(n) for n in getattr(provider, attr, ()))
    return frozenset(n for n in names if len(n) > 1)
