"""Hand-built coding data for the team tests: a codebook with a 1-5 scale, one article of
numbered sentences, and positions coded by named analysts through the real write path."""

from __future__ import annotations

import math

from sqlalchemy import text

from db.model.inputs import IssueInput, LevelInput, PartyInput, PositionInput, SourceMeta
from db.reads import queries
from db.storage.database import Database
from db.writes import codebook, positions, sources

SENTENCE = "Sentence {:02d} of the readout. "  # 30 characters each


def article(n: int = 40) -> str:
    return "".join(SENTENCE.format(i) for i in range(n))


def span(unit: int, shift: int = 0, length: int = 20) -> tuple[int, int]:
    start = unit * len(SENTENCE.format(0)) + shift
    return start, start + length


class Desk:
    """A codebook, one or more sources and a way for a named coder to code a span."""

    def __init__(self, db: Database, n_sources: int = 1):
        self.db = db
        self.party = codebook.create_party(db, PartyInput("ru", "Russia"))
        self.other_party = codebook.create_party(db, PartyInput("ua", "Ukraine"))
        self.issue = codebook.create_issue(db, IssueInput(
            "scope", "Ceasefire scope", levels=[LevelInput(v, f"L{v}") for v in range(1, 6)]))
        self.other_issue = codebook.create_issue(db, IssueInput(
            "prisoners", "Prisoners", levels=[LevelInput(v, f"P{v}") for v in range(1, 4)]))
        self.levels = {(lv.issue_id, lv.value): lv.id for i in queries.issues(db)
                       for lv in i.levels}
        self.text = article()
        self.sources = [sources.import_article(db, self.text + f"Copy {n}.",
                                               SourceMeta(f"Readout {n}"))
                        for n in range(n_sources)]

    def code(self, coder: str, unit: int, value: float, *, shift: int = 0, length: int = 20,
             issue: int | None = None, party: int | None = None, source: int = 0) -> int | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        issue = issue or self.issue
        start, end = span(unit, shift, length)
        self.db.user = coder or "nobody"
        new_id = positions.create_position(self.db, PositionInput(
            party_id=party or self.party, issue_id=issue, level_id=self.levels[(issue, int(value))],
            stated_on="2025-03-01", status="demands", attributed_to="Official",
            attribution_kind="official_statement", source_id=self.sources[source],
            quote=self.text[start:end], quote_start=start, quote_end=end))
        if not coder:  # as a record from before authors were kept
            with self.db.write() as s:
                s.execute(text("UPDATE position SET created_by = '', updated_by = '' "
                               "WHERE id = :id"), {"id": new_id})
        return new_id
