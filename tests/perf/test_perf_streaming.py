"""Exports, import-data's reading and generate hold a batch at a time, not the data set: at
ten times the records their peak memory (Python's, tracemalloc) stays about the same. And
the streamed export is byte for byte the layout json.dumps(indent=2) gives, its CSV what
the row-per-position writer gave."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from db.exchange import export_stream
from db.exchange import generate as generate_module
from db.exchange.export_stream import CSV_FIELDS, csv_cell, write_csv, write_json
from db.exchange.generate import generate
from db.exchange.import_stream import SECTIONS, open_payload
from db.exchange.json_csv import export_csv, export_json
from db.opening import open_database
from db.storage.database import Database


class _Sink(io.TextIOBase):
    """A file that keeps nothing (what the export writes is not what is measured)."""

    def write(self, text: str) -> int:
        return len(text)


def _peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _database(path: Path, positions: int) -> Database:
    db = open_database(path, seed=True)
    generate(db, 40, positions, seed=3)
    return db


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, Database]:
    folder = tmp_path_factory.mktemp("sizes")
    small, large = _database(folder / "small.sqlite3", 600), _database(folder / "large.sqlite3",
                                                                       6000)
    yield small, large
    small.close()
    large.close()


@pytest.mark.parametrize("write", [write_json, write_csv], ids=["json", "csv"])
def test_an_export_s_memory_does_not_grow_with_the_records(write, two_sizes, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(export_stream, "_BATCH", 200)  # batches well below both sizes
    small, large = two_sizes
    peaks = [_peak(lambda db=db: write(db, _Sink())) for db in (small, large)]
    # Ten times the records; a whole-export-in-memory writer grew ~10× (6.8 GB at 1M).
    assert peaks[1] < 1.5 * peaks[0] + 256_000, peaks


def test_reading_an_export_for_import_does_not_grow_with_the_records(two_sizes, tmp_path):  # type: ignore[no-untyped-def]
    peaks = []
    for n, db in enumerate(two_sizes):
        file = tmp_path / f"export-{n}.json"
        file.write_text(export_json(db), encoding="utf-8")

        def read(file: Path = file) -> int:
            payload = open_payload(file)
            return sum(1 for name in SECTIONS for _ in payload.get(name, []))

        assert read() > (6000 if n else 600)
        peaks.append(_peak(read))
    assert peaks[1] < 1.5 * peaks[0] + 256_000, peaks


def test_generate_s_memory_does_not_grow_with_the_records(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(generate_module, "BATCH", 500)  # batches well below both sizes
    peaks = []
    for n, positions in enumerate((1000, 10_000)):
        db = open_database(tmp_path / f"gen-{n}.sqlite3", seed=True)
        try:
            peaks.append(_peak(lambda db=db, positions=positions: generate(db, 20, positions, 1)))
        finally:
            db.close()
    # What later records draw on is ~24 bytes a position (10,000: ~240 kB more).
    assert peaks[1] < 1.5 * peaks[0] + 600_000, peaks


def test_the_streamed_json_is_json_dumps_layout(two_sizes):  # type: ignore[no-untyped-def]
    text = export_json(two_sizes[0])
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert any(p["conditions"] for p in data["positions"])  # the nested case is covered
    assert data["sources"] and data["events"] is not None


def test_the_streamed_csv_is_the_row_per_position_writer_s(two_sizes):  # type: ignore[no-untyped-def]
    """The CSV as the writer before streaming built it, from the JSON export's records."""
    db = two_sizes[0]
    data = json.loads(export_json(db))
    sources = {s["id"]: s for s in data["sources"]}
    parties = {p["key"]: p for p in data["parties"]}
    issues = {i["key"]: i for i in data["issues"]}

    def condition_text(c: dict) -> str:
        parts = []
        if c.get("party"):
            parts.append(parties[c["party"]]["name"])
        if c.get("issue"):
            issue = issues[c["issue"]]
            label = next((lv["label"] for lv in issue["levels"] if lv["value"] == c.get("level")),
                         "")
            parts.append(f"{issue['name']}: {label}" if label else issue["name"])
        link = " — ".join(parts)
        return f"{link} ({c['text']})" if link and c.get("text") else link or c.get("text", "")

    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for p in data["positions"]:
        src = sources[p["source"]]
        row = {k: p.get(k, "") for k in CSV_FIELDS}
        row.update(party_name=parties[p["party"]]["name"], issue_name=issues[p["issue"]]["name"],
                   source_title=src["title"], source_outlet=src["outlet"],
                   source_published=src["published"] or "",
                   conditions="; ".join(condition_text(c) for c in p["conditions"]))
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    assert export_csv(db) == buf.getvalue()


def test_a_whole_import_s_memory_does_not_grow_with_the_records(two_sizes, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """import-data from the file into an empty database: read a record at a time and
    written a batch at a time, so ten times the records hold about the same memory (what
    grows is the list of ids added, kept for undo: ~40 bytes a record)."""
    from db.exchange import bulk_import
    from db.exchange.json_csv import import_data, parse_payload_file

    monkeypatch.setattr(bulk_import, "BATCH", 200)
    monkeypatch.setattr(bulk_import, "SOURCE_BATCH", 5)
    peaks = []
    for n, db in enumerate(two_sizes):
        file = tmp_path / f"export-{n}.json"
        file.write_text(export_json(db), encoding="utf-8")
        target = open_database(tmp_path / f"target-{n}.sqlite3", seed=False)
        try:
            peaks.append(_peak(lambda f=file, t=target: import_data(t, parse_payload_file(f))))
            assert export_json(target) == file.read_text(encoding="utf-8")
        finally:
            target.close()
    assert peaks[1] < 1.5 * peaks[0] + 600_000, peaks
