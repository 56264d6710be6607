"""The one write path. Every change a user makes goes through an `Ops` method, which calls the
`db` function, pushes an undo command, and emits `changed` saying what changed; every pane
listens to `changed` and refreshes itself.

An operation runs once before it is pushed, so a refused write (ValidationError) reaches the
caller with the database unchanged and never lands on the undo stack.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from db.errors import ConflictError, ParleyError, ValidationError
from db.lazy import codebook, exchange, positions, sources, warm_up
from db.model.changes import EVERYTHING, Changes
from db.model.inputs import EventInput, IssueInput, PartyInput, PositionInput, SourceMeta
from db.reads import record_inputs
from db.storage.database import Database

if TYPE_CHECKING:
    from pathlib import Path

    from db.exchange.article_import import ImportSummary
    from db.exchange.json_csv import ImportResult


T = TypeVar("T")  # what an operation's undo keeps: a snapshot, or the record as it was


class _Command(QUndoCommand):
    """An already-applied change: redo() re-applies, undo() reverts, both through `db`. It
    holds one step, or several taken back together ("Accept 4 suggestions")."""

    def __init__(self, ops: Ops, text: str, steps: list[tuple[Callable[[], Changes],
                                                               Callable[[], Changes]]]):
        super().__init__(text)
        self._ops, self._steps = ops, steps
        self._applied = True  # the first redo() from QUndoStack.push is already done

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._ops._apply(self, [redo for redo, _ in self._steps])

    def undo(self) -> None:
        self._ops._apply(self, [undo for _, undo in reversed(self._steps)])


class Ops(QObject):
    """Write operations on the open database, with undo and change notification."""

    changed = Signal(object)  # db.Changes
    failed = Signal(str)  # an undo/redo that could not be applied, as a message
    database_replaced = Signal(object)  # the new Database, after File → Open/New/Restore

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)
        self._versions: dict[int, int] = {}  # position id → version this window last wrote
        self._warm_up: threading.Thread | None = None
        self._grouped: list[tuple[Callable[[], Changes], Callable[[], Changes]]] | None = None

    def prepare(self) -> None:
        """A form is being edited: import the write path (SQLModel, ~0.3 s and ~55 MB) on a
        worker thread now, so the save does not pause for it. Browsing never needs it."""
        if self._warm_up is None:
            self._warm_up = threading.Thread(target=warm_up, name="parley-warm-up")
            self._warm_up.start()

    # ---------------------------------------------------------------- plumbing

    def set_database(self, db: Database) -> None:
        old, self.db = self.db, db
        self.undo_stack.clear()
        self._versions.clear()
        if old is not db:
            old.close()
        self.database_replaced.emit(db)
        self.changed.emit(EVERYTHING)

    def refresh(self) -> None:
        """Re-read everything (e.g. after another program changed the file)."""
        self.changed.emit(EVERYTHING)

    def _apply(self, command: _Command, steps: list[Callable[[], Changes]]) -> None:
        """Undo or redo `command`. A step that cannot be applied (another program or user
        removed or changed its record since) is said once, naming the step the user chose,
        and the command leaves the stack: kept, it would count as done and the next undo or
        redo would fail again, one message per record, the two ping-ponging."""
        changes: Changes | None = None
        errors: list[str] = []
        for step in steps:
            try:
                done = step()
            except ParleyError as exc:
                errors.append(str(exc))
                continue
            changes = done if changes is None else changes | done
        if errors:
            command.setObsolete(True)  # QUndoStack deletes it once this undo/redo returns
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            self.failed.emit(f"Could not apply “{command.text()}”: {errors[0]}{more}. "
                             "It was taken off the undo list.")
            self.changed.emit(EVERYTHING)
            return
        if changes is not None:
            self.changed.emit(changes)

    def _push(self, text: str, changes: Changes, redo: Callable[[], Changes],
              undo: Callable[[], Changes]) -> None:
        if self._grouped is not None:  # part of one step made of several (see _group)
            self._grouped.append((redo, undo))
        else:
            self.undo_stack.push(_Command(self, text, [(redo, undo)]))
        self.changed.emit(changes)

    def _push_added(self, text: str, changes: Changes, remove: Callable[[], T],
                    put_back: Callable[[T], object]) -> None:
        """An addition already made: undo runs `remove` and keeps what it returns; redo hands
        that to `put_back`, so the record comes back under its id."""
        removed: list[T] = []

        def undo() -> Changes:
            removed[:] = [remove()]
            return changes

        def redo() -> Changes:
            put_back(removed[0])
            return changes

        self._push(text, changes, redo, undo)

    def _push_update(self, text: str, read: Callable[[], T], write: Callable[[T], Changes],
                     data: T, *, reread: bool = False) -> None:
        """Write `data` over what `read` gives now; undo writes that back. With `reread`, redo
        writes what was read after the write (e.g. with the ids it gave new parts)."""
        before = read()
        changes = write(data)
        now = [read()]  # the record as this stack last left it
        after = now[0] if reread else data

        def unless_changed(target: T) -> Changes:
            # Another window or program may have edited the record since: undoing or redoing
            # over that would silently throw its edit away.
            if read() != now[0]:
                raise ParleyError("the record was changed elsewhere since (another window or "
                                  "program); it was left as it is now")
            done = write(target)
            now[0] = read()
            return done

        self._push(text, changes, lambda: unless_changed(after),
                   lambda: unless_changed(before))

    def _push_removal(self, text: Callable[[T], str], changes: Changes, remove: Callable[[], T],
                      restore: Callable[[T], Changes]) -> None:
        """Run `remove` (a delete or merge) now; redo runs it again, undo hands what it
        returned to `restore`."""
        snap = remove()

        def redo() -> Changes:
            remove()
            return changes

        self._push(text(snap), changes, redo, lambda: restore(snap))

    def _create_record(self, kind: str, title: str, create: Callable[..., int],
                       delete: Callable[[Database, int], T], data: T, *,
                       from_snapshot: bool = False) -> int:
        """A new codebook record (party, issue, event). Redo recreates it under the same id
        from `data`, or `from_snapshot` from what the undo deleted (an issue's levels keep
        the ids they were given)."""
        db = self.db
        new_id = create(db, data)
        self._push_added(f"Add {kind} “{_short(title)}”", Changes.of(kind, ids=[new_id]),
                         lambda: delete(db, new_id),
                         lambda snap: create(db, snap if from_snapshot else data, id=new_id))
        return new_id

    def _delete_record(self, kind: str, record_id: int, delete: Callable[[Database, int], T],
                       create: Callable[..., int], title: Callable[[T], str]) -> None:
        """Delete a codebook record; undo recreates it under its id from the snapshot."""
        db = self.db
        changes = Changes.of(kind, ids=[record_id])

        def restore(snap: T) -> Changes:
            create(db, snap, id=record_id)
            return changes

        self._push_removal(lambda snap: f"Delete {kind} “{_short(title(snap))}”", changes,
                           lambda: delete(db, record_id), restore)

    # ---------------------------------------------------------------- positions

    # Each position's version as this window last wrote it. The undo stack is one line of
    # history, so its next undo or redo of that record must find it there: any other version
    # means someone else changed it since, and the step is refused (never an overwrite).

    def _delete_positions(self, ids: list[int], versions: dict[int, int]) -> list:
        db = self.db
        snaps = _checked(lambda: positions.delete_positions(
            db, ids, {i: self._versions.get(i, versions.get(i)) for i in ids
                      if i in self._versions or i in versions}))
        for snap in snaps:
            self._versions[snap.id] = positions.restored_version(snap)
        return snaps

    def create_position(self, data: PositionInput) -> int:
        db = self.db
        new_id = positions.create_position(db, data)
        self._versions[new_id] = 1
        self._push_added("Add position", Changes.of("position", ids=[new_id]),
                         lambda: self._delete_positions([new_id], {}),
                         lambda snaps: positions.restore_positions(db, snaps))
        return new_id

    def update_position(self, position_id: int, data: PositionInput,
                        base_version: int | None = None) -> None:
        """Save `data` over the position. `base_version`: the version the form read; when
        someone else saved it since, ConflictError (their version) is raised and nothing is
        written. Undo and redo check the version the same way."""
        db = self.db
        try:
            before, before_version = record_inputs.position_state(db, position_id)
        except ValidationError:
            if base_version is None:
                raise
            raise ConflictError("Position", position_id, None, None) from None  # deleted since
        # With the form's version, a save since it was read is refused; without one, `before`
        # (what undo puts back) is exactly what this save overwrites.
        expected = before_version if base_version is None else base_version
        self._versions[position_id] = positions.save_position(db, position_id, data, expected)
        changes = Changes.of("position", ids=[position_id])

        def write(target: PositionInput) -> Changes:
            self._versions[position_id] = _checked(lambda: positions.save_position(
                db, position_id, target, self._versions.get(position_id)))
            return changes

        self._push("Edit position", changes, lambda: write(data), lambda: write(before))

    def delete_positions(self, ids: list[int], versions: dict[int, int] | None = None) -> None:
        """Delete positions; `versions` (id → the version shown) refuses the delete when one
        was changed since."""
        if not ids:
            return
        db = self.db
        text = "Delete position" if len(ids) == 1 else f"Delete {len(ids)} positions"
        for i in ids:  # what the caller saw is what this delete expects
            self._versions.pop(i, None)
        self._push_removal(lambda _snaps: text, Changes.of("position", ids=ids),
                           lambda: self._delete_positions(list(ids), versions or {}),
                           lambda snaps: positions.restore_positions(db, snaps))

    # ---------------------------------------------------------------- sources

    def import_source(self, text: str, meta: SourceMeta,
                      pages: list[tuple[int, int, int]] | None = None) -> int:
        """Add one article; a PDF's `pages` (page, start, end) are kept with it, through
        undo and redo."""
        db = self.db
        if pages:
            from db.exchange import article_import  # the ORM, only when a PDF is added

            new_id = article_import.store(db, article_import.ReadArticle(text, meta, pages))
            self._push_added(f"Add source “{_short(meta.title)}”",
                             Changes.of("source", ids=[new_id]),
                             lambda: article_import.remove_imported(db, [new_id]),
                             lambda snaps: article_import.restore_imported(db, snaps))
            return new_id
        new_id = sources.import_article(db, text, meta)
        self._push_added(f"Add source “{_short(meta.title)}”", Changes.of("source", ids=[new_id]),
                         lambda: sources.delete_source(db, new_id),
                         lambda snap: sources.restore_source(db, snap))
        return new_id

    def update_source(self, source_id: int, meta: SourceMeta,
                      expected: SourceMeta | None = None) -> None:
        """Save a source's details; with `expected` (what the editor showed when opened),
        refused with ConflictError if someone else changed them since."""
        db = self.db
        first = [expected]

        def write(m: SourceMeta) -> Changes:
            # The first write checks against what the editor showed; undo and redo check
            # against what this stack last wrote (_push_update).
            check, first[0] = first[0], None
            return sources.update_source_meta(db, source_id, m, check)

        self._push_update("Edit source details", lambda: sources.source_meta(db, source_id),
                          write, meta)

    def delete_source(self, source_id: int) -> None:
        db = self.db
        self._push_removal(lambda snap: f"Delete source “{_short(snap.meta.title)}”",
                           Changes.of("source", ids=[source_id]),
                           lambda: sources.delete_source(db, source_id),
                           lambda snap: sources.restore_source(db, snap))

    def set_blind(self, source_id: int, blind: bool) -> None:
        """Blind coding on or off for a source (each coder then sees only their own records
        from it); undo turns it back."""
        db = self.db
        changes = sources.set_blind(db, source_id, blind)
        self._push(f"Blind coding {'on' if blind else 'off'}", changes,
                   lambda: sources.set_blind(db, source_id, blind),
                   lambda: sources.set_blind(db, source_id, not blind))

    def import_files(self, paths: list[Path],
                     progress: Callable[[int, int, Path], bool | None] | None = None
                     ) -> ImportSummary:
        """Import article files and folders (each file on its own: duplicates skipped, a bad
        file not stopping the rest); one undo step removes every source it added."""
        from db.exchange import article_import  # the ORM and pypdf, only when files are imported

        db = self.db
        summary = article_import.import_files(db, paths, progress)
        ids = [sid for _, sid, _ in summary.imported]
        if ids:
            n = len(ids)
            self._push_added(f"Import {n} article{'s' if n != 1 else ''}",
                             Changes.of("source", ids=ids),
                             lambda: article_import.remove_imported(db, ids),
                             lambda snaps: article_import.restore_imported(db, snaps))
        return summary

    def import_data(self, payload: Any) -> ImportResult:
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

    # ---------------------------------------------------------------- suggestions

    def reject_suggestion(self, source_id: int, party: str, issue: str, quote_start: int,
                          quote_end: int) -> int:
        """Dismiss a suggested position for good (stored: it stays dismissed after a
        relaunch); undo offers it again."""
        from db.suggest import rejections  # the ORM, only once the analyst rejects

        db = self.db
        changes = Changes.of("source", ids=[source_id])
        new_id = rejections.reject_suggestion(db, source_id, party, issue, quote_start, quote_end)
        self._push_added("Reject suggestion", changes,
                         lambda: rejections.unreject(db, new_id),
                         lambda _: rejections.reject_suggestion(
                             db, source_id, party, issue, quote_start, quote_end, id=new_id))
        return new_id

    def accept_suggestions(self, items: list[PositionInput]) -> list[int]:
        """Save several suggestions as positions at once ("Accept all above N%"): one undo
        step takes them all back."""
        if not items:
            return []
        text = f"Accept {len(items)} suggestion{'s' if len(items) != 1 else ''}"
        # One command holding every step rather than a Qt macro: a macro's children would
        # each report their own failure, and the macro could not leave the stack as one.
        self._grouped = []
        try:
            return [self.create_position(data) for data in items]
        finally:
            steps, self._grouped = self._grouped, None
            if steps:
                self.undo_stack.push(_Command(self, text, steps))

    # ---------------------------------------------------------------- codebook

    def create_party(self, data: PartyInput) -> int:
        return self._create_record("party", data.name, codebook.create_party,
                                   codebook.delete_party, data)

    def update_party(self, party_id: int, data: PartyInput) -> None:
        db = self.db
        # A party's name and colour show on its records' rows, so those refresh too.
        self._push_update(f"Edit party “{_short(data.name)}”",
                          lambda: record_inputs.party_input(db, party_id),
                          lambda d: codebook.update_party(db, party_id, d)
                          | Changes.of("position"), data)

    def delete_party(self, party_id: int) -> None:
        self._delete_record("party", party_id, codebook.delete_party, codebook.create_party,
                            lambda snap: snap.name)

    def merge_party(self, party_id: int, into_id: int) -> None:
        db = self.db
        self._push_removal(lambda snap: f"Merge party “{_short(getattr(snap.removed, 'name', ''))}”",
                           Changes.of("party", "position"),
                           lambda: codebook.merge_party(db, party_id, into_id),
                           lambda snap: codebook.unmerge_party(db, snap))

    def create_issue(self, data: IssueInput) -> int:
        return self._create_record("issue", data.name, codebook.create_issue,
                                   codebook.delete_issue, data, from_snapshot=True)

    def update_issue(self, issue_id: int, data: IssueInput) -> None:
        db = self.db
        self._push_update(f"Edit issue “{_short(data.name)}”",
                          lambda: record_inputs.issue_input(db, issue_id),
                          lambda d: codebook.update_issue(db, issue_id, d), data, reread=True)

    def delete_issue(self, issue_id: int) -> None:
        self._delete_record("issue", issue_id, codebook.delete_issue, codebook.create_issue,
                            lambda snap: snap.name)

    def merge_level(self, level_id: int, into_id: int) -> None:
        db = self.db
        self._push_removal(lambda snap: f"Merge level “{_short(getattr(snap.removed, 'label', ''))}”",
                           Changes.of("issue", "position"),
                           lambda: codebook.merge_level(db, level_id, into_id),
                           lambda snap: codebook.unmerge_level(db, snap))

    def create_event(self, data: EventInput) -> int:
        return self._create_record("event", data.label, codebook.create_event,
                                   codebook.delete_event, data)

    def update_event(self, event_id: int, data: EventInput) -> None:
        db = self.db
        self._push_update(f"Edit event “{_short(data.label)}”",
                          lambda: record_inputs.event_input(db, event_id),
                          lambda d: codebook.update_event(db, event_id, d), data)

    def delete_event(self, event_id: int) -> None:
        self._delete_record("event", event_id, codebook.delete_event, codebook.create_event,
                            lambda snap: snap.label)


def _checked(fn: Callable[[], T]) -> T:
    """Run a write made on what this stack last saw; someone else's change since is refused
    (ConflictError) in words an undo or redo message can carry."""
    try:
        return fn()
    except ConflictError as exc:
        raise ParleyError(f"the record was changed elsewhere since ({exc}); it was left as it "
                          "is now") from exc


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
