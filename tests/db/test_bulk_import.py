"""import-data writes a batch at a time (db.exchange.bulk_import) and still behaves as when
each record was written in turn: ids kept where free and otherwise what the database gives,
the first bad record in file order refused with the database exactly as before, every
record's conditions and history row written, search kept up to date. On both engines."""

from __future__ import annotations

import json
from typing import Any

import pytest

from db.errors import ImportDataError
from db.exchange import bulk_import
from db.exchange.generate import generate
from db.exchange.json_csv import export_data, export_json, import_data
from db.reads import queries
from db.storage.database import Database

pytestmark = pytest.mark.engines()


def _snapshot(db: Database) -> tuple:
    """Everything an import writes: the export, the conditions and the history rows."""
    with db.read() as con:
        stories = con.execute("SELECT table_name, record_id, changed_by, action, version, "
                              "changes FROM record_history ORDER BY table_name, record_id, "
                              "id").fetchall()
        conditions = con.execute("SELECT position_id, party_id, issue_id, level_id, text "
                                 "FROM condition ORDER BY id").fetchall()
    return export_json(db), [tuple(r) for r in stories], [tuple(r) for r in conditions]


def _fresh_positions(data: dict[str, Any], ids: list[Any]) -> list[dict[str, Any]]:
    """Copies of the file's first positions that duplicate nothing (another attribution),
    with these ids (None: no id key)."""
    out = []
    for n, wanted in enumerate(ids):
        p = dict(data["positions"][n], attributed_to=f"Bulk import test {n}")
        p.pop("id")
        if wanted is not None:
            p["id"] = wanted
        out.append(p)
    return out


def test_ids_are_kept_where_free_else_the_database_gives_one(seeded_db, engine) -> None:  # type: ignore[no-untyped-def]
    data = export_data(seeded_db)
    top = max(p["id"] for p in data["positions"])
    wanted = [1, top + 20, top + 1, None, 2, "x", top + 2]
    data["positions"] = _fresh_positions(data, wanted)
    result = import_data(seeded_db, data)
    by_n = {int(p.attributed_to.rsplit(" ", 1)[1]): p.id for p in queries.position_rows(seeded_db)
            if p.attributed_to.startswith("Bulk import test")}
    # 1 and 2 are taken (seed records): such a record takes what an INSERT without an id
    # gets. SQLite gives the largest id + 1, so after top + 20 it counts on from there; a
    # server's sequence counts on from the last id it gave (and a file id it gave already
    # is taken).
    if engine == "sqlite":
        expected = [top + 1, top + 20, top + 21, top + 22, top + 23, top + 24, top + 2]
    else:
        expected = [top + 1, top + 20, top + 2, top + 3, top + 4, top + 5, top + 6]
    assert [by_n[n] for n in range(len(wanted))] == expected
    assert sorted(expected) == list(result.created["position"])
    with seeded_db.read() as con:
        made = {r[0] for r in con.execute("SELECT record_id FROM record_history WHERE "
                                          "table_name = 'position' AND action = 'import'")}
    assert made == set(expected)


def test_a_bad_record_in_a_later_batch_leaves_the_database_exactly_as_before(
        seeded_db, empty_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bulk_import, "BATCH", 40)
    monkeypatch.setattr(bulk_import, "SOURCE_BATCH", 3)
    generate(seeded_db, 8, 300, seed=5)
    data = export_data(seeded_db)
    before = _snapshot(empty_db)
    bad = json.loads(json.dumps(data))
    bad["positions"][250]["quote_start"] += 1
    with pytest.raises(ImportDataError, match=f"Position {bad['positions'][250]['id']}: The "
                                              "quote is in the source at"):
        import_data(empty_db, bad)
    assert _snapshot(empty_db) == before
    # And the whole file, across batches, imports back whole.
    import_data(empty_db, data)
    assert export_data(empty_db) == data


def test_the_first_bad_record_in_file_order_is_the_one_refused(seeded_db, empty_db,  # type: ignore[no-untyped-def]
                                                               monkeypatch) -> None:
    monkeypatch.setattr(bulk_import, "BATCH", 50)
    generate(seeded_db, 4, 200, seed=6)
    data = export_data(seeded_db)
    before = _snapshot(empty_db)
    # In one batch: a record the database checks (its quote), then one wrong in its shape.
    data["positions"][120]["quote_start"] += 1
    del data["positions"][130]["party"]
    first = data["positions"][120]["id"]
    with pytest.raises(ImportDataError, match=f"^Position {first}: The quote"):
        import_data(empty_db, data)
    # The shape of a record before a bad quote: that record is named.
    data["positions"][110]["level_label"] = "Something else"
    with pytest.raises(ImportDataError, match=f"^Position {data['positions'][110]['id']}: "
                                              "level"):
        import_data(empty_db, data)
    assert _snapshot(empty_db) == before


def test_the_same_text_twice_in_one_batch_is_one_source(seeded_db, empty_db) -> None:  # type: ignore[no-untyped-def]
    data = export_data(seeded_db)
    copy = dict(data["sources"][0], id=999_999, title="The same text again")
    data["sources"].insert(1, copy)
    for p in data["positions"][:3]:
        p["source"] = 999_999
    import_data(empty_db, data)
    assert queries.counts(empty_db)["sources"] == len(data["sources"]) - 1
    with empty_db.read() as con:
        first = con.execute("SELECT id FROM source WHERE title = ?",
                            (data["sources"][0]["title"],)).fetchone()[0]
        quoted = {r[0] for r in con.execute("SELECT source_id FROM position WHERE id IN "
                                            "(?, ?, ?)", [p["id"] for p in
                                                          data["positions"][:3]])}
    assert quoted == {first}


@pytest.mark.engines("sqlite")
def test_search_finds_what_a_large_import_brought(seeded_db, empty_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bulk_import, "FTS_REBUILD_AFTER", 30)  # the index rebuilt once
    generate(seeded_db, 3, 120, seed=7)
    data = export_data(seeded_db)
    data["positions"][100]["notes"] = "Zanzibarian wording, checked twice"
    import_data(empty_db, data)
    from db.reads.queries import PositionFilter

    found = queries.position_rows(empty_db, PositionFilter(text="zanzibar"))
    assert [p.id for p in found] == [data["positions"][100]["id"]]
    everyone = queries.position_rows(empty_db, PositionFilter(text="coder note"))
    assert len(everyone) == sum("Coder note" in p["notes"] for p in data["positions"])
