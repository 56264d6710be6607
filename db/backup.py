"""Consistent copies of the database through SQLite's online backup API, rotated."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import NamedTuple

from db.database import Database

DEFAULT_KEEP = 10


class BackupInfo(NamedTuple):
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_database(db: Database, *, reason: str = "manual", keep: int | None = None) -> Path:
    """Copy the live database consistently (never a file copy), then keep the newest `keep`."""
    keep = keep if keep is not None else int(os.environ.get("PARLEY_BACKUP_KEEP", DEFAULT_KEEP))
    folder = backups_dir(db.path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db.path.stem}-{stamp}-{reason}.sqlite3"
    tmp = target.with_suffix(".partial")
    src = sqlite3.connect(str(db.path), timeout=10)
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, target)
    _rotate(folder, db.path.stem, keep)
    return target


def list_backups(db_path: Path) -> list[BackupInfo]:
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob(f"{db_path.stem}-*.sqlite3"):
        parts = p.stem[len(db_path.stem) + 1:].split("-")
        try:
            taken = dt.datetime.strptime("-".join(parts[:3]), "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue
        out.append(BackupInfo(p, taken, "-".join(parts[3:]) or "manual", p.stat().st_size))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def _rotate(folder: Path, stem: str, keep: int) -> None:
    for info in list_backups(folder.parent / f"{stem}.sqlite3")[max(keep, 1):]:
        info.path.unlink(missing_ok=True)
