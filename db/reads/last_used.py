"""What the position form offers for the next record from a source: the party, issue and
attribution of the record last saved from it.

Read from the records themselves rather than remembered by the window: the offer is then per
database (source ids of another file mean nothing), survives a relaunch (coding one article
takes more than one sitting), follows undo (an undone record is no longer "the last"), and
needs no settings (QSettings is for window state only). Plain SQL, no ORM: the form is a
screen (see DEVELOPERS.md, "Reads never import the ORM").
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from db.model.inputs import PositionInput
from db.storage.database import Database


class LastUsed(NamedTuple):
    party_id: int
    issue_id: int
    attributed_to: str
    attribution_kind: str


def last_used(db: Database, source_id: int | None) -> LastUsed | None:
    """The choices of the most recently saved (created or edited) record from `source_id`."""
    if source_id is None:
        return None
    with db.read() as con:
        row = con.execute(
            "SELECT party_id, issue_id, attributed_to, attribution_kind FROM position "
            "WHERE source_id = ? ORDER BY updated_at DESC, id DESC LIMIT 1",
            (source_id,)).fetchone()
    return LastUsed(*row) if row else None


def offer_last_used(db: Database, data: PositionInput) -> tuple[PositionInput, bool]:
    """`data` for a new record with the blanks the last record from its source fills; and
    whether anything was filled. What `data` already holds is kept."""
    last = last_used(db, data.source_id)
    if last is None:
        return data, False
    offered = replace(
        data,
        party_id=data.party_id if data.party_id is not None else last.party_id,
        issue_id=data.issue_id if data.issue_id is not None else last.issue_id,
        attributed_to=data.attributed_to or last.attributed_to,
        attribution_kind=data.attribution_kind or last.attribution_kind,
    )
    return offered, offered != data
