"""One data operation in a fresh process, for its time and peak memory (bench/data_bench.py):

    python bench/data_probe.py MODE DB_PATH OUT_PATH

MODE: export-json / export-csv (through `parley export-data`'s code path, to OUT_PATH),
raw-json / raw-csv (the bare baseline: raw sqlite3 streaming the same rows, one json.dumps
or csv row each, to OUT_PATH), read-json (open OUT_PATH as import-data does and read and
check every record, no database writes), load-json (the old way: json.loads of OUT_PATH),
import-json (import OUT_PATH into the empty database DB_PATH, one transaction),
generate:SOURCES:POSITIONS (generate into the new database DB_PATH).
Prints one JSON line: {"seconds": …, "rss_peak_mb": …}.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import rss_peak_mb  # noqa: E402


def _raw_json(db: Path, out: Path) -> None:
    """The baseline: every source and position streamed by the bare driver, one compact
    json.dumps per row (C encoder), written as they come."""
    con = sqlite3.connect(db)
    with out.open("w", encoding="utf-8") as fh:
        for sql in ("SELECT id, title, outlet, author, published, url, text FROM source "
                    "ORDER BY id",
                    "SELECT p.id, pa.key, i.key, l.value, l.label, p.stated_on, "
                    "p.date_precision, p.status, p.attributed_to, p.attribution_kind, "
                    "p.source_id, p.quote, p.quote_start, p.quote_end, p.confidence, p.notes "
                    "FROM position p JOIN party pa ON pa.id = p.party_id "
                    "JOIN issue i ON i.id = p.issue_id JOIN stance_level l ON l.id = p.level_id "
                    "ORDER BY p.id"):
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            while rows := cur.fetchmany(2000):
                for row in rows:
                    fh.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False))
                    fh.write(",\n")
    con.close()


def _raw_csv(db: Path, out: Path) -> None:
    con = sqlite3.connect(db)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        cur = con.execute(
            "SELECT p.id, pa.key, pa.name, i.key, i.name, l.value, l.label, p.stated_on, "
            "p.date_precision, p.status, p.attributed_to, p.attribution_kind, p.source_id, "
            "s.title, s.outlet, s.published, p.quote, p.quote_start, p.quote_end, '', "
            "p.confidence, p.notes FROM position p JOIN party pa ON pa.id = p.party_id "
            "JOIN issue i ON i.id = p.issue_id JOIN stance_level l ON l.id = p.level_id "
            "JOIN source s ON s.id = p.source_id ORDER BY p.id")
        while rows := cur.fetchmany(2000):
            writer.writerows(rows)
    con.close()


def main() -> int:
    mode, db, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    start = time.perf_counter()
    if mode in ("export-json", "export-csv"):
        from desktop.cli.main import main as parley

        code = parley(["export-data", "--db", str(db), "--format", mode.split("-")[1],
                       "--out", str(out)])
        assert code == 0
    elif mode == "raw-json":
        _raw_json(db, out)
    elif mode == "raw-csv":
        _raw_csv(db, out)
    elif mode == "read-json":
        from db.exchange.import_stream import SECTIONS, open_payload

        payload = open_payload(out)
        for name in SECTIONS:
            for _record in payload.get(name, []):
                pass
    elif mode == "load-json":
        json.loads(out.read_bytes())
    elif mode == "import-json":
        from desktop.cli.main import main as parley

        assert parley(["import-data", str(out), "--db", str(db)]) == 0
    elif mode.startswith("generate:"):
        _, sources, positions = mode.split(":")
        from db.exchange.generate import generate
        from db.opening import open_database

        database = open_database(db, seed=True)
        generate(database, int(sources), int(positions), 1)
        database.close()
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss_peak_mb": rss_peak_mb()}), flush=True)
    os._exit(0)  # skip the interpreter's teardown of a large heap: not part of the figure


if __name__ == "__main__":
    sys.exit(main())
