"""Cue phrases per stance level (migration 0010): typed in the codebook, they decide the
suggested level; JSON export/import carries them; a database from before 0010 gets the seed
codebook's cues for the levels it still has as seeded."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from db.errors import ImportDataError
from db.exchange.json_csv import export_data, export_json, import_data, parse_payload
from db.model.inputs import IssueInput, LevelInput, PartyInput, SourceMeta
from db.opening import open_database
from db.reads.record_inputs import issue_input
from db.storage import schema
from db.suggest.source import suggest_for_source
from db.writes.codebook import create_issue, create_party, update_issue
from db.writes.sources import import_article

TEXT = ("Harbour talks\n\nThe Capitol said on Monday that it wants the guns silent in the "
        "harbour district while talks go on.\n")


def _codebook(db) -> int:  # type: ignore[no-untyped-def]
    create_party(db, PartyInput("landia", "Landia", aliases=["Capitol"]))
    return create_issue(db, IssueInput("truce", "Truce", "How much fighting stops.", [
        LevelInput(0, "No truce", "Fighting continues."),
        LevelInput(1, "Local truce", "Fighting stops in one district."),
        LevelInput(2, "Full truce", "All fighting stops everywhere.")]))


def test_a_cue_phrase_typed_for_a_level_decides_the_suggested_level(empty_db) -> None:  # type: ignore[no-untyped-def]
    issue_id = _codebook(empty_db)
    sid = import_article(empty_db, TEXT, SourceMeta("Harbour talks", "Wire", "", "2030-06-05"))
    data = issue_input(empty_db, issue_id)
    data.levels[1].cues = ["guns silent in the harbour"]
    update_issue(empty_db, issue_id, data)
    assert issue_input(empty_db, issue_id).levels[1].cues == ["guns silent in the harbour"]
    found = [(s.party, s.issue, s.level) for s in suggest_for_source(empty_db, sid)]
    assert found == [("landia", "truce", 1)]
    assert "Local truce" in suggest_for_source(empty_db, sid)[0].why
    # Moved to the top level, the same words now say "Full truce" (the model was relearned).
    data = issue_input(empty_db, issue_id)
    data.levels[1].cues, data.levels[2].cues = [], ["guns silent in the harbour"]
    update_issue(empty_db, issue_id, data)
    assert [s.level for s in suggest_for_source(empty_db, sid)] == [2]


def test_cues_travel_through_json_export_and_import(seeded_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exported = export_data(seeded_db)
    scope = next(i for i in exported["issues"] if i["key"] == "ceasefire_scope")
    full = next(lv for lv in scope["levels"] if lv["value"] == 4)
    assert "full ceasefire" in full["cues"]  # seeded from seeds/codebook.json
    other = open_database(tmp_path / "other.sqlite3", seed=False)
    try:
        import_data(other, parse_payload(json.dumps(exported)))
        assert export_data(other)["issues"] == exported["issues"]
    finally:
        other.close()


def test_bad_cues_in_an_import_are_one_line_and_change_nothing(empty_db) -> None:  # type: ignore[no-untyped-def]
    payload = {"format_version": 1, "parties": [], "sources": [], "positions": [], "events": [],
               "issues": [{"key": "truce", "name": "Truce", "levels": [
                   {"value": 0, "label": "None", "cues": ["ok"]},
                   {"value": 1, "label": "Full", "cues": [3]}]}]}
    before = export_json(empty_db)
    with pytest.raises(ImportDataError) as err:
        import_data(empty_db, parse_payload(json.dumps(payload)))
    assert "cues must be a list of phrases" in str(err.value)
    assert "\n" not in str(err.value)
    assert export_json(empty_db) == before


def test_a_database_from_before_0010_gets_the_seed_cues_on_opening(seeded_db) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    path = seeded_db.path
    with seeded_db.read() as con:
        lid = con.execute("SELECT l.id FROM stance_level l JOIN issue i ON i.id = l.issue_id "
                          "WHERE i.key = 'territory' AND l.value = 1").fetchone()[0]
    seeded_db.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    cfg = schema._alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    engine.dispose()
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(stance_level)")]
    assert "cues" not in columns
    # The analyst renamed one level: it keeps no seed cues (they were written for the old label).
    con.execute("UPDATE stance_level SET label = 'Ceasefire line' WHERE id = ?", (lid,))
    con.commit()
    con.close()
    db = open_database(path)
    try:
        with db.read() as con2:
            cues = dict(con2.execute(
                "SELECT l.label, l.cues FROM stance_level l JOIN issue i ON i.id = l.issue_id "
                "WHERE i.key = 'territory'").fetchall())
        assert json.loads(cues["Restore 1991 borders"])[:1] == ["1991 borders"]
        assert json.loads(cues["Ceasefire line"]) == []
    finally:
        db.close()
