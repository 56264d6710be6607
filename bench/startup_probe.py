"""Child process for the cold-start and memory benchmarks.

    python bench/startup_probe.py bare            a bare PySide6 + pyqtgraph window
    python bench/startup_probe.py app DB_PATH [--no-exercise]
                                                  Parley's main window on DB_PATH

Prints "ready" once the window is shown and the event loop has run (the first moment a user
could interact) — the parent times from spawn to that line — then exercises the window and
prints a JSON line with peak memory, and exits.

In app mode the JSON also holds, measured between "ready" and the charts' first draw:
- `charts_drawn_ms`: from the parent's spawn until the timeline chart shows its data (the
  first event-loop turn after it applied them, so its paint is included). The clock is the
  wall clock (time.time(), the same in both processes): the parent passes its spawn time in
  the PARLEY_PROBE_T0 environment variable (without it, the probe's own start is used, which
  leaves out the interpreter's start-up);
- `max_stall_ms`: the longest the GUI thread went without servicing its event loop in that
  time, measured by a 5 ms repeating timer recording the gaps between its ticks (0 if the
  chart had drawn by "ready").
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

T0 = float(os.environ.get("PARLEY_PROBE_T0") or time.time())

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _until_charts_drawn(window) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Run the event loop until the timeline has drawn its data; the time that took and
    the longest gap between the ticks of a 5 ms timer meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer

    timeline = window.charts.timeline
    now = time.perf_counter
    if timeline.has_drawn() and not timeline.is_loading():
        return {"charts_drawn_ms": (time.time() - T0) * 1000, "max_stall_ms": 0.0}
    loop = QEventLoop()
    state = {"last": now(), "stall": 0.0, "drawn": False, "at": 0.0}

    def tick() -> None:
        t = now()
        state["stall"] = max(state["stall"], t - state["last"])
        state["last"] = t
        if state["drawn"]:  # the turn after the data were applied: they have painted
            state["at"] = time.time()
            loop.quit()

    def drawn() -> None:
        state["drawn"] = True

    timeline.drawn.connect(drawn)
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    ticker.start()
    QTimer.singleShot(120_000, loop.quit)  # a chart that never draws fails below
    loop.exec()
    ticker.stop()
    timeline.drawn.disconnect(drawn)
    if not state["drawn"]:
        raise RuntimeError("the timeline did not draw within 120 s")
    return {"charts_drawn_ms": (state["at"] - T0) * 1000, "max_stall_ms": state["stall"] * 1000}


def _report(window, exercise) -> None:  # type: ignore[no-untyped-def]
    from bench.common import rss_peak_mb

    print("ready", flush=True)
    result = {"rss_ready_mb": rss_peak_mb()}
    if window is not None and hasattr(window, "charts"):
        result.update(_until_charts_drawn(window))
    if exercise is not None:
        # Memory after use: scroll to the end, search, filter — not only right after start.
        exercise(window)
    result["rss_peak_mb"] = rss_peak_mb()
    print(json.dumps(result), flush=True)


def main() -> int:
    mode = sys.argv[1]

    def ready(window, exercise) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        app.processEvents()  # the first paint of the shown window
        _report(window, exercise)
        app.quit()

    if mode == "bare":
        import pyqtgraph as pg
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setCentralWidget(pg.PlotWidget())
        window.resize(1400, 900)
        window.show()
        QTimer.singleShot(0, lambda: ready(window, None))
        app.exec()
        return 0
    # Parley exactly as `parley --db PATH` starts it (desktop.cli.main: the command line
    # parsed, then launch_gui), with a hook for "ready". Nothing from Qt is imported before
    # it, as in the real entry point.
    from desktop.cli.main import build_parser, launch_gui

    args = build_parser().parse_args(["--db", sys.argv[2]])

    def exercise(window) -> None:  # type: ignore[no-untyped-def]
        from bench.gui_bench import exercise_main_window

        exercise_main_window(window)

    use = exercise if "--no-exercise" not in sys.argv[3:] else None
    return launch_gui(args.db, on_ready=lambda window: ready(window, use))


if __name__ == "__main__":
    sys.exit(main())
