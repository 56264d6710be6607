"""Full-text search for the table's search box: prefix matches, kept in step with writes."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text

from db.reads import queries, record_inputs
from db.reads.queries import PositionFilter
from db.reads.search import has_fts, match_expression
from db.writes import positions

# Marked `engines`: the same behaviour on an SQLite file (FTS5) and on a PostgreSQL server
# database (its tsvector GIN index, migration 0007).
both = pytest.mark.engines()


def _ids(db, query: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {r.id for r in queries.position_rows(db, PositionFilter(text=query))}


def _a_position(db):  # type: ignore[no-untyped-def]
    row = queries.position_rows(db)[0]
    return row.id, record_inputs.position_input(db, row.id)


@both
def test_typing_a_word_prefix_finds_the_whole_word_in_quotes_and_notes(seeded_db, engine) -> None:  # type: ignore[no-untyped-def]
    with seeded_db.engine.connect() as conn:
        assert has_fts(conn) == (engine == "sqlite")  # the server's index is not a table
    rows = queries.position_rows(seeded_db)
    with_ceasefire = {r.id for r in rows if "ceasefire" in (r.quote + r.notes).casefold()
                      or "cease-fire" in (r.quote + r.notes).casefold()}
    found = _ids(seeded_db, "ceasef")
    assert found and found <= with_ceasefire | {r.id for r in rows if "cease" in r.quote.lower()}
    # Every word must match; case and accents do not matter.
    both = _ids(seeded_db, "PUTIN rej")
    assert both and all("putin" in (r.quote + r.notes).lower()
                        for r in rows if r.id in both)
    assert _ids(seeded_db, "zzzqqq") == set()
    assert queries.count_positions(seeded_db, PositionFilter(text="ceasef")) == len(found)


@both
def test_punctuation_only_queries_fall_back_to_substring_search(seeded_db) -> None:  # type: ignore[no-untyped-def]
    assert match_expression("—") is None
    assert match_expression('say "no"') == '"say"* AND "no"*'
    rows = queries.position_rows(seeded_db)
    assert _ids(seeded_db, "“") == {r.id for r in rows if "“" in r.quote or "“" in r.notes}


@both
def test_search_follows_insert_update_delete_and_restore(seeded_db) -> None:  # type: ignore[no-untyped-def]
    pid, data = _a_position(seeded_db)
    data = dataclasses.replace(data, notes="Compare the quixotically worded draft")
    new_id = positions.create_position(seeded_db, data)
    assert _ids(seeded_db, "quixot") == {new_id}

    positions.update_position(seeded_db, new_id,
                              dataclasses.replace(data, notes="now about zephyrs"))
    assert _ids(seeded_db, "quixot") == set()
    assert _ids(seeded_db, "zephyr") == {new_id}

    snaps = positions.delete_positions(seeded_db, [new_id])
    assert _ids(seeded_db, "zephyr") == set()
    positions.restore_positions(seeded_db, snaps)
    assert _ids(seeded_db, "zephyr") == {new_id}


@both
def test_search_follows_undo_and_redo_of_edits_and_deletes(ctx) -> None:  # type: ignore[no-untyped-def]
    pid, data = _a_position(ctx.db)
    ctx.ops.update_position(pid, dataclasses.replace(data, notes="a glockenspiel remark"))
    assert _ids(ctx.db, "glocken") == {pid}
    ctx.ops.undo_stack.undo()
    assert _ids(ctx.db, "glocken") == set()
    ctx.ops.undo_stack.redo()
    ctx.ops.delete_positions([pid])
    assert _ids(ctx.db, "glocken") == set()
    ctx.ops.undo_stack.undo()
    assert _ids(ctx.db, "glocken") == {pid}


def test_without_the_fts_table_search_still_works_by_substring(seeded_db) -> None:  # type: ignore[no-untyped-def]
    expected = _ids(seeded_db, "ceasefire")
    with seeded_db.write() as s:
        for trigger in ("ai", "ad", "au"):
            s.exec(text(f"DROP TRIGGER position_fts_{trigger}"))
        s.exec(text("DROP TABLE position_fts"))
    assert _ids(seeded_db, "ceasefire") >= expected
    assert _ids(seeded_db, "easefir")  # substring, which the FTS index would not match


@both
def test_bulk_generated_positions_are_searchable_and_later_writes_still_indexed(seeded_db) -> None:  # type: ignore[no-untyped-def]
    import re

    from db.exchange.generate import generate

    generate(seeded_db, 8, 300, seed=5)
    rows = queries.position_rows(seeded_db)
    word_start = re.compile(r"\bener", re.IGNORECASE)
    expected = {r.id for r in rows if word_start.search(r.quote) or word_start.search(r.notes)}
    assert expected and _ids(seeded_db, "ener") == expected
    pid, data = _a_position(seeded_db)
    new_id = positions.create_position(
        seeded_db, dataclasses.replace(data, notes="after the bulk load: xylophone"))
    assert _ids(seeded_db, "xylo") == {new_id}
