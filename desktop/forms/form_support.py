"""Small pieces the forms and dialogs share: inline problem labels, colour swatches, key slugs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 60) -> str:
    """A codebook key suggested from a name: "European leaders" → "european_leaders"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_JUNK.sub("_", ascii_text.casefold()).strip("_")[:limit].rstrip("_")


_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@lru_cache(maxsize=512)  # one per colour and size; tables ask for it on every paint
def swatch_icon(colour: str, size: int = 14) -> QIcon:
    """A filled square in `colour` with a thin outline, so pale colours stay visible; empty
    for anything but #rrggbb (a named colour would look accepted when it is not)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    qcolour = QColor(colour)
    if _HEX.match(colour or "") and qcolour.isValid():
        painter = QPainter(pix)
        painter.setPen(QColor(0, 0, 0, 110))
        painter.setBrush(qcolour)
        painter.drawRect(0, 0, size - 1, size - 1)
        painter.end()
    icon = QIcon(pix)
    icon.addPixmap(pix, QIcon.Mode.Selected)  # a swatch keeps its colour in a selected row
    return icon


class ErrorLabel(QLabel):
    """The reason a field is invalid, shown under it; hidden while the field is fine."""

    def __init__(self, field: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"error_{field}")
        self.setTextFormat(Qt.TextFormat.PlainText)  # reasons quote names the user typed
        self.setWordWrap(True)
        self.setStyleSheet("color: #d84315;")
        self.setAccessibleName(f"{field} error")
        self.hide()

    def set_error(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def show_problems(labels: dict[str, ErrorLabel], problems: dict[str, str],
                  fallback: ErrorLabel) -> None:
    """Put each problem under its field; problems for fields without a label go to
    `fallback` (e.g. a refusal from the database that names no field)."""
    leftover = [msg for name, msg in problems.items() if name not in labels]
    for name, label in labels.items():
        label.set_error(problems.get(name))
    fallback.set_error("\n".join(leftover) if leftover else None)


def field_with_error(widget: QWidget, error: ErrorLabel, *, grow: bool = False) -> QWidget:
    """A form field with its error line underneath; only `grow` fields take spare height."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    lay.addWidget(error)
    if not grow:
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return box


def problem_label(name: str) -> QLabel:
    """A label that shows why a field is invalid; hidden while it is valid."""
    label = QLabel()
    label.setObjectName(f"problem_{name}")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(f"Problem with {name.replace('_', ' ')}")
    label.hide()
    return label


def show_problem(label: QLabel, reason: str | None) -> None:
    if reason:
        label.setText("⚠ " + reason)
        label.show()
    else:
        label.clear()
        label.hide()
