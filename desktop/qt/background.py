"""Work off the GUI thread (a chart's data, the conflicts search): a result signal a worker
can report to, and running a function on the global thread pool."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal


class Results(QObject):
    """Create it unparented on the GUI thread and keep it in the worker's closure: a job
    may finish after its widget is gone, and must then have somewhere harmless to report.
    Receivers get (generation, result or the exception raised) on the GUI thread."""

    done = Signal(int, object)


def run_in_pool(results: Results, generation: int, fn: Callable[[], object]) -> None:
    """Run `fn()` on the global thread pool; report its result (or exception) to
    `results.done` with `generation`, for the receiver to drop outdated ones."""
    def work() -> None:
        try:
            data = fn()
        except Exception as exc:  # reported to the receiver; a worker must not raise
            data = exc
        try:
            results.done.emit(generation, data)
        except RuntimeError:
            pass  # the application is shutting down; nobody is waiting for the result

    QThreadPool.globalInstance().start(work)
