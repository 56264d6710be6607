"""The codebook: parties, issues with their ordered stance scales, and dated events."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from db.errors import InUseError, ValidationError
from db.model.changes import Changes
from db.model.inputs import (
    EventInput,
    IssueInput,
    LevelInput,
    PartyInput,
    clean_aliases,
    parse_aliases,
)
from db.model.tables import Condition, Event, Issue, Party, Position, StanceLevel
from db.model.validation import parse_date
from db.reads.codebook_checks import check_event, check_issue, check_party
from db.storage.database import Database
from db.writes.rows import get_existing


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- parties


def _party_fields(row: Party, data: PartyInput) -> None:
    row.key, row.name, row.short_name = data.key, data.name.strip(), data.short_name.strip()
    row.colour, row.description, row.parent_id = data.colour, data.description, data.parent_id
    row.aliases = json.dumps(clean_aliases(data.aliases), ensure_ascii=False)


def insert_party(s: Session, data: PartyInput, *, id: int | None = None) -> int:
    if problems := check_party(s, data):
        raise ValidationError(problems)
    row = Party(id=id, key=data.key, name=data.name)
    _party_fields(row, data)
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def _party_input(row: Party) -> PartyInput:
    return PartyInput(row.key, row.name, row.short_name, row.colour, row.description,
                      row.parent_id, parse_aliases(row.aliases))


def create_party(db: Database, data: PartyInput, *, id: int | None = None) -> int:
    with db.write() as s:
        return insert_party(s, data, id=id)


def update_party(db: Database, party_id: int, data: PartyInput) -> Changes:
    with db.write() as s:
        row = get_existing(s, Party, party_id, "Party")
        if problems := check_party(s, data, party_id):
            raise ValidationError(problems)
        _party_fields(row, data)
        s.add(row)
    return Changes.of("party", ids=[party_id])


def party_usage(s: Session, party_id: int) -> int:
    positions = s.exec(select(func.count()).where(Position.party_id == party_id)).one()
    conditions = s.exec(select(func.count()).where(Condition.party_id == party_id)).one()
    return positions + conditions


def delete_party(db: Database, party_id: int) -> PartyInput:
    """Delete an unused party; refused with the number of records that use it."""
    with db.write() as s:
        row = get_existing(s, Party, party_id, "Party")
        if used := party_usage(s, party_id):
            raise InUseError(f"“{row.name}” is used by {_plural(used, 'record')}; merge it into "
                             "another party instead", used)
        children = s.exec(select(func.count()).where(Party.parent_id == party_id)).one()
        if children:
            raise InUseError(f"“{row.name}” has {_plural(children, 'member party')}; "
                             "move them first", children)
        snap = _party_input(row)
        s.delete(row)
    return snap


@dataclass(frozen=True)
class MergeSnapshot:
    """What a merge moved, so undo can move it back and recreate the merged-away entry."""

    removed_id: int
    removed: PartyInput | LevelInput
    into_id: int
    position_ids: tuple[int, ...]
    condition_ids: tuple[int, ...]
    child_ids: tuple[int, ...] = ()


def merge_party(db: Database, party_id: int, into_id: int) -> MergeSnapshot:
    """Move every record of `party_id` to `into_id`, then delete `party_id`."""
    if party_id == into_id:
        raise ValidationError("A party cannot be merged into itself")
    with db.write() as s:
        row, into = s.get(Party, party_id), s.get(Party, into_id)
        if row is None or into is None:
            raise ValidationError("The party to merge no longer exists")
        pos = s.exec(select(Position).where(Position.party_id == party_id)).all()
        conds = s.exec(select(Condition).where(Condition.party_id == party_id)).all()
        kids = s.exec(select(Party).where(Party.parent_id == party_id)).all()
        for r in pos:
            r.party_id = into_id
        for c in conds:
            c.party_id = into_id
        for k in kids:
            k.parent_id = into_id if into_id != k.id else None
        snap = MergeSnapshot(party_id, _party_input(row), into_id,
                             tuple(r.id for r in pos), tuple(c.id for c in conds),  # type: ignore[misc]
                             tuple(k.id for k in kids))  # type: ignore[misc]
        s.flush()
        s.delete(row)
    return snap


def unmerge_party(db: Database, snap: MergeSnapshot) -> Changes:
    assert isinstance(snap.removed, PartyInput)
    with db.write() as s:
        insert_party(s, snap.removed, id=snap.removed_id)
        _repoint(s, Position, snap.position_ids, "party_id", snap.removed_id)
        _repoint(s, Condition, snap.condition_ids, "party_id", snap.removed_id)
        _repoint(s, Party, snap.child_ids, "parent_id", snap.removed_id)
    return Changes.of("party", "position")


def _repoint(s: Session, model: type, ids: tuple[int, ...], attr: str, value: int) -> None:
    if ids:
        for r in s.exec(select(model).where(col(model.id).in_(ids))):  # type: ignore[attr-defined]
            setattr(r, attr, value)


# ---------------------------------------------------------------- issues and levels


def _cues_json(level: LevelInput) -> str:
    """A level's cue phrases as stored: cleaned like aliases (stripped, no repeats)."""
    return json.dumps(clean_aliases(level.cues), ensure_ascii=False)


