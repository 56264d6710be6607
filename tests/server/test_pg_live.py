"""Others' commits on a server reach every open window within about a second (PostgreSQL
LISTEN/NOTIFY, migration 0008), through the same refresh a file's other programs take: the
user's selection, the reader's place and an open form with what was typed in it are kept.
A window's own commits are told apart by its session id and refresh it once, not twice."""

from __future__ import annotations

import subprocess
import sys
import time

import psycopg
import pytest
from PySide6.QtCore import QPoint, Qt
from workspace_helpers import main_window

from db.exchange.project_copy import tables
from db.model.inputs import SourceMeta
from db.opening import open_database
from db.storage.change_watch import watch_for
from desktop.external_changes import SERVER_MESSAGE
from desktop.ops import Ops

QUOTE = "Both delegations agreed to meet again in Istanbul next week."


@pytest.fixture
def server_db(pg_url):  # type: ignore[no-untyped-def]
    db = open_database(pg_url, seed=True)
    yield db
    db.close()


def _parley(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def _click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _user_state(window) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    return (window.positions.selected_ids(), window.positions.current_id(),
            window.sources.current_source_id(), window.reader.source_id,
            window.reader.text.cursorForPosition(QPoint(0, 0)).position())


def test_every_data_table_notifies_at_commit(server_db):  # type: ignore[no-untyped-def]
    with psycopg.connect(server_db.url) as con:
        watched = {r[0] for r in con.execute(
            "SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid "
            "WHERE g.tgname = 'parley_notify_change'")}
    assert {t.name for t in tables()} <= watched


def test_two_databases_on_one_server_see_each_others_commits_not_their_own(server_db):  # type: ignore[no-untyped-def]
    other = open_database(server_db.url)
    try:
        mine, theirs = watch_for(server_db), watch_for(other)
        Ops(other).import_source(f"Talks resumed in Geneva. {QUOTE}", SourceMeta("Geneva"))
        deadline = time.monotonic() + 1.0
        seen = False
        while not seen and time.monotonic() < deadline:
            seen = mine.changed_elsewhere()
            time.sleep(0.02)
        assert seen, "the other session's commit was not heard within a second"
        assert not theirs.changed_elsewhere()  # its own commit
        Ops(server_db).import_source(f"Talks resumed in Vienna. {QUOTE}", SourceMeta("Vienna"))
        time.sleep(0.3)
        assert not mine.changed_elsewhere()
        assert theirs.changed_elsewhere()
    finally:
        other.close()


def test_an_article_another_analyst_imports_appears_keeping_the_users_place(  # type: ignore[no-untyped-def]
        server_db, qtbot, tmp_path):
    window = main_window(server_db, qtbot, tmp_path / "ui.ini")
    window.external_changes.start()
    _click_row(qtbot, window.positions.view, 2)
    assert window.positions.selected_ids() and window.sources.current_source_id()
    window.positions.edit_selected()
    form = window.positions.form
    qtbot.waitExposed(form)
    qtbot.keyClicks(form.notes, " (typed, not saved yet)")
    typed, state = form.notes.toPlainText(), _user_state(window)
    sources = window.sources.model.rowCount()

    article = tmp_path / "istanbul.txt"
    article.write_text(f"Istanbul talks\n\nTalks resumed in Geneva. {QUOTE}\n", encoding="utf-8")
    _parley("import-article", "--db", server_db.url, str(article), "--title", "Istanbul talks")
    started = time.monotonic()
    qtbot.waitUntil(lambda: window.sources.model.rowCount() == sources + 1, timeout=1500)
    assert time.monotonic() - started < 1.5
    titles = [window.sources.model.index(r, 0).data()
              for r in range(window.sources.model.rowCount())]
    assert "Istanbul talks" in titles
    assert window.statusBar().currentMessage() == SERVER_MESSAGE
    assert _user_state(window) == state
    assert form.isVisible() and form.notes.toPlainText() == typed


def test_the_windows_own_save_refreshes_it_once(server_db, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = main_window(server_db, qtbot, tmp_path / "ui.ini")
    watcher = window.external_changes
    watcher.start()
    refreshed: list[object] = []
    watcher.updated.connect(lambda: refreshed.append(1))
    window.ctx.ops.import_source(f"Talks resumed in Geneva. {QUOTE}", SourceMeta("Geneva"))
    qtbot.wait(1200)  # two ticks of the poll
    assert refreshed == []
