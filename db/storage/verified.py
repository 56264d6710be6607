"""Whether a database file is as Parley left it at its last clean close, so the launch may
skip the integrity check that reads the whole file.

`PRAGMA quick_check` reads every page: ~80 ms at 100k positions, ~0.9 s for the 815 MB
file of a million — most of a cold start. A file that nothing has touched since Parley
closed it cleanly (after a full check, or after a launch that trusted such a record) is
the file that was checked, so the launch checks only its header, catalogue and schema
version. The record lives in Parley's user data folder, never in the database file: a
file replaced or edited by another program cannot vouch for itself.

What counts as "untouched": the same device and inode (not replaced), size, modification
and status-change times to the nanosecond, and no write-ahead log or shared-memory file
beside it (no connection open anywhere, no commits waiting in a log). Any write to the
file by any program moves the times (Parley waits at close until the clock has passed
them, so a write a moment later shows); a program that writes and then sets the
modification time back still moves the status-change time, which only the kernel sets.
The trade-off: damage that changes none of these (a failing disk flipping bits in place,
a file system bug) is caught at the next full check, which runs at the latest
FULL_CHECK_DAYS after the last one, or by any query that reaches the damaged page (SQLite
then says the file is damaged).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from db.storage import paths

# A full check runs at least this often even on a file nothing has touched.
FULL_CHECK_DAYS = 7
FULL_CHECK_ENV = "PARLEY_FULL_CHECK"  # "1": check every launch (the old behaviour)
# Longer than the coarsest clock file times are taken from (a kernel tick at HZ=100).
_TICK_NS = 20_000_000


def _record_file(path: Path) -> Path:
    key = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return paths.user_data_dir() / "file-checks" / f"{key[:32]}.json"


def file_state(path: Path) -> list | None:
    """What identifies the file's content without reading it (never opened: see
    db.storage.file_guard), or None when a connection may have it open or commits may sit
    in a write-ahead log (then only a full check can say what the file holds)."""
    try:
        if any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm", "-journal")):
            return None
        st = path.stat()
    except OSError:
        return None
    return [str(path.resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns,
            st.st_ctime_ns]


def trusted(path: Path) -> bool:
    """Whether the file is exactly as Parley recorded it at a clean close, and its last
    full check is recent enough to skip one now."""
    if os.environ.get(FULL_CHECK_ENV) == "1":
        return False
    state = file_state(path)
    if state is None:
        return False
    try:
        saved = json.loads(_record_file(path).read_text("utf-8"))
        checked_at = float(saved["checked_at"])
        return (saved["state"] == state
                and 0 <= time.time() - checked_at < FULL_CHECK_DAYS * 86400)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def last_full_check(path: Path) -> float | None:
    try:
        return float(json.loads(_record_file(path).read_text("utf-8"))["checked_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(path: Path, checked_at: float) -> None:
    """Record the file's state after this process closed its last connection (called by
    Database.close for a file whose open was checked or trusted). Nothing is recorded —
    and an older record is dropped — when the file may hold more than its pages say (a
    write-ahead log still in use by another connection), so the next launch checks in full."""
    record = _record_file(path)
    state = file_state(path)
    if state is not None:
        # File times come from a clock that ticks every few milliseconds: a write within
        # the same tick as this state would leave the times as they are. Wait until the
        # clock has passed them (only right after a write: at most _TICK_NS), so any later
        # write shows.
        wait = max(state[4], state[5]) + _TICK_NS - time.time_ns()
        if wait > 0:
            time.sleep(wait / 1e9)
        if file_state(path) != state:
            state = None
    try:
        if state is None:
            record.unlink(missing_ok=True)
            return
        from db.storage.fileio import write_atomic

        record.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(record, json.dumps({"state": state, "checked_at": checked_at}))
    except Exception:  # noqa: BLE001 - only the next launch's shortcut is lost
        pass
