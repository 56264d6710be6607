"""Shared pieces of the benchmarks: timing, results, the table."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"


@dataclass
class Result:
    name: str
    value: float  # median, in `unit`
    baseline: float | None  # median of the bare baseline measured in the same run
    baseline_name: str
    unit: str
    target: str  # e.g. "≤ 50 ms" or "≤ 1.3×"
    ok: bool
    runs: int

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall time of `fn` in seconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_medians(a: Callable[[], object], b: Callable[[], object], runs: int
                   ) -> tuple[float, float]:
    """Median wall times of `a` and `b` in seconds, run alternately (after one warm-up
    each), so a busy machine slows both alike."""
    a()
    b()
    ta, tb = [], []
    for _ in range(runs):
        for fn, out in ((a, ta), (b, tb)):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(ta), statistics.median(tb)


def rss_peak_mb() -> float:
    """This process's peak resident set size (VmHWM), in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def format_table(results: list[Result]) -> str:
    head = ("Measurement", "Parley", "Bare baseline", "Ratio", "Target", "Met")
    rows = []
    for r in results:
        base = f"{r.baseline:.1f} {r.unit} ({r.baseline_name})" if r.baseline is not None else "—"
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        rows.append((r.name, f"{r.value:.1f} {r.unit}", base, ratio, r.target,
                     "yes" if r.ok else "NO"))
    widths = [max(len(str(x[i])) for x in (head, *rows)) for i in range(len(head))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
            for row in rows]
    return "\n".join([line, sep, *body])


def machine() -> str:
    import platform
    import sys

    return (f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
            f"Python {sys.version.split()[0]}, {platform.system()} {platform.release()}, "
            f"{time.strftime('%Y-%m-%d')}")


@dataclass
class TimelineVsBare:
    """An issue timeline and a bare pyqtgraph plot of the same points, each with a redraw
    that includes painting: the pair every timeline benchmark compares."""

    plot: Any
    rows: list
    redraw: Callable[[], None]
    bare: Any
    bare_redraw: Callable[[], None]


def timeline_vs_bare(db: Any, issue_id: int) -> TimelineVsBare:
    import datetime as dt

    import numpy as np
    import pyqtgraph as pg

    from db.reads import queries
    from desktop.charts.timeline_plot import TimelinePlot

    rows = queries.timeline_rows(db, issue_id)
    plot = TimelinePlot(lambda: db)
    plot.resize(1200, 700)
    plot.set_issue(issue_id)

    def redraw() -> None:
        plot.refresh()
        plot.grab()  # include painting, not only setData

    x = np.array([(r.stated_on - dt.date(2000, 1, 1)).days for r in rows], float)
    y = np.array([r.level_value for r in rows], float)
    bare = pg.PlotWidget()
    bare.resize(1200, 700)
    curve = bare.plot(pen=None, symbol="o", symbolSize=8)

    def bare_redraw() -> None:
        curve.setData(x, y)
        bare.grab()

    return TimelineVsBare(plot, rows, redraw, bare, bare_redraw)
