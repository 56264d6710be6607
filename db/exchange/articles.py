"""Turning the bytes of an article file into text, or a clear refusal."""

from __future__ import annotations

import codecs
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from db.errors import ValidationError
from db.exchange.mhtml import MHTML_SUFFIXES, mhtml_page
from db.model.validation import article_text_problem
from db.storage.file_guard import open_here_or_beside

# Raw file sizes, checked before reading so a huge file is never loaded: plain text is at
# most ~2.5 bytes per character of the limit; a saved web page carries megabytes of markup
# around a short text, and only its extracted text counts against the limit.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_HTML_BYTES = 10 * 1024 * 1024  # html.parser reads ~2 MB a second

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_SUFFIXES = {".html", ".htm"}


def _too_large(name: str, size: int, limit: int) -> ValidationError:
    kind = "web page" if limit == MAX_HTML_BYTES else "article"
    return ValidationError(f"{name} is too large ({size / 1048576:.1f} MB); the limit for one "
                           f"{kind} is {limit // 1048576} MB")


def decode_article(data: bytes, name: str = "The file", warnings: list[str] | None = None) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, or a legacy
    8-bit encoding that charset detection is confident about (e.g. cp1251). A UTF-8 text
    with a few broken bytes is decoded with U+FFFD in their place, and a sentence saying so
    is appended to `warnings`."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise _too_large(name, len(data), MAX_ARTICLE_BYTES)
    return _checked_length(_decode(data, name, warnings), name)


def _decode(data: bytes, name: str, warnings: list[str] | None) -> str:
    """The text of `data`, checked to be non-empty text (not binary); no length limit."""
    if not data.strip():
        raise ValidationError(f"{name} is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError as exc:
                if encoding == "utf-8-sig" and (text := _mostly_utf8(data[3:], name, warnings)):
                    return _checked(text, name)
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
    if text := _mostly_utf8(data, name, warnings):
        return _checked(text, name)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise ValidationError(
            f"{name} is not UTF-8 and its encoding could not be recognised; "
            "save it as UTF-8 and import it again"
        )
    return _checked(str(best), name)


def _mostly_utf8(data: bytes, name: str, warnings: list[str] | None) -> str | None:
    """UTF-8 with a few stray bytes (a truncated copy, one byte flipped), decoded with U+FFFD
    for each broken sequence; None when the bytes are not evidently UTF-8.

    Guessing the encoding of such a file turns every one of its multi-byte characters into
    garble (curly quotes as "вЂњ" in cp1251) to explain one bad byte. The evidence for UTF-8
    is valid multi-byte sequences outnumbering the broken ones; a legacy 8-bit text has
    (almost) none, and its accented or Cyrillic letters are each a broken sequence, so it
    still goes to charset detection."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    valid_multibyte = sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")
    if broken <= 0 or broken > max(1, len(text) // 100) or valid_multibyte < 2 * broken:
        return None
    if warnings is not None:
        where = ("1 place; it was" if broken == 1 else f"{broken:,} places; they were")
        warnings.append(f"{name} is UTF-8 with invalid bytes in {where} replaced with "
                        "“\ufffd”: check the text around them")
    return text


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
    if _printable_ratio(text) < 0.95:
        raise ValidationError(f"{name} is a binary file, not text")
    return text


def _checked_length(text: str, name: str) -> str:
    if msg := article_text_problem(text, name):
        raise ValidationError(msg, field="text")
    return text


# Page furniture around an article, by element, ARIA role, or a class/id word: reader
# comments, "Related" boxes, cookie and newsletter banners, share bars, ads. They are not
# the article, and what they say would reach the suggester as if the article said it.
_FURNITURE_TAGS = {"aside", "footer"}
_FURNITURE_ROLES = {"complementary", "contentinfo", "navigation", "banner", "dialog"}
_FURNITURE_WORDS = {"comment", "comments", "disqus", "cookie", "cookies", "consent",
                    "related", "recommended", "newsletter", "subscribe", "share", "sharing",
                    "social", "ad", "ads", "advert", "advertisement", "promo", "sidebar",
                    "outbrain", "taboola", "paywall"}


def _furniture(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in _FURNITURE_TAGS:
        return True
    for name, value in attrs:
        if not value:
            continue
        if name == "role" and value.strip().lower() in _FURNITURE_ROLES:
            return True
        # whole words only: "commentary" or "lead" are articles, "ad-slot" is not
        if name in ("class", "id") and _FURNITURE_WORDS & set(
                re.split(r"[^a-z]+", value.lower())):
            return True
    return False


class _TextExtractor(HTMLParser):
    """Collects visible text; drops what a reader does not see (the head, scripts, styles,
    navigation menus, comments) and the page's furniture around the article (reader
    comments, related links, cookie banners, footers: see _furniture). Nothing is fetched or
    run.

    HTML5 makes `<head>`, `</head>` and `<body>` optional, so the head is tracked as the
    standard's parser does: it ends at `</head>`, at the first tag that cannot be in a head,
    or at text; it is never an element whose end tag must come. A skipped element ends at its
    own end tag, whatever is between."""

    _SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "nav",
             "canvas", "select"}
    _HEAD_ONLY = {"title", "meta", "link", "base", "style", "script", "noscript", "template"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "blockquote", "header", "footer", "figcaption", "title", "dd", "dt",
              "pre", "hr", "table", "ul", "ol", "main", "aside", "figure", "address"}
    _VOID = {"br", "hr", "img", "meta", "link", "base", "input", "col", "area", "embed",
             "source", "track", "wbr", "param"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: str | None = None  # the element being skipped
        self._skip_depth = 0  # how many of that name are open inside it, itself included
        self._part = "before"  # "before" the head, in the "head", or in the "body"

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if self._skipping is not None:
            if tag == self._skipping:
                self._skip_depth += 1
            return
        if tag == "html":
            return
        if tag == "head" and self._part == "before":
            self._part = "head"
            return
        if self._part != "body":
            # <title>, <meta>… before any content belong to the (possibly implied) head.
            self._part = "head" if tag in self._HEAD_ONLY else "body"
        if self._part == "head" or tag in self._SKIP or _furniture(tag, attrs):
            if tag not in self._VOID:
                self._skipping, self._skip_depth = tag, 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping is not None:
            if tag == self._skipping:
                self._skip_depth -= 1
                if not self._skip_depth:
                    self._skipping = None
        elif tag == "head":
            self._part = "body"
        elif tag in self._BLOCK and tag not in self._VOID:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skipping is not None:
            return
        if self._part != "body":
            if not data.strip():
                return
            self._part = "body"  # text cannot be in a head: the body has begun
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
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return out + "\n" if out else ""


def decode_mhtml(data: bytes, name: str, warnings: list[str] | None = None) -> str:
    """A saved MHTML page's HTML as text: by the charset its part declares, else as any
    page is decoded (its <meta charset>, UTF-8, then the fallbacks of decode_article)."""
    page, charset, _ = mhtml_page(data, name)
    if charset:
        try:
            return _checked(codecs.decode(page, charset), name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: decode as a page of unknown encoding
    return _decode(page, name, warnings)


def refuse_open_database(path: Path) -> None:
    """An article file is read with plain open(): never the database this process has open
    (or its side files), where closing that descriptor would drop SQLite's locks."""
    if open_here_or_beside(path):
        raise ValidationError(f"{path} is the open Parley database (or one of its files), "
                              "not an article")


