"""Composing the lab's messages: plain French text, with attachments when a service joins files."""

from __future__ import annotations

from colab.mail.transport import Attachment, compose


def test_a_message_carries_its_attachments_after_the_text() -> None:
    message = compose(
        "lea@exemple.be",
        "Inscription confirmée",
        "Votre place est confirmée.",
        (Attachment("action.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),),
    )
    body = message.get_body(("plain",))
    assert body is not None and "Votre place est confirmée." in body.get_content()
    [part] = list(message.iter_attachments())
    assert (part.get_content_type(), part.get_filename()) == ("text/calendar", "action.ics")
    assert part.get_content().startswith("BEGIN:VCALENDAR")
    assert message["Content-Language"] == "fr-BE"


def test_a_message_without_attachments_stays_plain_text() -> None:
    message = compose("lea@exemple.be", "Sujet", "Corps")
    assert message.get_content_type() == "text/plain" and not list(message.iter_attachments())
