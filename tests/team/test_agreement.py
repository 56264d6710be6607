"""Intercoder agreement: Krippendorff's alpha against the textbook's reliability data, coded
through the real write path by named analysts, and the unit matching on hand-built cases."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from team_data import Desk

from db.reads import agreement
from db.reads.agreement import Coding, match_units
from db.storage.database import Database

# Team use is what a shared server is for: every test here runs on the file and on the
# test PostgreSQL server.
pytestmark = pytest.mark.engines()

nan = math.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four
# observers and twelve units (missing values included): ordinal alpha 0.815 — the value the
# `krippendorff` package's own tests check (tests/test_krippendorff.py, test_ordinal_metric).
TEXTBOOK = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    "C": [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
}


def test_textbook_reliability_data_coded_in_parley_gives_ordinal_alpha_0_815(empty_db: Database):
    desk = Desk(empty_db)
    for coder, values in TEXTBOOK.items():
        for unit, value in enumerate(values):
            # Each coder marks a slightly different stretch of the same sentence: overlapping
            # spans are one unit.
            desk.code(coder, unit, value, shift={"A": 0, "B": 2, "C": 5, "D": 1}[coder])
    report = agreement.agreement(empty_db)
    assert report.coders == ["A", "B", "C", "D"]
    assert report.overall.units == 12
    assert report.overall.paired == 11  # unit 12 was coded by B alone: missing for the rest
    assert round(report.overall.alpha, 3) == 0.815
    [scope] = report.per_issue
    assert scope.issue_name == "Ceasefire scope" and round(scope.alpha, 3) == 0.815
    # Units 1, 3, 4, 5, 7, 9 agree among all who coded them; 2, 6, 8, 10's... : count by hand
    agreed = sum(1 for u in range(11) if len({TEXTBOOK[c][u] for c in TEXTBOOK
                                               if not math.isnan(TEXTBOOK[c][u])}) == 1)
    assert scope.agreed == agreed and scope.percent == pytest.approx(100 * agreed / 11)


def test_perfect_agreement_is_alpha_1_and_unmatched_codings_count_as_missing(empty_db: Database):
    desk = Desk(empty_db)
    for unit, value in enumerate([1, 3, 5, 2]):
        desk.code("alice", unit, value)
        desk.code("bob", unit, value, shift=3)
    desk.code("alice", 10, 4)  # bob did not code this sentence at all
    report = agreement.agreement(empty_db)
    assert report.overall.alpha == pytest.approx(1.0)
    assert (report.overall.units, report.overall.paired, report.overall.agreed) == (5, 4, 4)
    [missing] = report.disagreements
    assert missing.values() == {"alice": 4}


def test_disagreements_are_listed_side_by_side_and_per_issue(empty_db: Database):
    desk = Desk(empty_db)
    desk.code("alice", 0, 1)
    desk.code("bob", 0, 5)
    desk.code("alice", 1, 2)
    desk.code("bob", 1, 2)
    desk.code("alice", 2, 1, issue=desk.other_issue)
    desk.code("bob", 2, 3, issue=desk.other_issue)
    desk.code("alice", 3, 3, issue=desk.other_issue)
    desk.code("bob", 3, 3, issue=desk.other_issue)
    report = agreement.agreement(empty_db)
    by_issue = {a.issue_name: a for a in report.per_issue}
    assert by_issue["Ceasefire scope"].percent == 50.0
    assert by_issue["Prisoners"].percent == 50.0
    assert [(u.issue_id, u.values()) for u in report.disagreements] == [
        (desk.issue, {"alice": 1, "bob": 5}), (desk.other_issue, {"alice": 1, "bob": 3})]
    assert agreement.level_label(report, report.disagreements[0], "bob") == "L5 (5)"


def test_records_without_an_author_and_sources_coded_by_one_analyst_are_left_out(
        empty_db: Database):
    desk = Desk(empty_db, n_sources=2)
    desk.code("", 0, 1)  # from before authors were kept ("unknown")
    desk.code("alice", 0, 2)
    desk.code("alice", 0, 3, source=1)
    desk.code("bob", 4, 3, source=1)
    desk.code("carol", 5, 3)  # with alice on source 0
    report = agreement.agreement(empty_db)
    assert report.coders == ["alice", "bob", "carol"]
    assert report.sources == 2
    # Only alice's and bob's sources count; restricted to alice and bob, source 0 drops out.
    only = agreement.agreement(empty_db, coders=["alice", "bob"])
    assert only.sources == 1 and only.coders == ["alice", "bob"]


def _c(pid: int, coder: str, start: int, end: int, value: int = 1, party: int = 1,
       issue: int = 1, source: int = 1) -> Coding:
    return Coding(pid, coder, source, party, issue, value, start, end)


def test_unit_matching_on_hand_built_cases() -> None:
    units = match_units([
        _c(1, "a", 0, 10), _c(2, "b", 5, 15),  # overlap: one unit
        _c(3, "a", 15, 20), _c(4, "b", 20, 30),  # touching spans (15-20, 20-30): two units
        _c(5, "a", 40, 50), _c(6, "b", 45, 55), _c(7, "c", 54, 60),  # a chain: one unit
        _c(8, "a", 0, 10, party=2), _c(9, "b", 0, 10, issue=2),  # other party / issue
        _c(10, "a", 0, 10, source=2), _c(11, "a", 2, 8, value=3, source=2),  # a's 2nd coding
    ])
    shape = [(u.source_id, u.party_id, u.issue_id, u.start, u.end, sorted(u.codings))
             for u in units]
    assert shape == [
        (1, 1, 1, 0, 15, ["a", "b"]),
        (1, 1, 1, 15, 20, ["a"]),
        (1, 1, 1, 20, 30, ["b"]),
        (1, 1, 1, 40, 60, ["a", "b", "c"]),
        (1, 1, 2, 0, 10, ["b"]),
        (1, 2, 1, 0, 10, ["a"]),
        (2, 1, 1, 0, 10, ["a"]),
    ]
    assert [c.position_id for c in units[-1].extra] == [11]
    assert units[-1].values() == {"a": 1}  # the first coding of the span is a's value


def test_alpha_is_undefined_without_two_coders_on_a_unit(empty_db: Database):
    desk = Desk(empty_db)
    desk.code("alice", 0, 1)
    desk.code("bob", 5, 2)
    report = agreement.agreement(empty_db)
    assert report.overall.paired == 0
    assert report.overall.alpha is None and report.overall.percent is None


def test_parley_agreement_command_prints_and_writes_csv(empty_db: Database, tmp_path):
    desk = Desk(empty_db)
    desk.code("alice", 0, 1)
    desk.code("bob", 0, 5)
    desk.code("alice", 1, 2)
    desk.code("bob", 1, 2)
    out = tmp_path / "agreement.csv"
    proc = subprocess.run([sys.executable, "-m", "desktop", "agreement", "--db",
                           str(empty_db.target), "--csv", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Ceasefire scope" in proc.stdout and "50.0%" in proc.stdout
    text = out.read_text(encoding="utf-8-sig")
    assert "issue,units,paired_units,agreeing_units,percent_agreement,alpha" in text
    assert "Readout 0" in text and "L1 (1)" in text and "L5 (5)" in text
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database, just notes\n" * 200)
    bad = subprocess.run([sys.executable, "-m", "desktop", "agreement", "--db", str(notes)],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
