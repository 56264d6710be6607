"""A colour per coder, the same in every window and every session (from the name itself), so
a desk learns whose rows are whose. Records with no known author stay uncoloured."""

from __future__ import annotations

import zlib

from PySide6.QtGui import QColor

# Distinct hues that read on white and under a light tint (Tableau 10, less grey).
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f")


def coder_colour(name: str) -> QColor | None:
    if not name:
        return None
    return QColor(PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)])


def coder_tint(name: str) -> QColor | None:
    """A row background: the coder's colour, faint enough for black text."""
    colour = coder_colour(name)
    if colour is None:
        return None
    colour.setAlpha(60)
    return colour


def coder_text_colour(name: str) -> QColor | None:
    """The coder's name in their colour, darkened to stay legible on white."""
    colour = coder_colour(name)
    return None if colour is None else colour.darker(135)
