"""Saved web pages in MHTML (.mhtml, .mht: what Chrome and Edge write for "Save page as…,
single file"): an email-style MIME message whose text/html part is the page. The stdlib
`email` package undoes the transfer encoding (quoted-printable, base64) and the charset; the
page then goes through the same HTML path as a .html file. Nothing the page links to is
loaded: the other parts (images, styles) are ignored."""

from __future__ import annotations

import email
import email.policy

from db.errors import ValidationError

MHTML_SUFFIXES = frozenset({".mhtml", ".mht"})


def mhtml_page(data: bytes, name: str) -> tuple[bytes, str | None, str]:
    """The page's HTML bytes (transfer encoding undone), the charset its part declares (None:
    Chrome often says only "text/html" and leaves it to the page's <meta>), and the address it
    was saved from ("" if not said)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if part is None:
        raise ValidationError(f"{name} holds no web page (no text/html part: is it MHTML?)")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise ValidationError(f"{name}: the web page inside is empty")
    where = str(message.get("Snapshot-Content-Location") or part.get("Content-Location") or "")
    return payload, part.get_content_charset(), where.strip()
