"""parse_email(): .eml and pasted text -> sender, subject and only the new text (quotes and signatures stripped)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from assistant.email.parse import parse_email
from assistant.errors import InputRejected

EMAILS = Path(__file__).resolve().parent / "data" / "emails"
ALL = sorted(p.name for p in EMAILS.iterdir())


def _parse(name: str):  # type: ignore[no-untyped-def]
    return parse_email((EMAILS / name).read_bytes())


def test_there_are_at_least_ten_realistic_emails_some_as_eml() -> None:
    assert len(ALL) >= 10
    assert sum(n.endswith(".eml") for n in ALL) >= 5 and sum(n.endswith(".txt") for n in ALL) >= 5


@pytest.mark.parametrize("name", ALL)
def test_quotes_signatures_and_disclaimers_never_reach_the_body(name: str) -> None:
    body = _parse(name).body
    for marker in ("QUOTED-MARKER", "SIGNATURE-MARKER", "DISCLAIMER-MARKER", "HTML-ONLY-MARKER", "wrote:", "\n>"):
        assert marker not in body
    assert body and not body.endswith(("Thanks,", "Cheers,", "regards,"))


@pytest.mark.parametrize(
    ("name", "first"),
    [("seed-chiropractor.txt", "Sarah"), ("quoted-reply.eml", "Tom"), ("html-only.eml", "Priya"),
     ("multipart.eml", "Mark"), ("forwarded.eml", "Anna"), ("non-ascii.eml", "Zoë"),
     ("rambling-red-flag.txt", "Claire"), ("spanish-cauda-equina.txt", "Lucía"),
     ("signature-disclaimer.eml", "Helen"), ("no-name.txt", ""), ("urgent-cancer-history.txt", "Margaret"),
     ("screen-answered.txt", "Raj")],
)
def test_first_name(name: str, first: str) -> None:
    assert _parse(name).sender_first_name == first


def test_quoted_reply_keeps_headers_for_threading_and_drops_the_quote() -> None:
    parsed = _parse("quoted-reply.eml")
    assert parsed.is_eml and parsed.sender_address == "tom.harris@example.com"
    assert parsed.message_id == "<CAF3x9q-reply-2@mail.example.com>"
    assert parsed.references == ("<CAF3x9q-first@mail.example.com>", "<draft-1@posture-studio.example>")
    assert parsed.body.startswith("Hi Deb,") and parsed.body.endswith("Why does the pain shoot down my leg like that?")
    assert "Which side is it on" not in parsed.body and "Best regards" not in parsed.body


def test_html_only_message_becomes_plain_text_without_the_quoted_block() -> None:
    parsed = _parse("html-only.eml")
    assert "<" not in parsed.body and "font-family" not in parsed.body
    assert "My physio told me that one hip is higher than the other" in parsed.body
    assert "Why does one hip sit higher than the other?" in parsed.body
    assert "Many thanks" not in parsed.body


def test_multipart_alternative_prefers_the_plain_part() -> None:
    parsed = _parse("multipart.eml")
    assert "How should I set up my desk chair and screen?" in parsed.body
    assert "Cheers" not in parsed.body and parsed.sender_name == "Mark O'Brien"


def test_forwarded_message_keeps_the_friends_question() -> None:
    parsed = _parse("forwarded.eml")
    assert parsed.forwarded and parsed.forwarded_from == "Jo Smith"
    assert "my friend Jo asked me to pass this on" in parsed.body
    assert "How long should I foam roll for, and where should I not roll?" in parsed.body
    assert "From: Jo Smith" not in parsed.body and "Subject:" not in parsed.body and "Jo x" not in parsed.body


def test_rfc2047_name_and_subject_are_decoded() -> None:
    parsed = _parse("non-ascii.eml")
    assert parsed.sender_name == "Zoë Müller" and parsed.sender_first_name == "Zoë"
    assert parsed.subject == "Rückenschmerzen – Hüfte"
    assert "café" in parsed.body and "Viele Grüße" not in parsed.body


def test_signature_block_and_disclaimer_are_stripped() -> None:
    parsed = _parse("signature-disclaimer.eml")
    assert parsed.body.endswith("How should I set up my desk chair so I'm not slumping?")
    assert "Procurement" not in parsed.body and "CONFIDENTIALITY" not in parsed.body


def test_pasted_subject_line_is_read_as_the_subject() -> None:
    parsed = _parse("spanish-cauda-equina.txt")
    assert parsed.subject == "Dolor de espalda y ciática" and not parsed.is_eml
    assert parsed.body.startswith("Hola Deb,") and "Muchas gracias" not in parsed.body


@pytest.mark.parametrize(
    ("text", "first"),
    [("My back aches. Can you help?\n\nThanks, Sarah", "Sarah"),
     ("My back aches. Can you help?\n\nBest wishes\nTom", "Tom"),
     ("Hi, my name is Priya and I sit all day. What can I do?", "Priya"),
     ("Neck is stiff. Any tips?\n\nCheers\n- Dan", "Dan"),
     ("Neck is stiff. Any tips?\n\nKind regards,\nAisha Khan\nAccounts", "Aisha"),
     ("Thanks for the article, my back is better. Any tips for sitting?", ""),
     ("Neck is stiff. Any tips?", "")],
)
def test_first_name_from_pasted_text(text: str, first: str) -> None:
    parsed = parse_email(text)
    assert parsed.sender_first_name == first
    assert not parsed.is_eml and "?" in parsed.body


def test_a_question_after_thank_you_is_not_cut_as_a_signature() -> None:
    parsed = parse_email("Thank you, I have had back pain for years and I wonder what you think. Is it my posture?")
    assert parsed.body.endswith("Is it my posture?")


def test_outlook_style_forward_without_a_marker_line() -> None:
    text = ("From: Ben Cole <ben@example.com>\nTo: hello@posture-studio.example\nSubject: FW: hips\n"
            "Message-ID: <fw-2@example.com>\n\nFor you, Deb.\n\nBen\n\n________________________________\n"
            "From: Kim Ray <kim@example.com>\nSent: 01 March 2025 10:00\nTo: Ben Cole\nSubject: hips\n\n"
            "Why does one of my hips sit higher than the other?\n")
    parsed = parse_email(text)
    assert parsed.is_eml and parsed.forwarded and parsed.forwarded_from == "Kim Ray"
    assert "Why does one of my hips sit higher than the other?" in parsed.body
    assert parsed.sender_first_name == "Ben"


def test_message_forwarded_as_an_attachment() -> None:
    inner = EmailMessage()
    inner["From"] = "Kim Ray <kim@example.com>"
    inner["Subject"] = "sciatica"
    inner.set_content("Why does pain shoot down my leg?\n")
    outer = EmailMessage()
    outer["From"] = "Ben Cole <ben@example.com>"
    outer["Subject"] = "Fwd: sciatica"
    outer["Message-ID"] = "<att-1@example.com>"
    outer.set_content("See below, Deb.\n")
    outer.add_attachment(inner)
    parsed = parse_email(outer.as_bytes())
    assert parsed.forwarded and parsed.forwarded_from == "Kim Ray"
    assert "Why does pain shoot down my leg?" in parsed.body and "See below" in parsed.body


def test_latin1_email_and_a_wrong_charset_label_are_still_read() -> None:
    header = b"From: Jos\xe9 <jose@example.es>\nSubject: espalda\nContent-Type: text/plain; charset=%s\n\n"
    latin = header % b"iso-8859-1" + "Me duele la espalda desde hace un mes. ¿Qué hago?\n".encode("latin-1")
    assert "¿Qué hago?" in parse_email(latin).body
    unknown = header % b"x-made-up" + "Why is my hip higher? Ta, Zoë\n".encode()
    assert "Why is my hip higher?" in parse_email(unknown).body


@pytest.mark.parametrize(
    ("data", "says"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
     ("Mi espalda me duele mucho. ¿Qué hago?".encode("latin-1"), "not UTF-8"),
     (b"   \n\n  ", "no new text"),
     ("> On Monday you wrote:\n> Hello\n> QUOTED-MARKER", "no new text"),
     (b"From: a@example.com\nSubject: hi\n\n", "no new text")],
    ids=["binary", "not-utf8-text", "blank", "only-quotes", "empty-eml"],
)
def test_unreadable_input_is_rejected_with_a_clear_message(data: bytes | str, says: str) -> None:
    with pytest.raises(InputRejected, match=says):
        parse_email(data)
