"""Small pieces for chart work off the GUI thread: a result signal a worker can report to,
running a function on the global thread pool, and waiting for a widget's first paint."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget


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


class AfterPaint(QObject):
    """Runs a callable once the watched widget has painted, or after `wait_ms` at the
    latest (if it does not paint, e.g. covered)."""

    def __init__(self, widget: QWidget, wait_ms: int):
        super().__init__(widget)
        self._pending: Callable[[], object] | None = None
        self._wait_ms = wait_ms
        widget.installEventFilter(self)

    def run(self, fn: Callable[[], object]) -> None:
        self._pending = fn
        QTimer.singleShot(self._wait_ms, self, self._fire)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self._pending is not None and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._fire)  # after this paint, not before it
        return False

    def _fire(self) -> None:
        fn, self._pending = self._pending, None
        if fn is not None:
            fn()
