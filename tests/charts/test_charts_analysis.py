"""The matrix and the gap view read stances, not rejections (db.reads.analysis)."""

from __future__ import annotations

import datetime as dt

import pytest

from db.model.vocab import NEGATIVE_STATUSES
from db.reads import analysis, queries

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()

MARCH_18 = dt.date(2025, 3, 18)


def _ids(db):  # type: ignore[no-untyped-def]
    return ({p.name: p.id for p in queries.parties(db)},
            {i.key: i.id for i in queries.issues(db)})


def test_matrix_cells_hold_affirmative_stances_and_note_rejections(seeded_db):
    party, issue = _ids(seeded_db)
    cells = analysis.stance_matrix(seeded_db, MARCH_18)
    assert not [c for c in cells.values() if c.row and c.row.status in NEGATIVE_STATUSES]
    # Russia rejects the full ceasefire on 18 March but offers an energy-only pause: the
    # cell is the offer, the rejection is a note.
    russia = cells[(party["Russia"], issue["ceasefire_scope"])]
    assert russia.row.status not in NEGATIVE_STATUSES
    assert russia.row.level_label in ("Energy infrastructure only", "Energy + infrastructure")
    assert russia.rejected is not None and russia.rejected.status == "rejects"
    # Ukraine only rejects the end of military aid: no stance, the rejection noted.
    aid = cells[(party["Ukraine"], issue["military_aid"])]
    assert aid.row is None and aid.rejected.level_label == "All foreign aid must stop"
    # a stance newer than the last rejection carries no note
    assert cells[(party["Ukraine"], issue["nato_membership"])].rejected is None


def test_gap_series_ignores_rejections(seeded_db):
    party, issue = _ids(seeded_db)
    gaps = analysis.gap_series(seeded_db, party["Russia"], party["Ukraine"])
    scope = gaps[issue["ceasefire_scope"]]
    # Russia's 13 March rejection of the full ceasefire is not a stance: the first gap is
    # on 18 March, when both back an energy-only pause (their most confident accounts) —
    # Russia's offer only if Kyiv stops its own strikes in return: a conditional point,
    # which the gap chart does not draw as the gap closed.
    assert scope == [analysis.GapPoint(MARCH_18, 0.0, conditional=True)]
    # Russia only opposes Western guarantees and Ukraine only opposes ceding the regions:
    # neither issue has two stances to compare.
    assert issue["security_guarantees"] not in gaps and issue["territory"] not in gaps
