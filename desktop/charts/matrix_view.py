"""Parties × issues at a chosen date: each cell is the party's latest stance on the issue as of
that date (db.reads.analysis.stance_matrix), coloured by where it sits on the issue's scale.

The grid is painted by one graphics widget in its own pixel coordinates (text must not be
scaled by a view box), inside a pyqtgraph layout so the exporter paints it like any chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QFontMetricsF, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QSizePolicy, QWidget

from db.reads import analysis, queries, source_reads
from db.reads.analysis import MatrixCell
from db.reads.chart_reads import date_span
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
from desktop.charts.matrix_cells import best_fit, cell_tooltip, fitted, paint_badge
from desktop.qt.background import Job, Results, run_in_pool
from desktop.qt.plain_text import escape

COLOUR_MAP = pg.colormap.get("viridis")
DISPUTED = QColor("#c0392b")
ROW_HEADER = 230
HEADER_HEIGHT = 44
KEY_HEIGHT = 64
ROW_HEIGHT = 38  # three lines of a cell's 7.5 pt label: longer stance names wrap to three


def row_height() -> int:
    """A row's least height: three lines of a cell's label as this screen draws them (a
    higher-resolution screen draws 7.5 pt taller), with the cell's padding."""
    return max(ROW_HEIGHT, int(3 * QFontMetricsF(font(7.5)).lineSpacing() + 7))


@lru_cache(maxsize=1024)
def cell_colour(fraction: float) -> QColor:
    """(Cached: a colour map lookup is ~50 µs, and a paint asks for every cell's; the few
    fractions an issue's levels give come back on every paint. Not to be changed.)"""
    # The darkest and brightest tenth of viridis are trimmed so text on them stays legible.
    return COLOUR_MAP.map(0.1 + 0.8 * fraction, mode="qcolor")


class MatrixGraphic(pg.GraphicsWidget):
    """The grid itself: issues down, parties across, a colour key below."""

    def __init__(self) -> None:
        super().__init__()
        self.parties: list[PartyRow] = []
        self.issues: list[IssueRow] = []
        self.cells: dict[tuple[int, int], MatrixCell] = {}
        self.setAcceptHoverEvents(True)  # each cell's tooltip says it whole

    def set_content(self, parties: list[PartyRow], issues: list[IssueRow],
                    cells: dict[tuple[int, int], MatrixCell]) -> None:
        self.parties, self.issues, self.cells = parties, issues, cells
        self.setMinimumSize(ROW_HEADER + 90 * max(len(parties), 1),
                            HEADER_HEIGHT + row_height() * max(len(issues), 1) + KEY_HEIGHT)
        self.update()

    def cell_rect(self, party_index: int, issue_index: int,
                  cell: tuple[float, float] | None = None) -> QRectF:
        """A cell's rectangle; `cell` (cell_size()) spares asking the widget's size again."""
        cw, ch = cell or self.cell_size()
        return QRectF(ROW_HEADER + party_index * cw, HEADER_HEIGHT + issue_index * ch, cw, ch)

    def cell_size(self) -> tuple[float, float]:
        size = self.size()
        return ((size.width() - ROW_HEADER - 8) / max(len(self.parties), 1),
                (size.height() - HEADER_HEIGHT - KEY_HEIGHT) / max(len(self.issues), 1))

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        """(party index, issue index) of the cell under `pos` (item coordinates)."""
        for i in range(len(self.issues)):
            for j in range(len(self.parties)):
                if self.cell_rect(j, i).contains(pos):
                    return j, i
        return None

    def hoverMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        at = self.cell_at(event.pos())
        tip = ""
        if at is not None:
            party, issue = self.parties[at[0]], self.issues[at[1]]
            tip = cell_tooltip(party, issue, self.cells.get((party.id, issue.id)))
        if tip != self.toolTip():
            self.setToolTip(tip)

    def paint(self, p: QPainter, *args) -> None:  # type: ignore[no-untyped-def]
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        wrap = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
        p.setFont(font(9, bold=True))
        p.setPen(INK)
        size = self.cell_size()
        for j, party in enumerate(self.parties):
            r = self.cell_rect(j, 0, size)
            box = QRectF(r.x() + 2, 2, r.width() - 4, HEADER_HEIGHT - 4)
            p.drawText(box, wrap, fitted(p.font(), box, party.name, wrap))
        for i, issue in enumerate(self.issues):
            r = self.cell_rect(0, i, size)
            p.setFont(font(9))
            p.setPen(INK)
            box = QRectF(4, r.y(), ROW_HEADER - 12, r.height())
            flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignRight
                        | Qt.AlignmentFlag.AlignVCenter)
            p.drawText(box, flags, fitted(p.font(), box, issue.name, flags))
            for j, party in enumerate(self.parties):
                rect = self.cell_rect(j, i, size).adjusted(1, 1, -1, -1)
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
                text_rect = rect.adjusted(4, 1, -4, -1)
                if cell.conditions is not None and stance is not None:
                    # held only on conditions: never the plain stance (the tooltip says
                    # which conditions)
                    badge = paint_badge(p, rect)
                    text_rect.setRight(min(text_rect.right(), badge.left() - 1))
                p.setPen(readable_text_colour(bg))
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
                # in a narrow cell the stance's name matters more than "(disputed)", which
                # the dashed border says too
                short = stance.level_label if stance is not None and cell.disputed else label
                p.drawText(text_rect, wrap, best_fit(p.font(), text_rect,
                                                     [label, short], wrap))
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
        paint_badge(p, QRectF(x0 + 250, y + 33, 22, 16))
        p.setPen(MUTED)
        p.setFont(font(8))
        p.drawText(QRectF(x0 + 280, y + 34, 520, 18), int(Qt.AlignmentFlag.AlignLeft),
                   "held only on conditions (the cell's tooltip or the notes below say which)")


