"""Turning the bytes of an article file into text, or a clear refusal."""

from __future__ import annotations

import codecs
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from db.errors import ValidationError

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_ARTICLE_CHARS = 2_000_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_article(data: bytes, name: str = "The file") -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, or a legacy
    8-bit encoding that charset detection is confident about (e.g. cp1251)."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ValidationError(
            f"{name} is too large ({len(data) / 1048576:.1f} MB); the limit for one article "
            f"is {MAX_ARTICLE_BYTES // 1048576} MB"
        )
    if not data.strip():
        raise ValidationError(f"{name} is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError as exc:
                raise ValidationError(f"{name} claims {encoding} but is not valid: {exc}") from None
    if b"\x00" in data:
        # NUL bytes without a BOM: UTF-16 without a BOM, or a binary file.
        guess = _utf16_without_bom(data)
        if guess is None:
            raise ValidationError(f"{name} is a binary file, not text")
        return _checked(guess, name)
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise ValidationError(
            f"{name} is not UTF-8 and its encoding could not be recognised; "
            "save it as UTF-8 and import it again"
        )
    return _checked(str(best), name)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has its NUL bytes on one side of each code unit (the high
    byte of ASCII spaces, digits, punctuation); binary files have them on both sides.
    Counting by share of all units would miss Cyrillic or Greek text, where only the
    spaces and punctuation carry a NUL."""
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if odd_nuls and even_nuls <= odd_nuls // 50:
        encoding = "utf-16-le"
    elif even_nuls and odd_nuls <= even_nuls // 50:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _printable_ratio(text) > 0.95 else None


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    # isprintable() says no to every space but " " (no-break, thin, ideographic…), which
    # real articles are full of.
    ok = sum(1 for ch in text
             if ch.isprintable() or ch in "\n\r\t" or unicodedata.category(ch) == "Zs")
    return ok / len(text)


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise ValidationError(f"{name} is empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ValidationError(
            f"{name} is too long ({len(text):,} characters; at most {MAX_ARTICLE_CHARS:,})"
        )
    if _printable_ratio(text) < 0.95:
        raise ValidationError(f"{name} is a binary file, not text")
    return text


class _TextExtractor(HTMLParser):
    """Collects visible text; drops script/style/head content. Nothing is fetched or run."""

    _SKIP = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "blockquote", "header", "footer", "figcaption", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<p[\s>]|<div[\s>])", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:2000]))


def html_to_text(text: str) -> str:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    # convert_charrefs already decoded entities; decoding again would turn a literal
    # "&amp;lt;" in the article into "<".
    raw = "".join(parser.parts)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in raw.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return out + "\n" if out else ""


def read_article_file(path: Path) -> str:
    """Read a .txt/.md/.html article as text. HTML is reduced to its visible text."""
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise ValidationError(
                f"{path.name} is too large ({path.stat().st_size / 1048576:.1f} MB); the limit "
                f"for one article is {MAX_ARTICLE_BYTES // 1048576} MB"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise ValidationError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise ValidationError(f"{path} cannot be read (permission denied)") from None
    except OSError as exc:
        raise ValidationError(f"{path} cannot be read ({exc.strerror or exc})") from None
    text = decode_article(data, path.name)
    if path.suffix.lower() in {".html", ".htm"} or looks_like_html(text):
        text = html_to_text(text)
        if not text.strip():
            raise ValidationError(f"{path.name} has no visible text")
    return text
