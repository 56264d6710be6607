"""Storing a rejected suggestion, so it is not suggested again for that source."""

from __future__ import annotations

from sqlmodel import select

from db.changes import Changes
from db.database import Database
from db.errors import ValidationError
from db.models import Issue, Party, Source, SuggestionRejection


def reject_suggestion(db: Database, source_id: int, party: str, issue: str, quote_start: int,
                      quote_end: int) -> Changes:
    with db.write() as s:
        if s.get(Source, source_id) is None:
            raise ValidationError(f"There is no source {source_id}")
        p = s.exec(select(Party).where(Party.key == party)).first()
        i = s.exec(select(Issue).where(Issue.key == issue)).first()
        if p is None or i is None:
            raise ValidationError(f"Unknown party “{party}” or issue “{issue}”")
        s.add(SuggestionRejection(source_id=source_id, party_id=p.id, issue_id=i.id,
                                  quote_start=quote_start, quote_end=quote_end))
    return Changes.of("source", ids=[source_id])
