"""The timeline's events: a dashed line per day with events, tagged with their numbers; the
tooltip of a tag (or line) names them, and the export's footer lists the numbers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt

from desktop.charts.common import DAY, INK, MUTED, day_x, font
from desktop.qt.plain_text import escape


class EventMarkers:
    def __init__(self, plot: pg.PlotItem):
        self._plot = plot
        self._lines: list[pg.InfiniteLine] = []
        self._tips: list[str] = []  # per line, the tooltip naming its events
        self.legend: list[tuple[str, str]] = []  # (number, "label, day") for the footer

    def place(self, events: list, lo: float, hi: float) -> None:
        """Events as dashed lines tagged with a number; the legend lists the numbers, so
        labels never collide with each other or with the data."""
        by_day: dict[dt.date, list[str]] = defaultdict(list)
        for ev in events:
            if lo <= day_x(ev.date) + DAY / 2 <= hi:
                by_day[ev.date].append(ev.label)
        wanted = sorted(by_day.items())
        while len(self._lines) > len(wanted):
            self._plot.removeItem(self._lines.pop())
        while len(self._lines) < len(wanted):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   pen=pg.mkPen(MUTED, width=1, style=Qt.PenStyle.DashLine),
                                   label="", labelOpts={"position": 0.985, "color": INK,
                                                        "fill": pg.mkBrush("w"),
                                                        "border": pg.mkPen(MUTED),
                                                        "anchors": [(0.5, 0), (0.5, 0)]})
            line.label.setFont(font(8))
            line.setZValue(-5)
            self._plot.addItem(line, ignoreBounds=True)
            self._lines.append(line)
        self.legend = []
        self._tips = []
        number = 0
        for line, (day, labels) in zip(self._lines, wanted, strict=True):
            tags, tips = [], []
            for label in labels:
                number += 1
                tags.append(str(number))
                self.legend.append((str(number), f"{label}, {day.day} {day:%b}"))
                tips.append(f"<b>{number}</b> {escape(label)}")
            line.setValue(day_x(day) + DAY / 2)
            line.label.setText(",".join(tags))
            self._tips.append("<br>".join(tips) + f"<br><span style='color:#666'>"
                              f"{day.day} {day:%B %Y}</span>")

    def tooltip_at(self, scene_pos: QPointF) -> str | None:
        """The events of the numbered tag (or dashed line) under `scene_pos`."""
        vb = self._plot.vb
        for line, tip in zip(self._lines, self._tips, strict=True):
            if line.label.sceneBoundingRect().adjusted(-2, -2, 2, 2).contains(scene_pos):
                return tip
            if vb.sceneBoundingRect().contains(scene_pos):
                x = vb.mapViewToScene(QPointF(line.value(), 0)).x()
                if abs(x - scene_pos.x()) <= 3:
                    return tip
        return None

    def tag_scene_pos(self, index: int) -> QPointF:
        """Centre of the index-th tag (for tests)."""
        label = self._lines[index].label
        # pyqtgraph places tags on the next paint; place it now from the current range
        self._plot.vb.updateMatrix()
        label.updatePosition()
        return label.sceneBoundingRect().center()
