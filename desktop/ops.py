"""The one write path. Every change a user makes goes through an `Ops` method, which calls the
`db` function, pushes an undo command, and emits `changed` saying what changed; every pane
listens to `changed` and refreshes itself.

An operation runs once before it is pushed, so a refused write (ValidationError) reaches the
caller with the database unchanged and never lands on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from db import codebook, exchange, positions, sources
from db.changes import EVERYTHING, Changes
from db.codebook import EventInput, IssueInput, PartyInput
from db.database import Database
from db.errors import ParleyError
from db.sources import SourceMeta
from db.validation import PositionInput


class _Command(QUndoCommand):
    """An already-applied change: redo() re-applies, undo() reverts, both through `db`."""

    def __init__(self, ops: Ops, text: str, redo: Callable[[], Changes],
                 undo: Callable[[], Changes]):
        super().__init__(text)
        self._ops, self._redo, self._undo = ops, redo, undo
        self._applied = True  # the first redo() from QUndoStack.push is already done

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._ops._run(self._redo, self.text())

    def undo(self) -> None:
        self._ops._run(self._undo, self.text())


class Ops(QObject):
    """Write operations on the open database, with undo and change notification."""

    changed = Signal(object)  # db.Changes
    failed = Signal(str)  # an undo/redo that could not be applied, as a message
    database_replaced = Signal(object)  # the new Database, after File → Open/New/Restore

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)

    # ---------------------------------------------------------------- plumbing

    def set_database(self, db: Database) -> None:
        old, self.db = self.db, db
        self.undo_stack.clear()
        if old is not db:
            old.close()
        self.database_replaced.emit(db)
        self.changed.emit(EVERYTHING)

    def refresh(self) -> None:
        """Re-read everything (e.g. after another program changed the file)."""
        self.changed.emit(EVERYTHING)

    def _run(self, fn: Callable[[], Changes], what: str) -> None:
        try:
            changes = fn()
        except ParleyError as exc:
            self.failed.emit(f"Could not apply “{what}”: {exc}")
            self.changed.emit(EVERYTHING)
            return
        self.changed.emit(changes)

    def _push(self, text: str, changes: Changes, redo: Callable[[], Changes],
              undo: Callable[[], Changes]) -> None:
        self.undo_stack.push(_Command(self, text, redo, undo))
        self.changed.emit(changes)

    # ---------------------------------------------------------------- positions

    def create_position(self, data: PositionInput) -> int:
        db = self.db
        new_id = positions.create_position(db, data)
        snap: list[Any] = []

        def undo() -> Changes:
            snap[:] = positions.delete_positions(db, [new_id])
            return Changes.of("position", ids=[new_id])

        self._push("Add position", Changes.of("position", ids=[new_id]),
                   lambda: positions.restore_positions(db, snap), undo)
        return new_id

    def update_position(self, position_id: int, data: PositionInput) -> None:
        db = self.db
        before = positions.get_position_input(db, position_id)
        changes = positions.update_position(db, position_id, data)
        self._push("Edit position", changes,
                   lambda: positions.update_position(db, position_id, data),
                   lambda: positions.update_position(db, position_id, before))

    def delete_positions(self, ids: list[int]) -> None:
        if not ids:
            return
        db = self.db
        snaps = positions.delete_positions(db, list(ids))
        changes = Changes.of("position", ids=ids)
        text = "Delete position" if len(ids) == 1 else f"Delete {len(ids)} positions"

        def redo() -> Changes:
            positions.delete_positions(db, list(ids))
            return changes

        self._push(text, changes, redo, lambda: positions.restore_positions(db, snaps))

    # ---------------------------------------------------------------- sources

    def import_source(self, text: str, meta: SourceMeta) -> int:
        db = self.db
        new_id = sources.import_article(db, text, meta)
        snap: list[sources.SourceSnapshot] = []

        def undo() -> Changes:
            snap[:] = [sources.delete_source(db, new_id)]
            return Changes.of("source", ids=[new_id])

        self._push(f"Add source “{_short(meta.title)}”", Changes.of("source", ids=[new_id]),
                   lambda: sources.restore_source(db, snap[0]), undo)
        return new_id

    def update_source(self, source_id: int, meta: SourceMeta) -> None:
        db = self.db
        before = sources.source_meta(db, source_id)
        changes = sources.update_source_meta(db, source_id, meta)
        self._push("Edit source details", changes,
                   lambda: sources.update_source_meta(db, source_id, meta),
                   lambda: sources.update_source_meta(db, source_id, before))

    def delete_source(self, source_id: int) -> None:
        db = self.db
        snap = sources.delete_source(db, source_id)
        changes = Changes.of("source", ids=[source_id])

        def redo() -> Changes:
            sources.delete_source(db, source_id)
            return changes

        self._push(f"Delete source “{_short(snap.meta.title)}”", changes, redo,
                   lambda: sources.restore_source(db, snap))

    def import_data(self, payload: dict[str, Any]) -> exchange.ImportResult:
        """Add the records of a parsed export, all or nothing; undo removes exactly what it
        added (and is refused if records made since then use them)."""
        db = self.db
        done = [exchange.import_data(db, payload)]

        def redo() -> Changes:
            done[0] = exchange.import_data(db, payload)
            return done[0].changes

        added = done[0].count("position")
        self._push(f"Import {added} position{'' if added == 1 else 's'}", done[0].changes, redo,
                   lambda: exchange.remove_import(db, done[0]))
        return done[0]

    # ---------------------------------------------------------------- codebook

    def create_party(self, data: PartyInput) -> int:
        db = self.db
        new_id = codebook.create_party(db, data)

        def undo() -> Changes:
            codebook.delete_party(db, new_id)
            return Changes.of("party", ids=[new_id])

        def redo() -> Changes:
            codebook.create_party(db, data, id=new_id)
            return Changes.of("party", ids=[new_id])

        self._push(f"Add party “{_short(data.name)}”", Changes.of("party", ids=[new_id]),
                   redo, undo)
        return new_id

    def update_party(self, party_id: int, data: PartyInput) -> None:
        db = self.db
        before = codebook.party_input(db, party_id)
        changes = codebook.update_party(db, party_id, data) | Changes.of("position")
        self._push(f"Edit party “{_short(data.name)}”", changes,
                   lambda: codebook.update_party(db, party_id, data) | Changes.of("position"),
                   lambda: codebook.update_party(db, party_id, before) | Changes.of("position"))

    def delete_party(self, party_id: int) -> None:
        db = self.db
        snap = codebook.delete_party(db, party_id)
        changes = Changes.of("party", ids=[party_id])

        def redo() -> Changes:
            codebook.delete_party(db, party_id)
            return changes

        def undo() -> Changes:
            codebook.create_party(db, snap, id=party_id)
            return changes

        self._push(f"Delete party “{_short(snap.name)}”", changes, redo, undo)

    def merge_party(self, party_id: int, into_id: int) -> None:
        db = self.db
        snap = codebook.merge_party(db, party_id, into_id)
        changes = Changes.of("party", "position")

        def redo() -> Changes:
            codebook.merge_party(db, party_id, into_id)
            return changes

        name = getattr(snap.removed, "name", "")
        self._push(f"Merge party “{_short(name)}”",
                   changes, redo, lambda: codebook.unmerge_party(db, snap))

    def create_issue(self, data: IssueInput) -> int:
        db = self.db
        new_id = codebook.create_issue(db, data)
        snap: list[IssueInput] = []

        def undo() -> Changes:
            snap[:] = [codebook.delete_issue(db, new_id)]
            return Changes.of("issue", ids=[new_id])

        def redo() -> Changes:
            codebook.create_issue(db, snap[0], id=new_id)
            return Changes.of("issue", ids=[new_id])

        self._push(f"Add issue “{_short(data.name)}”", Changes.of("issue", ids=[new_id]),
                   redo, undo)
        return new_id

    def update_issue(self, issue_id: int, data: IssueInput) -> None:
        db = self.db
        before = codebook.issue_input(db, issue_id)
        changes = codebook.update_issue(db, issue_id, data)
        after = codebook.issue_input(db, issue_id)  # with the ids of levels it added
        self._push(f"Edit issue “{_short(data.name)}”", changes,
                   lambda: codebook.update_issue(db, issue_id, after),
                   lambda: codebook.update_issue(db, issue_id, before))

    def delete_issue(self, issue_id: int) -> None:
        db = self.db
        snap = codebook.delete_issue(db, issue_id)
        changes = Changes.of("issue", ids=[issue_id])

        def redo() -> Changes:
            codebook.delete_issue(db, issue_id)
            return changes

        def undo() -> Changes:
            codebook.create_issue(db, snap, id=issue_id)
            return changes

        self._push(f"Delete issue “{_short(snap.name)}”", changes, redo, undo)

    def merge_level(self, level_id: int, into_id: int) -> None:
        db = self.db
        snap = codebook.merge_level(db, level_id, into_id)
        changes = Changes.of("issue", "position")

        def redo() -> Changes:
            codebook.merge_level(db, level_id, into_id)
            return changes

        label = snap.removed.label if hasattr(snap.removed, "label") else ""
        self._push(f"Merge level “{_short(label)}”", changes, redo,
                   lambda: codebook.unmerge_level(db, snap))

    def create_event(self, data: EventInput) -> int:
        db = self.db
        new_id = codebook.create_event(db, data)

        def undo() -> Changes:
            codebook.delete_event(db, new_id)
            return Changes.of("event", ids=[new_id])

        def redo() -> Changes:
            codebook.create_event(db, data, id=new_id)
            return Changes.of("event", ids=[new_id])

        self._push(f"Add event “{_short(data.label)}”", Changes.of("event", ids=[new_id]),
                   redo, undo)
        return new_id

    def update_event(self, event_id: int, data: EventInput) -> None:
        db = self.db
        before = codebook.event_input(db, event_id)
        changes = codebook.update_event(db, event_id, data)
        self._push(f"Edit event “{_short(data.label)}”", changes,
                   lambda: codebook.update_event(db, event_id, data),
                   lambda: codebook.update_event(db, event_id, before))

    def delete_event(self, event_id: int) -> None:
        db = self.db
        snap = codebook.delete_event(db, event_id)
        changes = Changes.of("event", ids=[event_id])

        def redo() -> Changes:
            codebook.delete_event(db, event_id)
            return changes

        def undo() -> Changes:
            codebook.create_event(db, snap, id=event_id)
            return changes

        self._push(f"Delete event “{_short(snap.label)}”", changes, redo, undo)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
