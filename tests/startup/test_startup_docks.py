"""The docks tabbed behind the positions table at start (conflicting accounts, codebook) are
built the first time they come to the front, complete, in place and in the Tab order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar, QWidget

from db.reads import queries
from db.storage.database import Database


@pytest.fixture
def window(app_window, seeded_db: Database):  # type: ignore[no-untyped-def]
    return app_window(seeded_db)


def _dock_tab(window, title: str) -> tuple[QTabBar, int]:  # type: ignore[no-untyped-def]
    """The dock area's tab bar holding `title`, and the tab's index."""
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.tabText(i) == title and bar.isVisible():
                return bar, i
    raise AssertionError(f"no visible dock tab {title!r}")


def _built_panes(window) -> set[str]:  # type: ignore[no-untyped-def]
    from desktop.panes.codebook_editor import CodebookEditor
    from desktop.panes.conflicts_view import ConflictsView

    return {cls.__name__ for cls in (ConflictsView, CodebookEditor)
            if window.findChild(cls) is not None}


def _tab_order(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The named widgets Tab visits, in order, once round the window."""
    names, w = [], window.nextInFocusChain()
    while w is not window:
        name = w.objectName() or w.accessibleName()
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and name and not name.startswith("qt_") \
                and name != "card_show":  # (as many as the selected disagreement has)
            names.append(name)
        w = w.nextInFocusChain()
    return names


def _on_screen_geometry(window) -> dict:  # type: ignore[no-untyped-def]
    """Where the docks in front are (Qt parks the tabs behind at negative positions)."""
    return {name: dock.geometry() for name, dock in window.docks.items()
            if dock.geometry().x() >= 0}


def test_hidden_docks_are_built_when_their_tab_is_clicked(window, qtbot):  # type: ignore[no-untyped-def]
    from desktop.qt.lazy_dock import LazyDock
    from desktop.qt.pane_visibility import on_screen
    from desktop.selftest import distinct_colours_at_least

    qtbot.wait(50)
    docks = window.docks
    assert isinstance(docks["codebookDock"], LazyDock)
    assert not docks["codebookDock"].is_built() and not docks["conflictsDock"].is_built()
    assert _built_panes(window) == set()  # nothing of theirs exists yet

    bar, index = _dock_tab(window, "Codebook")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert docks["codebookDock"].is_built()  # in the click, before any paint
    editor = docks["codebookDock"].widget()
    assert _built_panes(window) == {"CodebookEditor"}
    qtbot.waitUntil(lambda: on_screen(editor))
    assert editor.accessibleName() == "Codebook editor"
    # complete: the party list holds every party, and the tree shows them
    assert {r.name for r in editor.parties._rows.values()} == {
        p.name for p in queries.parties(window.ctx.db)}
    assert editor.parties.tree.model().rowCount() > 0
    assert distinct_colours_at_least(editor.grab().toImage(), 3)

    bar, index = _dock_tab(window, "Conflicting accounts")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    view = docks["conflictsDock"].widget()
    # it loads on being shown: the disagreements of the seeded data appear
    qtbot.waitUntil(lambda: bool(view.groups), timeout=5000)
    assert view.model.rowCount() == len(view.groups)


def test_building_a_dock_late_keeps_the_layout_and_tab_order(app_window, seeded_db, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from desktop.main_window import MainWindow

    lazy = app_window(seeded_db, settings=tmp_path / "lazy.ini")
    qtbot.wait(50)
    before = _on_screen_geometry(lazy)
    lazy.docks["codebookDock"].raise_()
    lazy.docks["conflictsDock"].raise_()
    qtbot.wait(50)
    lazy.docks["positionsDock"].raise_()
    qtbot.wait(50)
    # the codebook's room was reserved: building it moved nothing
    assert _on_screen_geometry(lazy) == before

    # The same window with both panes built at once, as before they were deferred.
    def eager(self, factory, title, name, area, tabify_with=None, reserve=None):  # type: ignore[no-untyped-def]
        return self.add_dock(factory(), title, name, area, tabify_with)

    mp = pytest.MonkeyPatch()
    mp.setattr(MainWindow, "add_lazy_dock", eager)
    try:
        built = app_window(seeded_db, settings=tmp_path / "eager.ini")
    finally:
        mp.undo()
    qtbot.wait(50)
    assert _tab_order(lazy) == _tab_order(built)
    assert "party_name" in _tab_order(lazy) and "conflict_groups" in _tab_order(lazy)

    # The matrix and gap charts, made when their tabs are first chosen, sit in the Tab
    # order beside their own controls too.
    tabs = lazy.charts.tabs
    assert lazy.charts._matrix is None and lazy.charts._gap is None
    for index in (2, 1, 0):
        qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton,
                         pos=tabs.tabBar().tabRect(index).center())
    order = _tab_order(lazy)
    expected = ["Timeline chart", "Matrix date", "Matrix date slider", "Stance matrix",
                "First party of the gap", "Second party of the gap", "Gap chart",
                "conflict_window"]
    assert [n for n in order if n in expected] == expected
    assert _on_screen_geometry(built) == before


