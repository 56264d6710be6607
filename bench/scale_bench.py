"""GUI benchmarks for a large database (made for the 1M size, valid at any): how long an
action takes until its result is on screen, and the longest the window stops answering
meanwhile (the largest gap between the ticks of a 5 ms timer on the GUI thread, as the
startup probe measures it). At a million positions reads run on worker threads, so an
action's latency may be seconds while the window keeps answering: the target is on the
stall (≤ 50 ms), the latency is shown against a bare baseline doing the same widget work.

    python bench/scale_bench.py DB_PATH [--runs N]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Result
from bench.gui_bench import _app, _ensure_charts, _main_window, _settle
from bench.gui_bench import window_idle as idle

STALL_TARGET_MS = 50.0
TIMEOUT_S = 300.0


class StallProbe:
    """The longest gap between the ticks of a 5 ms repeating timer on the GUI thread, and
    the most CPU time the GUI thread used between two ticks (`worst_cpu`: what the stall
    is made of when the machine is idle; on a loaded machine the wall-clock gap is that
    CPU time stretched by waiting for a core, so it tells a change from the noise)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self.last = self.worst = 0.0
        self.last_cpu = self.worst_cpu = 0.0

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.worst = max(self.worst, now - self.last)
        self.worst_cpu = max(self.worst_cpu, cpu - self.last_cpu)
        self.last, self.last_cpu = now, cpu

    def measure(self, action: Callable[[], object], done: Callable[[], bool]
                ) -> tuple[float, float]:
        """(seconds from `action()` until `done()` and the next paint, longest stall)."""
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        self.last, self.worst = time.perf_counter(), 0.0
        self.last_cpu, self.worst_cpu = time.thread_time(), 0.0
        self._timer.start()
        start = time.perf_counter()
        action()
        deadline = start + TIMEOUT_S
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError("the window did not finish the action")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
        app.processEvents()  # the paint of what changed
        took = time.perf_counter() - start
        self._tick()
        self._timer.stop()
        return took, self.worst


def _rows(name: str, took: list[float], stalls: list[float], bare: float | None,
          bare_name: str, cpus: list[float] | None = None) -> list[Result]:
    t, s = statistics.median(took) * 1000, statistics.median(stalls) * 1000
    out = [Result(f"{name}: until shown", t, bare, bare_name, "ms", "(info)", True, len(took)),
           Result(f"{name}: longest GUI stall", s, None, "", "ms", f"≤ {STALL_TARGET_MS:.0f} ms",
                  s <= STALL_TARGET_MS, len(stalls))]
    if cpus:
        c = statistics.median(cpus) * 1000
        out.append(Result(f"{name}: longest GUI-thread CPU burst", c, None, "", "ms", "(info)",
                          True, len(cpus)))
    return out


def _bare_sort(rows: int, runs: int) -> float:
    """A QTableView of `rows` rows re-laid out after numpy sorts a key per row: the widget
    work of a sort without Parley's reads."""
    import numpy as np
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    keys = np.random.default_rng(0).integers(0, 50_000, rows)

    class Model(QAbstractTableModel):
        order = np.arange(rows)

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return 0 if parent.isValid() else rows

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return 8

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            return str(int(self.order[index.row()])) if role == 0 else None

    view, model = QTableView(), Model()
    view.setModel(model)
    view.resize(1200, 500)
    view.show()
    probe, took = StallProbe(), []
    for n in range(runs):
        def sort(descending: bool = n % 2 == 1) -> None:
            model.layoutAboutToBeChanged.emit()
            model.order = np.argsort(-keys if descending else keys, kind="stable")
            model.layoutChanged.emit()
        took.append(probe.measure(sort, lambda: True)[0])
        _settle()
    view.close()
    return statistics.median(took) * 1000


