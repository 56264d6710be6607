"""What every chart shares: dates on the x axis, fonts, colours, the negative statuses, and the
small protocol the exporter needs from a chart."""

from __future__ import annotations

import calendar
import datetime as dt
import os
from functools import lru_cache
from typing import Protocol

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont  # noqa: E402
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QLabel  # noqa: E402

from db.model.colours import PALETTE  # noqa: E402
from db.model.vocab import (  # noqa: E402, F401  (charts import them from here)
    CONDITIONAL_STATUSES,
    DEFERRED_STATUSES,
    NEGATIVE_STATUSES,
    NON_STANCE_STATUSES,
    NOT_HELD_STATUSES,
)

DAY = 1.0  # x units are days since ORIGIN
ORIGIN = dt.date(2000, 1, 1)
APPROXIMATE_DAYS = 7
MIN_PLOT_WIDTH = 220  # px of data area a chart keeps however narrow its pane
FONT_FAMILY = "DejaVu Sans"
INK = QColor("#222222")
MUTED = QColor("#666666")

# Issues have no colour of their own: the parties' colour-blind-safe palette (every pair
# ΔE00 >= 20), so the gap chart's issues stay apart for every reader.
ISSUE_PALETTE = PALETTE


def font(point_size: float = 9, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


def waiting_label(text: str) -> QLabel:
    """What a chart's place shows before the chart is made: its message text, centred on
    the charts' white, as the chart itself shows it while its data load."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setFont(font(11))
    label.setAutoFillBackground(True)
    label.setStyleSheet(f"QLabel {{ background: white; color: {MUTED.name()}; }}")
    return label


def style_plot(plot: pg.PlotItem) -> None:
    """The chrome every chart shares: no context menu or auto-range button, a faint grid,
    muted axes with the chart font for ticks."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.showGrid(x=True, y=True, alpha=0.15)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(MUTED))
        axis.setTextPen(pg.mkPen(INK))
        axis.setTickFont(font(9))


def day_x(day: dt.date) -> float:
    """x of `day`'s midnight: days since 2000-01-01. Charts do not plot epoch seconds: SVG
    and PDF writers keep about six significant digits, which would blur 1.7e9 seconds by
    hours (cf. pyqtgraph #2661); 9,000-odd days keep a quarter-hour precision."""
    return float((day - ORIGIN).days)


def period_label(lo: float, hi: float) -> str:
    """'March 2025', 'March – April 2025' or 'Dec 2024 – Jan 2025' for an x range, so day
    ticks ('14', '15', …) keep their month and year."""
    try:
        a = ORIGIN + dt.timedelta(days=int(lo))
        b = ORIGIN + dt.timedelta(days=int(hi))
    except OverflowError:
        return "Date (UTC)"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a:%B %Y}"
    if a.year == b.year:
        return f"{a:%B} – {b:%B %Y}"
    return f"{a:%b %Y} – {b:%b %Y}"


def keep_period_label(plot: pg.PlotItem) -> None:
    """Title the bottom axis with the period in view, and keep it current on zoom."""
    def update(*_args: object) -> None:
        lo, hi = plot.vb.viewRange()[0]
        plot.setLabel("bottom", period_label(lo, hi) + " (UTC)", color=INK.name())

    plot.vb.sigXRangeChanged.connect(update)
    update()


class DayAxis(pg.DateAxisItem):
    """pyqtgraph's date axis (UTC, so a date never slides with the time zone) over x values
    in days since ORIGIN."""

    _origin_s = float(calendar.timegm(ORIGIN.timetuple()))

    def __init__(self, orientation: str = "bottom", **kwargs: object):
        super().__init__(orientation, utcOffset=0, **kwargs)

    def tickValues(self, minVal, maxVal, size):  # type: ignore[no-untyped-def]
        o, s = self._origin_s, 86400.0
        levels = super().tickValues(o + minVal * s, o + maxVal * s, size)
        return [(spacing, [(v - o) / s for v in values]) for spacing, values in levels]

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]
        return super().tickStrings([self._origin_s + v * 86400.0 for v in values], scale,
                                   spacing)


def format_date(day: dt.date, precision: str) -> str:
    if precision == "month":
        return day.strftime("%B %Y") + " (month only)"
    if precision == "approximate":
        return f"about {day.day} {day:%B %Y} (±{APPROXIMATE_DAYS} days)"
    return f"{day.day} {day:%B %Y}"


def readable_text_colour(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background` (WCAG relative luminance)."""
    return QColor(_readable(background.rgb()))


@lru_cache(maxsize=1024)
def _readable(rgb: int) -> str:
    # (cached: a matrix paint asks it for every cell, of a few colours)
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    c = QColor.fromRgb(rgb)
    lum = (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
           + 0.0722 * channel(c.blueF()))
    return "#000000" if lum > 0.179 else "#ffffff"


class ExportableChart(Protocol):
    """What the exporter needs: the view whose scene it paints, the item to paint, a title
    for file names, and the footer lines (notes that tooltips give on screen, such as what
    the event tags stand for; the sources shown)."""

    def graphics_view(self) -> QGraphicsView: ...

    def export_root(self) -> QGraphicsWidget: ...

    def chart_title(self) -> str: ...

    def source_lines(self) -> list[str]: ...

    def note_lines(self) -> list[str]: ...


def source_line(outlet: str, title: str) -> str:
    if len(title) > 120:
        title = title[:118].rsplit(" ", 1)[0] + " …"
    return f"{outlet}: “{title}”" if outlet else f"“{title}”"


def keep_content_visible(view: QGraphicsView, root: QGraphicsWidget) -> None:
    """The view never gets smaller than what its chart needs (axis labels, the whole legend,
    the matrix grid): the charts pane scrolls then, rather than clipping text."""
    layout = QGraphicsWidget.layout(root)  # PlotItem shadows layout() with an attribute
    if layout is not None:
        layout.invalidate()
    hint = root.effectiveSizeHint(Qt.SizeHint.MinimumSize)
    frame = 2 * view.frameWidth()
    view.setMinimumSize(int(hint.width() + 0.999) + frame, int(hint.height() + 0.999) + frame)
