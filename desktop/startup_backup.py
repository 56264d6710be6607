"""The once-per-launch backup, taken on a worker thread while the window is already usable.

Copying and comparing a 60 MB database takes ~0.35 s; done on the GUI thread it delayed the
first window by that much. The copy goes through its own read-only SQLite connection
(db.storage.backup.startup_backup), so it never blocks the GUI's reads or writes, and a failure is
reported without a modal dialog: a failed backup must never stop anyone working.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from db.errors import ParleyError
from db.storage.database import Database


class _Relay(QObject):
    # Unparented and kept alive by the worker's closure: the copy may finish after the
    # window is gone (quit right after launch) and must then report somewhere harmless.
    finished = Signal(object)  # Path of the backup
    failed = Signal(str)


class StartupBackup(QObject):
    """Runs db.storage.backup.startup_backup once, off the GUI thread; `finished(Path)` or
    `failed(message)` arrive on the GUI thread."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self._db = db
        self._started = False
        self.result: Path | None = None
        self.error: str | None = None
        self._relay = _Relay()
        self._relay.finished.connect(self._done)
        self._relay.failed.connect(self._failed)

    def start(self) -> None:
        """Start the copy (once: a second call does nothing)."""
        if self._started:
            return
        self._started = True
        if self._db.is_server:
            return  # a server database is backed up on its server, not copied by each window
        from db.storage.backup import startup_backup

        db, relay = self._db, self._relay

        def work() -> None:
            try:
                path = startup_backup(db)
            except ParleyError as exc:
                _emit(relay.failed, str(exc))
            except Exception as exc:  # noqa: BLE001 - an unexpected OS error must not vanish
                _emit(relay.failed, f"{type(exc).__name__}: {exc}")
            else:
                _emit(relay.finished, path)

        # Its own thread, not the shared pool: exit waits for this copy only, not for a
        # conflicts search that may be running there.
        thread = threading.Thread(target=work, name="parley-startup-backup")
        _RUNNING.append(thread)
        thread.start()

    def is_running(self) -> bool:
        return self._started and self.result is None and self.error is None

    def _done(self, path: Path) -> None:
        self.result = path
        self.finished.emit(path)

    def _failed(self, message: str) -> None:
        self.error = message
        self.failed.emit(message)


def _emit(signal: object, value: object) -> None:
    try:
        signal.emit(value)  # type: ignore[attr-defined]
    except RuntimeError:
        pass  # the application is shutting down; nobody is waiting for the result


_RUNNING: list[threading.Thread] = []


def wait_for_backups(timeout_ms: int = 30_000) -> bool:
    """Let a running copy finish before the process exits, so no `.partial` file is left
    behind by a quit during the first second. True when none is still running."""
    for thread in list(_RUNNING):
        thread.join(timeout_ms / 1000)
        if not thread.is_alive():
            _RUNNING.remove(thread)
    return not _RUNNING
