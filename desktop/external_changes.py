"""The window sees other programs' changes: an article imported with `parley import-article`,
a `parley import-data`, another window's edit show up in the panes on their own, within a
second, as if they had been made here. On a PostgreSQL server the same tick reads the
server's notifications of other users' commits (db.storage.pg_changes), and says when the
server cannot be reached and when it is back."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from db.errors import ParleyError
from db.storage.change_watch import Watch, watch_for
from db.storage.database import Database
from db.storage.pg_changes import ConnectionLost
from desktop.ops import Ops

# Each tick costs one PRAGMA on the GUI thread's read connection, or one non-blocking read of
# the server's notifications (microseconds); this is how long another program's change may
# take to show.
INTERVAL_MS = 500
MESSAGE = "Updated: changes from another program"
# On a shared server the others are the desk's other analysts.
SERVER_MESSAGE = "Updated: changes from another user"


def updated_message(db: Database) -> str:
    """What the status bar says after a refresh for someone else's change."""
    return SERVER_MESSAGE if db.is_server else MESSAGE


class ExternalChanges(QObject):
    """Polls the open file for commits made elsewhere and refreshes every pane through
    `Ops.refresh` (the `changed` path a local edit takes), so selections, the reader's
    place and open forms stay as they are. The window's own saves are not counted: they
    have refreshed it already (see db.storage.change_watch)."""

    updated = Signal()  # after a refresh for another program's change
    connection_lost = Signal(str)  # the server cannot be reached: why, in a sentence
    connection_back = Signal()  # it can again (the panes have been refreshed)

    def __init__(self, ops: Ops, parent: QObject | None = None):
        super().__init__(parent)
        self._ops = ops
        # Watching starts now, before the panes first read, so nothing committed between
        # their reads and the first tick is missed; the timer waits for start().
        self._watch = self._watch_of(ops.db)
        self.lost: str | None = None  # while the server cannot be reached: why
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        ops.database_replaced.connect(self._database_replaced)

    def start(self) -> None:
        """Begin polling (once the window is up: start-up does no work for it)."""
        self._timer.start()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def check(self) -> bool:
        """Refresh the panes if another program committed since the last look; True if so."""
        try:
            if self._watch is None:
                self._watch = self._watch_of(self._ops.db)
                return False
            changed = self._watch.changed_elsewhere()
        except ConnectionLost as exc:
            if self.lost is None:
                self.lost = str(exc)
                self.connection_lost.emit(self.lost)
            return False
        except ParleyError:
            return False  # locked for the moment, or unreadable: the next tick asks again
        if self.lost is not None:
            self.lost = None
            self._ops.refresh()  # what others did meanwhile was not heard
            self.connection_back.emit()
            return True
        if not changed:
            return False
        self._ops.refresh()
        self.updated.emit()
        return True

    def _database_replaced(self, db: Database) -> None:
        # Before the panes re-read the new file (changed follows database_replaced).
        self._watch = self._watch_of(db)
        if self.lost is not None:
            self.lost = None
            self.connection_back.emit()

    @staticmethod
    def _watch_of(db: Database) -> Watch | None:
        try:
            return watch_for(db)
        except ParleyError:
            return None
