"""Undo never throws away an edit made elsewhere: when another window (or program) changed
the record since, undo and redo say so and leave it as it is."""

from __future__ import annotations

from dataclasses import replace

from db.opening import open_database
from db.reads import queries, record_inputs
from db.writes.positions import update_position


def test_undo_after_another_window_edited_the_record_keeps_that_edit(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    pid = queries.position_rows(ctx.db)[0].id
    mine = record_inputs.position_input(ctx.db, pid)
    ctx.ops.update_position(pid, replace(mine, notes="edited here"))
    other = open_database(ctx.db.path)  # a second window on the same file
    try:
        theirs = record_inputs.position_input(other, pid)
        update_position(other, pid, replace(theirs, notes="edited in the other window"))
    finally:
        other.close()
    with qtbot.waitSignal(ctx.ops.failed, timeout=2000) as said:
        ctx.ops.undo_stack.undo()
    assert "changed elsewhere" in said.args[0]
    assert queries.position_row(ctx.db, pid).notes == "edited in the other window"


def test_undo_and_redo_without_interference_still_work(ctx) -> None:  # type: ignore[no-untyped-def]
    pid = queries.position_rows(ctx.db)[0].id
    before = record_inputs.position_input(ctx.db, pid)
    ctx.ops.update_position(pid, replace(before, notes="first"))
    ctx.ops.update_position(pid, replace(before, notes="second"))
    ctx.ops.undo_stack.undo()
    assert queries.position_row(ctx.db, pid).notes == "first"
    ctx.ops.undo_stack.undo()
    assert queries.position_row(ctx.db, pid).notes == before.notes
    ctx.ops.undo_stack.redo()
    ctx.ops.undo_stack.redo()
    assert queries.position_row(ctx.db, pid).notes == "second"
