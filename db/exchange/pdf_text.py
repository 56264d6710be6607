"""The text of a PDF article (an official readout, a transcript) with each page's span, so a
quote can say "p. 3". pypdf is pure Python; nothing in the file is run or fetched."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from db.errors import ValidationError

MAX_PDF_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class PdfArticle:
    text: str
    pages: list[tuple[int, int, int]]  # (page number from 1, start, end) in text
    title: str
    author: str


# Typeset PDFs draw "fi", "fl"… as one ligature glyph; extracted as such, "ceasefire" would
# not be found by search, suggestions or the analyst typing a quote.
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def _clean(page_text: str) -> str:
    page_text = page_text.translate(_LIGATURES)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in page_text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_pdf(path: Path) -> PdfArticle:
    """The pages' text joined by blank lines. A PDF without a text layer (a scan) or one
    that is encrypted is refused with a sentence saying so."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if size > MAX_PDF_BYTES:
        raise ValidationError(f"{path.name} is too large ({size / 1048576:.1f} MB); the limit "
                              f"for one PDF is {MAX_PDF_BYTES // 1048576} MB")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about odd files go nowhere
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(f"{path.name} is a password-protected PDF")
        parts: list[str] = []
        pages: list[tuple[int, int, int]] = []
        pos = 0
        for n, page in enumerate(reader.pages, start=1):
            body = _clean(page.extract_text() or "")
            if not body:
                continue
            if parts:
                parts.append("\n\n")
                pos += 2
            parts.append(body)
            pages.append((n, pos, pos + len(body)))
            pos += len(body)
        info = reader.metadata
        title = str(info.title or "").strip() if info else ""
        author = str(info.author or "").strip() if info else ""
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        raise ValidationError(f"{path.name} is not a readable PDF ({exc})") from None
    if not parts:
        raise ValidationError(f"{path.name} has no text layer (a scanned PDF?); run it through "
                              "OCR first")
    return PdfArticle("".join(parts) + "\n", pages, title, author)
