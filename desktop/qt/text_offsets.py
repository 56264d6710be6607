"""Converting between Python string offsets (code points, what the database stores) and
positions in a QTextDocument (UTF-16 code units, one per paragraph break).

The reader shows `display_text(text)`: "\\r\\n" and a lone "\\r" become "\\n" so Qt makes one
paragraph break of each, and a character outside the Basic Multilingual Plane (an emoji, say)
counts two positions in Qt but one in Python. Non-breaking spaces and tabs count one in both.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit


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



# Characters Qt's line breaker may wrap at without splitting a word: spaces of all kinds and
# line or paragraph ends (after display_text, "\r" is gone).
_BREAKS = np.array([0x09, 0x0A, 0x0B, 0x0C, 0x20, 0xA0, 0x1680, *range(0x2000, 0x200B),
                    0x2028, 0x2029, 0x202F, 0x205F, 0x3000], dtype=np.uint32)
# Wrapping at word boundaries costs Qt about the square of each unbroken run longer than a
# line (it scans the whole run for a break on every line the run fills): one line of 1M
# letters took 25 s to show, 1,000 runs of 2,000 letters 2.8 s. Past this sum of squares
# (~0.1 s of layout) the reader wraps anywhere instead, ~0.4 s for 2M characters.
WORD_WRAP_BUDGET = 100_000_000
_SHORT_RUN = 80  # runs shorter than a line wrap as whole words, at linear cost


def unbroken_runs(text: str) -> np.ndarray:
    """Lengths of the stretches of `text` between spaces or line breaks (linear time: a
    regex such as \\S{n} backtracks on runs just shorter than n)."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    breaks = np.flatnonzero(np.isin(points, _BREAKS, kind="table"))
    return np.diff(np.concatenate(([-1], breaks, [len(points)]))) - 1


def needs_wrap_anywhere(text: str) -> bool:
    """Whether word wrapping `text` would stall the GUI (see WORD_WRAP_BUDGET)."""
    runs = unbroken_runs(text)
    long = runs[runs > _SHORT_RUN].astype(np.float64)
    return float(np.sum(long * long)) > WORD_WRAP_BUDGET


def set_long_text(edit: QPlainTextEdit, text: str) -> None:
    """Show `text`, wrapping anywhere when wrapping at word boundaries would stall the GUI
    for seconds (a line of a million letters took 25 s); offsets are not affected."""
    edit.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere if needs_wrap_anywhere(text)
                         else QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    edit.setPlainText(text)