def test_codebook_reserve_covers_the_editor(window):  # type: ignore[no-untyped-def]
    from desktop.app import CODEBOOK_MIN_SIZE

    hint = window.docks["codebookDock"].widget().minimumSizeHint()
    assert hint.width() <= CODEBOOK_MIN_SIZE.width()
    assert hint.height() <= CODEBOOK_MIN_SIZE.height()


def test_restored_layout_with_the_codebook_in_front_shows_it_built(app_window, seeded_db, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from desktop.qt.pane_visibility import on_screen

    path = tmp_path / "ui.ini"
    first = app_window(seeded_db, settings=path)
    first.docks["codebookDock"].raise_()
    qtbot.wait(50)
    first.close()  # saves the layout: the codebook is the front tab

    again = app_window(seeded_db, settings=path)
    dock = again.docks["codebookDock"]
    assert dock.is_built()  # built while being shown, so its first paint is the editor
    qtbot.waitUntil(lambda: on_screen(dock.widget()))
    assert not again.docks["conflictsDock"].is_built()


def test_selftest_renders_the_deferred_panes_too(window, capsys):  # type: ignore[no-untyped-def]
    from desktop.qt.icons import app_icon
    from desktop.selftest import run_selftest

    app = QApplication.instance()
    app.setWindowIcon(app_icon())  # as create_application does
    assert run_selftest(app, window) == 0
    out = capsys.readouterr().out
    for name in ("ok: Conflicting accounts", "ok: Codebook (", "ok: Codebook / Parties tab",
                 "ok: Codebook / Events tab"):
        assert name in out, out


def test_asking_for_the_pane_builds_it(window):  # type: ignore[no-untyped-def]
    from desktop.panes.conflicts_view import ConflictsView

    dock = window.docks["conflictsDock"]
    assert not dock.is_built()
    view = dock.widget()
    assert isinstance(view, ConflictsView) and dock.is_built()
    assert dock.widget() is view  # once
    assert isinstance(view.parentWidget(), QWidget) and dock.isAncestorOf(view)


def test_chart_tabs_are_made_when_first_chosen(window, qtbot):  # type: ignore[no-untyped-def]
    from desktop.charts.gap_plot import GapPlot
    from desktop.charts.matrix_view import MatrixView
    from desktop.qt.pane_visibility import on_screen

    pane = window.charts
    qtbot.wait(50)
    assert window.findChild(MatrixView) is None and window.findChild(GapPlot) is None
    ua = next(p.id for p in queries.parties(window.ctx.db) if p.key == "ukraine")
    window.ctx.filters.update(party_ids=frozenset({ua}))  # before the gap chart exists
    bar = pane.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    gap = window.findChild(GapPlot)
    assert gap is pane.gap and window.findChild(MatrixView) is None
    qtbot.waitUntil(lambda: on_screen(gap.viewport()))  # (the view itself is all viewport)
    # made with the current filter and the chosen parties, and drawn
    assert gap._filter == window.ctx.filters.current
    assert gap.parties == (pane.party_a.currentData(), pane.party_b.currentData())
    assert gap.accessibleName() == "Gap chart"
    from desktop.selftest import distinct_colours_at_least

    assert distinct_colours_at_least(gap.grab().toImage(), 3)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert window.findChild(MatrixView) is pane.matrix
    assert pane.matrix.accessibleName() == "Stance matrix"