def insert_issue(s: Session, data: IssueInput, *, id: int | None = None) -> int:
    if problems := check_issue(s, data):
        raise ValidationError(problems)
    row = Issue(id=id, key=data.key, name=data.name.strip(), description=data.description,
                sort_order=data.sort_order)
    s.add(row)
    s.flush()
    assert row.id is not None
    for lv in data.levels:
        s.add(StanceLevel(id=lv.id, issue_id=row.id, value=lv.value, label=lv.label.strip(),
                          description=lv.description, cues=_cues_json(lv)))
    s.flush()
    return row.id


def create_issue(db: Database, data: IssueInput, *, id: int | None = None) -> int:
    with db.write() as s:
        return insert_issue(s, data, id=id)


def _issue_input(s: Session, issue_id: int) -> IssueInput:
    row = get_existing(s, Issue, issue_id, "Issue")
    levels = s.exec(select(StanceLevel).where(StanceLevel.issue_id == issue_id)
                    .order_by(col(StanceLevel.value))).all()
    return IssueInput(row.key, row.name, row.description,
                      [LevelInput(lv.value, lv.label, lv.description, lv.id, parse_aliases(lv.cues))
                       for lv in levels],
                      row.sort_order)


def level_usage(s: Session, level_id: int) -> int:
    return (s.exec(select(func.count()).where(Position.level_id == level_id)).one()
            + s.exec(select(func.count()).where(Condition.level_id == level_id)).one())


def update_issue(db: Database, issue_id: int, data: IssueInput) -> Changes:
    """Rename/describe an issue and set its scale: levels with an id are updated (so they can
    be renamed or reordered), levels without one are added, levels left out are removed —
    refused if records use them."""
    with db.write() as s:
        row = get_existing(s, Issue, issue_id, "Issue")
        if problems := check_issue(s, data, issue_id):
            raise ValidationError(problems)
        row.key, row.name, row.description = data.key, data.name.strip(), data.description
        row.sort_order = data.sort_order
        current = {lv.id: lv for lv in s.exec(select(StanceLevel)
                                             .where(StanceLevel.issue_id == issue_id))}
        keep = {lv.id for lv in data.levels if lv.id is not None}
        for lid, lv in current.items():
            if lid not in keep:
                if used := level_usage(s, lid):  # type: ignore[arg-type]
                    raise InUseError(f"Level “{lv.label}” is used by {_plural(used, 'record')}; "
                                     "merge it into another level instead", used)
                s.delete(lv)
        # Park values out of the way first: a reorder swaps values that must stay unique.
        for n, lv in enumerate(current.values()):
            lv.value = -1_000_000 - n
        s.flush()
        for lv_in in data.levels:
            existing = current.get(lv_in.id) if lv_in.id is not None else None
            if existing is not None and lv_in.id in keep:
                existing.value, existing.label = lv_in.value, lv_in.label.strip()
                existing.description = lv_in.description
                existing.cues = _cues_json(lv_in)
            else:
                s.add(StanceLevel(id=lv_in.id, issue_id=issue_id, value=lv_in.value,
                                  label=lv_in.label.strip(), description=lv_in.description,
                                  cues=_cues_json(lv_in)))
        s.flush()
    return Changes.of("issue", "position", ids=[issue_id])


