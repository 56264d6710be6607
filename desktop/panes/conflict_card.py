"""One account in the conflicts view: a record's stance, who said it, where, and the quote.
Cards sit side by side so the disagreeing accounts can be read against each other."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from db.model.vocab import ATTRIBUTION_KIND_LABELS, NEGATIVE_STATUSES
from db.reads.queries import PositionRow
from desktop.qt.plain_text import escape

CARD_WIDTH = 290


class ConflictCard(QFrame):
    """Clicking the card (or its button) asks to show the record."""

    clicked = Signal(int)  # position id

    def __init__(self, row: PositionRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.position_id = row.id
        self.setObjectName(f"conflict_card_{row.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(CARD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        negative = row.status in NEGATIVE_STATUSES
        self.setAccessibleName(f"{row.party_name} {row.status} {row.level_label}, "
                               f"according to {row.attributed_to}")
        self.setToolTip("Click to show this record in the table and the source")

        bar = QFrame()
        bar.setFixedHeight(6)
        bar.setStyleSheet(f"background-color: {row.party_colour}; border: none;")
        stance = QLabel(
            f"<b>{escape(row.party_name)}</b> "
            f"<span style='color:{'#d84315' if negative else 'palette(text)'}'>"
            f"<b>{escape(row.status)}</b></span><br>"
            f"<b>{escape(row.level_label)}</b> (level {row.level_value})")
        stance.setObjectName("card_stance")
        stance.setWordWrap(True)
        precision = "" if row.date_precision == "day" else f" ({row.date_precision})"
        kind = ATTRIBUTION_KIND_LABELS.get(row.attribution_kind, row.attribution_kind)
        meta = QLabel(
            f"<b>{escape(row.attributed_to)}</b><br>"
            f"<span style='color:#808080'>{escape(kind)}</span><br>"
            f"in <i>{escape(row.source_title)}</i><br>"
            f"{row.stated_on.isoformat()}{precision} · confidence {row.confidence:.2f}")
        meta.setObjectName("card_meta")
        meta.setWordWrap(True)
        self.quote_label = QLabel(f"<i>“{escape(row.quote)}”</i>")
        self.quote_label.setObjectName("card_quote")
        self.quote_label.setWordWrap(True)
        self.quote_label.setAccessibleName("Quote")
        self.notes_label = QLabel(row.notes)
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_label.setObjectName("card_notes")
        self.notes_label.setWordWrap(True)
        font = self.notes_label.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.notes_label.setFont(font)
        self.notes_label.setVisible(bool(row.notes.strip()))
        self.show_button = QPushButton("Show record")
        self.show_button.setObjectName("card_show")
        self.show_button.setAccessibleName(f"Show record {row.id}")
        self.show_button.clicked.connect(lambda: self.clicked.emit(self.position_id))
        for label in (stance, meta, self.quote_label):
            label.setTextFormat(Qt.TextFormat.RichText)
        for label in (stance, meta, self.quote_label, self.notes_label):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(6)
        layout.addWidget(bar)
        for widget in (stance, meta, self.quote_label, self.notes_label):
            widget.setContentsMargins(8, 0, 8, 0)
            layout.addWidget(widget)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignRight)
        self.show_button.setContentsMargins(0, 0, 8, 0)
        # Wrapped labels only report their height for a given width; with the width fixed,
        # ask for it up front so a side-by-side row never clips a long quote.
        self.setMinimumHeight(layout.totalHeightForWidth(CARD_WIDTH))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.position_id)
        super().mousePressEvent(event)
