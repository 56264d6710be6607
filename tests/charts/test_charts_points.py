"""The timeline's lean read path: the same records as timeline_rows, and the same conflicts."""

from __future__ import annotations

import datetime as dt

from db.reads import analysis, queries, source_reads
from db.reads.queries import PositionFilter

FIELDS = ("id", "party_id", "issue_id", "level_value", "stated_on", "date_precision", "status",
          "confidence", "source_id", "attributed_to")


def _project(rows):  # type: ignore[no-untyped-def]
    return [tuple(getattr(r, f) for f in FIELDS) for r in rows]


def test_timeline_points_match_timeline_rows_under_filters(seeded_db):
    issue = queries.issue_by_key(seeded_db, "ceasefire_scope").id
    ukraine = next(p.id for p in queries.parties(seeded_db) if p.name == "Ukraine")
    source = source_reads.sources(seeded_db)[0].id
    for flt in (None, PositionFilter(party_ids=frozenset({ukraine})),
                PositionFilter(date_from=dt.date(2025, 3, 12)),
                PositionFilter(source_ids=frozenset({source})),
                PositionFilter(text="ceasefire")):
        full = queries.timeline_rows(seeded_db, issue, flt)
        lean = queries.timeline_points(seeded_db, issue, flt)
        assert full and _project(lean) == _project(full)
        assert all(isinstance(p.stated_on, dt.date) for p in lean)
        assert not hasattr(lean[0], "quote")


def test_conflict_groups_on_lean_points_match_full_rows(seeded_db):
    for issue in queries.issues(seeded_db):
        full = analysis.conflict_groups(queries.timeline_rows(seeded_db, issue.id))
        lean = analysis.conflict_groups(queries.timeline_points(seeded_db, issue.id))
        assert ([(g.kind, g.first, g.last, [r.id for r in g.rows]) for g in lean]
                == [(g.kind, g.first, g.last, [r.id for r in g.rows]) for g in full])
    scope = queries.issue_by_key(seeded_db, "ceasefire_scope").id
    assert analysis.conflict_groups(queries.timeline_points(seeded_db, scope))
