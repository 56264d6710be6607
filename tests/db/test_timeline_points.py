"""The chart's lean read of an issue gives the same records, fields and order as the full
rows (its days, texts and confidences are shared between rows: only equal values may be)."""

from __future__ import annotations

import datetime as dt

import pytest

from db.reads import queries
from db.reads.queries import PositionFilter

pytestmark = pytest.mark.engines()


@pytest.mark.parametrize("flt", [None, PositionFilter(text="ceasefire"),
                                 PositionFilter(date_from=dt.date(2025, 3, 1))])
def test_timeline_points_are_the_full_rows_fields(seeded_db, flt) -> None:  # type: ignore[no-untyped-def]
    fields = queries.TimelinePoint._fields
    for issue in queries.issues(seeded_db):
        full = [tuple(getattr(r, f) for f in fields)
                for r in queries.timeline_rows(seeded_db, issue.id, flt)]
        lean = [tuple(r) for r in queries.timeline_points(seeded_db, issue.id, flt)]
        assert lean == full
    assert any(queries.timeline_points(seeded_db, i.id, flt) for i in queries.issues(seeded_db))
