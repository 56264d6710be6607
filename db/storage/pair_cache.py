"""Results kept per party × issue pair between launches, in the user data folder: one small
SQLite file per database (`conflicts/<hash of the database's location>.sqlite3`), opened only
through sqlite3, never the database itself.

Each entry is (window, party, issue) → the pair's change stamp when the result was computed
(migration 0011's `pair_stamp`, kept by triggers in the database) and the result as opaque
text and bytes (db.reads.conflict_index encodes them). An entry is used only when its stamp
equals the database's stamp now, so a stale entry is simply recomputed; a missing, locked,
unreadable or damaged cache file is treated as empty (a damaged one is replaced), and a cache
that cannot be written is just not kept. Nothing here can change what the user sees, only how
soon.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from db.storage.paths import user_data_dir

# Bumped when the entries' meaning changes (the rules, the encoding): older files are emptied.
FORMAT = "conflicts-1"

# Migration 0011's table of one change stamp per pair, kept by triggers, outside the models.
STAMP_TABLE = "pair_stamp"

Entry = tuple[int, str, bytes]  # stamp, groups (text), record ids (bytes)

_SCHEMA = ("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
           "CREATE TABLE IF NOT EXISTS pair (win INTEGER NOT NULL, party_id INTEGER NOT NULL, "
           "issue_id INTEGER NOT NULL, stamp INTEGER NOT NULL, groups TEXT NOT NULL, "
           "ids BLOB NOT NULL, PRIMARY KEY (win, party_id, issue_id))")


def is_stamp_object(name: str | None) -> bool:
    """True for the stamps table (left out of Alembic's comparisons with the models)."""
    return name == STAMP_TABLE


def cache_path(database_key: str, folder: Path | None = None) -> Path:
    digest = hashlib.sha256(database_key.encode("utf-8")).hexdigest()[:24]
    return (folder or user_data_dir()) / "conflicts" / f"{digest}.sqlite3"


class PairCache:
    """The kept results of one database (see module). Each thread that calls gets its own
    connection to the file, kept open (opening one costs more than storing a pair's result);
    two windows on one database share the file safely (a write-ahead log, short
    transactions)."""

    def __init__(self, database_key: str, folder: Path | None = None):
        self.key = database_key
        self.path = cache_path(database_key, folder)
        self._local = threading.local()

    def _connect(self) -> sqlite3.Connection | None:
        con = getattr(self._local, "con", None)
        if con is not None:
            return con
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
        except (OSError, sqlite3.Error):
            return None
        try:
            # SQLite: a write-ahead log with NORMAL sync keeps the file whole through a crash
            # (at worst the last results are lost, and recomputed) without a disk flush per
            # pair stored after an edit.
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            for sql in _SCHEMA:
                con.execute(sql)
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            if meta != {"format": FORMAT, "database": self.key}:
                # another format, or (a hash collision) another database: start empty
                con.execute("BEGIN IMMEDIATE")
                con.execute("DELETE FROM pair")
                con.execute("DELETE FROM meta")
                con.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                                [("format", FORMAT), ("database", self.key)])
                con.execute("COMMIT")
        except sqlite3.OperationalError:  # locked by another window, or unwritable
            con.close()
            return None
        except sqlite3.DatabaseError:  # not an SQLite file, or damaged
            con.close()
            self._replace_damaged()
            return None
        self._local.con = con
        return con

    def _failed(self, exc: sqlite3.Error) -> None:
        """Drop this thread's connection after an error; a damaged file is removed (the
        next write makes a new one)."""
        con, self._local.con = getattr(self._local, "con", None), None
        if con is not None:
            try:
                if con.in_transaction:
                    con.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            con.close()
        if not isinstance(exc, sqlite3.OperationalError):
            self._replace_damaged()

    def _replace_damaged(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            except OSError:
                pass

    def close(self) -> None:
        """Close this thread's connection (others close with their threads' end)."""
        con, self._local.con = getattr(self._local, "con", None), None
        if con is not None:
            con.close()

    def load(self, window: int, wanted: dict[tuple[int, int], int]
             ) -> dict[tuple[int, int], Entry]:
        """The entries of `wanted` pairs whose stamp is the one given."""
        con = self._connect()
        if con is None or not wanted:
            return {}
        sql = "SELECT party_id, issue_id, stamp, groups, ids FROM pair WHERE win = ?"
        try:
            if len(wanted) <= 32:  # after an edit: the few pairs it touched
                rows = [r for p, i in wanted for r in con.execute(
                    sql + " AND party_id = ? AND issue_id = ?", (window, p, i))]
            else:
                rows = con.execute(sql, (window,)).fetchall()
        except sqlite3.Error as exc:
            self._failed(exc)
            return {}
        return {(p, i): (stamp, groups, bytes(ids)) for p, i, stamp, groups, ids in rows
                if wanted.get((p, i)) == stamp}

    def store(self, window: int, entries: Iterable[tuple[int, int, Entry]]) -> bool:
        """Keep these pairs' results (replacing older ones); False if the cache could not
        be written (nothing else happens: the results are recomputed next launch)."""
        con = self._connect()
        if con is None:
            return False
        try:
            con.execute("BEGIN IMMEDIATE")
            con.executemany(
                "INSERT OR REPLACE INTO pair (win, party_id, issue_id, stamp, groups, ids) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(window, p, i, e[0], e[1], e[2]) for p, i, e in entries])
            con.execute("COMMIT")
            return True
        except sqlite3.Error as exc:
            self._failed(exc)
            return False

    def forget(self, window: int, pairs: Iterable[tuple[int, int]]) -> None:
        """Drop the entries of pairs that no longer exist."""
        con = self._connect()
        if con is None:
            return
        try:
            con.executemany("DELETE FROM pair WHERE win = ? AND party_id = ? AND issue_id = ?",
                            [(window, p, i) for p, i in pairs])
        except sqlite3.Error as exc:
            self._failed(exc)
