"""A suggestion as the position form's input (keys → ids), plain SQL: the reader uses it."""

from __future__ import annotations

from db.model.inputs import ConditionInput, PositionInput
from db.storage.database import Database
from db.suggest.engine import Suggestion


def suggestion_input(db: Database, source_id: int, s: Suggestion) -> PositionInput:
    """What the position form opens with when a suggestion is accepted; the analyst can
    change any of it before saving. A key the codebook no longer has is left empty."""
    with db.read() as con:
        party = dict(con.execute("SELECT key, id FROM party"))
        issue = dict(con.execute("SELECT key, id FROM issue"))
        level = {(i, v): lid for lid, i, v in con.execute(
            "SELECT l.id, i.key, l.value FROM stance_level l JOIN issue i ON i.id = l.issue_id")}
    conditions = [ConditionInput(party.get(c["party"]), issue.get(c["issue"]),
                                 level.get((c["issue"], c["level"])), c["text"])
                  for c in s.conditions]
    return PositionInput(
        party_id=party.get(s.party), issue_id=issue.get(s.issue),
        level_id=level.get((s.issue, s.level)), stated_on=s.stated_on,
        date_precision=s.date_precision, status=s.status, attributed_to=s.attributed_to,
        attribution_kind=s.attribution_kind, source_id=source_id, quote=s.quote,
        quote_start=s.quote_start, quote_end=s.quote_end, confidence=s.confidence,
        notes=f"Suggested: {s.why}"[:2000], conditions=conditions)
