"""Work off the GUI thread (a chart's data, the conflicts search, the table's order): a
result signal a worker can report to, and running a function on the global thread pool.

While any such job runs, Python's cyclic garbage collector is paused. A job reading a
million positions makes hundreds of thousands of row objects; each full collection then
walked all of them with the GIL held, and the GUI thread, waiting for the GIL, stood still
for 0.3-0.7 s at a time. (Not frozen afterwards: the cyclic garbage made meanwhile would
then never be collected.)"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

_gc_lock = threading.Lock()
_gc_jobs = 0
_gc_paused = False  # whether the collector was on when the first running job paused it


class Results(QObject):
    """Create it unparented on the GUI thread and keep it in the worker's closure: a job
    may finish after its widget is gone, and must then have somewhere harmless to report.
    Receivers get (generation, result or the exception raised) on the GUI thread."""

    done = Signal(int, object)


def _pause_gc() -> None:
    global _gc_jobs, _gc_paused
    with _gc_lock:
        if _gc_jobs == 0 and gc.isenabled():
            gc.disable()
            _gc_paused = True
        _gc_jobs += 1


def _resume_gc() -> None:
    global _gc_jobs, _gc_paused
    with _gc_lock:
        _gc_jobs -= 1
        if _gc_jobs == 0 and _gc_paused:
            _gc_paused = False
            gc.enable()


def run_in_pool(results: Results, generation: int, fn: Callable[[], object]) -> None:
    """Run `fn()` on the global thread pool; report its result (or exception) to
    `results.done` with `generation`, for the receiver to drop outdated ones."""
    def work() -> None:
        _pause_gc()
        try:
            data = fn()
        except Exception as exc:  # reported to the receiver; a worker must not raise
            data = exc
        finally:
            _resume_gc()
        try:
            results.done.emit(generation, data)
        except RuntimeError:
            pass  # the application is shutting down; nobody is waiting for the result

    QThreadPool.globalInstance().start(work)
