"""Storing a rejected suggestion, so it is not suggested again for that source (and taking
the rejection back, for undo)."""

from __future__ import annotations

from sqlmodel import select

from db.errors import ValidationError
from db.model.changes import Changes
from db.model.tables import Issue, Party, Source, SuggestionRejection
from db.storage.database import Database


def reject_suggestion(db: Database, source_id: int, party: str, issue: str, quote_start: int,
                      quote_end: int, *, id: int | None = None) -> int:
    """Store the rejection; returns its id. `id` re-creates it under its old id (redo)."""
    with db.write() as s:
        if s.get(Source, source_id) is None:
            raise ValidationError(f"There is no source {source_id}")
        p = s.exec(select(Party).where(Party.key == party)).first()
        i = s.exec(select(Issue).where(Issue.key == issue)).first()
        if p is None or i is None:
            raise ValidationError(f"Unknown party “{party}” or issue “{issue}”")
        if not 0 <= quote_start < quote_end:
            raise ValidationError("The suggestion's quote offsets are not a span")
        row = SuggestionRejection(id=id, source_id=source_id, party_id=p.id, issue_id=i.id,
                                  quote_start=quote_start, quote_end=quote_end)
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


def unreject(db: Database, rejection_id: int) -> Changes:
    """Forget a rejection (undo): the suggestion is offered again."""
    with db.write() as s:
        row = s.get(SuggestionRejection, rejection_id)
        if row is None:
            raise ValidationError("That rejection is no longer stored")
        source_id = row.source_id
        s.delete(row)
    return Changes.of("source", ids=[source_id])
