"""File-level bad input (issue 11): a FIFO as the database, a full disk, permissions of
backups, leftovers of a killed backup, and backups that open but are not sound. Real
`parley` processes where a user would meet them; the database is left as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from db.errors import DatabaseFileError, ParleyError
from db.exchange import json_csv as exchange
from db.opening import open_database
from db.storage.backup import backup_database
from db.storage.database import Database

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def _one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, proc.stdout[:300] + proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def _export(path: Path) -> dict:
    db = open_database(path)
    try:
        return exchange.export_data(db)
    finally:
        db.close()


# ------------------------------------------------------------------ FIFO


@pytest.mark.parametrize("command", [["init"], ["export-data"], ["backup"],
                                     ["import-article", "ARTICLE"]])
def test_a_fifo_as_the_database_is_refused_at_once(command: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nBody.\n", "utf-8")
    args = [str(article) if a == "ARTICLE" else a for a in command]
    started = time.monotonic()
    err = _one_line(_cli(*args, "--db", str(fifo), timeout=60))
    assert "not a regular file" in err and time.monotonic() - started < 30
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_open_database_and_restore_refuse_a_fifo_without_blocking(seeded_db: Database,
                                                                   tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    found: list[BaseException] = []

    def attempt() -> None:
        try:
            open_database(fifo)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            found.append(exc)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), "open_database blocked on the FIFO"
    assert isinstance(found[0], DatabaseFileError) and "not a regular file" in str(found[0])
    good = backup_database(seeded_db)
    err = _one_line(_cli("restore", "--db", str(fifo), str(good), timeout=60))
    assert "not a regular file" in err


# ------------------------------------------------------------------ full disk


def test_a_real_sqlite_full_error_is_reported_as_a_full_disk(seeded_db: Database) -> None:
    from sqlalchemy import text

    before = exchange.export_data(seeded_db)
    with pytest.raises(ParleyError) as info:
        with seeded_db.write() as s:
            pages = s.exec(text("PRAGMA page_count")).one()[0]
            # The file may not grow: SQLite fails the write with SQLITE_FULL, as on a full disk.
            s.exec(text(f"PRAGMA max_page_count = {pages}"))
            s.exec(text("INSERT INTO setting (key, value) VALUES ('big', :v)"),
                   params={"v": "x" * 400_000})
    message = str(info.value)
    assert "full" in message and "damaged" not in message and "Restore" not in message
    seeded_db.close()  # the limited connection goes with its pool
    assert _export(seeded_db.path) == before


def _mount_tmpfs(folder: Path, size_kb: int) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    folder.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs",
                           str(folder)], capture_output=True).returncode == 0


def test_zero_bytes_free_is_a_full_disk_not_a_damaged_file(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, 600):
        pytest.skip("cannot mount a small tmpfs here (needs root); "
                    "the SQLITE_FULL test above covers the message")
    try:
        db = disk / "p.sqlite3"
        assert _cli("init", "--empty", "--db", str(db)).returncode == 0
        article = tmp_path / "a.txt"
        article.write_text("Title\n\nBody.\n", "utf-8")
        assert _cli("import-article", "--db", str(db), str(article)).returncode == 0
        before = _export(db)
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # take every byte left
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        for args in (["export-data", "--db", str(db)],
                     ["import-article", "--db", str(db), str(article)],
                     ["backup", "--db", str(db)]):
            err = _one_line(_cli(*args))
            assert "full" in err and "damaged" not in err, err
        filler.unlink()
        assert _export(db) == before
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


# ------------------------------------------------------------------ permissions


def test_backups_and_their_folder_get_the_database_permissions(seeded_db: Database) -> None:
    path = seeded_db.path
    seeded_db.close()
    os.chmod(path, 0o600)
    proc = _cli("backup", "--db", str(path))
    assert proc.returncode == 0, proc.stderr
    folder = path.parent / "backups"
    backup = next(folder.glob("*-manual.sqlite3"))
    assert _mode(backup) == 0o600 and _mode(folder) == 0o700
    proc = _cli("restore", "--db", str(path), str(backup))
    assert proc.returncode == 0, proc.stderr
    saved = next(folder.glob("*-pre-restore.sqlite3"))
    assert _mode(saved) == 0o600 and _mode(path) == 0o600


def test_restoring_over_a_damaged_file_keeps_its_mode(seeded_db: Database) -> None:
    path = seeded_db.path
    good = backup_database(seeded_db)
    seeded_db.close()
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    path.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    os.chmod(path, 0o640)
    proc = _cli("restore", "--db", str(path), str(good))
    assert proc.returncode == 0, proc.stderr
    assert _mode(path) == 0o640
    assert _export(path)["positions"]


# ------------------------------------------------------------------ leftovers


def test_leftovers_of_a_killed_backup_go_at_the_next_backup(seeded_db: Database) -> None:
    path = seeded_db.path
    backup_database(seeded_db)
    seeded_db.close()
    folder = path.parent / "backups"
    stale = [folder / f"{path.stem}-20240101-000000-000000-startup.sqlite3.partial",
             folder / f"{path.stem}-20240101-000000-000000-startup.sqlite3.partial-journal",
             path.with_name(path.name + ".restoring")]
    fresh = folder / f"{path.stem}-20990101-000000-000000-startup.sqlite3.partial"
    for p in [*stale, fresh]:
        p.write_bytes(b"half a copy")
    old = time.time() - 3600
    for p in stale:
        os.utime(p, (old, old))
    proc = _cli("backup", "--db", str(path))
    assert proc.returncode == 0, proc.stderr
    assert not any(p.exists() for p in stale)
    # One still being written (another window's launch backup) is left alone.
    assert fresh.exists()


def test_leftovers_go_at_launch(seeded_db: Database, tmp_path: Path) -> None:
    from db.storage.backup import startup_backup

    path = seeded_db.path
    startup_backup(seeded_db)  # so this launch finds nothing changed and copies nothing
    seeded_db.close()
    folder = path.parent / "backups"
    stale = folder / f"{path.stem}-20240101-000000-000000-startup.sqlite3.partial"
    stale.write_bytes(b"half a copy")
    os.utime(stale, (time.time() - 3600,) * 2)
    proc = subprocess.run([sys.executable, "-m", "desktop", "--db", str(path), "--selftest"],
                          capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not stale.exists()


# ------------------------------------------------------------------ unsound backups


def _break(backup: Path, how: str) -> None:
    con = sqlite3.connect(backup)
    if how == "table-missing":
        con.execute("DROP TABLE event")
    elif how == "column-renamed":
        con.execute("ALTER TABLE source RENAME COLUMN outlet TO publisher")
    elif how == "broken-foreign-key":
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("UPDATE position SET party_id = 9999 WHERE id = "
                    "(SELECT min(id) FROM position)")
    con.commit()
    con.close()


@pytest.mark.parametrize("how, said", [("table-missing", "event is missing"),
                                       ("column-renamed", "source has other columns"),
                                       ("broken-foreign-key", "point at missing")])
def test_an_unsound_backup_is_refused_before_the_live_file_is_touched(
        how: str, said: str, seeded_db: Database, tmp_path: Path) -> None:
    good = backup_database(seeded_db, reason="manual")
    bad = tmp_path / "bad.sqlite3"
    shutil.copy(good, bad)
    _break(bad, how)
    path = seeded_db.path
    before = exchange.export_data(seeded_db)
    seeded_db.close()
    listed = sorted(p.name for p in (path.parent / "backups").iterdir())
    err = _one_line(_cli("restore", "--db", str(path), str(bad)))
    assert said in err and "nothing was restored" in err, err
    assert _export(path) == before
    assert sorted(p.name for p in (path.parent / "backups").iterdir()) == listed
    assert not list(path.parent.glob(".parley-restore-*"))
