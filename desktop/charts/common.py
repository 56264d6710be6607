"""What every chart shares: dates on the x axis, fonts, colours, the negative statuses, and the
small protocol the exporter needs from a chart."""

from __future__ import annotations

import calendar
import datetime as dt
import os
from typing import Protocol

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtGui import QColor, QFont  # noqa: E402
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget  # noqa: E402

from db import models  # noqa: E402

# Another branch adds NEGATIVE_STATUSES to db.models; until it lands, the same three words.
NEGATIVE_STATUSES: frozenset[str] = frozenset(
    getattr(models, "NEGATIVE_STATUSES", ("rejects", "opposes", "denies")))

DAY = 86400.0
APPROXIMATE_DAYS = 7
FONT_FAMILY = "DejaVu Sans"
INK = QColor("#222222")
MUTED = QColor("#666666")

# Issues have no colour of their own; a qualitative palette that stays apart on white.
ISSUE_PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#ad494a", "#637939", "#7b4173",
)


def font(point_size: float = 9, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


def epoch(day: dt.date) -> float:
    """Seconds since 1970 at UTC midnight of `day`; the axes run with utcOffset=0 so a date
    never slides into its neighbour with the machine's time zone."""
    return float(calendar.timegm(day.timetuple()))


def from_epoch(seconds: float) -> dt.date:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date()


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First day of `day`'s month and first day of the next month."""
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt


def format_date(day: dt.date, precision: str) -> str:
    if precision == "month":
        return day.strftime("%B %Y") + " (month only)"
    if precision == "approximate":
        return f"about {day.day} {day:%B %Y} (±{APPROXIMATE_DAYS} days)"
    return f"{day.day} {day:%B %Y}"


def readable_text_colour(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background` (WCAG relative luminance)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = (0.2126 * channel(background.redF()) + 0.7152 * channel(background.greenF())
           + 0.0722 * channel(background.blueF()))
    return QColor("#000000") if lum > 0.179 else QColor("#ffffff")


class ExportableChart(Protocol):
    """What the exporter needs: the view whose scene it paints, the item to paint, a title
    for file names, and the footer lines (sources shown)."""

    def graphics_view(self) -> QGraphicsView: ...

    def export_root(self) -> QGraphicsWidget: ...

    def chart_title(self) -> str: ...

    def source_lines(self) -> list[str]: ...


def source_line(outlet: str, title: str) -> str:
    if len(title) > 120:
        title = title[:118].rsplit(" ", 1)[0] + " …"
    return f"{outlet}: “{title}”" if outlet else f"“{title}”"
