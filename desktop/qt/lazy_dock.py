"""A dock whose pane is built the first time it is needed, not with the window.

Panes tabbed behind another dock at start (conflicting accounts, the codebook editor) cost
tens of ms of a cold start to build and are not on screen. A LazyDock holds a factory
instead; the pane is built when the dock's tab first comes to the front (a click, `raise_()`,
a restored window state that puts it in front, a floating dock shown) — synchronously, in
the signal that says so, so it is there before the dock paints and no empty pane flashes —
or when code asks for it through `widget()`.

Until then an empty placeholder holds `reserve`, the pane's minimum size: a dock area sized
without it (the default layout) would grow when the pane is built, moving the panes around.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QWidget


class LazyDock(QDockWidget):
    def __init__(self, title: str, parent: QWidget, factory: Callable[[], QWidget],
                 reserve: QSize | None = None):
        super().__init__(title, parent)
        self._factory: Callable[[], QWidget] | None = factory
        if reserve is not None:
            placeholder = QWidget()
            placeholder.setMinimumSize(reserve)
            self.setWidget(placeholder)
        self.visibilityChanged.connect(self._visibility_changed)

    def is_built(self) -> bool:
        return self._factory is None

    def widget(self) -> QWidget:  # type: ignore[override]
        """The pane, built now if it was not yet (callers always get the real pane)."""
        self.ensure_built()
        return super().widget()

    def ensure_built(self) -> None:
        if self._factory is None:
            return
        factory, self._factory = self._factory, None
        self.visibilityChanged.disconnect(self._visibility_changed)
        placeholder = super().widget()
        pane = factory()
        self.setWidget(pane)
        if placeholder is not None:
            placeholder.deleteLater()
        restore_tab_order(pane, self)

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.ensure_built()
            # The pane subscribed to this signal while being built, after this emission had
            # started: tell it too that its dock is in front (it may load on that).
            self.visibilityChanged.emit(True)


def restore_tab_order(pane: QWidget, container: QWidget) -> None:
    """A widget placed late in `container` joins the end of the window's focus chain; Tab
    must reach its fields where it would had it been built with the window: after the last
    field before `container`. Only widgets that take focus by Tab matter to the order."""
    def tabbable(w: QWidget) -> bool:
        return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)

    window = container.window()
    anchor = container
    while anchor is not window and (not tabbable(anchor) or anchor is pane
                                    or pane.isAncestorOf(anchor)):
        anchor = anchor.previousInFocusChain()
    if anchor is window:
        return
    fields: list[QWidget] = []
    w = pane if tabbable(pane) else pane.nextInFocusChain()
    while w is pane or pane.isAncestorOf(w):
        # a compound field (a spin box and its line edit) moves as one
        if tabbable(w) and not any(f.isAncestorOf(w) for f in fields):
            fields.append(w)
        w = w.nextInFocusChain()
    for field in fields:
        QWidget.setTabOrder(anchor, field)
        anchor = field
