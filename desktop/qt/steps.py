"""Applying a large result on the GUI thread a slice at a time.

A worker computes a chart's data off the GUI thread, but handing them to the plot items
(setData of dozens of items, a legend, a range) is GUI-thread work: at a million positions
40-130 ms in one piece, longer than the window may stop answering (50 ms). `Steps` runs a
generator a few steps per turn of the event loop, within a time budget, and keeps the
widget from painting meanwhile: it shows the previous picture until the new one is whole,
never a mix of the two, and the rest of the window answers between the turns.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

BUDGET_MS = 12.0  # per turn: a step may overrun it, so steps are kept to a few ms each


class Steps(QObject):
    """Runs one generator at a time, in slices, on the GUI thread; a child of `widget`
    (never runs for a widget that is gone). `done` is called after the last step."""

    def __init__(self, widget: QWidget, budget_ms: float = BUDGET_MS):
        super().__init__(widget)
        self._widget = widget
        self._budget = budget_ms / 1000
        self._work: Iterator[object] | None = None
        self._done: Callable[[], object] | None = None
        self._frozen = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)

    def start(self, work: Iterator[object], done: Callable[[], object] | None = None,
              freeze: bool = True) -> None:
        """Run `work` (a generator: each `yield` ends a step) from the next turn on, in
        place of any work still pending (dropped: a newer result replaces it whole).
        `freeze`: the widget keeps its picture until the work is done; without, it paints
        as it goes."""
        self.cancel()
        self._work, self._done = work, done
        if freeze and not self._frozen:
            self._frozen = True
            self._widget.setUpdatesEnabled(False)
        self._timer.start()

    def busy(self) -> bool:
        return self._work is not None

    def finish(self) -> None:
        """Run what is left now, in one piece (an export, a synchronous refresh)."""
        self._timer.stop()
        while self._work is not None:
            self._step_once()

    def cancel(self) -> None:
        """Drop the work left (its done is not called); the widget paints again."""
        self._timer.stop()
        work, self._work, self._done = self._work, None, None
        if work is not None:
            work.close()  # type: ignore[attr-defined]
        self._thaw()

    def _turn(self) -> None:
        if not shiboken6.isValid(self._widget):
            return
        until = time.perf_counter() + self._budget
        while self._work is not None and time.perf_counter() < until:
            self._step_once()
        if self._work is not None:
            self._timer.start()

    def _step_once(self) -> None:
        assert self._work is not None
        try:
            next(self._work)
        except StopIteration:
            done, self._work, self._done = self._done, None, None
            self._thaw()
            if done is not None:
                done()
        except BaseException:
            self._work, self._done = None, None
            self._thaw()
            raise

    def _thaw(self) -> None:
        if self._frozen:
            self._frozen = False
            self._widget.setUpdatesEnabled(True)
