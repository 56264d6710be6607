"""Who coded what: the coders, a record's change history, and a position's fields as words
(the conflict dialog and the history show "Russia", not party 3)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any, NamedTuple

from db.model.inputs import PositionInput
from db.storage.database import Database
from db.storage.identity import shown

# A position's editable fields in the order its form shows them, with their labels.
POSITION_FIELDS: dict[str, str] = {
    "party_id": "Party", "issue_id": "Issue", "level_id": "Stance", "stated_on": "Date",
    "date_precision": "Date precision", "status": "Status", "attributed_to": "Attributed to",
    "attribution_kind": "Attribution kind", "source_id": "Source", "quote": "Quote",
    "quote_start": "Quote start", "quote_end": "Quote end", "confidence": "Confidence",
    "notes": "Notes", "conditions": "Conditions",
}
SOURCE_FIELDS: dict[str, str] = {"title": "Title", "outlet": "Outlet", "author": "Author",
                                 "published": "Published", "url": "Address",
                                 "blind": "Blind coding"}


class HistoryRow(NamedTuple):
    at: str  # YYYY-MM-DD HH:MM:SS, UTC
    changed_by: str
    action: str
    version: int
    changes: dict[str, list[Any]]  # field → [old, new]


def coders(db: Database) -> list[str]:
    """Everyone who created a position ('' for records older than authors), by name."""
    with db.read() as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT created_by FROM position ORDER BY created_by")]


def record_history(db: Database, table: str, record_id: int) -> list[HistoryRow]:
    """Who changed the record, what and when, oldest first."""
    with db.read() as con:
        rows = con.execute(
            "SELECT at, changed_by, action, version, changes FROM record_history "
            "WHERE table_name = ? AND record_id = ? ORDER BY id", (table, record_id)).fetchall()
    out = []
    for at, by, action, version, changes in rows:
        try:
            parsed = json.loads(changes)
        except ValueError:
            parsed = {}
        out.append(HistoryRow(str(at)[:19], shown(by), action, version,
                              parsed if isinstance(parsed, dict) else {}))
    return out


class _Names:
    """Names of the codebook entries and sources a position's ids point at, read once."""

    def __init__(self, db: Database):
        with db.read() as con:
            self.party = dict(con.execute("SELECT id, name FROM party").fetchall())
            self.issue = dict(con.execute("SELECT id, name FROM issue").fetchall())
            self.level = {r[0]: f"{r[1]} ({r[2]})" for r in con.execute(
                "SELECT id, label, value FROM stance_level")}
            self.source: dict[int, str] = {}
            self._con_db = db

    def source_title(self, source_id: int) -> str:
        if source_id not in self.source:
            with self._con_db.read() as con:
                row = con.execute("SELECT title FROM source WHERE id = ?", (source_id,)).fetchone()
            self.source[source_id] = row[0] if row else f"source {source_id} (deleted)"
        return self.source[source_id]


def _text(names: _Names, field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    lookups = {"party_id": names.party, "issue_id": names.issue, "level_id": names.level}
    if field in lookups:
        return lookups[field].get(value, f"{field[:-3]} {value} (deleted)")
    if field == "source_id":
        return names.source_title(value)
    if field == "conditions":
        return "; ".join(_condition(names, c) for c in value) or "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _condition(names: _Names, c: Any) -> str:
    c = c if isinstance(c, dict) else asdict(c)
    parts = [names.party.get(c.get("party_id"), ""), names.issue.get(c.get("issue_id"), ""),
             names.level.get(c.get("level_id"), ""), c.get("text") or ""]
    return " · ".join(p for p in parts if p) or "(empty condition)"


def position_texts(db: Database, data: PositionInput) -> dict[str, str]:
    """Each editable field of `data` as the user reads it, keyed as POSITION_FIELDS."""
    names = _Names(db)
    values = asdict(data)
    return {f: _text(names, f, values.get(f)) for f in POSITION_FIELDS}


def history_texts(db: Database, table: str, changes: dict[str, list[Any]]
                  ) -> list[tuple[str, str, str]]:
    """A history row's changes as (field label, old, new) in words."""
    names = _Names(db)
    labels = POSITION_FIELDS if table == "position" else SOURCE_FIELDS
    out = []
    for field in [*(f for f in labels if f in changes), *(f for f in changes if f not in labels)]:
        old, new = (changes[field] + [None, None])[:2]
        out.append((labels.get(field, field), _text(names, field, old), _text(names, field, new)))
    return out
