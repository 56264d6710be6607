"""Cancelling a read another thread is running: a newer request (a keystroke, a filter, an
issue) supersedes a background read, which must then stop — not run on to the end for a
result nobody will show, holding a core, the GIL and hundreds of MB at a million positions.

A `CancelToken` is made for each background job and made current on the worker's thread
(`active`). `Database.read()` registers its connection with the current token for the
read's duration; `cancel()` (any thread) then stops the statement running on it —
`sqlite3.Connection.interrupt()` on a file, a cancel request to the server on PostgreSQL —
and the read raises `Cancelled`. A read starting under a cancelled token raises at once, and
long loops between reads call `checkpoint()`. The connection stays usable: the interrupted
statement is reset and its read transaction ended by `Database.read()`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from db.errors import Cancelled

_local = threading.local()


class CancelToken:
    """Whether a job is cancelled, and the connections its reads are running on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._reading: list[Any] = []  # connections inside a read now

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def reading(self) -> bool:
        """Whether a read is running under this token now."""
        return bool(self._reading)

    def cancel(self) -> None:
        """Stop the job's running statement (if any) and every later read of it."""
        if self._cancelled:
            return
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            # Under the lock: a connection is only interrupted while its read holds it
            # registered, never once the read is over (nor, later, closed by its thread).
            on_server = [con for con in self._reading if hasattr(con, "raw")]
            for con in self._reading:
                if con not in on_server:
                    con.interrupt()  # sqlite3: thread-safe; the statement stops at once
        if on_server:
            # PostgreSQL: a cancel request goes to the server over a connection of its own,
            # from a thread of its own (the caller, the GUI thread, never waits for it).
            threading.Thread(target=self._cancel_on_server, args=(on_server,),
                             name="parley-cancel", daemon=True).start()

    def _cancel_on_server(self, cons: list[Any]) -> None:
        # Holding the lock until the server has acted: the cancelled read cannot end (and
        # its thread start another statement, which a late cancel would hit) before then.
        with self._lock:
            for con in cons:
                if con in self._reading:
                    try:
                        con.raw.cancel_safe(timeout=5.0)
                    except Exception:  # noqa: BLE001 - the read then runs to its end
                        pass

    def check(self) -> None:
        """Raise Cancelled if the job was cancelled."""
        if self._cancelled:
            raise Cancelled("superseded by a newer request")

    @contextmanager
    def watching(self, con: Any) -> Iterator[None]:
        """Register `con` for the duration of one read (Database.read)."""
        with self._lock:
            self.check()
            self._reading.append(con)
        try:
            yield
        finally:
            with self._lock:
                self._reading.remove(con)


def current() -> CancelToken | None:
    """The token of the job running on this thread, if any."""
    return getattr(_local, "token", None)


@contextmanager
def active(token: CancelToken) -> Iterator[CancelToken]:
    """Make `token` this thread's current token (a worker, for one job)."""
    previous = current()
    _local.token = token
    try:
        yield token
    finally:
        _local.token = previous


def checkpoint() -> None:
    """Raise Cancelled if this thread's job was cancelled (long loops between reads)."""
    token = current()
    if token is not None:
        token.check()
