"""The launch skips the whole-file integrity check only for a file exactly as Parley left it
at a clean close (db.storage.verified); any change made outside Parley brings it back, so a
damaged file is still refused before anything shows its data."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from db.errors import DatabaseFileError
from db.opening import open_database
from db.storage import verified
from db.storage.database import Database


def _closed_copy(seeded_db: Database, folder: Path) -> Path:
    seeded_db.close()
    folder.mkdir()
    target = folder / "parley.sqlite3"
    shutil.copy(seeded_db.path, target)
    open_database(target).close()  # a full check (new to Parley), then a clean close
    return target


def _damage_in_place(path: Path) -> None:
    """Random bytes over the middle third of the pages, same size; the modification time
    put back as it was, as a careless tool might."""
    st = path.stat()
    with path.open("r+b") as fh:
        pages = st.st_size // 4096
        for n in range(pages // 3, 2 * pages // 3):
            fh.seek(n * 4096 + 8)
            fh.write(os.urandom(192))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_clean_close_is_trusted_and_reopens(seeded_db: Database, tmp_path: Path):
    path = _closed_copy(seeded_db, tmp_path / "a")
    assert verified.trusted(path)
    db = open_database(path)
    assert db.checked_at == verified.last_full_check(path)  # carried over, not renewed
    db.close()
    assert verified.trusted(path)


@pytest.mark.parametrize("how", ["in place, time put back", "replaced by a copy"])
def test_a_file_damaged_outside_parley_is_still_refused(how: str, seeded_db: Database,
                                                        tmp_path: Path):
    path = _closed_copy(seeded_db, tmp_path / "b")
    if how == "replaced by a copy":
        damaged = tmp_path / "elsewhere.sqlite3"
        shutil.copy(path, damaged)
        _damage_in_place(damaged)
        os.replace(damaged, path)
    else:
        _damage_in_place(path)
    assert not verified.trusted(path)
    with pytest.raises(DatabaseFileError, match="damaged"):
        open_database(path, timeout_ms=500)


def test_a_change_by_another_program_brings_the_full_check_back(seeded_db: Database,
                                                                tmp_path: Path):
    path = _closed_copy(seeded_db, tmp_path / "c")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO setting (key, value) VALUES ('edited_elsewhere', '1')")
    con.commit()
    assert not verified.trusted(path), "open by another program: a log may hold commits"
    con.close()
    assert not verified.trusted(path)


def test_the_full_check_is_due_again_after_a_week(seeded_db: Database, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    path = _closed_copy(seeded_db, tmp_path / "d")
    assert verified.trusted(path)
    real = verified.time.time
    monkeypatch.setattr(verified.time, "time", lambda: real() + 8 * 86400)
    assert not verified.trusted(path)


def test_a_file_left_open_elsewhere_is_not_recorded(seeded_db: Database, tmp_path: Path):
    path = _closed_copy(seeded_db, tmp_path / "e")
    other = open_database(path)
    with other.read() as con:
        con.execute("SELECT 1").fetchone()
    con2 = sqlite3.connect(path)  # another program keeps it open while Parley closes
    con2.execute("SELECT count(*) FROM position").fetchone()
    other.close()
    assert not verified.trusted(path)
    con2.close()
