"""Child process for the cold-start and memory benchmarks.

    python bench/startup_probe.py bare            a bare PySide6 + pyqtgraph window
    python bench/startup_probe.py app DB_PATH     Parley's main window on DB_PATH

Prints "ready" once the window is shown and the event loop has run (the first moment a user
could interact) — the parent times from spawn to that line — then exercises the window and
prints a JSON line with peak memory, and exits.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _report(window, exercise) -> None:  # type: ignore[no-untyped-def]
    from bench.common import rss_peak_mb

    print("ready", flush=True)
    result = {"rss_ready_mb": rss_peak_mb()}
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
    # Parley exactly as `parley --db PATH` starts it (desktop.cli.launch_gui): nothing from
    # Qt is imported before it, as in the real entry point.
    from desktop.cli import launch_gui

    def exercise(window) -> None:  # type: ignore[no-untyped-def]
        from bench.gui_bench import exercise_main_window

        exercise_main_window(window)

    return launch_gui(Path(sys.argv[2]), on_ready=lambda window: ready(window, exercise))


if __name__ == "__main__":
    sys.exit(main())
