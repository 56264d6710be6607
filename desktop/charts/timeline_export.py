"""What the issue timeline answers besides drawing, as mixins of TimelinePlot (kept apart so
the plot's module stays about drawing): the exporter's protocol (title, cited sources, the
footer's notes) and pointing (which record is under the mouse, its tooltip, a click).
They use TimelinePlot's attributes (_hit, _issue, _rows, plotItem …)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QToolTip

from db.reads import source_reads
from desktop.charts.common import source_line
from desktop.charts.timeline_conditions import condition_notes, position_tooltip

HIT_RADIUS_PX = 9.0
LINE_RULE = "line: most confident account"


class TimelineExport:
    """The exporter's protocol (desktop.charts.exporter)."""

    def graphics_view(self) -> QGraphicsView:
        return self

    def export_root(self) -> QGraphicsWidget:
        return self.plotItem

    def chart_title(self) -> str:
        return self._issue.name if self._issue else "Timeline"

    def source_lines(self) -> list[str]:
        if self._sources is None:
            labels = source_reads.source_labels(self._db(), self._source_ids)
            self._sources = sorted({source_line(*labels[i]) for i in self._source_ids
                                    if i in labels})
        return list(self._sources)

    def note_lines(self) -> list[str]:
        """The export's footer explains what the on-screen tooltips do: the event tags and
        the line's rule."""
        notes = self._events.notes()
        if self._rows:
            notes.append(f"Each party's step line follows its {LINE_RULE.split(': ')[1]} of "
                         "the day; rejections (×), deferrals (▶) and alleged violations (△) "
                         "are never on the line.")
        names = {pid: items.line.opts["name"] for pid, items in self._parties.items()}
        notes += condition_notes(self._rows, self._conditions, names)
        return notes


class TimelinePointer:
    """The record under the mouse: hit testing on the drawn marks, tooltips, clicks."""

    def position_scene_pos(self, position_id: int) -> QPointF:
        """Where a record's marker is, in scene coordinates (for tests and navigation)."""
        _, _, xc, y, ids = self._hit
        i = int(np.nonzero(ids == position_id)[0][0])
        return self.plotItem.vb.mapViewToScene(QPointF(xc[i], y[i]))

    def position_at(self, scene_pos: QPointF) -> int | None:
        """The record whose marker or span is under `scene_pos` (within a few pixels)."""
        x0, x1, _, y, ids = self._hit
        vb = self.plotItem.vb
        if not len(ids) or not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        px, py = vb.viewPixelSize()
        dx = np.maximum(0.0, np.maximum(x0 - p.x(), p.x() - x1)) / px
        dy = (y - p.y()) / py
        d2 = dx * dx + dy * dy
        i = int(np.argmin(d2))
        return int(ids[i]) if d2[i] <= HIT_RADIUS_PX ** 2 else None

    def tooltip_for(self, position_id: int) -> str:
        return position_tooltip(self._db(), position_id, position_id in self.conflicting_ids)

    def _hover(self, scene_pos: QPointF) -> None:
        pid = self.position_at(scene_pos)
        tip = self.tooltip_for(pid) if pid is not None else self.event_tooltip_at(scene_pos)
        if not tip:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), tip, self)

    def _clicked(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pid = self.position_at(event.scenePos())
        if pid is not None:
            event.accept()
            self.position_clicked.emit(pid)
