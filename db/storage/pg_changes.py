"""Other users' commits to a server database, as the window's change watch sees them.

On a PostgreSQL server there is no `PRAGMA data_version`: every data table has a trigger
(migration 0008) that sends a NOTIFY on `parley_changes` at each commit, carrying the
sender's session id. Each Parley `Database` on a server has its own session id, which
every one of its connections carries as the `parley.session` setting; the listener keeps
one dedicated connection (LISTEN) and, asked every 500 ms by the window's refresh timer
(desktop.external_changes), reads what has arrived without waiting — a handful of
microseconds when nothing has — and answers whether anyone *else* committed.

The same listener is how the window learns that the server went away (the connection
breaks) and came back (it reconnects on a later tick, then reports a change: what happened
meanwhile was not heard).

PostgreSQL: LISTEN and the notifications are PostgreSQL's own
(db.storage.postgres.POSTGRES_ONLY_SQL).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from db.errors import ParleyError

if TYPE_CHECKING:
    import psycopg

CHANNEL = "parley_changes"
SESSION_SETTING = "parley.session"
# A server that is down is asked again at most this often: a refused connection answers at
# once, but an unreachable host would hold the GUI thread for the connect timeout each time.
RETRY_S = 3.0
CONNECT_TIMEOUT_S = 2


def new_session_id() -> str:
    """A Database's session id on the server (carried by each of its connections)."""
    return uuid.uuid4().hex


def session_option(session: str) -> str:
    """The libpq `options` part that gives a connection this session id (custom settings
    with a dot in their name are allowed to any user)."""
    return f"-c {SESSION_SETTING}={session}"


class ConnectionLost(ParleyError):
    """The server connection broke, or the server cannot be reached now."""


class ServerChangeWatch:
    """Listens on one server database for commits made by other sessions.

    `changed_elsewhere()` is the question db.storage.change_watch.ChangeWatch answers for a
    file, and is asked the same way; `own_commit()` is there for Database.write(), which
    needs nothing of it here (the session id already tells our commits apart).
    Raises ConnectionLost while the server cannot be reached; `problem` then says why.
    """

    def __init__(self, url: str, session: str):
        self._url = url
        self._session = session
        self._con: psycopg.Connection | None = None
        self._next_try = 0.0
        self._closed = False
        # A reconnection runs on a thread of its own: an unreachable host would otherwise
        # hold the GUI thread for the connect timeout at every try.
        self._lock = threading.Lock()
        self._trying: threading.Thread | None = None
        self._arrived: psycopg.Connection | None = None
        self.problem: str | None = None
        try:
            self._con = self._open()
        except ConnectionLost:
            pass  # the first tick tries again, and says so if it fails

    def _open(self) -> psycopg.Connection:
        import psycopg

        from db.storage.server_url import driver_url

        try:
            con = psycopg.connect(driver_url(self._url), autocommit=True,
                                  connect_timeout=CONNECT_TIMEOUT_S,
                                  application_name="parley-listen")
            con.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            raise ConnectionLost(self._lost_message()) from None
        return con

    def _lost_message(self) -> str:
        from db.storage.server_url import describe

        return (f"Disconnected from {describe(self._url)}: edits cannot be saved until the "
                "server is back; Parley reconnects by itself.")

    def _lost(self) -> None:
        self._close_connection()
        self.problem = self._lost_message()
        self._next_try = time.monotonic() + RETRY_S
        raise ConnectionLost(self.problem)

    def changed_elsewhere(self) -> bool:
        """Whether another session committed since the last call. After the connection came
        back, True (what was committed meanwhile was not heard)."""
        import psycopg

        if self._con is None:
            return self._reconnected()
        pgconn = self._con.pgconn
        others = False
        try:
            pgconn.consume_input()  # reads what has arrived; never waits
            while (note := pgconn.notifies()) is not None:
                others |= self._from_elsewhere(note.extra)
        except psycopg.Error:
            self._lost()
        if pgconn.status != 0:  # CONNECTION_BAD: the server closed it while we looked
            self._lost()
        return others

    def _reconnected(self) -> bool:
        """True once a background try has connected again; until then ConnectionLost, and
        a new try every RETRY_S seconds."""
        with self._lock:
            con, self._arrived = self._arrived, None
        if con is not None:
            self._con, self.problem = con, None
            return True
        idle = self._trying is None or not self._trying.is_alive()
        if idle and time.monotonic() >= self._next_try:
            self._next_try = time.monotonic() + RETRY_S
            self._trying = threading.Thread(target=self._try_connect, daemon=True,
                                            name="parley-listen-reconnect")
            self._trying.start()
        self.problem = self.problem or self._lost_message()
        raise ConnectionLost(self.problem)

    def _try_connect(self) -> None:
        try:
            con = self._open()
        except ConnectionLost:
            return
        with self._lock:
            if self._closed:
                con.close()
            else:
                self._arrived = con

    def _from_elsewhere(self, payload: bytes) -> bool:
        try:
            note = json.loads(payload)
        except ValueError:
            return True  # not ours to read: refresh rather than miss something
        return not (isinstance(note, dict) and note.get("session") == self._session)

    @contextmanager
    def own_commit(self) -> Iterator[None]:
        yield

    def _close_connection(self) -> None:
        con, self._con = self._con, None
        if con is not None:
            try:
                con.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is gone
                pass

    def close(self) -> None:
        with self._lock:
            self._closed = True
            arrived, self._arrived = self._arrived, None
        if arrived is not None:
            arrived.close()
        self._close_connection()
