"""Suggested positions: the `parley suggest` command's JSON, verbatim quotes, what is not
suggested (already coded, rejected, speculation), aliases, dates."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.model import vocab
from db.model.inputs import IssueInput, LevelInput, PartyInput, SourceMeta
from db.opening import open_database
from db.reads.record_inputs import party_input
from db.suggest.dates import resolve
from db.suggest.rejections import reject_suggestion
from db.suggest.sentences import split_sentences
from db.suggest.source import suggest_for_source
from db.writes.codebook import create_issue, create_party, update_party
from db.writes.sources import import_article

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "bench" / "suggest_articles"
KEYS = {"party", "issue", "level", "status", "stated_on", "date_precision", "attribution_kind",
        "attributed_to", "quote", "quote_start", "quote_end", "conditions", "confidence", "why"}


def _import_test_article(db, name: str = "102_easter_truce") -> tuple[int, str]:  # type: ignore[no-untyped-def]
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    meta = json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))
    sid = import_article(db, text, SourceMeta(meta["title"], meta["outlet"], "", meta["published"]))
    return sid, text


def _parley(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, cwd=ROOT, env=dict(os.environ), timeout=120)


def test_suggest_json_has_exactly_the_fields_and_verbatim_quotes(seeded_db) -> None:  # type: ignore[no-untyped-def]
    sid, text = _import_test_article(seeded_db)
    path = seeded_db.target
    seeded_db.close()
    done = _parley("suggest", "--db", str(path), "--source", str(sid), "--format", "json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) >= 5
    codebook = json.loads((ROOT / "seeds" / "codebook.json").read_text(encoding="utf-8"))
    levels = {i["key"]: {lv["value"] for lv in i["levels"]} for i in codebook["issues"]}
    parties = {p["key"] for p in codebook["parties"]}
    for s in items:
        assert set(s) == KEYS
        assert text[s["quote_start"]:s["quote_end"]] == s["quote"]
        assert s["party"] in parties and s["level"] in levels[s["issue"]]
        assert s["status"] in vocab.STATUSES
        assert s["attribution_kind"] in vocab.ATTRIBUTION_KINDS
        assert s["date_precision"] in vocab.DATE_PRECISIONS
        assert dt.date.fromisoformat(s["stated_on"]) <= dt.date(2025, 4, 20)
        assert 0 <= s["confidence"] <= 1 and s["why"]
        for c in s["conditions"]:
            # As in the JSON export.
            assert set(c) == {"party", "issue", "level", "level_label", "text"}
    # Zelensky's "if Russia was truly ready …" offer is found, with its condition.
    assert any(s["party"] == "ukraine" and s["issue"] == "ceasefire_scope" and s["conditions"]
               for s in items)


def test_suggest_on_a_missing_source_is_one_line(seeded_db) -> None:  # type: ignore[no-untyped-def]
    path = seeded_db.target
    seeded_db.close()
    done = _parley("suggest", "--db", str(path), "--source", "999")
    assert done.returncode == 1
    assert done.stderr.strip() == "parley: There is no source 999"


def test_every_quote_is_verbatim_on_every_seed_and_test_article(seeded_db) -> None:  # type: ignore[no-untyped-def]
    for name in ("101_black_sea_riyadh", "102_easter_truce", "103_istanbul_talks"):
        sid, text = _import_test_article(seeded_db, name)
        for s in suggest_for_source(seeded_db, sid):
            assert text[s.quote_start:s.quote_end] == s.quote


def test_coded_and_rejected_suggestions_are_not_repeated_even_after_relaunch(seeded_db) -> None:  # type: ignore[no-untyped-def]
    sid, _ = _import_test_article(seeded_db)
    first = suggest_for_source(seeded_db, sid)
    target = first[0]
    reject_suggestion(seeded_db, sid, target.party, target.issue, target.quote_start,
                      target.quote_end)
    again = suggest_for_source(seeded_db, sid)
    same = [(s.party, s.issue, s.quote_start) for s in again]
    assert (target.party, target.issue, target.quote_start) not in same
    assert len(again) == len(first) - 1
    path = seeded_db.target
    seeded_db.close()
    reopened = open_database(path)
    try:
        after = suggest_for_source(reopened, sid)
        assert [(s.party, s.issue, s.quote_start) for s in after] == same
    finally:
        reopened.close()


def test_a_seed_article_already_coded_gets_few_repeats(seeded_db) -> None:  # type: ignore[no-untyped-def]
    with seeded_db.read() as con:
        sid, text = con.execute("SELECT id, text FROM source ORDER BY id LIMIT 1").fetchone()
        coded = con.execute("SELECT p.key, i.key, quote_start, quote_end FROM position pos "
                            "JOIN party p ON p.id = party_id JOIN issue i ON i.id = issue_id "
                            "WHERE source_id = ?", (sid,)).fetchall()
    for s in suggest_for_source(seeded_db, sid):
        assert not any(s.party == p and s.issue == i and s.quote_start < b and a < s.quote_end
                       for p, i, a, b in coded)


def _tiny_codebook(db) -> None:  # type: ignore[no-untyped-def]
    create_party(db, PartyInput("landia", "Landia", "LA", "#336699", aliases=["Capitol"]))
    create_party(db, PartyInput("seaworld", "Seaworld", "SW", "#993366"))
    create_issue(db, IssueInput("truce", "Truce", "How much fighting stops.", [
        LevelInput(0, "No truce", "Fighting continues."),
        LevelInput(1, "Partial truce", "Some strikes stop."),
        LevelInput(2, "Full truce", "All fighting stops everywhere.")]))


def test_aliases_decide_which_party_a_sentence_names(empty_db) -> None:  # type: ignore[no-untyped-def]
    _tiny_codebook(empty_db)
    text = ("Border talks\n\nThe Capitol said on Monday that it demands a full truce along the "
            "whole border before any talks.\n")
    sid = import_article(empty_db, text, SourceMeta("Border talks", "Wire", "", "2030-06-05"))
    found = suggest_for_source(empty_db, sid)
    assert [(s.party, s.issue, s.level, s.status) for s in found] == [
        ("landia", "truce", 2, "demands")]
    assert found[0].stated_on == "2030-06-03"  # "on Monday" before Wednesday 5 June
    assert found[0].attribution_kind == "official_statement"
    with empty_db.read() as con:
        pid = con.execute("SELECT id FROM party WHERE key = 'landia'").fetchone()[0]
    data = party_input(empty_db, pid)
    assert data.aliases == ["Capitol"]
    data.aliases = []
    update_party(empty_db, pid, data)
    assert suggest_for_source(empty_db, sid) == []


def test_speculation_and_gap_statements_are_not_suggested(empty_db) -> None:  # type: ignore[no-untyped-def]
    _tiny_codebook(empty_db)
    text = ("Analysis\n\nAnalysts said Landia is likely to demand a full truce next week.\n\n"
            "Landia and Seaworld remain so far apart on a full truce that a deal looks distant.\n")
    sid = import_article(empty_db, text, SourceMeta("Analysis", "", "", "2030-06-05"))
    assert suggest_for_source(empty_db, sid) == []


def test_sentences_keep_abbreviations_and_offsets() -> None:
    text = "Headline here\n\nThe U.S. envoy met Mr. Smith on Jan. 5. Talks went on. Done?\n"
    spans = [text[s.start:s.end] for s in split_sentences(text)]
    assert spans == ["Headline here", "The U.S. envoy met Mr. Smith on Jan. 5.", "Talks went on.",
                     "Done?"]


def test_dates_resolve_against_publication() -> None:
    published = dt.date(2025, 3, 18)  # a Tuesday
    assert resolve("Putin sent Witkoff home on Friday", published)[:2] == (dt.date(2025, 3, 14), "day")
    assert resolve("in February, he said", published)[:2] == (dt.date(2025, 2, 1), "month")
    assert resolve("last week Kyiv agreed", published)[:2] == (dt.date(2025, 3, 11), "approximate")
    assert resolve("on March 11 the deal", published)[:2] == (dt.date(2025, 3, 11), "day")
    assert resolve("no date at all", published)[:2] == (published, "day")
