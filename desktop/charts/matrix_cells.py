"""What a matrix cell says beyond its colour: the text fitted to the cell (elided, never
cut), the "if" badge of a stance held only on conditions, and the cell's tooltip."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPen

from db.reads.analysis import MatrixCell
from db.reads.queries import IssueRow, PartyRow
from desktop.charts.common import INK, font, format_date
from desktop.qt.plain_text import escape

BADGE = "if"
# What fitted() found, by font, box size, text and flags: a matrix paint fits every cell's
# label (a few text layouts each, ~0.1 ms), and the next paint asks the same again.
_FITTED: dict[tuple, str] = {}
_FITTED_MAX = 20_000


def fitted(text_font: QFont, rect: QRectF, text: str, flags: int) -> str:
    """`text` as it fits `rect` word-wrapped: whole, or cut at a word with "…"."""
    key = (text_font.key(), rect.width(), rect.height(), text, flags)
    found = _FITTED.get(key)
    if found is None:
        if len(_FITTED) > _FITTED_MAX:
            _FITTED.clear()
        found = _FITTED[key] = _fit(text_font, rect, text, flags)
    return found


def _fit(text_font: QFont, rect: QRectF, text: str, flags: int) -> str:
    metrics = QFontMetricsF(text_font)

    def fits(t: str) -> bool:
        # fractional metrics: the integer ones round each line up, a pixel a line
        return metrics.boundingRect(rect, flags, t).height() <= rect.height() + 1

    if not text or fits(text):
        return text
    words = text.split()
    lo, hi = 0, len(words)  # the most words that fit with "…"
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(" ".join(words[:mid]) + " …"):
            lo = mid
        else:
            hi = mid - 1
    if lo:
        return " ".join(words[:lo]) + " …"
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())


def best_fit(text_font: QFont, rect: QRectF, candidates: list[str], flags: int) -> str:
    """The first of `candidates` (longest first) that fits whole, else the last elided."""
    for text in candidates:
        if fitted(text_font, rect, text, flags) == text:
            return text
    return fitted(text_font, rect, candidates[-1], flags)


def paint_badge(p: QPainter, rect: QRectF) -> QRectF:
    """The "if" badge in the cell's top right corner; its rectangle."""
    p.setFont(font(7, bold=True))
    metrics = QFontMetrics(p.font())
    w, h = metrics.horizontalAdvance(BADGE) + 6, metrics.height()
    badge = QRectF(rect.right() - w - 2, rect.top() + 2, w, h)
    p.setPen(QPen(INK, 1))
    p.setBrush(QColor("white"))
    p.drawRoundedRect(badge, 3, 3)
    p.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), BADGE)
    return badge


def cell_tooltip(party: PartyRow, issue: IssueRow, cell: MatrixCell | None) -> str:
    head = f"<b>{escape(party.name)}</b> on {escape(issue.name)}"
    if cell is None:
        return head + "<br>Nothing known yet"
    parts = [head]
    if cell.row is not None:
        r = cell.row
        parts.append(f"{escape(r.level_label)} <i>({escape(r.status)})</i>, "
                     f"{escape(format_date(r.stated_on, r.date_precision))}")
        if cell.conditions is not None:
            parts.append("<b>Only on conditions:</b> "
                         + escape(cell.conditions or "not stated"))
        if cell.disputed:
            parts.append("<i>Disputed: that day's accounts disagree; the most confident "
                         "is shown.</i>")
        parts.append(f"Attributed to: {escape(r.attributed_to)}")
    if cell.rejected is not None:
        x = cell.rejected
        parts.append(f"× {escape(x.status)}: {escape(x.level_label)}, "
                     f"{escape(format_date(x.stated_on, x.date_precision))}")
    return "<p style='white-space:pre-wrap; max-width:420px'>" + "<br>".join(parts) + "</p>"
