from __future__ import annotations

import hashlib
import json
from pathlib import Path

from db.opening import open_database
from db.reads import queries, source_reads
from db.seeding import load_seed_files, seed
from db.writes.positions import delete_positions

ROOT = Path(__file__).resolve().parents[2]
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_every_seeded_quote_is_verbatim_at_its_offsets(seeded_db) -> None:  # type: ignore[no-untyped-def]
    rows = queries.position_rows(seeded_db)
    assert len(rows) >= 40
    texts = {s.id: source_reads.source_text(seeded_db, s.id) for s in source_reads.sources(seeded_db)}
    for r in rows:
        assert texts[r.source_id][r.quote_start:r.quote_end] == r.quote, r


def test_seed_covers_the_parties_and_issues_the_articles_report(seeded_db) -> None:  # type: ignore[no-untyped-def]
    rows = queries.position_rows(seeded_db)
    parties = {r.party_name for r in rows}
    assert {"Russia", "Ukraine", "United States"} <= parties
    issue_keys = {r.issue_key for r in rows}
    assert len(issue_keys) >= 8
    # Earlier positions carry their own dates, so the seed already shows shifts over time.
    assert len({r.stated_on for r in rows}) >= 3
    assert any(r.date_precision == "month" for r in rows)
    # Disagreeing accounts are coded as separate attributed records.
    assert len({r.attributed_to for r in rows}) >= 10


def test_seeding_twice_adds_nothing(seeded_db) -> None:  # type: ignore[no-untyped-def]
    before = queries.counts(seeded_db)
    added = seed(seeded_db)
    assert added == {"parties": 0, "issues": 0, "events": 0, "sources": 0, "positions": 0}
    assert queries.counts(seeded_db) == before


def test_relaunch_neither_duplicates_nor_resurrects_deleted_seed_records(db_path: Path) -> None:
    db = open_database(db_path, seed=True)
    first = queries.counts(db)
    victim = queries.position_rows(db)[0].id
    delete_positions(db, [victim])
    db.close()
    db = open_database(db_path, seed=True)
    assert queries.counts(db)["positions"] == first["positions"] - 1
    assert queries.position_row(db, victim) is None


def test_seed_articles_are_byte_for_byte_the_received_ones() -> None:
    data = load_seed_files()
    for src in data["sources"]:
        ours = (ROOT / "seeds" / src["file"]).read_bytes()
        assert src["text"].encode("utf-8") == ours  # read without newline translation
        received = SHARED_SEEDS / Path(src["file"]).name
        if received.exists():
            assert hashlib.sha256(ours).digest() == hashlib.sha256(received.read_bytes()).digest()


def test_seed_positions_reference_known_codebook_entries() -> None:
    data = load_seed_files()
    parties = {p["key"] for p in data["codebook"]["parties"]}
    levels = {(i["key"], lv["value"]) for i in data["codebook"]["issues"] for lv in i["levels"]}
    keys = [p["key"] for p in data["positions"]]
    assert len(keys) == len(set(keys))
    for p in data["positions"]:
        assert p["party"] in parties
        assert (p["issue"], p["level"]) in levels
    json.dumps(data["codebook"])  # serialisable as-is
