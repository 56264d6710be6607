"""Creating, editing, deleting and restoring positions (with their conditions).

Every UPDATE and DELETE names the version it expects in its WHERE clause (optimistic
concurrency, issue 14): when another analyst or program changed or deleted the record since
it was read, the write is refused with ConflictError carrying their version, and nothing
changes. Each write keeps who made it (`Database.user`) and adds its history row in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from dataclasses import fields as dataclass_fields
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from db.errors import ConflictError, ValidationError
from db.model.changes import Changes
from db.model.inputs import ConditionInput, PositionInput
from db.model.tables import Condition, Position, utcnow
from db.model.validation import check_position, parse_date
from db.storage.database import Database
from db.writes import history
from db.writes.rows import get_existing


@dataclass(frozen=True)
class PositionSnapshot:
    """Everything needed to put a deleted position back exactly as it was."""

    id: int
    data: PositionInput
    seed_key: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    created_by: str = ""
    updated_by: str = ""
    version: int = 1


_FIELD_NAMES = tuple(f.name for f in dataclass_fields(PositionInput))


def fields(data: PositionInput) -> dict[str, Any]:
    """A position's editable fields as plain values (what the history compares)."""
    if type(data.conditions) is list and all(type(c) is ConditionInput for c in data.conditions):
        # asdict's result, built directly (its deep copy was a fifth of a bulk import's
        # time): the fields in order, each condition as a dict of its four fields.
        out = {name: getattr(data, name) for name in _FIELD_NAMES}
        out["conditions"] = [{"party_id": c.party_id, "issue_id": c.issue_id,
                              "level_id": c.level_id, "text": c.text} for c in data.conditions]
    else:
        out = asdict(data)
    out["stated_on"] = parse_date(data.stated_on).isoformat() if data.stated_on else None
    return out


def _apply(row: Position, data: PositionInput) -> None:
    row.party_id = data.party_id  # type: ignore[assignment]
    row.issue_id = data.issue_id  # type: ignore[assignment]
    row.level_id = data.level_id  # type: ignore[assignment]
    row.stated_on = parse_date(data.stated_on)
    row.date_precision = data.date_precision
    row.status = data.status
    row.attributed_to = data.attributed_to.strip()
    row.attribution_kind = data.attribution_kind
    row.source_id = data.source_id  # type: ignore[assignment]
    row.quote = data.quote
    row.quote_start = data.quote_start  # type: ignore[assignment]
    row.quote_end = data.quote_end  # type: ignore[assignment]
    row.confidence = float(data.confidence)
    row.notes = data.notes


def _write_conditions(session: Session, position_id: int, conditions: list[ConditionInput]) -> None:
    for old in session.exec(select(Condition).where(Condition.position_id == position_id)):
        session.delete(old)
    session.flush()
    for cond in conditions:
        session.add(Condition(**condition_values(position_id, cond)))


def validate(session: Session, data: PositionInput) -> None:
    problems = check_position(session, data)
    if problems:
        raise ValidationError(problems)


def insert_position(
    session: Session,
    data: PositionInput,
    *,
    id: int | None = None,
    seed_key: str | None = None,
    created_at: dt.datetime | None = None,
    updated_at: dt.datetime | None = None,
    user: str | None = None,
    created_by: str | None = None,
    updated_by: str | None = None,
    version: int = 1,
    action: str = "create",
) -> int:
    """Validate and add a position inside an open write session; returns its id. `user`
    (who is writing) is its author unless `created_by`/`updated_by` say otherwise (an
    import keeps the file's); with no user (the example data) no history row is written."""
    validate(session, data)
    row = Position(**new_position_values(data, id=id, seed_key=seed_key, created_at=created_at,
                                         updated_at=updated_at, user=user,
                                         created_by=created_by, updated_by=updated_by,
                                         version=version))
    session.add(row)
    session.flush()
    assert row.id is not None
    _write_conditions(session, row.id, data.conditions)
    if user is not None:
        history.record(session, "position", row.id, action, user, version, None, fields(data))
    return row.id


def new_position_values(data: PositionInput, *, id: int | None, seed_key: str | None = None,
                        created_at: dt.datetime | None = None,
                        updated_at: dt.datetime | None = None, user: str | None = None,
                        created_by: str | None = None, updated_by: str | None = None,
                        version: int = 1) -> dict[str, Any]:
    """The columns of a new position row from checked `data`: what insert_position writes,
    and what a bulk import (db.exchange.bulk_import) writes a batch at a time."""
    now = utcnow()
    author = user or ""
    return {"id": id, "seed_key": seed_key, "created_at": created_at or now,
            "updated_at": updated_at or now,
            "created_by": author if created_by is None else created_by,
            "updated_by": author if updated_by is None else updated_by, "version": version,
            "party_id": data.party_id, "issue_id": data.issue_id, "level_id": data.level_id,
            "stated_on": parse_date(data.stated_on), "date_precision": data.date_precision,
            "status": data.status, "attributed_to": data.attributed_to.strip(),
            "attribution_kind": data.attribution_kind, "source_id": data.source_id,
            "quote": data.quote, "quote_start": data.quote_start, "quote_end": data.quote_end,
            "confidence": float(data.confidence), "notes": data.notes}


def condition_values(position_id: int, cond: ConditionInput) -> dict[str, Any]:
    """The columns of one condition row of a position."""
    return {"position_id": position_id, "party_id": cond.party_id, "issue_id": cond.issue_id,
            "level_id": cond.level_id, "text": cond.text.strip()}


