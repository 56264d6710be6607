"""A step another program made impossible (its records deleted since) is said once, naming
the step the user chose, and leaves the undo list: it does not count as done, so the next
undo or redo is not the same failure again (one message per record, Undo and Redo
ping-ponging)."""

from __future__ import annotations

from dataclasses import replace

from db.opening import open_database
from db.reads import queries, record_inputs
from db.writes.positions import delete_positions


def _delete_elsewhere(path, ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    other = open_database(path)  # another program on the same file
    try:
        delete_positions(other, ids)
    finally:
        other.close()


def test_undo_of_accepted_suggestions_deleted_elsewhere_is_said_once_and_dropped(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    stack = ctx.ops.undo_stack
    first = queries.position_rows(ctx.db)[0].id
    base = record_inputs.position_input(ctx.db, first)
    ctx.ops.update_position(first, replace(base, notes="an earlier step"))
    new = ctx.ops.accept_suggestions([replace(base, notes=f"accepted {n}") for n in range(4)])
    assert stack.count() == 2 and stack.undoText() == "Accept 4 suggestions"
    _delete_elsewhere(ctx.db.path, new)
    messages: list[str] = []
    ctx.ops.failed.connect(messages.append)
    stack.undo()
    assert len(messages) == 1, messages
    assert "Accept 4 suggestions" in messages[0] and "(and 3 more)" in messages[0]
    assert stack.count() == 1 and not stack.canRedo()  # the step is gone, not "undone"
    assert stack.undoText() == "Edit position"
    stack.undo()  # the step below still undoes, without a message
    assert len(messages) == 1
    assert queries.position_row(ctx.db, first).notes == base.notes


def test_redo_of_an_edit_whose_record_was_deleted_elsewhere_is_dropped(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    stack = ctx.ops.undo_stack
    pid = queries.position_rows(ctx.db)[1].id
    base = record_inputs.position_input(ctx.db, pid)
    ctx.ops.update_position(pid, replace(base, notes="mine"))
    stack.undo()
    assert queries.position_row(ctx.db, pid).notes == base.notes
    _delete_elsewhere(ctx.db.path, [pid])
    with qtbot.waitSignal(ctx.ops.failed, timeout=2000) as said:
        stack.redo()
    assert "Edit position" in said.args[0] and "taken off the undo list" in said.args[0]
    assert stack.count() == 0 and not stack.canUndo() and not stack.canRedo()


def test_accepted_suggestions_undo_and_redo_as_one_step(ctx) -> None:  # type: ignore[no-untyped-def]
    stack = ctx.ops.undo_stack
    base = record_inputs.position_input(ctx.db, queries.position_rows(ctx.db)[0].id)
    before = len(queries.position_rows(ctx.db))
    new = ctx.ops.accept_suggestions([replace(base, notes=f"accepted {n}") for n in range(3)])
    assert len(queries.position_rows(ctx.db)) == before + 3
    stack.undo()
    assert len(queries.position_rows(ctx.db)) == before
    stack.redo()
    assert sorted(r.id for r in queries.position_rows(ctx.db) if r.id in new) == sorted(new)
