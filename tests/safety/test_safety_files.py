"""Files that are not what they claim: each gives a clear message naming the problem and
what to do, and leaves the file (and its folder: no -wal/-shm created) byte for byte."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from db.errors import DatabaseFileError
from db.opening import open_database
from db.storage.database import Database

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its sha256: side files appearing would show here."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _real_db(seeded_db: Database, folder: Path) -> Path:
    seeded_db.close()  # the last connection checkpoints the WAL into the main file
    folder.mkdir()
    target = folder / "parley.sqlite3"
    shutil.copy(seeded_db.path, target)
    return target


def make_corrupt(p: Path) -> None:
    data = bytearray(p.read_bytes())
    page = 4096
    pages = len(data) // page
    for n in range(pages // 3, 2 * pages // 3):
        data[n * page + 8: n * page + 200] = os.urandom(192)
    p.write_bytes(bytes(data))


def make_truncated(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2 + 123])


def make_header_only(p: Path) -> None:
    p.write_bytes(p.read_bytes()[:40])


def make_empty(p: Path) -> None:
    p.write_bytes(b"")


def make_png(p: Path) -> None:
    p.write_bytes(PNG)


def make_text(p: Path) -> None:
    p.write_text("Minutes of the meeting\nNothing to see here.\n", encoding="utf-8")


def make_newer_schema(p: Path) -> None:
    con = sqlite3.connect(p)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()


def make_foreign_sqlite(p: Path) -> None:
    p.unlink()
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO photos (name) VALUES ('holiday.jpg')")
    con.commit()
    con.close()


def make_read_only(p: Path) -> None:
    # Tests run as root, which ignores permission bits; Parley honours them anyway.
    p.chmod(0o444)


CASES: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "corrupt": (make_corrupt, ("damaged", "backup")),
    "truncated": (make_truncated, ("damaged", "backup")),
    "cut-to-header": (make_header_only, ("damaged", "backup")),
    "empty": (make_empty, ("empty", "backup")),
    "png": (make_png, ("not an SQLite file", "another file")),
    "text": (make_text, ("not an SQLite file", "another file")),
    "newer-schema": (make_newer_schema, ("newer version", "Update Parley")),
    "other-sqlite": (make_foreign_sqlite, ("not a Parley database", "another file")),
    "read-only": (make_read_only, ("read-only", "writable")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_is_refused_and_left_untouched(case: str, seeded_db: Database, tmp_path: Path):
    make, words = CASES[case]
    path = _real_db(seeded_db, tmp_path / "case")
    make(path)
    before = snapshot(path.parent)
    with pytest.raises(DatabaseFileError) as info:
        open_database(path, timeout_ms=500)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message, message
    assert "\n" not in message and "Traceback" not in message
    assert snapshot(path.parent) == before, "the refused file or its folder changed"


@pytest.mark.parametrize("case", list(CASES))
def test_cli_init_on_bad_file_prints_one_line_and_exits_1(case: str, seeded_db: Database,
                                                          tmp_path: Path):
    make, words = CASES[case]
    path = _real_db(seeded_db, tmp_path / "case")
    make(path)
    before = snapshot(path.parent)
    proc = subprocess.run([sys.executable, "-m", "desktop", "init", "--db", str(path)],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PARLEY_BUSY_TIMEOUT_MS="500"))
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("parley: ") and words[0] in lines[0]
    assert snapshot(path.parent) == before


def test_folder_instead_of_file(tmp_path: Path):
    folder = tmp_path / "looks.sqlite3"
    folder.mkdir()
    with pytest.raises(DatabaseFileError, match="is a folder"):
        open_database(folder)
    assert list(folder.iterdir()) == []


class _Holder(threading.Thread):
    """Another program holding the file with an exclusive lock until told to let go."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path, self.locked, self.release = path, threading.Event(), threading.Event()

    def run(self) -> None:
        con = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("SELECT count(*) FROM position").fetchone()
        self.locked.set()
        self.release.wait(30)
        con.execute("ROLLBACK")
        con.close()


def test_locked_file_gives_a_clear_message_after_the_busy_timeout(seeded_db: Database,
                                                                  tmp_path: Path):
    path = _real_db(seeded_db, tmp_path / "locked")
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    holder = _Holder(path)
    holder.start()
    assert holder.locked.wait(10)
    try:
        before = snapshot(path.parent)
        started = time.monotonic()
        with pytest.raises(DatabaseFileError) as info:
            open_database(path, timeout_ms=400)
        waited = time.monotonic() - started
        assert "locked by another program" in str(info.value)
        assert "0.4 s" in str(info.value)
        assert 0.3 <= waited < 5, waited
        assert snapshot(path.parent) == before
    finally:
        holder.release.set()
        holder.join(10)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == original
    # Once the other program lets go, the same file opens normally.
    db = open_database(path, timeout_ms=400)
    db.close()


def test_locked_timeout_from_environment(seeded_db: Database, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PARLEY_BUSY_TIMEOUT_MS", "250")
    path = _real_db(seeded_db, tmp_path / "locked")
    holder = _Holder(path)
    holder.start()
    assert holder.locked.wait(10)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseFileError, match="0.25 s"):
            open_database(path)
        assert time.monotonic() - started < 5
    finally:
        holder.release.set()
        holder.join(10)


def test_good_file_still_opens_and_a_missing_file_is_created(seeded_db: Database,
                                                             tmp_path: Path):
    path = _real_db(seeded_db, tmp_path / "good")
    db = open_database(path)
    db.close()
    fresh = tmp_path / "new" / "parley.sqlite3"
    db = open_database(fresh, seed=False)
    db.close()
    assert fresh.stat().st_size > 0


@pytest.mark.parametrize("case", list(CASES))
def test_the_window_launch_refuses_a_bad_file_with_a_message(case: str, seeded_db: Database,
                                                             tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """`parley` opening the window checks the file on a thread while Qt loads: what it finds
    comes back as the same plain message box, and the file is left as it was."""
    import gc

    from PySide6.QtWidgets import QMessageBox

    from desktop.cli.main import launch_gui

    make, words = CASES[case]
    path = _real_db(seeded_db, tmp_path / "case")
    make(path)
    before = snapshot(path.parent)
    monkeypatch.setenv("PARLEY_BUSY_TIMEOUT_MS", "500")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda _parent, _title, text: said.append(text)))
    assert launch_gui(path) == 1
    assert len(said) == 1 and all(word in said[0] for word in words), said
    assert gc.isenabled()  # the start-up's pause of the collector does not outlive it
    assert snapshot(path.parent) == before