def create_position(db: Database, data: PositionInput, *, id: int | None = None) -> int:
    """Add one position (one transaction). `id` re-creates a position under its old id (redo)."""
    with db.write() as s:
        return insert_position(s, data, id=id, user=db.user)


def _conditions(s: Session, position_id: int) -> list[Condition]:
    return list(s.exec(select(Condition).where(Condition.position_id == position_id)
                       .order_by(col(Condition.id))))


def _conflict(s: Session, position_id: int) -> ConflictError:
    """The refusal of a write made on a stale copy, with the record as it is now."""
    s.expire_all()
    row = s.get(Position, position_id)
    if row is None:
        return ConflictError("Position", position_id, None, None)
    return ConflictError("Position", position_id, _input_from_row(row, _conditions(s, position_id)),
                         row.version, row.updated_by, _when(row.updated_at))


def _when(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") + " UTC" if at else ""


def save_position(db: Database, position_id: int, data: PositionInput,
                  expected_version: int | None = None) -> int:
    """Write `data` over the position if it is still at `expected_version` (None: whatever it
    is now); returns its new version. Refused with ConflictError when someone else changed
    or deleted it since, and with ValidationError when `data` is not valid."""
    with db.write() as s:
        if expected_version is not None and s.get(Position, position_id) is None:
            raise ConflictError("Position", position_id, None, None)  # deleted since
        row = get_existing(s, Position, position_id, "Position")
        expected = row.version if expected_version is None else expected_version
        old = fields(_input_from_row(row, _conditions(s, position_id)))
        validate(s, data)
        # The check and the write are one statement: no other writer can slip in between.
        done = s.execute(update(Position).where(col(Position.id) == position_id,
                                                col(Position.version) == expected)
                         .values(version=expected + 1))
        if done.rowcount != 1:
            raise _conflict(s, position_id)
        row.version = expected + 1
        _apply(row, data)
        row.updated_at = utcnow()
        row.updated_by = db.user
        s.add(row)
        _write_conditions(s, position_id, data.conditions)
        history.record(s, "position", position_id, "update", db.user, expected + 1, old,
                       fields(data))
    return expected + 1


def update_position(db: Database, position_id: int, data: PositionInput,
                    expected_version: int | None = None) -> Changes:
    save_position(db, position_id, data, expected_version)
    return Changes.of("position", ids=[position_id])


def _input_from_row(row: Position, conditions: list[Condition]) -> PositionInput:
    return PositionInput(
        party_id=row.party_id,
        issue_id=row.issue_id,
        level_id=row.level_id,
        stated_on=row.stated_on,
        date_precision=row.date_precision,
        status=row.status,
        attributed_to=row.attributed_to,
        attribution_kind=row.attribution_kind,
        source_id=row.source_id,
        quote=row.quote,
        quote_start=row.quote_start,
        quote_end=row.quote_end,
        confidence=row.confidence,
        notes=row.notes,
        conditions=[
            ConditionInput(c.party_id, c.issue_id, c.level_id, c.text) for c in conditions
        ],
    )


def snapshot_positions(db: Database, ids: list[int]) -> list[PositionSnapshot]:
    with db.session() as s:
        return _snapshots(s, ids)


def _snapshots(s: Session, ids: list[int]) -> list[PositionSnapshot]:
    rows = s.exec(select(Position).where(col(Position.id).in_(ids))).all()
    found = {r.id: r for r in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(f"Position {missing[0]} no longer exists")
    conds: dict[int, list[Condition]] = {i: [] for i in ids}
    for c in s.exec(
        select(Condition).where(col(Condition.position_id).in_(ids)).order_by(col(Condition.id))
    ):
        conds[c.position_id].append(c)
    return [
        PositionSnapshot(
            id=i,
            data=_input_from_row(found[i], conds[i]),
            seed_key=found[i].seed_key,
            created_at=found[i].created_at,
            updated_at=found[i].updated_at,
            created_by=found[i].created_by,
            updated_by=found[i].updated_by,
            version=found[i].version,
        )
        for i in ids
    ]


def delete_positions(db: Database, ids: list[int],
                     expected: dict[int, int] | None = None) -> list[PositionSnapshot]:
    """Delete positions in one transaction; returns snapshots that `restore_positions` undoes.
    `expected` maps an id to the version the caller saw: a position changed since is not
    deleted (ConflictError, and none of them is)."""
    expected = expected or {}
    with db.write() as s:
        snaps = _snapshots(s, list(ids))
        for snap in snaps:
            version = expected.get(snap.id, snap.version)
            done = s.execute(delete(Position).where(col(Position.id) == snap.id,
                                                    col(Position.version) == version))
            if done.rowcount != 1:
                raise _conflict(s, snap.id)
            history.record(s, "position", snap.id, "delete", db.user, version,
                           fields(snap.data), None)
    return snaps


def restored_version(snap: PositionSnapshot) -> int:
    """The version a position put back by `restore_positions` has: the deleted one's, as the
    record is exactly as it was (a copy read before the delete holds nothing newer)."""
    return snap.version


def restore_positions(db: Database, snapshots: list[PositionSnapshot]) -> Changes:
    """Put deleted positions back under their old ids, authors and timestamps (undo of a
    delete)."""
    with db.write() as s:
        for snap in snapshots:
            insert_position(
                s,
                replace(snap.data, conditions=list(snap.data.conditions)),
                id=snap.id,
                seed_key=snap.seed_key,
                created_at=snap.created_at,
                updated_at=snap.updated_at,
                user=db.user,
                created_by=snap.created_by,
                updated_by=snap.updated_by,
                version=restored_version(snap),
                action="restore",
            )
    return Changes.of("position", ids=[snap.id for snap in snapshots])
