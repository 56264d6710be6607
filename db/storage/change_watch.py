"""Telling other programs' commits to the open file from this process's own.

SQLite's `PRAGMA data_version` (Database.data_version) moves when any other connection
commits, and this process writes through a connection of its own (the SQLAlchemy engine), so
the window's own saves move it too. They already refresh the window through `Ops.changed`;
only commits made elsewhere (a `parley import-article`, another window) need a refresh here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from db.storage.database import Database


class Watch(Protocol):
    """What the window's refresh timer asks (ChangeWatch for a file, ServerChangeWatch for a
    server database)."""

    def changed_elsewhere(self) -> bool: ...

    def own_commit(self) -> AbstractContextManager[None]: ...


def watch_for(db: Database) -> Watch:
    """The watch for `db`: PRAGMA data_version on a file; the server's NOTIFY of other
    sessions' commits on a server database (db.storage.pg_changes). It becomes `db.watch`,
    and closes with the database."""
    if getattr(db, "is_server", False):
        from db.storage.pg_changes import ServerChangeWatch

        watch = ServerChangeWatch(db.url, db.session_id)  # type: ignore[arg-type, attr-defined]
        db.watch = watch
        return watch
    return ChangeWatch(db)


class ChangeWatch:
    """Watches one Database for commits made elsewhere, from the thread that creates it (the
    GUI thread: data_version belongs to that thread's read connection).

    Database.write() runs each commit of the watching thread inside `own_commit`, which keeps
    those commits out of the answer. Everything costs one PRAGMA (microseconds) per call.
    """

    def __init__(self, db: Database):
        self.db = db
        self._thread = threading.get_ident()
        self._seen = db.data_version()
        self._moved = False
        db.watch = self

    def changed_elsewhere(self) -> bool:
        """Whether another program or window committed since the last call (or since the
        watch began). Inside a read transaction it answers False and leaves the question to
        the next call."""
        now = self.db.data_version()
        if now is None:
            return False
        seen, moved = self._seen, self._moved
        self._seen, self._moved = now, False
        return moved or (seen is not None and now != seen)

    @contextmanager
    def own_commit(self) -> Iterator[None]:
        """Around one commit of ours. data_version says that the file changed, not how
        often, so it is read twice: before the commit, with the write lock held (no one else
        can commit then), a move means someone else committed since the last look, and is
        kept for changed_elsewhere; right after it, the value is taken as seen. Only a commit
        landing in the microseconds between ours and that read can go unnoticed (until the
        next refresh). Another thread's commits, or one made inside a read transaction, are
        left to the next look, which then reports them: one refresh too many, never one
        missed."""
        if threading.get_ident() != self._thread or self._seen is None:
            yield
            return
        before = self.db.data_version()
        if before is not None and before != self._seen:
            self._moved = True
        yield
        after = self.db.data_version()
        if before is not None and after is not None:
            self._seen = after
