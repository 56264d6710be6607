"""A newer request (a keystroke, a filter, another issue) cancels the background read it
supersedes: the read stops where it is and reports nothing, the pool's thread reads again
at once, and what the window ends up showing is what a direct read gives for the last
request. (Sizes at which reads go to a worker are lowered so the seeded database takes
that path.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool

import desktop.charts.timeline_plot as timeline_plot
from db.reads import queries
from db.reads.table_order import sorted_position_ids
from desktop.charts import charts_pane
from desktop.panes import positions_model
from desktop.qt.background import Results, run_in_pool

ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
           "WHERE x < 2000000000) SELECT count(*) FROM c")


@pytest.fixture
def one_thread():  # type: ignore[no-untyped-def]
    """The pool with one thread: a job after a cancelled one runs on the same thread (and
    its connection)."""
    pool = QThreadPool.globalInstance()
    pool.waitForDone()
    before = pool.maxThreadCount()
    pool.setMaxThreadCount(1)
    yield pool
    pool.waitForDone()
    pool.setMaxThreadCount(before)


def test_a_cancelled_job_stops_its_read_reports_nothing_and_the_thread_reads_again(
        seeded_db, qtbot, one_thread):  # type: ignore[no-untyped-def]
    db = seeded_db
    results = Results()
    got: list[tuple[int, object]] = []
    results.done.connect(lambda generation, data: got.append((generation, data)))

    def endless() -> object:
        with db.read() as con:
            return con.execute(ENDLESS).fetchone()

    job = run_in_pool(results, 1, endless)
    qtbot.waitUntil(job.token.reading, timeout=10_000)
    job.cancel()
    assert job.finished.wait(20), "the read was not stopped"
    after = run_in_pool(results, 2, lambda: queries.count_positions(db))
    assert after.finished.wait(20)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    qtbot.wait(50)
    assert got == [(2, queries.count_positions(db))]  # nothing from the cancelled one


def test_a_burst_of_filter_changes_shows_the_last_as_a_direct_read_does(
        seeded_db, qtbot, monkeypatch, app_window):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(positions_model, "BACKGROUND_ABOVE", 0)
    monkeypatch.setattr(charts_pane, "DEFER_ABOVE", 0)
    monkeypatch.setattr(charts_pane, "BACKGROUND_ABOVE", 0)
    jobs: list = []

    def recorded(*args):  # type: ignore[no-untyped-def]
        job = run_in_pool(*args)
        jobs.append(job)
        return job

    monkeypatch.setattr(positions_model, "run_in_pool", recorded)
    window = app_window(seeded_db)
    ctx = window.ctx
    table = window.positions
    qtbot.waitUntil(lambda: not table.model.is_busy(), timeout=10_000)
    resets: list[int] = []
    table.model.modelReset.connect(lambda: resets.append(1))
    first = len(jobs)
    for text in ("a", "ai", "aid", "e", "en", "ener"):  # each a new read: the last wins
        ctx.filters.update(text=text)
    qtbot.waitUntil(lambda: not table.model.is_busy(), timeout=10_000)
    burst = jobs[first:]
    assert len(burst) == 6
    for job in burst:
        assert job.finished.wait(10)
    assert all(job.cancelled for job in burst[:-1]) and not burst[-1].cancelled
    qtbot.wait(50)
    assert resets == [1]  # one reset, for the last request
    final = ctx.filters.current
    assert final.text == "ener"
    direct = sorted_position_ids(ctx.db, final, "date").tolist()
    assert [table.model.id_at(r) for r in range(table.model.rowCount())] == direct != []
    assert table.count_label.text() == f"{len(direct)} shown"


def test_issues_chosen_in_a_row_cancel_the_loads_they_supersede(
        seeded_db, qtbot, monkeypatch, app_window):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(charts_pane, "DEFER_ABOVE", 0)
    monkeypatch.setattr(charts_pane, "BACKGROUND_ABOVE", 0)
    jobs: list = []

    def recorded(*args):  # type: ignore[no-untyped-def]
        job = run_in_pool(*args)
        jobs.append(job)
        return job

    monkeypatch.setattr(timeline_plot, "run_in_pool", recorded)
    window = app_window(seeded_db)
    ctx = window.ctx
    pane = window.charts
    plot = pane.timeline
    qtbot.waitUntil(lambda: plot.has_drawn() and not plot.is_loading(), timeout=10_000)
    drawn: list[int | None] = []
    plot.drawn.connect(lambda: drawn.append(plot.issue_id))
    first = len(jobs)
    for index in (1, 2, 3, 4):
        pane.issue_combo.setCurrentIndex(index)
    last = pane.issue_combo.itemData(4)
    qtbot.waitUntil(lambda: not plot.is_loading(), timeout=10_000)
    burst = jobs[first:]
    assert len(burst) == 4
    for job in burst:
        assert job.finished.wait(10)
    assert all(job.cancelled for job in burst[:-1]) and not burst[-1].cancelled
    qtbot.wait(50)
    assert drawn == [last]
    rows = queries.timeline_points(ctx.db, last, ctx.filters.current)
    assert plot.shown_ids() == {r.id for r in rows} != set()
    assert plot.chart_title() == next(i.name for i in queries.issues(ctx.db) if i.id == last)
