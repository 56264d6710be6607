"""The server goes away mid-session: a save is refused with one line and not acknowledged
(no undo entry, no row, nothing half-written); the window says it is disconnected while the
server is down; once the server is back the next action reconnects by itself."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
from workspace_helpers import main_window

from db.errors import ParleyError
from db.model.inputs import SourceMeta
from db.opening import open_database
from db.reads import queries


@pytest.fixture
def server_db(pg_url):  # type: ignore[no-untyped-def]
    db = open_database(pg_url, seed=True)
    yield db
    db.close()


@contextmanager
def server_stopped(pg_server):  # type: ignore[no-untyped-def]
    """The test server's postmaster stopped (fast: every session ended) until the block ends,
    then started again on the same port and data."""
    done = pg_server._run("pg_ctl", "-D", str(pg_server.data), "-m", "fast", "-w", "stop")
    assert done.returncode == 0, done.stderr
    try:
        yield
    finally:
        done = pg_server._run("pg_ctl", "-D", str(pg_server.data), "-l", str(pg_server.log),
                              "-w", "-t", "60", "start")
        assert done.returncode == 0, done.stderr


def test_a_save_while_the_server_is_down_is_refused_and_the_window_reconnects(  # type: ignore[no-untyped-def]
        pg_server, server_db, qtbot, tmp_path):
    window = main_window(server_db, qtbot, tmp_path / "ui.ini")
    window.external_changes.start()
    ops, label = window.ctx.ops, window.connection_label
    before = queries.counts(server_db)
    assert not label.isVisible()

    with server_stopped(pg_server):
        qtbot.waitUntil(label.isVisible, timeout=3000)
        assert label.text().startswith("Disconnected from the server")
        assert label.toolTip().startswith("Disconnected from the database")
        assert "parley-test-pw" not in label.text() + label.toolTip()
        with pytest.raises(ParleyError) as refused:
            ops.import_source("Talks resumed in Geneva on Tuesday.", SourceMeta("Geneva"))
        message = str(refused.value)
        assert "\n" not in message and "not reachable" in message, message
        assert "parley-test-pw" not in message
        assert ops.undo_stack.count() == 0

    # Back: the window says so by itself, and the next save goes through on a new connection.
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=8000)
    assert window.statusBar().currentMessage().startswith("Reconnected to")
    assert queries.counts(server_db) == before  # nothing half-written
    ops.import_source("Talks resumed in Geneva on Tuesday.", SourceMeta("Geneva"))
    assert ops.undo_stack.count() == 1
    assert queries.counts(server_db)["sources"] == before["sources"] + 1


def test_a_dropped_connection_is_replaced_without_the_user_noticing(pg_server, server_db):  # type: ignore[no-untyped-def]
    before = queries.counts(server_db)
    server_db.write  # noqa: B018 - the engine exists before its connections are cut
    with server_db.write() as s:
        s.connection().exec_driver_sql("SELECT 1")
    # An administrator ends every session of this database (as a failover would).
    name = server_db.url.rsplit("/", 1)[1]
    pg_server.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
    time.sleep(0.2)
    from desktop.ops import Ops

    ops = Ops(server_db)
    ops.import_source("Talks resumed in Geneva on Tuesday.", SourceMeta("Geneva"))
    assert queries.counts(server_db)["sources"] == before["sources"] + 1
