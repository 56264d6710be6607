"""Converting between Python string offsets (code points, what the database stores) and
positions in a QTextDocument (UTF-16 code units, one per paragraph break).

The reader shows `display_text(text)`: "\\r\\n" and a lone "\\r" become "\\n" so Qt makes one
paragraph break of each, and a character outside the Basic Multilingual Plane (an emoji, say)
counts two positions in Qt but one in Python. Non-breaking spaces and tabs count one in both.
"""

from __future__ import annotations

import numpy as np


def display_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TextMap:
    """Offsets between `text` (as stored) and the document made from `display_text(text)`."""

    def __init__(self, text: str):
        self.text = text
        n = len(text)
        if n == 0:
            self._doc_of = np.zeros(1, dtype=np.int64)
            return
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        widths = np.where(points > 0xFFFF, 2, 1).astype(np.int64)
        # The "\r" of "\r\n" vanishes from the document; the "\n" is the paragraph break.
        crlf = (points[:-1] == 0x0D) & (points[1:] == 0x0A)
        widths[:-1][crlf] = 0
        self._doc_of = np.concatenate(([0], np.cumsum(widths)))

    @property
    def document_length(self) -> int:
        return int(self._doc_of[-1])

    def to_document(self, index: int) -> int:
        """The document position of Python offset `index` (0..len(text))."""
        return int(self._doc_of[max(0, min(index, len(self._doc_of) - 1))])

    def to_text(self, position: int) -> int:
        """The Python offset of a document position. At a vanished "\\r" this gives the
        offset before it, so a selection never splits a "\\r\\n" pair."""
        position = max(0, min(position, self.document_length))
        return int(np.searchsorted(self._doc_of, position, side="left"))

    def span_to_text(self, start: int, end: int, *, trim: bool = True) -> tuple[int, int]:
        """A document selection as Python offsets, without surrounding whitespace."""
        a, b = sorted((self.to_text(start), self.to_text(end)))
        if trim:
            while a < b and self.text[a].isspace():
                a += 1
            while b > a and self.text[b - 1].isspace():
                b -= 1
        return a, b
