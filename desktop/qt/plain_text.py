"""User text (titles, outlets, names, level labels, quotes, notes, file paths, and error
messages that quote them) shown as the characters typed, never as markup.

Qt guesses: a tooltip, a QMessageBox text or a QLabel left at AutoText is rendered as HTML
when `Qt.mightBeRichText` says it looks like HTML. A source titled `<img src="/dev/zero">`
then made a tooltip read /dev/zero as an image until the kernel killed the app, and a local
image file's path in a title showed that image; `a &lt; b` showed as `a < b`. So:

- a QLabel that can show user text is made with `plain_label` (Qt.PlainText, no guessing);
- a text Qt will guess about (tooltips, ToolTipRole data, message boxes) goes through
  `literal`: unchanged when Qt would show it as plain text anyway, else escaped HTML that
  renders the same characters;
- text put inside HTML we build (pyqtgraph labels and legends, rich labels, HTML tooltips)
  goes through `escape`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import QLabel, QWidget


def escape(text: object) -> str:
    """`text` made safe to put inside HTML: its characters, not tags or entities."""
    return html.escape(str(text), quote=False)


def looks_rich(text: str) -> bool:
    """Whether Qt would render `text` as HTML in a tooltip, message box or AutoText label."""
    return bool(GuiQt.mightBeRichText(text))


def literal(text: object) -> str:
    """A text for a place where Qt guesses plain or rich (setToolTip, ToolTipRole, the
    QMessageBox functions) that shows exactly `text`."""
    text = str(text)
    if not looks_rich(text):
        return text
    # pre-wrap keeps the line breaks and runs of spaces the plain text had.
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
