"""A background read that a newer request supersedes is stopped where it is, not left to
run on (db.storage.cancel): the statement running on the worker's connection is interrupted
(SQLite) or cancelled by the server (PostgreSQL), the read raises Cancelled, and the same
thread's connection reads again at once."""

from __future__ import annotations

import threading
import time

import pytest

from db.errors import Cancelled
from db.reads import queries
from db.storage.cancel import CancelToken, active, checkpoint

pytestmark = pytest.mark.engines("sqlite", "postgresql")

# Runs for many minutes unless stopped (portable: both engines count 2e9 rows one by one).
ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
           "WHERE x < 2000000000) SELECT count(*) FROM c")


def _wait(flag, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not flag():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_cancelled_read_stops_mid_statement_and_the_thread_reads_again(seeded_db):  # type: ignore[no-untyped-def]
    db = seeded_db
    token = CancelToken()
    outcome: dict = {}

    def worker() -> None:
        with active(token):
            try:
                with db.read() as con:
                    outcome["value"] = con.execute(ENDLESS).fetchone()
            except Cancelled as exc:
                outcome["cancelled"] = exc
                outcome["stopped"] = time.monotonic()
        # the same thread, the same connection, no token: a new read sees the data
        outcome["next"] = queries.count_positions(db)

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    _wait(token.reading)
    time.sleep(0.3)  # well into the statement
    cancelled_at = time.monotonic()
    token.cancel()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the statement was not stopped"
    assert "value" not in outcome and isinstance(outcome["cancelled"], Cancelled)
    assert outcome["stopped"] - cancelled_at < 10  # stopped, not run to its end
    assert outcome["next"] == queries.count_positions(db) > 0


def test_a_read_or_a_loop_after_the_cancel_does_not_start(seeded_db):  # type: ignore[no-untyped-def]
    token = CancelToken()
    token.cancel()
    with active(token):
        with pytest.raises(Cancelled):
            queries.count_positions(seeded_db)
        with pytest.raises(Cancelled):
            checkpoint()
    checkpoint()  # no job on this thread any more: nothing to stop
    assert queries.count_positions(seeded_db) > 0
