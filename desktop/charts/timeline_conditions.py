"""The "if …" labels under the timeline's conditional stances: a stance held only on
conditions must not read as the plain stance, so under its hollow diamond the chart says
what it hangs on (elided; the marker's tooltip, also here, has it whole)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from db.reads import queries
from db.reads.queries import TimelinePoint
from db.storage.database import Database
from desktop.charts.common import CONDITIONAL_STATUSES, NON_STANCE_STATUSES, font, format_date
from desktop.charts.timeline_geometry import TimelineGeometry
from desktop.qt.plain_text import escape

LABEL_CHARS = 30
LABEL_GAP_PX = 6
# Conditions are written as sentences ("Complete cessation of foreign military aid"); after
# "if" their first word reads in lower case, unless it is a name ("Russia accepts …"). A
# capitalised first word is lowered only when it is a common word that starts such terms.
_COMMON_STARTS = frozenset(
    "a all an any complete effective end ending full guarantees halt halting immediate "
    "lifting no only partial release removal return security sanctions stop stopping "
    "suspension the their this total withdrawal".split())
# More conditional stances than this on one chart (a generated database) get the diamond
# and the tooltip only: hundreds of labels would cover the data.
LABEL_LIMIT = 60


def condition_label(text: str) -> str:
    """'if sanctions on its agricultural …' from the conditions as they read."""
    words = " ".join(text.split())
    if not words:
        return "if … (conditions not stated)"
    first = words.split(" ", 1)[0]
    if first[:1].isupper() and first.casefold() in _COMMON_STARTS:
        words = words[0].lower() + words[1:]
    if words.casefold().startswith(("if ", "only if ", "provided ", "unless ", "after ",
                                    "once ", "when ", "only after ")):
        label = words
    else:
        label = "if " + words
    if len(label) > LABEL_CHARS:
        label = label[:LABEL_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return label


class ConditionLabels:
    """A pool of text items, reused across redraws (setText / setPos)."""

    def __init__(self, plot: pg.PlotItem):
        self._plot = plot
        self.items: list[pg.TextItem] = []

    def place(self, geo: TimelineGeometry, conditions: dict[int, str],
              colours: dict[int, str], below_px: float, pixel_size: tuple[float, float]
              ) -> None:
        """A label under each conditional marker of `geo` (ids in `conditions`), in its
        party's colour, its top `below_px` under the centre of the marker's level (under
        the markers spread around the level, not over the row below its own)."""
        wanted: list[tuple[float, float, str, str]] = []
        marks = sum(len(g.marks["conditional"][0]) for g in geo.parties.values())
        for pid, g in (geo.parties.items() if marks <= LABEL_LIMIT else ()):
            x, y, ids = g.marks.get("conditional", (np.empty(0), np.empty(0), np.empty(0)))
            for xi, yi, i in zip(x, y, ids, strict=True):
                wanted.append((float(xi), float(yi), condition_label(conditions.get(int(i), "")),
                               colours.get(pid, "#444444")))
        if len(wanted) > LABEL_LIMIT:
            wanted = []
        while len(self.items) > len(wanted):
            self._plot.removeItem(self.items.pop())
        while len(self.items) < len(wanted):
            # on a thin veil of white, over lines but under every marker: the label reads
            # where a step line or band passes, which still shows through, and never hides
            # a record
            item = pg.TextItem("", anchor=(0.5, 0), fill=pg.mkBrush(255, 255, 255, 150))
            item.setFont(font(7))
            item.setZValue(5)
            self._plot.addItem(item, ignoreBounds=True)
            self.items.append(item)
        dy = below_px * pixel_size[1]
        wanted.sort(key=lambda w: (round(w[1]), w[0]))
        right_of: dict[int, float] = {}  # per level, the right end (x) of its last label
        for item, (x, y, text, colour) in zip(self.items, wanted, strict=True):
            # darker than the marker: small text in a light party colour would not read
            item.setColor(QColor(colour).darker(130))
            item.setText(text)
            # two labels at one level never overlap: a later one moves right of the other
            half = item.boundingRect().width() / 2 * pixel_size[0]
            level = round(y)
            x = max(x, right_of.get(level, -np.inf) + half + LABEL_GAP_PX * pixel_size[0])
            right_of[level] = x + half
            item.setPos(x, level - dy)


def position_tooltip(db: Database, position_id: int, conflicting: bool) -> str:
    """A timeline marker's tooltip: who, what, when, on which conditions, from where."""
    row = queries.position_row(db, position_id)
    if row is None:  # deleted since the last refresh, which is on its way
        return ""
    parts = [f"<b>{escape(row.party_name)}</b> — {escape(row.level_label)} "
             f"<i>({escape(row.status)})</i>",
             escape(format_date(row.stated_on, row.date_precision)),
             f"Attributed to: {escape(row.attributed_to)}",
             f"“{escape(row.quote)}”",
             f"<span style='color:#666'>{escape(row.source_title)}</span>"]
    if row.status in NON_STANCE_STATUSES:
        parts.insert(1, "<i>An alleged violation: an accusation, not a stance.</i>")
    conditions = [c.text.strip() for c in queries.conditions_of(db, [position_id])
                  if c.text.strip()]
    if conditions or row.status in CONDITIONAL_STATUSES:
        parts.insert(1, "<b>Only on conditions:</b> "
                     + escape("; ".join(conditions) or "not stated"))
    if conflicting:
        parts.append("<i>Conflicting accounts of this stance; the line follows the most "
                     "confident.</i>")
    return "<p style='white-space:pre-wrap; max-width:420px'>" + "<br>".join(parts) + "</p>"


def condition_notes(rows: dict[int, TimelinePoint], conditions: dict[int, str],
                    names: dict[int, str]) -> list[str]:
    """For an export's footer: each conditional stance's conditions in full (on screen the
    marker's tooltip gives them)."""
    said = []
    for pid, text in conditions.items():
        r = rows.get(pid)
        if r is not None:
            said.append((r.stated_on, names.get(r.party_id, "?"),
                         f"{names.get(r.party_id, '?')}, {r.stated_on.day} {r.stated_on:%b}: "
                         f"{text or 'conditions not stated'}"))
    if not said:
        return []
    return ["On conditions (◇): " + "; ".join(t for *_k, t in sorted(said)) + "."]
