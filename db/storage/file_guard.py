"""Which database files this process has open through SQLite, so nothing else touches them.

POSIX advisory locks belong to a process, not to a file descriptor: closing *any*
descriptor of a file — a header read with `open()`, a byte comparison, `shutil.copy`, a
hash — silently drops every lock SQLite holds on that file in this process. Another program
then believes nobody has the database open: its last connection checkpoints and resets the
write-ahead log, or rebuilds the shared-memory index, under the feet of the window's
connections, and edits the window reported saved are gone (SQLite's "How To Corrupt An
SQLite Database File", §2.2). SQLite itself avoids this between its own connections (it
parks a closed descriptor until the last lock on the file is released), so every access to
an open database must go through SQLite; this module is how the rest of `db/` knows when a
file is open. Files are identified by (device, inode), so a relative path, a symlink or a
path spelled with odd characters is the same file.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_lock = threading.Lock()
_open: dict[tuple[int, int], int] = {}  # (st_dev, st_ino) → how many Database objects


def file_id(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of an existing file, else None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def claim(path: Path | str) -> tuple[int, int] | None:
    """Record that a Database in this process has `path` open; returns the token to release."""
    key = file_id(path)
    if key is not None:
        with _lock:
            _open[key] = _open.get(key, 0) + 1
    return key


def release(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _lock:
        left = _open.get(key, 0) - 1
        if left > 0:
            _open[key] = left
        else:
            _open.pop(key, None)


def is_open_here(path: Path | str) -> bool:
    """Whether SQLite in this process has the file open (through a Database)."""
    key = file_id(path)
    if key is None:
        return False
    with _lock:
        return key in _open


def open_here_or_beside(path: Path | str) -> bool:
    """Whether `path` is a database SQLite has open in this process, or that database's
    -wal, -shm or -journal file (closing a descriptor of -shm drops its locks too)."""
    name = str(path)
    for suffix in ("-wal", "-shm", "-journal"):
        if name.endswith(suffix) and is_open_here(name[: -len(suffix)]):
            return True
    return is_open_here(path)
