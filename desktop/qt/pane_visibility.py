"""Whether a pane is really on screen, and a callback when its dock tab comes to the front.

Qt 6 keeps the docks tabbed behind another one visible (`isVisible()` is true, no hide or
show events) and only moves them out of sight, so a pane that skips work while hidden must
also look at what is actually visible, and learn about its tab being chosen from the dock's
`visibilityChanged` signal rather than from a show event. Without this the conflicts pane,
tabbed behind the table, searched 100k positions on a worker thread on every keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDockWidget, QWidget


def on_screen(widget: QWidget) -> bool:
    """Shown, and not behind another dock's tab (nor otherwise fully out of sight)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


class _DockWatcher(QObject):
    def __init__(self, widget: QWidget, shown: Callable[[], None]):
        super().__init__(widget)
        self._widget = widget
        self._shown = shown
        self._dock: QDockWidget | None = None
        widget.installEventFilter(self)
        self._attach()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self._widget and event.type() == QEvent.Type.ParentChange:
            self._attach()
        return False

    def _attach(self) -> None:
        dock = self._widget.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is self._dock:
            return
        if self._dock is not None:
            self._dock.visibilityChanged.disconnect(self._changed)
        self._dock = dock
        if dock is not None:
            dock.visibilityChanged.connect(self._changed)

    def _changed(self, visible: bool) -> None:
        if visible:
            self._shown()


def when_dock_shown(widget: QWidget, shown: Callable[[], None]) -> None:
    """Call `shown()` whenever the dock holding `widget` (now or once it is docked) comes
    into view, including its tab being chosen."""
    _DockWatcher(widget, shown)
