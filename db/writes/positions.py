"""Creating, editing, deleting and restoring positions (with their conditions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlmodel import Session, col, select

from db.errors import ValidationError
from db.model.changes import Changes
from db.model.inputs import ConditionInput, PositionInput
from db.model.tables import Condition, Position, utcnow
from db.model.validation import check_position, parse_date
from db.storage.database import Database
from db.writes.rows import get_existing


@dataclass(frozen=True)
class PositionSnapshot:
    """Everything needed to put a deleted position back exactly as it was."""

    id: int
    data: PositionInput
    seed_key: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


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
        session.add(
            Condition(
                position_id=position_id,
                party_id=cond.party_id,
                issue_id=cond.issue_id,
                level_id=cond.level_id,
                text=cond.text.strip(),
            )
        )


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
) -> int:
    """Validate and add a position inside an open write session; returns its id."""
    validate(session, data)
    now = utcnow()
    row = Position(id=id, seed_key=seed_key, created_at=created_at or now,
                   updated_at=updated_at or now)  # type: ignore[call-arg]
    _apply(row, data)
    session.add(row)
    session.flush()
    assert row.id is not None
    _write_conditions(session, row.id, data.conditions)
    return row.id


def create_position(db: Database, data: PositionInput, *, id: int | None = None) -> int:
    """Add one position (one transaction). `id` re-creates a position under its old id (redo)."""
    with db.write() as s:
        return insert_position(s, data, id=id)


def update_position(db: Database, position_id: int, data: PositionInput) -> Changes:
    with db.write() as s:
        row = get_existing(s, Position, position_id, "Position")
        validate(s, data)
        _apply(row, data)
        row.updated_at = utcnow()
        s.add(row)
        _write_conditions(s, position_id, data.conditions)
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
        )
        for i in ids
    ]


def delete_positions(db: Database, ids: list[int]) -> list[PositionSnapshot]:
    """Delete positions in one transaction; returns snapshots that `restore_positions` undoes."""
    with db.write() as s:
        snaps = _snapshots(s, list(ids))
        for row in s.exec(select(Position).where(col(Position.id).in_(ids))):
            s.delete(row)
    return snaps


def restore_positions(db: Database, snapshots: list[PositionSnapshot]) -> Changes:
    """Put deleted positions back under their old ids and timestamps (undo of a delete)."""
    with db.write() as s:
        for snap in snapshots:
            insert_position(
                s,
                replace(snap.data, conditions=list(snap.data.conditions)),
                id=snap.id,
                seed_key=snap.seed_key,
                created_at=snap.created_at,
                updated_at=snap.updated_at,
            )
    return Changes.of("position", ids=[snap.id for snap in snapshots])
