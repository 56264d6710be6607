"""Where the window's memory goes: Parley's window on DB, driven as the startup benchmark's
exercise drives it (bench.gui_bench.exercise_main_window) plus a sort of four columns, with
the resident set sampled every 20 ms and reported per step.

    python bench/memory_probe.py DB [--conflicts] [--trace]

Each line: the step, when it ended (s since start) and the highest RSS while it ran. The
conflicting-accounts pane is opened only with --conflicts (its first search reads every
record: minutes at a million positions). --trace also runs tracemalloc from "ready" and
prints, after each step, the Python allocations held since then by source line (tracing
slows the run several times and adds its own memory to the RSS: use it for *what*, the
plain run for *how much*).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
_SCRATCH = tempfile.mkdtemp(prefix="parley-memory-probe-")
os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(_SCRATCH, "config"))
os.environ.setdefault("PARLEY_DATA_DIR", os.path.join(_SCRATCH, "data"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

T0 = time.time()


def _rss_mb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


class Sampler:
    """The highest RSS seen during each step, sampled on a thread."""

    def __init__(self) -> None:
        self.step = "start"
        self.peaks: dict[str, int] = {}
        self.order: list[tuple[str, float]] = []
        self._stop = False
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self._stop:
            self.peaks[self.step] = max(self.peaks.get(self.step, 0), _rss_mb())
            time.sleep(0.02)

    def next(self, step: str, trace: bool) -> None:
        """The step that has just ended is reported; `step` begins."""
        ended = self.step
        self.peaks[ended] = max(self.peaks.get(ended, 0), _rss_mb())
        self.order.append((ended, time.time() - T0))
        print(f"{time.time() - T0:7.1f} s  {ended:<28} peak {self.peaks[ended]:5d} MB",
              flush=True)
        if trace:
            _trace_report()
        self.step = step

    def stop(self) -> None:
        self._stop = True


_BASE: list[tracemalloc.Snapshot] = []


def _trace_report() -> None:
    snap = tracemalloc.take_snapshot()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    print(f"           traced {current / 1e6:.0f} MB now, {peak / 1e6:.0f} MB at its peak")
    if not _BASE:
        _BASE.append(snap)
        return
    for stat in snap.compare_to(_BASE[0], "lineno")[:10]:
        line = str(stat).replace(str(ROOT) + "/", "")
        print(f"             {line[:150]}")


def main() -> int:
    path = sys.argv[1]
    trace = "--trace" in sys.argv[2:]
    conflicts = "--conflicts" in sys.argv[2:]
    sampler = Sampler()

    def drive(window) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from bench.gui_bench import _ensure_charts, _settle, _wait_for, window_idle

        app = QApplication.instance()
        app.processEvents()
        if trace:
            tracemalloc.start(1)
        sampler.next("first reads", trace)  # "start" (to ready) ends here
        table = window.positions
        pane = _ensure_charts(window)
        idle = (lambda: window_idle(window))  # noqa: E731
        _wait_for(lambda: idle() and window.sources._loaded and pane.timeline.has_drawn(), 600)
        sampler.next("scroll", trace)
        bar = table.view.verticalScrollBar()
        for fraction in (0.25, 0.5, 0.75, 1.0, 0.0):
            bar.setValue(int(bar.maximum() * fraction))
            _wait_for(lambda: True)
        sampler.next("search 'energy'", trace)
        QTest.keyClicks(table.search, "energy")
        _wait_for(lambda: window.ctx.filters.current.text == "energy")
        _settle()
        _wait_for(idle, 600)
        sampler.next("search cleared", trace)
        table.search.clear()
        _wait_for(lambda: window.ctx.filters.current.text == "")
        _settle()
        _wait_for(idle, 600)
        sampler.next("party filter", trace)
        table.parties_menu.actions()[0].trigger()
        _settle()
        _wait_for(idle, 600)
        sampler.next("filters cleared", trace)
        table.clear_button.click()
        _settle()
        _wait_for(idle, 600)
        for tab, name in ((1, "matrix tab"), (2, "gap tab"), (0, "timeline tab")):
            sampler.next(name, trace)
            pane.tabs.setCurrentIndex(tab)
            _settle()
            _wait_for(idle, 600)
        for column, name in ((0, "sort by party"), (4, "sort by status"),
                             (6, "sort by source"), (3, "sort by date")):
            sampler.next(name, trace)
            table.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
            _wait_for(idle, 600)
        if conflicts:
            sampler.next("conflicting accounts", trace)
            dock = window.docks["conflictsDock"]
            view = dock.widget()
            dock.raise_()
            _wait_for(lambda: bool(view.groups), 3600)
            _settle()
        sampler.next("end", trace)
        app.quit()

    from desktop.cli.main import build_parser, launch_gui

    args = build_parser().parse_args(["--db", path])
    launch_gui(args.db, on_ready=drive)
    sampler.stop()
    with open("/proc/self/status") as fh:
        hwm = next(int(line.split()[1]) // 1024 for line in fh if line.startswith("VmHWM:"))
    print(json.dumps({"peak_rss_mb": hwm, "steps": sampler.peaks}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
