"""`parley --selftest` logic, on a small main window built here (docks, tabs, status bar)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QListWidget,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop.qt.icons import app_icon
from desktop.selftest import distinct_colours_at_least, run_selftest

COUNTS = {"positions": 1234, "sources": 3, "parties": 7, "issues": 14, "events": 7}


def _dock(window: QMainWindow, title: str, widget: QWidget,
          area: Qt.DockWidgetArea = Qt.DockWidgetArea.LeftDockWidgetArea) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(title)
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def _list(*items: str) -> QListWidget:
    w = QListWidget()
    w.addItems(list(items))
    return w


def _text(text: str) -> QTextEdit:
    w = QTextEdit()
    w.setPlainText(text)
    return w


def _table() -> QTableWidget:
    t = QTableWidget(3, 2)
    for r in range(3):
        for c in range(2):
            t.setItem(r, c, QTableWidgetItem(f"cell {r},{c}"))
    return t


@pytest.fixture
def window(qtbot, qapp: QApplication) -> QMainWindow:
    """A window shaped like Parley's: a tabbed central area, tabified docks (one holding its
    own tabs), and the record counts in the status bar."""
    qapp.setWindowIcon(app_icon())
    w = QMainWindow()
    qtbot.addWidget(w)
    central = QTabWidget()
    central.addTab(_table(), "&Table")
    central.addTab(_text("Reader text"), "Reader")
    w.setCentralWidget(central)
    positions = _dock(w, "Positions", _list("Russia: full ceasefire", "Ukraine: 30 days"))
    charts_tabs = QTabWidget()
    charts_tabs.addTab(_list("gap 1", "gap 2"), "Gap")
    charts_tabs.addTab(_text("matrix"), "Matrix")
    charts = _dock(w, "Charts", charts_tabs)
    w.tabifyDockWidget(positions, charts)
    _dock(w, "Conflicts", _list("conflict A"), Qt.DockWidgetArea.RightDockWidgetArea)
    w.statusBar().addPermanentWidget(QLabel("1,234 positions · 3 sources · 7 parties"))
    yield w
    qapp.setWindowIcon(QIcon())


def test_every_pane_is_drawn_and_reported(window: QMainWindow, qapp, capsys) -> None:
    assert run_selftest(qapp, window, COUNTS) == 0
    out = capsys.readouterr().out
    # Tabified docks and the tabs of a dock behind another one are each brought to the
    # front: a hidden pane would be reported as not visible instead of "ok".
    for pane in ("Central area", "Positions", "Charts", "Conflicts", "Table tab",
                 "Reader tab", "Charts / Gap tab", "Charts / Matrix tab"):
        assert f"ok: {pane} (" in out, pane
    assert "ok: status bar (1,234 positions" in out
    assert "ok: window icon" in out
    assert "selftest: passed (8 panes)" in out
    assert not window.isVisible()


def test_tabs_nested_in_a_background_tab_are_reached(window: QMainWindow, qapp,
                                                     capsys) -> None:
    central: QTabWidget = window.centralWidget()
    inner = QTabWidget()
    inner.addTab(_list("deep one"), "Deep one")
    inner.addTab(_text("deep two"), "Deep two")
    central.addTab(inner, "Nested")
    central.setCurrentIndex(0)  # the nested tabs start hidden behind the Table tab
    assert run_selftest(qapp, window, COUNTS) == 0
    out = capsys.readouterr().out
    assert "ok: Deep one tab (" in out and "ok: Deep two tab (" in out
    assert "ok: Nested tab (" in out


def test_a_blank_pane_fails_by_name(window: QMainWindow, qapp, capsys) -> None:
    empty = QWidget()
    empty.setAutoFillBackground(True)
    empty.setMinimumSize(200, 100)
    _dock(window, "Empty", empty, Qt.DockWidgetArea.BottomDockWidgetArea)
    assert run_selftest(qapp, window, COUNTS) == 1
    captured = capsys.readouterr()
    assert "FAILED: Empty: blank (" in captured.err
    assert "ok: Positions (" in captured.out  # the other panes are still checked


def test_a_dock_without_content_fails(window: QMainWindow, qapp, capsys) -> None:
    dock = QDockWidget("Hollow", window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    assert run_selftest(qapp, window, COUNTS) == 1
    assert "FAILED: Hollow: has no content widget" in capsys.readouterr().err


def test_status_bar_must_show_the_record_counts(window: QMainWindow, qapp, capsys) -> None:
    assert run_selftest(qapp, window, dict(COUNTS, positions=999)) == 1
    err = capsys.readouterr().err
    assert "status bar: does not show 999 positions" in err
    assert "1,234 positions" in err  # says what it did show


def test_counts_are_read_from_the_window_context(window: QMainWindow, qapp, capsys,
                                                 seeded_db) -> None:
    from db.reads.queries import counts
    from desktop.context import AppContext

    window.ctx = AppContext.create(seeded_db)
    c = counts(seeded_db)
    label = window.statusBar().findChildren(QLabel)[0]
    label.setText(f"{c['positions']} positions, {c['sources']} sources")
    assert run_selftest(qapp, window) == 0
    label.setText("no counts here")
    assert run_selftest(qapp, window) == 1
    assert f"does not show {c['positions']} positions" in capsys.readouterr().err


def test_missing_window_icon_fails(window: QMainWindow, qapp, capsys) -> None:
    qapp.setWindowIcon(QIcon())
    assert run_selftest(qapp, window, COUNTS) == 1
    assert "window icon: not set" in capsys.readouterr().err


def test_an_empty_window_fails(qtbot, qapp, capsys) -> None:
    w = QMainWindow()
    qtbot.addWidget(w)
    assert run_selftest(qapp, w, COUNTS) == 1
    assert "no panes found" in capsys.readouterr().err


def test_blank_detection() -> None:
    image = QImage(40, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    assert not distinct_colours_at_least(image)
    assert not distinct_colours_at_least(QImage())
    painter = QPainter(image)
    painter.setPen(QColor("black"))
    painter.drawPoint(39, 29)  # the very last pixel: no row padding trick hides it
    painter.end()
    assert distinct_colours_at_least(image)
    assert not distinct_colours_at_least(image, 3)
