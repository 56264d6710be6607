from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from db.errors import ValidationError
from db.model.inputs import PositionInput
from db.model.validation import check_position
from db.reads import queries
from db.reads.record_inputs import position_input
from db.writes.positions import create_position, update_position

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


@pytest.fixture
def valid(seeded_db) -> PositionInput:  # type: ignore[no-untyped-def]
    row = queries.position_rows(seeded_db)[0]
    return position_input(seeded_db, row.id)


def problems(db, data: PositionInput) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return check_position(s, data)


def test_a_seeded_record_is_valid(seeded_db, valid) -> None:  # type: ignore[no-untyped-def]
    assert problems(seeded_db, valid) == {}


def test_level_from_another_issue_is_named(seeded_db, valid) -> None:  # type: ignore[no-untyped-def]
    other = next(i for i in queries.issues(seeded_db) if i.id != valid.issue_id)
    bad = replace(valid, level_id=other.levels[0].id)
    msg = problems(seeded_db, bad)["level_id"]
    assert other.levels[0].label in msg and other.name in msg


def test_quote_must_equal_the_source_at_its_offsets(seeded_db, valid) -> None:  # type: ignore[no-untyped-def]
    shifted = replace(valid, quote_start=valid.quote_start + 1, quote_end=valid.quote_end + 1)
    assert "not at" in problems(seeded_db, shifted)["quote"]
    invented = replace(valid, quote="Nobody ever said this sentence.",
                       quote_end=valid.quote_start + 31)
    assert "does not appear" in problems(seeded_db, invented)["quote"]
    outside = replace(valid, quote_start=10**7, quote_end=10**7 + 5)
    assert "outside" in problems(seeded_db, outside)["quote"]


@pytest.mark.parametrize("value", ["2025-02-30", "yesterday", "", "1066-10-14", "2999-01-01"])
def test_dates_must_be_real_and_in_range(seeded_db, valid, value) -> None:  # type: ignore[no-untyped-def]
    assert "stated_on" in problems(seeded_db, replace(valid, stated_on=value))


def test_required_fields_and_vocabularies(seeded_db, valid) -> None:  # type: ignore[no-untyped-def]
    found = problems(seeded_db, replace(valid, party_id=None, status="mumbles",
                                        attributed_to="  ", attribution_kind="gossip",
                                        confidence=1.5, notes="bell\x07"))
    assert set(found) == {"party_id", "status", "attributed_to", "attribution_kind",
                          "confidence", "notes"}


def test_create_refuses_invalid_and_writes_nothing(seeded_db, valid) -> None:  # type: ignore[no-untyped-def]
    before = queries.counts(seeded_db)
    with pytest.raises(ValidationError) as err:
        create_position(seeded_db, replace(valid, quote="not in the text", quote_end=5))
    assert "quote" in err.value.problems
    assert queries.counts(seeded_db) == before


def test_update_changes_the_record(seeded_db, valid) -> None:  # type: ignore[no-untyped-def]
    row = queries.position_rows(seeded_db)[0]
    update_position(seeded_db, row.id, replace(valid, stated_on=dt.date(2025, 3, 1),
                                                date_precision="month", notes="checked"))
    after = queries.position_row(seeded_db, row.id)
    assert after is not None
    assert (after.stated_on, after.date_precision, after.notes) == (dt.date(2025, 3, 1), "month",
                                                                     "checked")
