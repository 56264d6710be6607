"""The conflicts pane on a database in a fresh process (bench/data_bench.conflicts runs it):
how long until its list is filled, the longest stall of the GUI thread meanwhile (a 5 ms
timer's gaps), the same for an edit saved through Ops (the save itself with its listeners,
the pane's listener alone, then until the list is updated and the longest stall after the
save returned), and the process's peak memory. Prints JSON on its last line.

    python bench/conflicts_gui_probe.py DB DATA_DIR

DATA_DIR is the user data folder (the kept results): empty for the first search ever.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _busy(seconds: float) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        sum(i * i for i in range(2000))


def main() -> None:
    path, data_dir = Path(sys.argv[1]), sys.argv[2]
    os.environ["PARLEY_DATA_DIR"] = data_dir
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from db.opening import open_database
    from db.reads.record_inputs import position_input
    from desktop.context import AppContext
    from desktop.panes.conflicts_view import ConflictsView

    app = QApplication([])
    db = open_database(path)
    ctx = AppContext.create(db)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)

    def wait(done, limit: float = 3600) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        gaps.clear()
        last[0] = started
        while not done():
            app.processEvents()
            time.sleep(0.001)
            if time.perf_counter() - started > limit:
                raise TimeoutError("the pane never filled")
        return time.perf_counter() - started

    handler: list[float] = []
    on_changed = ConflictsView._on_changed

    def timed(self, changes) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        on_changed(self, changes)
        handler.append(time.perf_counter() - started)

    ConflictsView._on_changed = timed  # type: ignore[method-assign]
    view = ConflictsView(ctx)
    view.resize(1200, 700)
    view.show()
    filled = wait(lambda: len(view.groups) > 0)
    first_stall = max(gaps, default=0.0)

    def searched(generation: int) -> bool:
        return view._generation > generation and \
            not view.count_label.text().startswith("Finding")

    # An edit of one record of the first disagreement's pair, through the write path (its
    # modules imported first, as Ops.prepare does on a worker when a form is first edited).
    importlib.import_module("db.writes.positions")
    pid = int(view.groups[0].ids[0])
    data = position_input(db, pid)
    generation = view._generation
    started = time.perf_counter()
    ctx.ops.update_position(pid, dataclasses.replace(
        data, status="rejects" if data.status != "rejects" else "agrees"))
    save = time.perf_counter() - started  # the write and every listener, the pane's included
    updated = wait(lambda: searched(generation)) + save
    edit_stall = max(gaps, default=0.0)
    generation = view._generation
    ctx.ops.undo_stack.undo()  # leave the database as it was
    wait(lambda: searched(generation))
    # The floor under this load: a worker thread doing plain Python work for half a second
    # while the same timer ticks (the GIL and the machine's other processes alone).
    busy = threading.Thread(target=_busy, args=(0.5,))
    busy.start()
    wait(lambda: not busy.is_alive())
    bare_stall = max(gaps, default=0.0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"filled": filled, "first_stall": first_stall, "edit": updated,
                      "edit_stall": edit_stall, "save": save, "bare_stall": bare_stall,
                      "pane_handler": handler[0] if handler else 0.0, "peak_mb": peak,
                      "groups": len(view.groups)}))
    db.close()


if __name__ == "__main__":
    main()
