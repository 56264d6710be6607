"""GUI benchmarks on the 100k database: typing in the table's search box, and changing a
filter with the table and the timeline chart on screen, each next to a bare Qt/pyqtgraph
baseline doing the same widget work without Parley's queries.

Latency is measured the way a user feels it: from the key or click event until the table
(and, for a filter, the chart) has been updated and has painted — the clock stops at the
paint event of the view's viewport that follows the update, and whatever the application
does afterwards (a deferred chart redraw) settles before the next key, so it is neither
hidden in nor added to the next measurement.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import Result

WORDS = ("energy", "prisoner", "ceasefire", "corridor", "sanctions")


def _app() -> Any:
    from desktop.app import create_application

    return create_application([])


def _wait_for(flag: Callable[[], bool], timeout: float = 600.0) -> None:
    """Run the event loop until `flag()` holds, then let pending paints happen. The timeout
    only catches a view that never updates: at 1M on a loaded machine the timeline's first
    read alone took ~50 s (a 10 s limit stopped the search and filter sections there)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    deadline = time.perf_counter() + timeout
    while not flag():
        if time.perf_counter() > deadline:
            raise TimeoutError("the view did not update")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    app.processEvents()


def _main_window(path: Path) -> Any:
    from db.opening import open_database
    from desktop.app import build_main_window

    _app()
    window = build_main_window(open_database(path))
    _ensure_charts(window)
    window.resize(1400, 900)
    window.show()
    _wait_for(lambda: True)
    return window


def _ensure_charts(window: Any) -> Any:
    """The charts pane as the window docks it (added here if this build does not yet)."""
    from PySide6.QtCore import Qt

    from desktop.charts.charts_pane import ChartsPane

    pane = window.findChild(ChartsPane)
    if pane is None:
        pane = ChartsPane(window.ctx)
        window.add_dock(pane, "Charts", "chartsDock", Qt.DockWidgetArea.RightDockWidgetArea)
    return pane


def window_idle(window: Any) -> bool:
    """Nothing is being read for the window's table or charts (on a large database they
    read on worker threads)."""
    pane = _ensure_charts(window)
    charts = [pane.timeline.is_loading()]
    charts += [c.loading for c in (pane._matrix, pane._gap) if c is not None]
    model = window.positions.model
    return not (getattr(model, "is_busy", lambda: False)() or any(charts))


def exercise_main_window(window: Any) -> None:
    """What a user does in the first minute: scroll the table, search, filter, look at
    every chart and at the conflicting accounts."""
    from PySide6.QtTest import QTest

    from desktop.panes.conflicts_view import ConflictsView

    table = window.positions
    view = table.view
    pane = _ensure_charts(window)
    bar = view.verticalScrollBar()
    idle, wait = (lambda: window_idle(window)), 300
    _wait_for(idle, wait)
    for fraction in (0.25, 0.5, 0.75, 1.0, 0.0):
        bar.setValue(int(bar.maximum() * fraction))
        _wait_for(lambda: True)
    QTest.keyClicks(table.search, "energy")
    _wait_for(lambda: window.ctx.filters.current.text == "energy")
    _settle()
    _wait_for(idle, wait)
    table.search.clear()
    _wait_for(lambda: window.ctx.filters.current.text == "")
    _settle()
    _wait_for(idle, wait)
    first = table.parties_menu.actions()[0]
    first.trigger()
    _settle()
    _wait_for(idle, wait)
    table.clear_button.click()
    _settle()
    _wait_for(idle, wait)
    for tab in (1, 2, 0):  # matrix, gap, back to the timeline
        pane.tabs.setCurrentIndex(tab)
        _settle()
        _wait_for(idle, wait)
    dock = window.docks.get("conflictsDock")
    conflicts = dock.widget() if dock is not None else None  # built on first need
    if isinstance(conflicts, ConflictsView):
        dock.raise_()
        _wait_for(lambda: bool(conflicts.groups), timeout=600)
        _settle()
        window.docks["positionsDock"].raise_()
        _settle()


