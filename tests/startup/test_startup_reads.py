"""Opening a database and reading everything a window shows needs neither SQLAlchemy nor
SQLModel: their import is ~0.3 s of every cold start (issue 7). Run in a child process, since
this test process has imported them long ago."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from db.opening import open_database
from db.reads import queries

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic")


def _run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_reads_import_no_orm(tmp_path) -> None:
    path = tmp_path / "p.sqlite3"
    open_database(path, seed=True).close()  # created, migrated and seeded (that needs the ORM)
    out = _run(f"""
        import sys
        from db.opening import open_database
        from db.reads import analysis, queries
        from db.reads import source_reads
        from db.reads import record_inputs
        import datetime as dt
        db = open_database({str(path)!r})
        issue = queries.issues(db)[0]
        seen = [len(queries.position_rows(db)), len(queries.timeline_points(db, issue.id)),
                len(source_reads.sources(db)), len(queries.parties(db)), len(queries.events(db)),
                len(analysis.conflicts(db)), queries.count_positions(
                    db, queries.PositionFilter(text="ceasefire"))]
        analysis.stance_matrix(db, dt.date(2025, 3, 31))
        # What the forms read and check as the user types.
        from db.reads import codebook_checks
        from db.model.inputs import EventInput, PartyInput
        party = queries.parties(db)[0]
        assert record_inputs.party_input(db, party.id).name == party.name
        assert codebook_checks.party_problems(db, PartyInput("fresh-key", party.name))
        assert not codebook_checks.party_problems(db, PartyInput("fresh-key", "New party"))
        assert record_inputs.issue_input(db, issue.id).levels
        event = queries.events(db)[0]
        assert record_inputs.event_input(db, event.id).date == event.date
        assert codebook_checks.event_problems(db, EventInput(event.key, "2025-01-01", "x"))
        pid = queries.position_rows(db)[0].id
        from db.model.validation import position_problems
        assert not position_problems(db, record_inputs.position_input(db, pid))
        print(seen)
        print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))
    """)
    counts, heavy = out.strip().splitlines()
    assert counts.startswith("[84, ") and not counts.endswith(", 0]"), counts
    assert heavy == "[]", f"a plain read imported {heavy}"


def test_first_write_imports_orm_and_saves(tmp_path) -> None:
    """The write path still works when it is imported late, at the first edit."""
    path = tmp_path / "p.sqlite3"
    open_database(path, seed=True).close()
    out = _run(f"""
        from db.opening import open_database
        from db.reads import queries
        from db.reads import source_reads
        from db.lazy import codebook
        from db.model.inputs import EventInput
        db = open_database({str(path)!r})
        before = len(queries.events(db))
        codebook.create_event(db, EventInput("late-import", "2025-04-01", "Late import"))
        print(before, len(queries.events(db)))
    """)
    before, after = map(int, out.split())
    assert after == before + 1


def test_worker_threads_read_on_their_own_connections_and_release_them(seeded_db) -> None:
    """Charts and the conflicts view read on worker threads: each thread gets its own
    connection (sqlite3 connections must not be shared mid-statement), and a finished
    thread's connection is released with it, not kept for the session."""
    import gc
    import threading

    results: list[int] = []

    def work() -> None:
        results.append(queries.count_positions(seeded_db))

    for _ in range(6):
        t = threading.Thread(target=work)
        t.start()
        t.join()
    gc.collect()
    assert results == [84] * 6
    assert len(seeded_db._readers) <= 1  # this thread's, if it read at all


def test_concurrent_reads_and_a_close_do_not_crash(seeded_db) -> None:
    """Worker threads (Qt's pool, as the timeline and conflicts view use) read while the GUI
    thread reads and then closes the database (File → Open): every read completes, nothing
    crashes. In a child process, since a crash would take pytest down with it."""
    out = _run(f"""
        import threading
        from PySide6.QtCore import QCoreApplication, QThreadPool
        from db.reads import analysis, queries
        from db.reads import source_reads
        from db.opening import open_database
        app = QCoreApplication([])
        db = open_database({str(seeded_db.path)!r})
        issue = queries.issues(db)[0].id
        done, errors = [], []

        def work():
            try:
                for _ in range(40):
                    queries.timeline_points(db, issue)
                    analysis.conflicts(db)
                    queries.issues(db)
                done.append(1)
            except Exception as exc:
                errors.append(repr(exc))

        pool = QThreadPool.globalInstance()
        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        for _ in range(4):
            pool.start(work)
        for _ in range(40):
            queries.position_ids(db)
        db.close()  # while the workers are still reading
        for t in threads:
            t.join()
        pool.waitForDone()
        print(len(done), errors, len(queries.position_ids(db)))
    """)
    assert out.split() == ["6", "[]", "84"]


def test_position_ids_are_the_keys_order_for_every_filter(seeded_db) -> None:
    """The table's id read (one joined string parsed by numpy) gives exactly the ids, in the
    order, of the row-per-id read, whatever the filter."""
    import datetime as dt

    from db.exchange.generate import generate

    generate(seeded_db, 20, 1500, seed=3)
    busiest = queries.busiest_parties(seeded_db, 2)
    filters = [None, queries.PositionFilter(),
               queries.PositionFilter(party_ids=frozenset(busiest)),
               queries.PositionFilter(text="ceasefire"),
               queries.PositionFilter(date_from=dt.date(2025, 3, 1), date_to=dt.date(2025, 9, 1)),
               queries.PositionFilter(text="no such word anywhere")]
    for flt in filters:
        expected = [k[0] for k in queries.position_keys(seeded_db, flt)]
        assert queries.position_ids(seeded_db, flt).tolist() == expected
    assert len(queries.position_ids(seeded_db)) == 1584


def test_checks_inside_a_write_see_rows_added_earlier_in_it(seeded_db) -> None:
    """The codebook checks read with SQL on the write's own connection: a party added a
    moment before in the same transaction already counts as a clash."""
    from db.model.inputs import PartyInput
    from db.reads.codebook_checks import check_party
    from db.writes.codebook import insert_party

    with seeded_db.write() as s:
        insert_party(s, PartyInput("observer-a", "Observer"))
        problems = check_party(s, PartyInput("observer-b", "Observer"))
    assert "Observer" in problems["name"]
