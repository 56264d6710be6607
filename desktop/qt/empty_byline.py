"""Hiding an article's empty "Author:" line in the reader.

Pasted or imported articles often carry the by-line field of the page they came from, empty
("Author:" and nothing after it) when the outlet named nobody, right under the headline. It
says nothing and looks like a fault in the header. The stored text keeps it (every quote's
offsets count its characters); the reader hides its paragraph, and the blank line after it,
so the document's positions, and so every highlight and selection, stay the same.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QTextDocument

# Where a by-line can be: the article's first few paragraphs.
HEADER_BLOCKS = 6
_EMPTY_BYLINE = re.compile(r"^\s*(author|authors|by|byline|written by)\s*:?\s*$", re.IGNORECASE)


def hide_empty_bylines(doc: QTextDocument) -> int:
    """Hide empty by-line paragraphs near the top of `doc`; how many were hidden."""
    hidden = 0
    block = doc.firstBlock()
    for _ in range(HEADER_BLOCKS):
        if not block.isValid():
            break
        if _EMPTY_BYLINE.match(block.text()):
            block.setVisible(False)
            hidden += 1
            following = block.next()
            if following.isValid() and not following.text().strip():
                following.setVisible(False)  # no double gap where the line was
                block = following
        block = block.next()
    if hidden:
        doc.markContentsDirty(0, doc.characterCount())  # the layout drops hidden paragraphs
    return hidden
