"""On a large database the timeline reads on a worker thread: it says it is loading, then
draws; a result for an outdated request is dropped; exports and copies wait for nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from image_compare import assert_images_match
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from db.reads import queries
from db.storage.database import Database


class Gate:
    """Holds each worker-thread read of the timeline until released (reads on the GUI
    thread, as an export's, pass at once)."""

    def __init__(self) -> None:
        self.calls: list[tuple[int | None, threading.Event]] = []

    def issues(self) -> list[int | None]:
        return [issue for issue, _ in self.calls]

    def release(self, index: int | None = None) -> None:
        for i, (_, event) in enumerate(self.calls):
            if index is None or i == index:
                event.set()


@pytest.fixture
def gate(monkeypatch):  # type: ignore[no-untyped-def]
    from desktop.charts import charts_pane, timeline_plot

    monkeypatch.setattr(charts_pane, "DEFER_ABOVE", 10)  # the seeded db counts as large
    real = timeline_plot.read_timeline
    held = Gate()

    def read(db, issue_id, flt, recent=()):  # type: ignore[no-untyped-def]
        if threading.current_thread() is not threading.main_thread():
            event = threading.Event()
            held.calls.append((issue_id, event))
            event.wait(10)
        return real(db, issue_id, flt, recent)

    monkeypatch.setattr(timeline_plot, "read_timeline", read)
    yield held
    held.release()
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def window(app_window, seeded_db: Database, gate, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    win = app_window(seeded_db)
    qtbot.waitUntil(lambda: len(gate.calls) == 1, timeout=5000)  # after the first paint
    return win


def _settle() -> None:
    """Let every worker finish and its result reach the GUI thread."""
    QThreadPool.globalInstance().waitForDone(10_000)
    for _ in range(3):
        QApplication.processEvents()


def _ids(db: Database, issue_id: int, flt=None) -> set[int]:  # type: ignore[no-untyped-def]
    return {r.id for r in queries.timeline_points(db, issue_id, flt)}


def _has_ink(image: QImage) -> bool:
    white = image.pixel(0, 0)
    return any(image.pixel(x, y) != white
               for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))


def test_timeline_says_it_is_loading_then_draws(window, gate, qtbot):  # type: ignore[no-untyped-def]
    plot = window.charts.timeline
    assert plot.is_loading() and not plot.has_drawn()
    assert plot.message() == "Loading chart…"
    assert plot.party_items() == {} and plot.shown_ids() == set()
    # the text is drawn where the chart will be, not a blank plot
    rect = plot.mapFromScene(plot._empty_text.sceneBoundingRect()).boundingRect()
    assert rect.width() > 40
    assert _has_ink(plot.grab(rect).toImage())
    # no axes around it: empty ones would show made-up dates and stance values
    axes = [plot.plotItem.getAxis(side) for side in ("bottom", "left")]
    assert not any(axis.isVisible() for axis in axes)

    with qtbot.waitSignal(window.charts.refreshed, timeout=5000) as got:
        gate.release()
    assert got.args == [0]
    assert plot.has_drawn() and not plot.is_loading() and plot.message() == ""
    assert all(axis.isVisible() for axis in axes)
    assert plot.shown_ids() == _ids(window.ctx.db, plot.issue_id) != set()


def test_result_for_an_issue_changed_meanwhile_is_dropped(window, gate, qtbot):  # type: ignore[no-untyped-def]
    pane = window.charts
    plot = pane.timeline
    first = plot.issue_id
    pane.issue_combo.setFocus()
    qtbot.keyClick(pane.issue_combo, Qt.Key.Key_Down)  # another issue while the first loads
    second = plot.issue_id
    assert second != first
    qtbot.waitUntil(lambda: gate.issues() == [first, second], timeout=5000)
    drawn: list[int] = []
    plot.drawn.connect(lambda: drawn.append(plot.issue_id))

    gate.release(1)  # the newer read finishes first and is drawn
    qtbot.waitUntil(lambda: drawn == [second], timeout=5000)
    gate.release(0)  # then the outdated one: dropped
    _settle()
    assert drawn == [second]
    assert plot.chart_title() == next(i.name for i in queries.issues(window.ctx.db)
                                      if i.id == second)
    assert plot.shown_ids() == _ids(window.ctx.db, second) != _ids(window.ctx.db, first)


def test_another_issue_loads_while_the_chart_keeps_the_last(window, gate, qtbot):  # type: ignore[no-untyped-def]
    pane = window.charts
    plot = pane.timeline
    gate.release()
    qtbot.waitUntil(plot.has_drawn, timeout=5000)
    before, title = plot.shown_ids(), plot.chart_title()
    pane.issue_combo.setFocus()
    qtbot.keyClick(pane.issue_combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(gate.calls) == 2, timeout=5000)  # read on the worker
    # meanwhile the window responds and the chart shows the last issue, not a blank
    assert plot.is_loading() and plot.message() == ""
    assert plot.shown_ids() == before and plot.chart_title() == title
    with qtbot.waitSignal(pane.refreshed, timeout=5000):
        gate.release()
    assert plot.shown_ids() == _ids(window.ctx.db, plot.issue_id) != before


def test_filter_redraws_stay_on_the_gui_thread_after_the_table(window, gate, qtbot):  # type: ignore[no-untyped-def]
    """A filter redraws the chart after the table has painted, on the GUI thread: on a
    worker its read waited for the GIL behind the table's painting (3× slower)."""
    plot = window.charts.timeline
    gate.release()
    qtbot.waitUntil(plot.has_drawn, timeout=5000)
    ua = next(p.id for p in queries.parties(window.ctx.db) if p.key == "ukraine")
    with qtbot.waitSignal(window.charts.refreshed, timeout=5000):
        window.ctx.filters.update(party_ids=frozenset({ua}))
        assert len(plot.party_items()) > 1  # the table first; the chart on the next turn
    assert len(gate.calls) == 1 and not plot.is_loading()
    assert set(plot.party_items()) == {ua}
    assert plot.shown_ids() == _ids(window.ctx.db, plot.issue_id, window.ctx.filters.current)


def test_export_while_loading_writes_the_whole_chart(window, gate, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    pane = window.charts
    plot = pane.timeline
    assert plot.is_loading()
    drawn: list[bool] = []
    plot.drawn.connect(lambda: drawn.append(True))
    early = pane.export_current(tmp_path / "early.png", 900)
    assert drawn == [True] and not plot.is_loading()  # drawn for the export, in the call
    assert plot.shown_ids() == _ids(window.ctx.db, plot.issue_id) != set()
    gate.release()
    _settle()
    assert drawn == [True]  # the worker's late result was dropped, not drawn again
    late = pane.export_current(tmp_path / "late.png", 900)
    a, b = QImage(str(early)), QImage(str(late))
    assert a.width() == 900  # the same picture as once everything has settled:
    assert_images_match(a, b, "the early export")

    # Copy to clipboard too: complete while another issue loads.
    pane.issue_combo.setFocus()
    qtbot.keyClick(pane.issue_combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(gate.calls) == 2, timeout=5000)
    pane.copy_to_clipboard()
    assert not plot.is_loading()
    assert plot.shown_ids() == _ids(window.ctx.db, plot.issue_id) != set()
    assert not QApplication.clipboard().image().isNull()


def test_closing_the_window_while_loading_drops_the_result(window, gate, qtbot):  # type: ignore[no-untyped-def]
    plot = window.charts.timeline
    drawn: list[bool] = []
    plot.drawn.connect(lambda: drawn.append(True))
    window.close()
    gate.release()
    _settle()
    assert drawn == [] and not plot.has_drawn() and not plot.is_loading()
    window.show()  # shown again, it loads again
    qtbot.waitUntil(lambda: len(gate.calls) == 2, timeout=5000)
    gate.release()
    qtbot.waitUntil(plot.has_drawn, timeout=5000)


def test_a_plot_deleted_while_loading_is_not_touched(seeded_db, gate, qtbot):  # type: ignore[no-untyped-def]
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    from desktop.charts.timeline_plot import TimelinePlot

    issue = queries.issues(seeded_db)[0].id
    plot = TimelinePlot(lambda: seeded_db)
    plot.set_issue(issue)  # drawn once: the next load starts at once
    plot.refresh_in_background()
    qtbot.waitUntil(lambda: len(gate.calls) == 1, timeout=5000)
    plot.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(plot)
    gate.release()
    _settle()  # the result arrives for a plot that is gone: nothing happens


def test_a_failed_read_is_said_on_the_chart(app_window, seeded_db, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    from db.errors import ParleyError
    from desktop.charts import charts_pane, timeline_plot

    monkeypatch.setattr(charts_pane, "DEFER_ABOVE", 10)

    def failing(*_args):  # type: ignore[no-untyped-def]
        raise ParleyError("the database file is locked by another program")

    monkeypatch.setattr(timeline_plot, "read_timeline", failing)
    win = app_window(seeded_db, size=None, show=False)
    win.show()
    plot = win.charts.timeline
    qtbot.waitUntil(lambda: "could not be read" in plot.message(), timeout=5000)
    assert "locked by another program" in plot.message()
    assert not plot.is_loading() and not plot.has_drawn()
    # the window goes on working
    win.positions.search.setText("aid")
    qtbot.waitUntil(lambda: win.ctx.filters.current.text == "aid", timeout=2000)


def test_the_plot_is_made_after_the_first_paint(app_window, seeded_db, gate, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """On a large database the timeline's tab first shows a 'Loading chart…' text and the
    plot itself is made once the window has painted (it is ~12 ms of a cold start); asking
    for it earlier makes it at once, and it still loads and draws."""
    win = app_window(seeded_db, size=None, show=False)
    pane = win.charts
    assert pane._timeline is None
    assert pane._waiting.text() == "Loading chart…"
    assert pane._waiting.accessibleName() == "Timeline chart"
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: pane._timeline is not None, timeout=5000)
    qtbot.waitUntil(lambda: len(gate.calls) == 1, timeout=5000)
    assert pane.timeline.accessibleName() == "Timeline chart"
    with qtbot.waitSignal(pane.refreshed, timeout=5000):
        gate.release()
    assert pane.timeline.shown_ids() == _ids(seeded_db, pane.timeline.issue_id) != set()


def test_asking_for_the_plot_before_the_paint_still_draws_it(app_window, seeded_db, gate, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    win = app_window(seeded_db, size=None, show=False)
    plot = win.charts.timeline  # made now, before any paint
    win.resize(1400, 900)
    win.show()
    qtbot.waitUntil(lambda: len(gate.calls) == 1, timeout=5000)
    with qtbot.waitSignal(win.charts.refreshed, timeout=5000):
        gate.release()
    assert plot.has_drawn() and plot.shown_ids() == _ids(seeded_db, plot.issue_id) != set()


def test_a_short_pane_scrolls_rather_than_squeezing_the_timeline(ctx, qtbot):  # type: ignore[no-untyped-def]
    """In a short charts pane (a small laptop window) the data area keeps a row per stance
    level, and the pane scrolls; before, title, axis and legend left it a line tall."""
    from desktop.charts.charts_pane import ChartsPane
    from desktop.charts.timeline_plot import LEVEL_ROW_PX

    pane = ChartsPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(480, 260)
    pane.show()
    qtbot.waitExposed(pane)
    plot = pane.timeline
    qtbot.waitUntil(plot.has_drawn, timeout=5000)
    levels = queries.issue_by_key(ctx.db, "ceasefire_scope") or queries.issues(ctx.db)[0]
    plot.set_issue(levels.id)
    assert plot.plotItem.vb.height() >= LEVEL_ROW_PX * len(levels.levels) - 1
    assert pane._timeline_scroll.verticalScrollBar().isVisible()


def test_the_first_draw_reuses_the_items_made_while_loading_in_the_colours_it_draws(  # type: ignore[no-untyped-def]
        app_window, seeded_db, gate, qtbot):
    """Items made while the chart loads are made in the colours the chart draws (two
    parties in near-identical colours drawn apart): the first draw then reuses all of them,
    instead of making a recoloured party's items again while the window waits."""
    from dataclasses import replace

    from db.reads.record_inputs import party_input
    from db.writes.codebook import update_party

    first, second = sorted(queries.parties(seeded_db), key=lambda p: p.id)[:2]
    update_party(seeded_db, second.id, replace(party_input(seeded_db, second.id),
                                               colour=first.colour))  # an older codebook's
    win = app_window(seeded_db)
    qtbot.waitUntil(lambda: len(gate.calls) == 1, timeout=5000)
    plot = win.charts.timeline
    parties = queries.parties(seeded_db)
    qtbot.waitUntil(lambda: len(plot._parties) == len(parties), timeout=5000)
    made = dict(plot._parties)
    with qtbot.waitSignal(win.charts.refreshed, timeout=5000):
        gate.release()
    drawn = plot.party_items()
    assert {first.id, second.id} <= set(drawn)
    assert all(drawn[pid] is made[pid] for pid in drawn)
    # and the two are drawn apart, as before
    assert drawn[first.id].colour != drawn[second.id].colour