def delete_issue(db: Database, issue_id: int) -> IssueInput:
    with db.write() as s:
        row = get_existing(s, Issue, issue_id, "Issue")
        used = (s.exec(select(func.count()).where(Position.issue_id == issue_id)).one()
                + s.exec(select(func.count()).where(Condition.issue_id == issue_id)).one())
        if used:
            raise InUseError(f"“{row.name}” is used by {_plural(used, 'record')}", used)
        snap = _issue_input(s, issue_id)
        s.delete(row)
    return snap


def merge_level(db: Database, level_id: int, into_id: int) -> MergeSnapshot:
    """Move every record coded at `level_id` to `into_id` (same issue), then delete it."""
    with db.write() as s:
        lv, into = s.get(StanceLevel, level_id), s.get(StanceLevel, into_id)
        if lv is None or into is None or level_id == into_id:
            raise ValidationError("Choose another level of the same issue to merge into")
        if lv.issue_id != into.issue_id:
            raise ValidationError("Levels can only be merged within one issue")
        pos = s.exec(select(Position).where(Position.level_id == level_id)).all()
        conds = s.exec(select(Condition).where(Condition.level_id == level_id)).all()
        for r in pos:
            r.level_id = into_id
        for c in conds:
            c.level_id = into_id
        snap = MergeSnapshot(level_id, LevelInput(lv.value, lv.label, lv.description, lv.id,
                                                     parse_aliases(lv.cues)),
                             into_id, tuple(r.id for r in pos),  # type: ignore[misc]
                             tuple(c.id for c in conds))  # type: ignore[misc]
        issue_id = lv.issue_id
        s.flush()
        s.delete(lv)
    object.__setattr__(snap, "child_ids", (issue_id,))
    return snap


def unmerge_level(db: Database, snap: MergeSnapshot) -> Changes:
    assert isinstance(snap.removed, LevelInput)
    lv = snap.removed
    with db.write() as s:
        s.add(StanceLevel(id=snap.removed_id, issue_id=snap.child_ids[0], value=lv.value,
                          label=lv.label, description=lv.description, cues=_cues_json(lv)))
        s.flush()
        _repoint(s, Position, snap.position_ids, "level_id", snap.removed_id)
        _repoint(s, Condition, snap.condition_ids, "level_id", snap.removed_id)
    return Changes.of("issue", "position")


# ---------------------------------------------------------------- events


def insert_event(s: Session, data: EventInput, *, id: int | None = None) -> int:
    if problems := check_event(s, data):
        raise ValidationError(problems)
    row = Event(id=id, key=data.key, date=parse_date(data.date), label=data.label.strip(),
                description=data.description)
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def _event_input(row: Event) -> EventInput:
    return EventInput(row.key, row.date, row.label, row.description)


def create_event(db: Database, data: EventInput, *, id: int | None = None) -> int:
    with db.write() as s:
        return insert_event(s, data, id=id)


def update_event(db: Database, event_id: int, data: EventInput) -> Changes:
    with db.write() as s:
        row = get_existing(s, Event, event_id, "Event")
        if problems := check_event(s, data, event_id):
            raise ValidationError(problems)
        row.key, row.date, row.label = data.key, parse_date(data.date), data.label.strip()
        row.description = data.description
    return Changes.of("event", ids=[event_id])


def delete_event(db: Database, event_id: int) -> EventInput:
    with db.write() as s:
        row = get_existing(s, Event, event_id, "Event")
        snap = _event_input(row)
        s.delete(row)
    return snap