def table_sort(path: Path, runs: int) -> list[Result]:
    """A click on a column header (party, source, attributed to, in turn) until the table
    shows the sorted order."""
    from PySide6.QtCore import Qt

    from desktop.panes.positions_model import COLUMN_KEYS

    window = _main_window(path)
    _wait_idle(window)
    view, model = window.positions.view, window.positions.model
    probe, took, stalls, cpus = StallProbe(), [], [], []
    columns = [COLUMN_KEYS.index(k) for k in ("party", "source", "attributed")]
    for n in range(runs):
        col = columns[n % len(columns)]
        order = Qt.SortOrder.DescendingOrder if n % 2 else Qt.SortOrder.AscendingOrder
        t, s = probe.measure(lambda c=col, o=order: view.sortByColumn(c, o),
                             lambda: not model.is_busy())
        took.append(t)
        stalls.append(s)
        cpus.append(probe.worst_cpu)
        _settle()
    rows = model.rowCount()
    window.close()
    return _rows(f"Sort a table column ({rows:,} rows)", took, stalls, _bare_sort(rows, runs),
                 "bare QTableView re-laid out after a numpy sort", cpus)


def _wait_idle(window: Any) -> None:
    """Until nothing is read for the table and charts, and the sources list (read after the
    first paint) has arrived: its arrival belongs to the start-up, not to the action
    measured next."""
    probe = StallProbe()
    probe.measure(lambda: None, lambda: idle(window)
                  and getattr(window.sources, "_loaded", True))
    _settle()


def filter_and_search(path: Path, runs: int) -> list[Result]:
    """A party chosen in the filter bar, and a keystroke in the search box, until the table
    and the timeline show the result."""
    from PySide6.QtTest import QTest

    window = _main_window(path)
    _wait_idle(window)
    table = window.positions
    probe = StallProbe()
    actions = table.parties_menu.actions()
    took, stalls, cpus = [], [], []
    # the chart redraws once control returns to the event loop: done when it has
    redrawn = [0]
    _ensure_charts(window).refreshed.connect(lambda _i: redrawn.__setitem__(0, redrawn[0] + 1))

    def shown(before: int) -> bool:
        return redrawn[0] > before and idle(window)

    for n in range(runs):
        act = actions[n % len(actions)]
        for _ in range(2):  # on, then off
            t, s = probe.measure(act.trigger, lambda b=redrawn[0]: shown(b))
            took.append(t)
            stalls.append(s)
            cpus.append(probe.worst_cpu)
            _settle()
    out = _rows("Party filter → table + timeline", took, stalls, None, "", cpus)
    took, stalls, cpus = [], [], []
    table.search.setFocus()
    typed = ""
    for ch in "energy"[: max(2, min(runs, 6))]:
        typed += ch
        t, s = probe.measure(lambda c=ch: QTest.keyClick(table.search, c),
                             lambda b=redrawn[0], want=typed: (
                                 window.ctx.filters.current.text == want and shown(b)))
        took.append(t)
        stalls.append(s)
        cpus.append(probe.worst_cpu)
        _settle()
    window.close()
    return out + _rows("Search keystroke → table + timeline", took, stalls, None, "", cpus)