class _Painted:
    """When a view painted for the first time after an update: `arm()` at the update (a
    model reset, a chart redraw), then `at` is the perf_counter of the next paint event of
    the view's viewport."""

    def __init__(self, viewport: Any, updated: Any):
        from PySide6.QtCore import QEvent, QObject

        self.at: float | None = None
        self.updates = 0
        self._armed = False
        paint = QEvent.Type.Paint

        class Filter(QObject):
            def eventFilter(inner, _obj: Any, event: Any) -> bool:  # noqa: N805
                if self._armed and event.type() == paint:
                    self._armed = False
                    self.at = time.perf_counter()
                return False

        self._filter = Filter()
        viewport.installEventFilter(self._filter)
        updated.connect(self._arm)

    def _arm(self, *_args: Any) -> None:
        self.updates += 1
        self._armed = True
        self.at = None

    def reset(self) -> None:
        self.at, self._armed = None, False

    def done(self) -> bool:
        return self.at is not None


def _settle() -> None:
    """Run the event loop until nothing is left to do (deferred redraws included)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    for _ in range(3):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
        app.processEvents()


def _type_words(search: Any, table: _Painted, words: tuple[str, ...],
                clear: Callable[[], None], chart: _Painted | None = None
                ) -> tuple[list[float], list[float]]:
    """Per keystroke: (key → table painted, key → table and chart painted)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    times, both = [], []
    for word in words:
        for ch in word:
            table.reset()
            if chart is not None:
                chart.reset()
            start = time.perf_counter()
            QTest.keyClick(search, ch)
            _wait_for(table.done)
            times.append(table.at - start)  # type: ignore[operator]
            if chart is not None:
                _wait_for(chart.done)
                both.append(max(chart.at, table.at) - start)  # type: ignore[type-var]
            _settle()
        QTest.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        clear()
        _settle()
    return times, both


