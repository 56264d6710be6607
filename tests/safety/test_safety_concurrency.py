"""Two instances on one file: no lost update, no crash; a write meeting a lock waits, and
if the lock stays, fails with a plain message; the other instance's changes show up."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from db.errors import ParleyError
from db.model.tables import Setting
from db.opening import open_database
from db.reads import queries, source_reads
from db.reads.record_inputs import position_input
from db.storage.database import Database
from db.writes.positions import create_position, update_position


def _first_position(db: Database) -> int:
    return queries.position_rows(db)[0].id


def _increment(db: Database, times: int, errors: list[BaseException]) -> None:
    try:
        for _ in range(times):
            with db.write() as s:
                row = s.get(Setting, "counter") or Setting(key="counter", value="0")
                row.value = str(int(row.value) + 1)
                s.add(row)
    except BaseException as exc:  # noqa: BLE001 - reported by the test thread's owner
        errors.append(exc)


def test_two_instances_read_modify_write_loses_nothing(seeded_db: Database):
    other = open_database(seeded_db.path)
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_increment, args=(db, 150, errors))
               for db in (seeded_db, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other.close()
    assert errors == []
    with seeded_db.session() as s:
        assert s.get(Setting, "counter").value == "300"


def test_two_instances_create_concurrently_and_see_each_other(seeded_db: Database):
    other = open_database(seeded_db.path)
    base = position_input(seeded_db, _first_position(seeded_db))
    before = queries.counts(seeded_db)["positions"]
    created: dict[str, list[int]] = {"a": [], "b": []}
    errors: list[BaseException] = []

    def work(db: Database, name: str) -> None:
        try:
            for n in range(60):
                created[name].append(create_position(db, replace(base, notes=f"{name}{n}")))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(db, name))
               for db, name in ((seeded_db, "a"), (other, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    # Each instance sees everything the other wrote, through a fresh query.
    for db in (seeded_db, other):
        rows = {r.id for r in queries.position_rows(db)}
        assert set(created["a"]) | set(created["b"]) <= rows
        assert queries.counts(db)["positions"] == before + 120
    other.close()


class _WriteLock(threading.Thread):
    """Another instance in the middle of a long write transaction."""

    def __init__(self, path: Path, hold: float):
        super().__init__(daemon=True)
        self.path, self.hold = path, hold
        self.locked, self.release = threading.Event(), threading.Event()

    def run(self) -> None:
        con = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO setting (key, value) VALUES ('other', 'instance')")
        self.locked.set()
        self.release.wait(self.hold)
        con.execute("COMMIT")
        con.close()


def test_write_waits_for_a_short_lock_then_succeeds(seeded_db: Database):
    pid = _first_position(seeded_db)
    data = replace(position_input(seeded_db, pid), notes="after waiting")
    db = open_database(seeded_db.path, timeout_ms=5000)
    lock = _WriteLock(db.path, hold=0.5)
    lock.start()
    assert lock.locked.wait(10)
    started = time.monotonic()
    update_position(db, pid, data)
    assert time.monotonic() - started >= 0.3
    lock.join(10)
    assert position_input(seeded_db, pid).notes == "after waiting"
    with seeded_db.session() as s:
        assert s.get(Setting, "other").value == "instance"
    db.close()


def test_write_meeting_a_held_lock_fails_plainly_and_changes_nothing(seeded_db: Database):
    pid = _first_position(seeded_db)
    old = position_input(seeded_db, pid)
    db = open_database(seeded_db.path, timeout_ms=300)
    lock = _WriteLock(db.path, hold=30)
    lock.start()
    assert lock.locked.wait(10)
    try:
        started = time.monotonic()
        with pytest.raises(ParleyError) as info:
            update_position(db, pid, replace(old, notes="blocked"))
        assert time.monotonic() - started < 5
        message = str(info.value)
        assert "locked by another program" in message and "try again" in message
        assert "OperationalError" not in message
    finally:
        lock.release.set()
        lock.join(10)
    assert position_input(db, pid).notes == old.notes
    # Once the other instance is done, the same edit goes through.
    update_position(db, pid, replace(old, notes="retried"))
    assert position_input(seeded_db, pid).notes == "retried"
    db.close()


def test_cli_import_while_the_gui_instance_keeps_editing(seeded_db: Database, tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text("Talks resumed in Geneva.\nBoth delegations met for six hours.\n",
                       encoding="utf-8")
    pid = _first_position(seeded_db)
    base = position_input(seeded_db, pid)
    sources_before = {s.id for s in source_reads.sources(seeded_db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "import-article", str(article), "--db",
         str(seeded_db.path), "--title", "Geneva talks"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, PARLEY_BUSY_TIMEOUT_MS="10000"))
    n = 0
    while proc.poll() is None or n < 20:
        n += 1
        update_position(seeded_db, pid, replace(base, notes=f"edit {n}"))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Imported source" in out
    assert position_input(seeded_db, pid).notes == f"edit {n}"
    new = [s for s in source_reads.sources(seeded_db) if s.id not in sources_before]
    assert [s.title for s in new] == ["Geneva talks"]