def read_article_file(path: Path, warnings: list[str] | None = None) -> str:
    """Read a .txt/.md/.html article as text. HTML is reduced to its visible text, and the
    article size limit applies to that text, not to the markup around it. Anything the
    reader should know about the decoding (see decode_article) is appended to `warnings`."""
    refuse_open_database(path)
    html_name = path.suffix.lower() in _HTML_SUFFIXES | MHTML_SUFFIXES
    try:
        size = path.stat().st_size
        if size > MAX_HTML_BYTES:
            raise _too_large(path.name, size, MAX_HTML_BYTES if html_name else MAX_ARTICLE_BYTES)
        with path.open("rb") as fh:
            head = fh.read(4096)
            is_html = html_name or looks_like_html(head.decode("utf-8", errors="replace"))
            if not is_html and size > MAX_ARTICLE_BYTES:
                raise _too_large(path.name, size, MAX_ARTICLE_BYTES)
            data = head + fh.read()
    except FileNotFoundError:
        raise ValidationError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise ValidationError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise ValidationError(f"{path} cannot be read (permission denied)") from None
    except OSError as exc:
        raise ValidationError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if path.suffix.lower() in MHTML_SUFFIXES:
        text = decode_mhtml(data, path.name, warnings)
        is_html = True
    else:
        text = _decode(data, path.name, warnings)
    if is_html or looks_like_html(text):
        text = html_to_text(text)
        if not text.strip():
            raise ValidationError(f"{path.name} has no visible text")
    return _checked_length(text, path.name)
