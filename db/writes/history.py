"""The change history: one `record_history` row per create, update, delete or restore, written
in the same transaction as the change itself (so a refused or rolled-back write leaves none)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlmodel import Session

from db.model.tables import RecordHistory, utcnow


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field that differs (a create has old None throughout, a
    delete new None)."""
    old, new = old or {}, new or {}
    out: dict[str, list[Any]] = {}
    for key in dict.fromkeys([*old, *new]):
        a, b = _plain(old.get(key)), _plain(new.get(key))
        if a != b:
            out[key] = [a, b]
    return out


def record(s: Session, table: str, record_id: int, action: str, user: str, version: int,
           old: dict[str, Any] | None, new: dict[str, Any] | None,
           at: dt.datetime | None = None) -> None:
    """Add the history row of one change to the open write session."""
    s.add(RecordHistory(**values(table, record_id, action, user, version, old, new, at)))


def values(table: str, record_id: int, action: str, user: str, version: int,
           old: dict[str, Any] | None, new: dict[str, Any] | None,
           at: dt.datetime | None = None) -> dict[str, Any]:
    """The columns of one history row (what `record` adds; a bulk import inserts them a
    batch at a time)."""
    return {"table_name": table, "record_id": record_id, "changed_by": user,
            "at": (at or utcnow()).replace(tzinfo=None), "action": action, "version": version,
            "changes": json.dumps(diff(old, new), ensure_ascii=False, sort_keys=True)}
