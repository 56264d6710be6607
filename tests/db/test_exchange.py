from __future__ import annotations

import csv
import io
import json

import pytest

from db.errors import ImportDataError
from db.exchange.json_csv import export_csv, export_data, export_json, import_data, parse_payload
from db.reads import queries

# The export, import and their refusals behave the same on a file and on a server database.
pytestmark = pytest.mark.engines()


def test_export_has_the_documented_shape(seeded_db) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(export_json(seeded_db))
    assert data["format_version"] == 1
    assert {"parties", "issues", "sources", "positions", "events"} <= set(data)
    assert all("levels" in i for i in data["issues"])
    assert all("text" in s for s in data["sources"])
    required = {"id", "party", "issue", "level", "level_label", "stated_on", "date_precision",
                "status", "attributed_to", "attribution_kind", "source", "quote", "quote_start",
                "quote_end", "conditions", "confidence", "notes"}
    texts = {s["id"]: s["text"] for s in data["sources"]}
    for p in data["positions"]:
        assert required <= set(p)
        assert texts[p["source"]][p["quote_start"]:p["quote_end"]] == p["quote"]
    assert any(p["conditions"] for p in data["positions"])


def test_round_trip_into_an_empty_database_is_identical(seeded_db, empty_db) -> None:  # type: ignore[no-untyped-def]
    exported = export_data(seeded_db)
    other = empty_db
    import_data(other, parse_payload(json.dumps(exported)))
    assert export_data(other) == exported


def test_csv_has_one_row_per_position_with_spelled_out_sources(seeded_db) -> None:  # type: ignore[no-untyped-def]
    text = export_csv(seeded_db)
    assert text.startswith("\ufeff")  # spreadsheets detect UTF-8 by the BOM
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == queries.counts(seeded_db)["positions"]
    assert all(r["source_title"] and r["source_outlet"] for r in rows)
    assert any("—" in r["conditions"] or r["conditions"] for r in rows)


def _unchanged(db, action) -> str:  # type: ignore[no-untyped-def]
    before = export_json(db)
    with pytest.raises(ImportDataError) as err:
        action()
    assert export_json(db) == before
    return str(err.value)


def test_malformed_json_and_wrong_version_are_refused() -> None:
    with pytest.raises(ImportDataError, match="not valid JSON"):
        parse_payload("{not json")
    with pytest.raises(ImportDataError, match="format_version"):
        parse_payload(json.dumps({"format_version": 99}))
    with pytest.raises(ImportDataError, match="not a Parley export"):
        parse_payload("[]")


def test_unknown_party_leaves_the_database_unchanged(seeded_db, empty_db) -> None:  # type: ignore[no-untyped-def]
    data = export_data(seeded_db)
    other = empty_db
    data["positions"][-1]["party"] = "atlantis"
    msg = _unchanged(other, lambda: import_data(other, data))
    assert "atlantis" in msg
    assert queries.counts(other)["positions"] == 0


def test_duplicates_are_refused_all_or_nothing(seeded_db) -> None:  # type: ignore[no-untyped-def]
    data = export_data(seeded_db)
    msg = _unchanged(seeded_db, lambda: import_data(seeded_db, data))
    assert "duplicates" in msg


def test_a_bad_quote_in_the_middle_rolls_everything_back(seeded_db, empty_db) -> None:  # type: ignore[no-untyped-def]
    data = export_data(seeded_db)
    other = empty_db
    data["positions"][len(data["positions"]) // 2]["quote_start"] += 3
    msg = _unchanged(other, lambda: import_data(other, data))
    assert "quote" in msg.lower()
    assert queries.counts(other) == {"sources": 0, "parties": 0, "issues": 0, "positions": 0,
                                     "events": 0}


def test_import_can_be_taken_back_exactly(seeded_db, empty_db) -> None:  # type: ignore[no-untyped-def]
    from db.exchange.json_csv import remove_import

    exported = export_data(seeded_db)
    other = empty_db
    result = import_data(other, parse_payload(json.dumps(exported)))
    assert result.count("position") == len(exported["positions"])
    remove_import(other, result)
    assert queries.counts(other) == {"sources": 0, "parties": 0, "issues": 0, "positions": 0,
                                     "events": 0}


def test_taking_back_an_import_that_later_records_use_is_refused(seeded_db, empty_db) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from db.errors import ParleyError
    from db.exchange.json_csv import remove_import
    from db.reads.record_inputs import position_input
    from db.writes.positions import create_position

    exported = export_data(seeded_db)
    other = empty_db
    result = import_data(other, parse_payload(json.dumps(exported)))
    row = queries.position_rows(other)[0]
    create_position(other, replace(position_input(other, row.id), attributed_to="Later note"))
    before = export_json(other)
    with pytest.raises(ParleyError, match="delete those first"):
        remove_import(other, result)
    assert export_json(other) == before
