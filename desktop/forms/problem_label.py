"""The reason a position-form field is invalid, on one line under the field whose height is
kept while there is no reason to show.

A reason that appeared or went away used to add or remove its line, so every field below it
jumped under the pointer as the user typed or chose (choosing a party moved the issue box
away from the mouse). This label always takes its line: hidden, it keeps its place (Qt's
retainSizeWhenHidden); shown, a reason longer than the field is cut with "…" and the whole
of it is in the tooltip, instead of wrapping onto a second line.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from desktop.qt.plain_text import literal


class ProblemLabel(QLabel):
    def __init__(self, name: str, *, reserve: bool = True, parent: QWidget | None = None):
        """`reserve` False for a field nothing sits under, or one that cannot be wrong:
        its line then takes room only while it shows a reason."""
        super().__init__(parent)
        self.setObjectName(f"problem_{name}")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(f"Problem with {name.replace('_', ' ')}")
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(reserve)
        self.setSizePolicy(policy)
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 2)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(literal(text) if text else "")
        self.setAccessibleDescription(text)

    def clear(self) -> None:
        self.setText("")

    # Only the height counts: the field above sets the width, a long reason is elided.
    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft
                                                  | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()
