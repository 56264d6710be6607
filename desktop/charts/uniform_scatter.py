"""A pyqtgraph scatter whose points all share the item's one style.

pyqtgraph's ScatterPlotItem looks up each new point's symbol image by building a
(symbol, size, pen, brush) key per point in Python, even when every point has the item's
style: ~0.3 µs a point, ~8 ms of a 15,000-record timeline redraw spread over 45 scatters.
Here the one image is looked up once and its atlas rectangle given to every point.

Its setData also allocates a new record array per call (a structured dtype with object
fields, which numpy fills one element and field at a time): at a million positions ~40% of
applying a dense timeline's 19,000 marks. Here new data go into a kept array, grown when
too small, of which the item holds a view.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg


class UniformScatter(pg.ScatterPlotItem):
    """Use only the item-wide symbol, size, pen and brush (no per-point styles)."""

    _pool: np.ndarray | None = None

    def setData(self, *args, **kargs) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if args or not set(kargs) <= {"x", "y", "data"} or "y" not in kargs:
            super().setData(*args, **kargs)  # the general path for anything else
            return
        x, y = np.asarray(kargs["x"], float), np.asarray(kargs["y"], float)
        n = len(y)
        pool = self._pool
        if pool is None or len(pool) < n:
            pool = self._pool = np.empty(max(n, 64, 2 * (0 if pool is None else len(pool))),
                                         dtype=self.data.dtype)
        data = pool[:n]
        data["x"], data["y"] = x, y
        data["size"] = -1  # the item's size
        data["visible"] = True
        data["hovered"] = False
        data["sourceRect"] = 0  # looked up by updateSpots
        data["data"] = kargs.get("data")
        self._maxSpotWidth = self._maxSpotPxWidth = 0
        self.data = data
        self.prepareGeometryChange()
        self.informViewBoundsChanged()
        self.bounds = [None, None]
        self.invalidate()
        self.updateSpots(data)
        self.sigPlotChanged.emit(self)

    def updateSpots(self, dataSet=None) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if dataSet is None:
            dataSet = self.data  # noqa: N806
        opts = self.opts
        if not (opts["pxMode"] and opts["useCache"]) or opts["hoverable"]:
            super().updateSpots(dataSet)  # the per-point path handles those cases
            return
        mask = dataSet["sourceRect"]["w"] == 0
        fresh = bool(np.any(mask))
        if fresh:
            style = (opts["symbol"], opts["size"], opts["pen"], opts["brush"])
            dataSet["sourceRect"][mask] = self.fragmentAtlas[[style]][0]
        self._maybeRebuildAtlas()
        self._updateMaxSpotSizes(data=dataSet)
        if fresh:
            self.invalidate()
