"""Parties × issues at a chosen date: each cell is the party's latest stance on the issue as of
that date (db.reads.analysis.stance_matrix), coloured by where it sits on the issue's scale.

The grid is painted by one graphics widget in its own pixel coordinates (text must not be
scaled by a view box), inside a pyqtgraph layout so the exporter paints it like any chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QSizePolicy, QWidget

from db.reads import analysis, queries, source_reads
from db.reads.analysis import MatrixCell
from db.reads.queries import IssueRow, PartyRow, PositionFilter
from db.storage.database import Database
from desktop.charts.common import (
    INK,
    MUTED,
    font,
    keep_content_visible,
    readable_text_colour,
    source_line,
)
from desktop.qt.plain_text import escape

COLOUR_MAP = pg.colormap.get("viridis")
DISPUTED = QColor("#c0392b")
ROW_HEADER = 230
HEADER_HEIGHT = 44
KEY_HEIGHT = 46
ROW_HEIGHT = 36  # three lines of a cell's 7.5 pt label: longer stance names wrap to three


def cell_colour(fraction: float) -> QColor:
    # The darkest and brightest tenth of viridis are trimmed so text on them stays legible.
    return COLOUR_MAP.map(0.1 + 0.8 * fraction, mode="qcolor")


class MatrixGraphic(pg.GraphicsWidget):
    """The grid itself: issues down, parties across, a colour key below."""

    def __init__(self) -> None:
        super().__init__()
        self.parties: list[PartyRow] = []
        self.issues: list[IssueRow] = []
        self.cells: dict[tuple[int, int], MatrixCell] = {}

    def set_content(self, parties: list[PartyRow], issues: list[IssueRow],
                    cells: dict[tuple[int, int], MatrixCell]) -> None:
        self.parties, self.issues, self.cells = parties, issues, cells
        self.setMinimumSize(ROW_HEADER + 90 * max(len(parties), 1),
                            HEADER_HEIGHT + ROW_HEIGHT * max(len(issues), 1) + KEY_HEIGHT)
        self.update()

    def cell_rect(self, party_index: int, issue_index: int) -> QRectF:
        w, h = self.size().width(), self.size().height()
        cw = (w - ROW_HEADER - 8) / max(len(self.parties), 1)
        ch = (h - HEADER_HEIGHT - KEY_HEIGHT) / max(len(self.issues), 1)
        return QRectF(ROW_HEADER + party_index * cw, HEADER_HEIGHT + issue_index * ch, cw, ch)

    def paint(self, p: QPainter, *args) -> None:  # type: ignore[no-untyped-def]
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        wrap = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
        p.setFont(font(9, bold=True))
        p.setPen(INK)
        for j, party in enumerate(self.parties):
            r = self.cell_rect(j, 0)
            p.drawText(QRectF(r.x() + 2, 2, r.width() - 4, HEADER_HEIGHT - 4), wrap, party.name)
        for i, issue in enumerate(self.issues):
            r = self.cell_rect(0, i)
            p.setFont(font(9))
            p.setPen(INK)
            p.drawText(QRectF(4, r.y(), ROW_HEADER - 12, r.height()),
                       int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignRight
                           | Qt.AlignmentFlag.AlignVCenter), issue.name)
            for j, party in enumerate(self.parties):
                rect = self.cell_rect(j, i).adjusted(1, 1, -1, -1)
                cell = self.cells.get((party.id, issue.id))
                if cell is None:
                    p.setPen(QPen(QColor("#dddddd")))
                    p.setBrush(QColor("#fafafa"))
                    p.drawRect(rect)
                    continue
                # A rejection is not a stance at that level: a cell with only rejections
                # is grey and says so in words; a stance with a later rejection keeps its
                # colour and gets a × with the rejected level.
                stance = cell.row
                bg = cell_colour(cell.fraction) if stance else QColor("#e4e4e4")
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(bg)
                p.drawRect(rect)
                label = stance.level_label if stance else ""
                if cell.disputed:
                    p.setPen(QPen(DISPUTED, 2.5, Qt.PenStyle.DashLine))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(rect.adjusted(1.5, 1.5, -1.5, -1.5))
                    label += " (disputed)"
                p.setPen(readable_text_colour(bg))
                text_rect = rect.adjusted(4, 1, -4, -1)
                if cell.rejected is not None:
                    note = f"× {cell.rejected.status}: {cell.rejected.level_label}"
                    if not label:
                        label = note
                    else:
                        # one elided line at the foot, so the stance keeps its room
                        p.setFont(font(7))
                        metrics = QFontMetrics(p.font())
                        line = metrics.height()
                        foot = QRectF(text_rect.x(), text_rect.bottom() - line,
                                      text_rect.width(), line)
                        p.drawText(foot, int(Qt.AlignmentFlag.AlignCenter), metrics.elidedText(
                            note, Qt.TextElideMode.ElideRight, int(foot.width())))
                        text_rect.setBottom(foot.top())
                p.setFont(font(7.5))
                p.drawText(text_rect, wrap, label)
        self._paint_key(p)

    def _paint_key(self, p: QPainter) -> None:
        y = self.size().height() - KEY_HEIGHT + 12
        x0 = ROW_HEADER
        bar = QRectF(x0, y, 220, 12)
        grad = QLinearGradient(bar.topLeft(), bar.topRight())
        for k in range(11):
            grad.setColorAt(k / 10, cell_colour(k / 10))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(grad)
        p.drawRect(bar)
        p.setFont(font(8))
        p.setPen(MUTED)
        p.drawText(QRectF(x0, y + 13, 110, 16), int(Qt.AlignmentFlag.AlignLeft),
                   "lowest level")
        p.drawText(QRectF(x0 + 110, y + 13, 110, 16), int(Qt.AlignmentFlag.AlignRight),
                   "highest level")
        p.setPen(QPen(DISPUTED, 2, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(x0 + 250, y - 1, 22, 14))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#e4e4e4"))
        p.drawRect(QRectF(x0 + 250, y + 17, 22, 14))
        p.setPen(MUTED)
        p.drawText(QRectF(x0 + 280, y - 2, 520, 18), int(Qt.AlignmentFlag.AlignLeft),
                   "disputed: that day's accounts disagree (the most confident is shown)")
        p.drawText(QRectF(x0 + 280, y + 16, 520, 18), int(Qt.AlignmentFlag.AlignLeft),
                   "only a rejection known (× rejects / opposes / denies: level);  "
                   "empty: nothing known yet")


class MatrixView(pg.GraphicsLayoutWidget):
    """The matrix chart at `at` (a date); reads through db.reads.analysis.stance_matrix."""

    def __init__(self, db_provider: Callable[[], Database], parent: QWidget | None = None):
        super().__init__(parent)
        self.setBackground("w")
        self._db = db_provider
        self._filter = PositionFilter()
        self.at = dt.date.today()
        self.title = pg.LabelItem("", color=INK.name(), size="13pt")
        self.ci.addItem(self.title, 0, 0)
        self.title.setMaximumHeight(40)
        self.grid = MatrixGraphic()
        self.grid.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.ci.addItem(self.grid, 1, 0)
        self.ci.layout.setRowStretchFactor(1, 10)
        self._sources: list[str] = []

    def set_filter(self, flt: PositionFilter, refresh: bool = True) -> None:
        self._filter = flt
        if refresh:
            self.refresh()

    def set_date(self, at: dt.date, refresh: bool = True) -> None:
        self.at = at
        if refresh:
            self.refresh()

    def refresh(self) -> None:
        db = self._db()
        flt = self._filter
        cells = analysis.stance_matrix(db, self.at, flt)
        parties = [p for p in queries.parties(db) if not flt.party_ids or p.id in flt.party_ids]
        known_parties = {k[0] for k in cells}
        parties = [p for p in parties if p.id in known_parties] or parties
        issues = [i for i in queries.issues(db) if not flt.issue_ids or i.id in flt.issue_ids]
        self.grid.set_content(parties, issues, cells)
        keep_content_visible(self, self.ci)
        self.title.setText(escape(f"Where the parties stand, as of "
                                  f"{self.at.day} {self.at:%B %Y}"))
        used = {r.source_id for c in cells.values() for r in (c.row, c.rejected) if r}
        self._sources = sorted(source_line(s.outlet, s.title) for s in source_reads.sources(db)
                               if s.id in used)

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        # min/max in the database: reading every row for two dates took ~1 s at 100k.
        return queries.date_range(self._db(), self._filter)

    # exporter protocol
    def graphics_view(self) -> QGraphicsView:
        return self

    def export_root(self) -> QGraphicsWidget:
        return self.ci

    def chart_title(self) -> str:
        return f"Stances as of {self.at.isoformat()}"

    def source_lines(self) -> list[str]:
        return list(self._sources)

    def note_lines(self) -> list[str]:
        return []
