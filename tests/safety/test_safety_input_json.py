"""JSON import refuses what would silently change meaning: duplicate keys, a party parent
loop, a level whose number matches but whose label does not. Through the real `parley
import-data`; a refusal is one line on stderr and the database is byte-for-byte the same
export as before."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.exchange import json_csv as exchange
from db.model.vocab import SEEDED_SETTING
from db.opening import open_database
from db.reads import queries
from db.storage.database import Database


def parley(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))


def refused(db: Database, file: Path, *words: str) -> str:
    before = exchange.export_json(db)
    proc = parley("import-data", file, "--db", db.path)
    assert proc.returncode == 1, proc.stdout
    assert proc.stderr.startswith("parley: ") and proc.stderr.count("\n") == 1, proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)
    assert exchange.export_json(db) == before
    return proc.stderr


@pytest.fixture
def blank_db(tmp_path: Path) -> Database:
    """An empty database that stays empty when a `parley` process opens it: it is marked as
    seeded, so these tests hold whether or not an empty file gets the examples on a later
    open (issue 11 changes that)."""
    path = tmp_path / "blank.sqlite3"
    db = open_database(path, seed=False)
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO setting (key, value) VALUES (?, 'never')", (SEEDED_SETTING,))
    con.close()
    yield db
    db.close()


@pytest.fixture
def export(seeded_db: Database) -> dict:
    return exchange.export_data(seeded_db)


def _codebook_only(export: dict) -> dict:
    return {**copy.deepcopy(export), "sources": [], "positions": []}


# ---------------------------------------------------------------- duplicate keys


def test_a_second_positions_key_is_refused_not_obeyed(blank_db: Database, export: dict,
                                                       tmp_path: Path):
    """Python's json keeps the last of two equal keys: a pasted `"positions": []` after the
    real list would import the sources and codebook with no position at all."""
    text = json.dumps(export, ensure_ascii=False, indent=1)
    assert text.endswith("}")
    edited = tmp_path / "edited.json"
    edited.write_text(text[:-1] + ', "positions": []\n}', encoding="utf-8")
    assert json.loads(edited.read_text(encoding="utf-8"))["positions"] == []  # what json does
    refused(blank_db, edited, "“positions” twice")
    assert queries.counts(blank_db)["positions"] == 0 and queries.counts(blank_db)["sources"] == 0


def test_a_duplicate_key_inside_a_record_is_refused(blank_db: Database, export: dict,
                                                     tmp_path: Path):
    first = export["positions"][0]
    edited = tmp_path / "edited.json"
    record = json.dumps(first, ensure_ascii=False)
    # The same position with a second "level": which one did the coder mean?
    doubled = record[:-1] + f', "level": {first["level"] + 1}}}'
    text = json.dumps(export, ensure_ascii=False).replace(record, doubled, 1)
    assert doubled in text
    edited.write_text(text, encoding="utf-8")
    refused(blank_db, edited, "“level” twice", f"“id”: {first['id']}")


# ---------------------------------------------------------------- party parents


@pytest.mark.parametrize("loop", [{"ally_a": "ally_b", "ally_b": "ally_a"},
                                  {"ally_a": "ally_a"},
                                  {"ally_a": "ally_b", "ally_b": "ally_c", "ally_c": "ally_a"}])
def test_a_party_parent_loop_is_refused_as_the_editor_refuses_it(seeded_db: Database,
                                                                  tmp_path: Path, loop: dict):
    payload = {"format_version": 1, "parties": [
        {"key": key, "name": key.replace("_", " ").title(), "parent": parent}
        for key, parent in loop.items()]}
    file = tmp_path / "loop.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    refused(seeded_db, file, "“ally_a”", "cannot belong to itself or to one of its own members")


def test_a_parent_chain_without_a_loop_still_imports(blank_db: Database, tmp_path: Path):
    payload = {"format_version": 1, "parties": [
        {"key": "bloc", "name": "Bloc", "parent": None},
        {"key": "member", "name": "Member", "parent": "bloc"},
        {"key": "region", "name": "Region", "parent": "member"}]}
    file = tmp_path / "chain.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    proc = parley("import-data", file, "--db", blank_db.path)
    assert proc.returncode == 0, proc.stderr
    parents = {p["key"]: p["parent"] for p in exchange.export_data(blank_db)["parties"]}
    assert parents["region"] == "member" and parents["member"] == "bloc"


# ---------------------------------------------------------------- levels by label


def _mismatched_scale(db: Database, export: dict, tmp_path: Path) -> None:
    """Give `db` the ceasefire scale in another order: same numbers, other labels."""
    codebook = _codebook_only(export)
    for issue in codebook["issues"]:
        if issue["key"] == "ceasefire_scope":
            labels = [lv["label"] for lv in issue["levels"]]
            for lv, label in zip(issue["levels"], reversed(labels), strict=True):
                lv["label"] = label
    file = tmp_path / "other-scale.json"
    file.write_text(json.dumps(codebook), encoding="utf-8")
    proc = parley("import-data", file, "--db", db.path)
    assert proc.returncode == 0, proc.stderr


def test_a_level_with_the_same_number_but_another_label_is_refused(blank_db: Database,
                                                                   export: dict, tmp_path: Path):
    _mismatched_scale(blank_db, export, tmp_path)
    labels = [lv["label"] for lv in next(
        i for i in export["issues"] if i["key"] == "ceasefire_scope")["levels"]]
    ceasefire = [p for p in export["positions"]
                 if p["issue"] == "ceasefire_scope" and not p["conditions"]]
    file = tmp_path / "export.json"
    file.write_text(json.dumps({**export, "positions": ceasefire}), encoding="utf-8")
    # The first position not on the middle level is the first that lands on another label.
    first = next(p for p in ceasefire
                 if labels.index(p["level_label"]) != len(labels) - 1 - labels.index(
                     p["level_label"]))
    here = labels[len(labels) - 1 - labels.index(first["level_label"])]
    err = refused(blank_db, file, f"“{first['level_label']}”", f"“{here}”", "ceasefire_scope")
    assert "scale" in err
    assert queries.counts(blank_db)["positions"] == 0


def test_the_issues_own_example_full_ceasefire_onto_energy_only(blank_db: Database,
                                                                  export: dict, tmp_path: Path):
    scale = next(i for i in export["issues"] if i["key"] == "ceasefire_scope")["levels"]
    by_label = {lv["label"]: lv["value"] for lv in scale}
    one = next(p for p in export["positions"] if p["issue"] == "ceasefire_scope")
    # A file coded elsewhere: "Full ceasefire" there has the number "Energy infrastructure
    # only" has here.
    one = {**one, "level": by_label["Energy infrastructure only"], "level_label": "Full ceasefire"}
    payload = {**export, "positions": [one]}
    file = tmp_path / "one.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    refused(blank_db, file, "“Full ceasefire”", "“Energy infrastructure only”")


def test_a_condition_level_is_matched_by_label_too(blank_db: Database, export: dict,
                                                   tmp_path: Path):
    payload = copy.deepcopy(export)
    pos = next(p for p in payload["positions"]
               if any(c.get("level") is not None for c in p["conditions"]))
    cond = next(c for c in pos["conditions"] if c.get("level") is not None)
    assert cond["level_label"]  # exports name the condition's level too
    cond["level_label"] = "A level from another scale"
    file = tmp_path / "cond.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    refused(blank_db, file, "“A level from another scale”", f"“{cond['issue']}”")


def test_an_export_without_level_labels_still_imports_by_number(blank_db: Database,
                                                                 export: dict, tmp_path: Path):
    """Files written by hand or by other tools may give the number alone."""
    payload = copy.deepcopy(export)
    for p in payload["positions"]:
        del p["level_label"]
        for c in p["conditions"]:
            c.pop("level_label", None)
    file = tmp_path / "numbers-only.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    proc = parley("import-data", file, "--db", blank_db.path)
    assert proc.returncode == 0, proc.stderr
    assert exchange.export_data(blank_db) == export