def _bare_table() -> tuple[Any, Any, Any]:
    """A QLineEdit over a QTableView of 100k constant rows, reset on every keystroke."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

    class Model(QAbstractTableModel):
        rows = 100_000

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else self.rows

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 8

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            return "cell" if role == Qt.ItemDataRole.DisplayRole else None

    box = QWidget()
    edit, view, model = QLineEdit(), QTableView(), Model()
    box.view = view  # type: ignore[attr-defined]
    view.setModel(model)
    lay = QVBoxLayout(box)
    lay.addWidget(edit)
    lay.addWidget(view)

    def reset(_text: str) -> None:
        model.beginResetModel()
        model.endResetModel()

    edit.textChanged.connect(reset)
    box.resize(1400, 500)
    box.show()
    return box, edit, model


def search_typing(path: Path, runs: int) -> list[Result]:
    """Each keystroke typed into the search box until the table shows the new matches
    (the issue's figure), and until the timeline chart on screen has redrawn too."""
    window = _main_window(path)
    table = window.positions
    pane = _ensure_charts(window)
    pane.tabs.setCurrentIndex(0)
    _wait_for(lambda: not pane.timeline.is_loading())
    _settle()
    table.search.setFocus()
    painted = _Painted(table.view.viewport(), table.model.modelReset)
    chart = _Painted(pane.timeline.viewport(), pane.refreshed)
    words = (WORDS * runs)[: max(runs, len(WORDS))]
    ours, both = _type_words(table.search, painted, words, table.search.clear, chart)
    box, edit, model = _bare_table()
    bare, _ = _type_words(edit, _Painted(box.view.viewport(), model.modelReset), words,
                          edit.clear)
    box.close()
    window.close()
    o, b = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    ob = statistics.median(both) * 1000
    return [
        Result(f"Search box keystroke → table updated ({len(ours)} keys)", o, b,
               "bare QLineEdit + QTableView reset", "ms", "≤ 50 ms", o <= 50, len(ours)),
        Result(f"Search box keystroke → table + timeline updated ({len(both)} keys)", ob, b,
               "bare QLineEdit + QTableView reset", "ms", "(info)", True, len(both)),
    ]


def filter_change(path: Path, runs: int) -> Result:
    """Picking a party in the filter bar until the table and the timeline have redrawn."""
    import numpy as np
    import pyqtgraph as pg

    from db.reads import queries

    window = _main_window(path)
    table = window.positions
    pane = _ensure_charts(window)
    pane.tabs.setCurrentIndex(0)
    busiest = max(queries.issues(window.ctx.db),
                  key=lambda i: queries.count_positions(
                      window.ctx.db, queries.PositionFilter(issue_ids=frozenset({i.id}))))
    pane.issue_combo.setCurrentIndex(pane.issue_combo.findData(busiest.id))
    _wait_for(lambda: not pane.timeline.is_loading())  # on a worker thread at 100k
    _settle()
    painted = _Painted(table.view.viewport(), table.model.modelReset)
    chart = _Painted(pane.timeline.viewport(), pane.refreshed)
    actions = table.parties_menu.actions()
    ours, table_only = [], []
    shown_points = []
    for n in range(runs):
        for act in (actions[n % len(actions)], actions[n % len(actions)]):  # on, then off
            painted.reset()
            chart.reset()
            start = time.perf_counter()
            act.trigger()
            _wait_for(lambda: painted.done() and chart.done())
            ours.append(max(painted.at, chart.at) - start)  # type: ignore[type-var]
            table_only.append(painted.at - start)  # type: ignore[operator]
            _settle()
            shown_points.append(len(queries.timeline_rows(window.ctx.db, busiest.id,
                                                          window.ctx.filters.current)))
    window.close()

    # Bare: the same widget work — a table reset and a plot setData of as many points.
    box, _edit, model = _bare_table()
    plot = pg.PlotWidget()
    plot.resize(700, 500)
    plot.show()
    curve = plot.plot(pen="b", symbol="o", symbolSize=8, connect="finite")
    rng = np.random.default_rng(0)
    bare = []
    for points in shown_points:
        x, y = np.sort(rng.uniform(0, 730, points)), rng.integers(0, 5, points).astype(float)
        bare_table = _Painted(box.view.viewport(), model.modelReset)
        bare_chart = _Painted(plot.viewport(), curve.sigPlotChanged)
        start = time.perf_counter()
        model.beginResetModel()
        model.endResetModel()
        curve.setData(x, y)
        _wait_for(lambda bt=bare_table, bc=bare_chart: bt.done() and bc.done())
        bare.append(max(bare_table.at, bare_chart.at) - start)  # type: ignore[type-var]
        _settle()
    box.close()
    plot.close()
    o, b = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    t = statistics.median(table_only) * 1000
    return [
        Result(f"Party filter → table + timeline updated ({len(ours)} changes)", o, b,
               "bare table reset + plot setData", "ms", "≤ 100 ms", o <= 100, len(ours)),
        Result(f"Party filter → table updated ({len(ours)} changes)", t, b,
               "bare table reset + plot setData", "ms", "(info)", True, len(ours)),
    ]


def timeline_charts(path: Path, runs: int) -> list[Result]:
    """The issue timeline with ~10k records (the issue of the 100k database closest to
    10,000): redraw (read + draw + paint) and PNG export, next to a bare pyqtgraph plot of
    the same points. bench/charts_bench.py (the charts' own benchmark, on a synthetic
    single-issue database) breaks the redraw down further."""

    import pyqtgraph as pg
    import pyqtgraph.exporters  # noqa: F401

    from bench.common import paired_medians, timeline_vs_bare
    from db.opening import open_database
    from db.reads import queries
    from desktop.charts import exporter

    _app()
    db = open_database(path)
    counts = {i.id: queries.count_positions(db, queries.PositionFilter(issue_ids=frozenset({i.id})))
              for i in queries.issues(db)}
    issue_id = min(counts, key=lambda i: abs(counts[i] - 10_000))
    pair = timeline_vs_bare(db, issue_id)
    rows, plot, redraw, bare, bare_redraw = (pair.rows, pair.plot, pair.redraw, pair.bare,
                                             pair.bare_redraw)

    ours, base = paired_medians(redraw, bare_redraw, runs)
    image = pg.exporters.ImageExporter(bare.plotItem)
    image.parameters()["width"] = 1600
    export, bare_export = paired_medians(lambda: exporter.png_bytes(plot, 1600),
                                         lambda: image.export(toBytes=True), runs)
    db.close()
    return [
        Result(f"Timeline redraw, {len(rows):,} records (read + draw + paint)", ours * 1000,
               base * 1000, "bare pyqtgraph plot, same points", "ms", "≤ 100 ms",
               ours <= 0.1, runs),
        Result("Timeline PNG export (1600 px)", export * 1000, bare_export * 1000,
               "bare pyqtgraph ImageExporter", "ms", "≤ 300 ms", export <= 0.3, runs),
    ]
