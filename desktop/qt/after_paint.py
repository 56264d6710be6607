"""Running something once a widget has painted: work that can wait until the window is on
screen (a chart's first load, a long list) goes after its first paint, not before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# The latest a deferred piece of work waits for a paint that may not come (a covered widget).
WAIT_MS = 200


class AfterPaint(QObject):
    """Runs a callable once the watched widget has painted, or after `wait_ms` at the
    latest (if it does not paint, e.g. covered). A child of the widget: deleted with it,
    it never runs the callable for a widget that is gone."""

    def __init__(self, widget: QWidget, wait_ms: int = WAIT_MS):
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