class MatrixData(NamedTuple):
    at: dt.date
    parties: list[PartyRow]
    issues: list[IssueRow]
    cells: dict[tuple[int, int], MatrixCell]
    sources: list[str]


def read_matrix(db: Database, at: dt.date, flt: PositionFilter) -> MatrixData:
    """What the matrix shows on `at` (no Qt: safe on a worker thread)."""
    cells = analysis.stance_matrix(db, at, flt)
    parties = [p for p in queries.parties(db) if not flt.party_ids or p.id in flt.party_ids]
    known_parties = {k[0] for k in cells}
    parties = [p for p in parties if p.id in known_parties] or parties
    issues = [i for i in queries.issues(db) if not flt.issue_ids or i.id in flt.issue_ids]
    used = {r.source_id for c in cells.values() for r in (c.row, c.rejected) if r}
    # the cited sources' labels only (reading all 50,000 sources for them took ~0.3 s)
    sources = sorted(source_line(outlet, title)
                     for outlet, title in source_reads.source_labels(db, used).values())
    return MatrixData(at, parties, issues, cells, sources)


class MatrixView(pg.GraphicsLayoutWidget):
    """The matrix chart at `at` (a date); reads through db.reads.analysis.stance_matrix."""

    loaded = Signal()  # a background read has been drawn

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
        self.loading = False
        self._generation = 0
        self._results = Results()  # unparented: see desktop.qt.background.Results
        self._results.done.connect(self._arrived)
        self._job: Job | None = None  # the read under way, cancelled by a newer request

    def set_filter(self, flt: PositionFilter, refresh: bool = True) -> None:
        self._filter = flt
        if refresh:
            self.refresh()

    def set_date(self, at: dt.date, refresh: bool = True) -> None:
        self.at = at
        if refresh:
            self.refresh()

    def refresh(self) -> None:
        """Read and draw now."""
        self._supersede()
        self.loading = False
        self._show(read_matrix(self._db(), self.at, self._filter))

    def refresh_in_background(self) -> None:
        """Read on a worker thread (a million positions: seconds), then draw; `loaded`
        says when. The title says it is reading meanwhile; a newer request drops it."""
        self._supersede()
        self.loading = True
        self.title.setText(escape(f"Reading the stances as of {self.at.day} "
                                  f"{self.at:%B %Y}…"))
        db, at, flt = self._db(), self.at, self._filter
        self._job = run_in_pool(self._results, self._generation,
                                lambda: read_matrix(db, at, flt))

    def _supersede(self) -> None:
        """A newer request: the read under way (if any) is stopped, its result dropped."""
        self._generation += 1
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _arrived(self, generation: int, data: object) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._job = None
        self.loading = False
        if isinstance(data, Exception):
            self.title.setText(escape(f"The matrix could not be read: {data}"))
            return
        self._show(data)  # type: ignore[arg-type]
        self.loaded.emit()

    def _show(self, data: MatrixData) -> None:
        self.grid.set_content(data.parties, data.issues, data.cells)
        keep_content_visible(self, self.ci)
        self.title.setText(escape(f"Where the parties stand, as of "
                                  f"{data.at.day} {data.at:%B %Y}"))
        self._sources = data.sources

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        # min/max in the database: reading every row for two dates took ~1 s at 100k.
        return date_span(self._db(), self._filter)

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
        """The conditions of the cells badged "if" (on screen, their tooltips say them)."""
        said = [f"{p.name} on {i.name}: {c.conditions or 'conditions not stated'}"
                for i in self.grid.issues for p in self.grid.parties
                if (c := self.grid.cells.get((p.id, i.id))) is not None
                and c.conditions is not None and c.row is not None]
        return ["Held only on conditions (if): " + "; ".join(said) + "."] if said else []