def issue_and_tabs(path: Path, runs: int) -> list[Result]:
    """Another issue chosen on the timeline (the three busiest in turn), and the matrix and
    gap tabs opened for the first time (a new window each run)."""
    from db.reads import queries

    took, stalls, cpus, first = [], [], [], {1: ([], [], []), 2: ([], [], [])}
    db_issues: list[int] = []
    for n in range(max(1, runs // 2)):
        window = _main_window(path)
        _wait_idle(window)
        pane, probe = _ensure_charts(window), StallProbe()
        if not db_issues:
            db = window.ctx.db
            counts = {i.id: queries.count_positions(db, queries.PositionFilter(
                issue_ids=frozenset({i.id}))) for i in queries.issues(db)}
            db_issues = sorted(counts, key=counts.get, reverse=True)[:3]  # type: ignore[arg-type]
        for k in range(2):
            issue = db_issues[(n * 2 + k) % len(db_issues)]
            index = pane.issue_combo.findData(issue)
            if index == pane.issue_combo.currentIndex():
                index = pane.issue_combo.findData(db_issues[(n * 2 + k + 1) % len(db_issues)])
            t, s = probe.measure(lambda i=index, p=pane: p.issue_combo.setCurrentIndex(i),
                                 lambda w=window: idle(w))
            took.append(t)
            stalls.append(s)
            cpus.append(probe.worst_cpu)
            _settle()
        for tab in (1, 2):
            t, s = probe.measure(lambda i=tab, p=pane: p.tabs.setCurrentIndex(i),
                                 lambda w=window: idle(w))
            first[tab][0].append(t)
            first[tab][1].append(s)
            first[tab][2].append(probe.worst_cpu)
            _settle()
        window.close()
    return (_rows("Change of issue on the timeline", took, stalls, None, "", cpus)
            + _rows("Matrix tab, first open", *first[1][:2], None, "", first[1][2])
            + _rows("Gap tab, first open", *first[2][:2], None, "", first[2][2]))


def dense_timeline(path: Path, runs: int, records: int = 150_000) -> list[Result]:
    """The issue closest to `records` records: its timeline redrawn from data already read
    (draw + paint: what a zoom, a resize or a filter toggled back costs), next to a bare
    pyqtgraph scatter of every record; and its read and analysis (on a worker thread)."""
    import datetime as dt

    import numpy as np
    import pyqtgraph as pg

    from bench.common import paired_medians
    from db.opening import open_database
    from db.reads import queries
    from desktop.charts.timeline_data import read_timeline
    from desktop.charts.timeline_plot import TimelinePlot

    _app()
    db = open_database(path)
    counts = {i.id: queries.count_positions(db, queries.PositionFilter(
        issue_ids=frozenset({i.id}))) for i in queries.issues(db)}
    issue = min(counts, key=lambda i: abs(counts[i] - records))
    started = time.perf_counter()
    data = read_timeline(db, issue, queries.PositionFilter())
    read_s = time.perf_counter() - started
    plot = TimelinePlot(lambda: db)
    plot.resize(1200, 700)
    plot.show()
    plot.set_issue(issue, refresh=False)
    plot._apply(data)

    def redraw() -> None:
        plot._apply(data)
        plot.grab()

    x = np.array([(r.stated_on - dt.date(2000, 1, 1)).days for r in data.rows], float)
    y = np.array([r.level_value for r in data.rows], float)
    bare = pg.PlotWidget()
    bare.resize(1200, 700)
    bare.show()
    curve = bare.plot(pen=None, symbol="o", symbolSize=8)

    def bare_redraw() -> None:
        curve.setData(x, y)
        bare.grab()

    ours, base = paired_medians(redraw, bare_redraw, runs)
    n = len(data.rows)
    plot.close()
    bare.close()
    db.close()
    return [
        Result(f"Timeline redraw, {n:,} records read (draw + paint)", ours * 1000, base * 1000,
               "bare pyqtgraph scatter of every record", "ms", "≤ 100 ms", ours <= 0.1, runs),
        Result(f"Timeline read + analysis, {n:,} records (worker thread)", read_s * 1000, None,
               "", "ms", "(info)", True, 1),
    ]


def scale_rows(path: Path, runs: int) -> list[Result]:
    """Every row above, for `bench/run.py`'s size mode."""
    return (table_sort(path, runs) + filter_and_search(path, runs) + issue_and_tabs(path, runs)
            + dense_timeline(path, runs))


if __name__ == "__main__":
    import argparse
    import tempfile

    from bench.common import format_table, machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="+", default=["sort", "filter", "issue", "timeline"])
    args = parser.parse_args()
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="parley-bench-home-")
    sections = {"sort": table_sort, "filter": filter_and_search, "issue": issue_and_tabs,
                "timeline": dense_timeline}
    results = [r for name in args.only for r in sections[name](args.db, args.runs)]
    print(f"Machine: {machine()}, load average {os.getloadavg()[0]:.1f}")
    print(f"Database: {args.db.name}")
    print(format_table(results))
