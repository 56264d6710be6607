"""`parley --selftest`: open the main window, render every pane once, report, exit.

Used by the packaging smoke test on the built app (offscreen), and by anyone who wants to
check an installation. One line per pane; the exit code is 0 only if every check passed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from desktop import bundle_check

WINDOW_SIZE = QSize(1400, 900)


def distinct_colours_at_least(image: QImage, n: int = 2) -> bool:
    """True if the image has at least n colours (a blank pane is one flat colour)."""
    if image.isNull():
        return False
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    # RGB32 rows are whole 32-bit words, so the buffer has no row padding.
    pixels = np.frombuffer(rgb.constBits(), dtype=np.uint32,
                           count=rgb.width() * rgb.height())
    if n <= 2:
        return bool((pixels != pixels[0]).any())
    return len(np.unique(pixels)) >= n


def _settle(app: QApplication) -> None:
    # Two rounds: the first lays out and queues deferred updates (plots, proxy models),
    # the second runs them.
    for _ in range(2):
        app.processEvents()


def _check_widget(app: QApplication, name: str, widget: QWidget | None) -> str | None:
    """Render one pane; returns a failure description, or None if it drew something."""
    if widget is None:
        return f"{name}: has no content widget"
    _settle(app)
    if not widget.isVisible():
        return f"{name}: not visible after being raised"
    image = widget.grab().toImage()
    size = f"{image.width()}x{image.height()}"
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return f"{name}: rendered nothing ({size})"
    if not distinct_colours_at_least(image):
        return f"{name}: blank ({size}, a single colour)"
    print(f"ok: {name} ({size})")
    return None


def _bring_forward(widget: QWidget) -> None:
    """Make a widget visible however deep it sits: show and raise every dock around it and
    select every tab page on the way up (a tabified dock or a background tab is hidden)."""
    chain: list[QWidget] = []
    w: QWidget | None = widget
    while w is not None:
        chain.append(w)
        w = w.parentWidget()
    # Outermost first: an inner tab widget draws only once its own page/dock is in front.
    for w in reversed(chain):
        if isinstance(w, QDockWidget):
            w.show()
            # raise_() on a tabified dock selects its tab in the dock area's tab bar.
            w.raise_()
        parent = w.parentWidget()
        stack = parent if isinstance(parent, QStackedWidget) else None
        if stack is not None:
            owner = stack.parentWidget()
            if isinstance(owner, QTabWidget):
                owner.setCurrentWidget(w)  # keeps the tab bar in step with the page
            else:
                stack.setCurrentWidget(w)


def _pane_checks(window: QMainWindow) -> list[tuple[str, Callable[[], QWidget | None]]]:
    """Each pane as (name, a function that brings it to the front and returns it)."""
    checks: list[tuple[str, Callable[[], QWidget | None]]] = []
    central = window.centralWidget()
    if central is not None:
        checks.append(("Central area", lambda: central))
    for dock in window.findChildren(QDockWidget):
        def front(dock: QDockWidget = dock) -> QWidget | None:
            _bring_forward(dock)
            return dock.widget()
        checks.append((dock.windowTitle() or dock.objectName() or "dock", front))
    for tabs in window.findChildren(QTabWidget):
        dock = _enclosing_dock(tabs)
        owner = f"{dock.windowTitle()} / " if dock is not None and dock.windowTitle() else ""
        for index in range(tabs.count()):
            def select(tabs: QTabWidget = tabs, index: int = index) -> QWidget | None:
                page = tabs.widget(index)
                if page is not None:
                    _bring_forward(page)
                return page
            label = tabs.tabText(index).replace("&", "") or f"tab {index + 1}"
            checks.append((f"{owner}{label} tab", select))
    return checks


def _enclosing_dock(widget: QWidget) -> QDockWidget | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QDockWidget):
            return parent
        parent = parent.parentWidget()
    return None


def _status_text(window: QMainWindow) -> str:
    bar = window.statusBar()
    parts = [bar.currentMessage()]
    parts += [label.text() for label in bar.findChildren(QLabel) if label.isVisible()]
    return " ".join(p for p in parts if p)


def _number_forms(n: int) -> set[str]:
    return {str(n), f"{n:,}", f"{n:,}".replace(",", "\u202f"), f"{n:,}".replace(",", ".")}


def _check_status_bar(window: QMainWindow, counts: dict[str, int] | None) -> str | None:
    text = _status_text(window)
    if counts is None:
        return "status bar: no record counts to compare with (no database)"
    missing = [f"{counts[k]} {k}" for k in ("positions", "sources")
               if not any(form in text for form in _number_forms(counts[k]))]
    if missing:
        return f"status bar: does not show {', '.join(missing)} (it shows {text!r})"
    print(f"ok: status bar ({text})")
    return None


def _database_counts(window: QMainWindow) -> dict[str, int] | None:
    ctx = getattr(window, "ctx", None) or getattr(window, "_ctx", None)
    db = getattr(ctx, "db", None)
    if db is None:
        return None
    from db.reads.queries import counts

    return counts(db)


def run_selftest(app: QApplication, window: QMainWindow,
                 counts: dict[str, int] | None = None) -> int:
    """Show the window offscreen-safe, draw every dock and tab, check the status bar.

    `counts` are the database's record counts (db.reads.queries.counts); by default they are
    read from the window's context. Returns 0 if all passed, else 1.
    """
    failures: list[str] = []
    window.resize(WINDOW_SIZE)
    window.show()
    _settle(app)
    for dock in window.findChildren(QDockWidget):
        dock.widget()  # panes built on first need (desktop.qt.lazy_dock) are built now
    checks = _pane_checks(window)
    if not checks:
        failures.append("main window: no panes found (no central widget, docks or tabs)")
    for name, bring_to_front in checks:
        try:
            problem = _check_widget(app, name, bring_to_front())
        except Exception as exc:  # a pane that raises is a failed pane, not a crash
            problem = f"{name}: {type(exc).__name__}: {exc}"
        if problem:
            failures.append(problem)
    try:
        problem = _check_status_bar(window, counts if counts is not None
                                    else _database_counts(window))
    except Exception as exc:
        problem = f"status bar: {type(exc).__name__}: {exc}"
    if problem:
        failures.append(problem)
    # The icon comes from resources/: a missing one means the bundle lacks its data files.
    if app.windowIcon().isNull():
        failures.append("window icon: not set (resources/icons missing?)")
    else:
        print("ok: window icon")
    if bundle_check.is_frozen():
        outside = bundle_check.outside_bundle()
        failures += [f"outside bundle: {p}" for p in outside]
        if not outside:
            print(f"ok: Python code only from the bundle ({len(sys.modules)} modules)")
    window.close()
    _settle(app)
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    if failures:
        print(f"selftest: FAILED ({len(failures)} problems)", file=sys.stderr)
        return 1
    print(f"selftest: passed ({len(checks)} panes)")
    return 0
