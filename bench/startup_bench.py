"""Cold start to an interactive main window, and peak memory, measured in fresh processes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Result

PROBE = ROOT / "bench" / "startup_probe.py"


def _spawn(args: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    # stderr to a file: reading two pipes in turn could deadlock, and communicate() after
    # readline() would lose what the text buffer already holds.
    with tempfile.TemporaryFile("w+") as err_file:
        # the probe's charts_drawn_ms counts from here, on the wall clock both processes share
        env = {**os.environ, "PARLEY_PROBE_T0": repr(time.time())}
        proc = subprocess.Popen([sys.executable, str(PROBE), *args], stdout=subprocess.PIPE,
                                stderr=err_file, text=True, cwd=ROOT, env=env)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        ready = time.perf_counter() - start
        rest = proc.stdout.read()
        proc.wait(timeout=300)
        err_file.seek(0)
        err = err_file.read()
    if line.strip() != "ready" or proc.returncode:
        raise RuntimeError(f"startup probe {args} failed: {line}{rest}{err[-2000:]}")
    return ready, json.loads(rest.strip().splitlines()[-1])


def cold_start_and_memory(path: Path, runs: int, label: str = "100k", memory: bool = True
                          ) -> list[Result]:
    """`runs` interleaved pairs of fresh processes timed to "ready" (the bare window's start
    varies by ±10% from one run to the next on this kind of machine: many quick pairs give a
    steadier median), and `max(3, runs // 3)` runs that also exercise the window for its
    peak memory."""
    _spawn(["bare"])  # warm the OS file cache for both: "cold" means a new process
    _spawn(["app", str(path), "--no-exercise"])
    bare_t, app_t, bare_mem, app_mem, drawn, stall = [], [], [], [], [], []
    for _ in range(runs):  # interleaved, so load on the machine hits both alike
        t, m = _spawn(["bare"])
        bare_t.append(t)
        bare_mem.append(m["rss_peak_mb"])
        t, m = _spawn(["app", str(path), "--no-exercise"])
        app_t.append(t)
        drawn.append(m["charts_drawn_ms"])
        stall.append(m["max_stall_ms"])
    for _ in range(max(3, runs // 3) if memory else 0):
        _, m = _spawn(["app", str(path)])
        app_mem.append(m["rss_peak_mb"])
    b, a = statistics.median(bare_t), statistics.median(app_t)
    bm = statistics.median(bare_mem)
    am = statistics.median(app_mem) if app_mem else 0.0
    d, st = statistics.median(drawn), statistics.median(stall)
    return [
        Result(f"Cold start to interactive main window ({label})", a * 1000, b * 1000,
               "bare PySide6 + pyqtgraph window", "ms", "≤ 1.3×", a <= 1.3 * b, runs),
        Result(f"Cold start to the timeline chart drawn ({label})", d, b * 1000,
               "bare window ready", "ms", "(info)", True, runs),
        Result("Longest GUI stall from ready to chart drawn (5 ms timer gaps)", st, None,
               "", "ms", "≤ 100 ms", st <= 100, runs),
    ] + ([Result(f"Peak memory, {label} database open and used", am, bm,
                 "bare window", "MB", "≤ 300 MB", am <= 300, len(app_mem))] if memory else [])
