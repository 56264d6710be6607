"""The codebook's validation: what is wrong with a party, an issue or an event before it is
written. Plain SQL, so the editor checks as the user types without importing the ORM; inside
a write, the same checks run on the write transaction's own connection."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from db.model.inputs import EventInput, IssueInput, PartyInput
from db.model.validation import colour_problem, key_problem, lookup, parse_date, sql_connection, text_problem

if TYPE_CHECKING:
    from sqlmodel import Session

    from db.storage.database import Database


def _aliases_problem(aliases: object) -> str | None:
    if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
        return "Aliases must be a list of names"
    if long := next((a for a in aliases if len(a.strip()) > 120), None):
        return f"An alias is longer than 120 characters: “{long[:40]}…”"
    if len(aliases) > 200:
        return f"{len(aliases)} aliases: at most 200 per party"
    return None


def _cues_problem(cues: object, n: int) -> str | None:
    """A level's cue phrases: a list of short phrases, like a party's aliases."""
    if not isinstance(cues, list | tuple) or not all(isinstance(c, str) for c in cues):
        return f"Level {n} cue phrases must be a list of phrases"
    if long := next((c for c in cues if len(c.strip()) > 120), None):
        return f"Level {n}: a cue phrase is longer than 120 characters: “{long[:40]}…”"
    if len(cues) > 200:
        return f"Level {n}: {len(cues)} cue phrases, at most 200 per level"
    return None


def check_party(s: Session | sqlite3.Connection, data: PartyInput, party_id: int | None = None
                ) -> dict[str, str]:
    problems: dict[str, str] = {}
    if msg := key_problem(data.key):
        problems["key"] = msg
    for name, label, required, limit in (("name", "Name", True, 120),
                                         ("short_name", "Short name", False, 20),
                                         ("description", "Description", False, 5000)):
        if msg := text_problem(getattr(data, name), label, required=required, limit=limit):
            problems[name] = msg
    if msg := colour_problem(data.colour):
        problems["colour"] = msg
    if msg := _aliases_problem(data.aliases):
        problems["aliases"] = msg
    con = sql_connection(s)
    name = data.name.strip() if isinstance(data.name, str) else data.name
    clash = con.execute("SELECT key, name FROM party WHERE (key = ? OR name = ?) AND id != ? "
                        "ORDER BY id LIMIT 1", (data.key, name, party_id or -1)).fetchone()
    if clash is not None:
        field_ = "key" if clash[0] == data.key else "name"
        problems[field_] = f"Another party is already called “{clash[1]}” ({clash[0]})"
    short = data.short_name.strip() if isinstance(data.short_name, str) else ""
    if short and "short_name" not in problems:
        # Charts and tables label parties by short name: two alike would be one party there.
        taken = con.execute("SELECT name FROM party WHERE lower(trim(short_name)) = lower(?) "
                            "AND id != ? ORDER BY id LIMIT 1",
                            (short, party_id or -1)).fetchone()
        if taken is not None:
            problems["short_name"] = f"“{taken[0]}” already has the short name “{short}”"
    if data.parent_id is not None:
        if lookup(con, "party", data.parent_id) is None:
            problems["parent_id"] = "Unknown parent party"
        elif party_id is not None and _is_ancestor(con, party_id, data.parent_id):
            problems["parent_id"] = "A party cannot belong to itself or to one of its own members"
    return problems


def _is_ancestor(con: sqlite3.Connection, ancestor: int, node: int | None) -> bool:
    seen: set[int] = set()
    while node is not None and node not in seen:
        if node == ancestor:
            return True
        seen.add(node)
        parent = lookup(con, "party", node)
        node = parent.parent_id if parent else None
    return False


def check_issue(s: Session | sqlite3.Connection, data: IssueInput, issue_id: int | None = None
                ) -> dict[str, str]:
    problems: dict[str, str] = {}
    if msg := key_problem(data.key):
        problems["key"] = msg
    if msg := text_problem(data.name, "Name", required=True, limit=160):
        problems["name"] = msg
    if msg := text_problem(data.description, "Description", required=False, limit=5000):
        problems["description"] = msg
    clash = sql_connection(s).execute("SELECT name FROM issue WHERE key = ? AND id != ? ORDER BY id LIMIT 1",
                            (data.key, issue_id or -1)).fetchone()
    if clash is not None:
        problems["key"] = f"Issue key “{data.key}” is already used by “{clash[0]}”"
    if len(data.levels) < 2:
        problems["levels"] = "A stance scale needs at least two levels"
    values = [lv.value for lv in data.levels]
    if len(set(values)) != len(values):
        problems["levels"] = "Two levels have the same value"
    labels = [lv.label.strip().casefold() for lv in data.levels]
    if len(set(labels)) != len(labels):
        problems["levels"] = "Two levels have the same label"
    for i, lv in enumerate(data.levels, start=1):
        if msg := text_problem(lv.label, f"Level {i} label", required=True, limit=60):
            problems["levels"] = msg
        elif msg := text_problem(lv.description, f"Level {i} description", required=False,
                                 limit=2000):
            problems["levels"] = msg
        elif msg := _cues_problem(getattr(lv, "cues", []), i):
            problems["levels"] = msg
        if isinstance(lv.value, bool) or not isinstance(lv.value, int):
            problems["levels"] = f"Level {i} value must be a whole number"
    return problems


def check_event(s: Session | sqlite3.Connection, data: EventInput, event_id: int | None = None
                ) -> dict[str, str]:
    problems: dict[str, str] = {}
    if msg := key_problem(data.key):
        problems["key"] = msg
    elif sql_connection(s).execute("SELECT 1 FROM event WHERE key = ? AND id != ?",
                         (data.key, event_id or -1)).fetchone():
        problems["key"] = f"Event key “{data.key}” is already used"
    if msg := text_problem(data.label, "Label", required=True, limit=80):
        problems["label"] = msg
    if msg := text_problem(data.description, "Description", required=False, limit=5000):
        problems["description"] = msg
    try:
        parse_date(data.date)
    except ValueError as exc:
        problems["date"] = str(exc)
    return problems


def party_problems(db: Database, data: PartyInput, party_id: int | None = None
                   ) -> dict[str, str]:
    with db.read() as con:
        return check_party(con, data, party_id)


def issue_problems(db: Database, data: IssueInput, issue_id: int | None = None
                   ) -> dict[str, str]:
    with db.read() as con:
        return check_issue(con, data, issue_id)


def event_problems(db: Database, data: EventInput, event_id: int | None = None
                   ) -> dict[str, str]:
    with db.read() as con:
        return check_event(con, data, event_id)
