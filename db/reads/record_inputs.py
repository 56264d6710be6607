"""A stored record as the *Input its form edits: what "Edit…" loads, and what undo puts back.

The display reads (db.reads.queries) return rows for tables and charts; these return the
same dataclasses the forms hand to the write path, so a form round-trips a record exactly.
A record may have gone meanwhile (deleted in another window, or its creation undone):
then ValidationError says so.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from db.errors import ValidationError
from db.model.inputs import (
    ConditionInput,
    EventInput,
    IssueInput,
    LevelInput,
    PartyInput,
    PositionInput,
    parse_aliases,
)
from db.storage.database import Database


def position_input(db: Database, position_id: int) -> PositionInput:
    """The editable fields of a position, as a form shows them."""
    return position_state(db, position_id)[0]


def position_state(db: Database, position_id: int) -> tuple[PositionInput, int]:
    """A position's editable fields and their version, read together: what a form edits and
    the version its save expects (db.writes.positions.save_position)."""
    with db.read() as con:
        row = con.execute(
            "SELECT party_id, issue_id, level_id, stated_on, date_precision, status, "
            "attributed_to, attribution_kind, source_id, quote, quote_start, quote_end, "
            "confidence, notes, version FROM position WHERE id = ?", (position_id,)).fetchone()
        if row is None:
            raise ValidationError(f"Position {position_id} no longer exists")
        conditions = [ConditionInput(*c) for c in con.execute(
            "SELECT party_id, issue_id, level_id, text FROM condition WHERE position_id = ? "
            "ORDER BY id", (position_id,))]
    data = PositionInput(*row[:3], dt.date.fromisoformat(row[3]), *row[4:14],
                         conditions=conditions)
    return data, row[14]


def _existing(con: sqlite3.Connection, sql: str, row_id: int, what: str) -> tuple:
    row = con.execute(sql, (row_id,)).fetchone()
    if row is None:
        raise ValidationError(f"{what} {row_id} no longer exists")
    return row


def party_input(db: Database, party_id: int) -> PartyInput:
    """A party's editable fields, as the codebook editor shows them."""
    with db.read() as con:
        *fields, aliases = _existing(con, "SELECT key, name, short_name, colour, description, "
                                          "parent_id, aliases FROM party WHERE id = ?", party_id, "Party")
        return PartyInput(*fields, aliases=parse_aliases(aliases))


def issue_input(db: Database, issue_id: int) -> IssueInput:
    """An issue's editable fields and its scale, lowest level first."""
    with db.read() as con:
        key, name, description, sort_order = _existing(
            con, "SELECT key, name, description, sort_order FROM issue WHERE id = ?", issue_id,
            "Issue")
        levels = [LevelInput(*r, parse_aliases(cues)) for *r, cues in con.execute(
            "SELECT value, label, description, id, cues FROM stance_level WHERE issue_id = ? "
            "ORDER BY value", (issue_id,))]
    return IssueInput(key, name, description, levels, sort_order)


def event_input(db: Database, event_id: int) -> EventInput:
    with db.read() as con:
        key, date, label, description = _existing(
            con, "SELECT key, date, label, description FROM event WHERE id = ?", event_id, "Event")
    return EventInput(key, dt.date.fromisoformat(date), label, description)
