"""Data-side benchmarks at any size (bench/run.py --size): exports against raw sqlite3
streaming, reading an export for import against json.loads, import and generate peak
memory, the conflicting-accounts search (whole, kept, after an edit), and the launch's file
check (trusted vs the whole-file quick_check). Each operation that has a memory target
runs in a fresh process (bench/data_probe.py) that reports its own peak RSS."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Result, paired_medians

PROBE = ROOT / "bench" / "data_probe.py"


def _probe(mode: str, db: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, str(PROBE), mode, str(db), str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=7200)
    if proc.returncode:
        raise RuntimeError(f"data probe {mode} failed: {proc.stdout[-1000:]}{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pairs(a: tuple[str, Path, Path], b: tuple[str, Path, Path], runs: int,
           warm: bool = False) -> tuple[list[dict], list[dict]]:
    """`runs` interleaved pairs of fresh processes, so load on the machine hits both alike;
    the pairs take turns at going first. `warm`: one untimed run of the baseline first, so
    neither side is the one that reads the database file into the page cache (with one
    pair at 1M, the first export read ~1 GB from disk and the baseline found it cached)."""
    if warm:
        _probe(*b)
    ours, bare = [], []
    for n in range(runs):
        for mode, out in ((a, ours), (b, bare))[::-1 if n % 2 else 1]:
            out.append(_probe(*mode))
    return ours, bare


def _med(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def exports(path: Path, label: str, runs: int) -> list[Result]:
    tmp = Path(tempfile.mkdtemp(prefix="parley-bench-export-"))
    out: list[Result] = []
    try:
        for fmt, target_mb in (("json", 300), ("csv", 300)):
            ours, bare = _pairs((f"export-{fmt}", path, tmp / f"ours.{fmt}"),
                                (f"raw-{fmt}", path, tmp / f"raw.{fmt}"), runs, warm=True)
            o, b = _med(ours, "seconds"), _med(bare, "seconds")
            om, bm = _med(ours, "rss_peak_mb"), _med(bare, "rss_peak_mb")
            name = fmt.upper()
            out.append(Result(f"export-data {name}, time ({label})", o, b,
                              "raw sqlite3 streaming, same rows", "s", "≤ 2×", o <= 2 * b, runs))
            out.append(Result(f"export-data {name}, peak memory ({label})", om, bm,
                              "raw sqlite3 streaming", "MB", f"≤ {target_mb} MB",
                              om <= target_mb, runs))
        # import-data's reading of that JSON (checked, every record), against json.loads.
        export = tmp / "ours.json"
        ours, bare = _pairs(("read-json", path, export), ("load-json", path, export),
                            max(1, runs // 2))
        o, b = _med(ours, "rss_peak_mb"), _med(bare, "rss_peak_mb")
        out.append(Result(f"import-data: read + check the JSON, peak memory ({label})", o, b,
                          "json.loads of the file (the old way)", "MB", "≤ 300 MB", o <= 300,
                          len(ours)))
        out.append(Result(f"import-data: read + check the JSON, time ({label})",
                          _med(ours, "seconds"), _med(bare, "seconds"),
                          "json.loads of the file", "s", "(info)", True, len(ours)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def import_json(path: Path, label: str) -> list[Result]:
    """The whole import (one transaction, checked record by record, written a batch at a
    time) of the database's JSON export into an empty database, once."""
    tmp = Path(tempfile.mkdtemp(prefix="parley-bench-import-"))
    try:
        _probe("export-json", path, tmp / "data.json")
        subprocess.run([sys.executable, "-m", "desktop", "init", "--empty", "--db",
                        str(tmp / "empty.sqlite3")], check=True, capture_output=True, cwd=ROOT)
        r = _probe("import-json", tmp / "empty.sqlite3", tmp / "data.json")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [Result(f"import-data JSON, whole import: peak memory ({label})", r["rss_peak_mb"],
                   None, "", "MB", "≤ 300 MB", r["rss_peak_mb"] <= 300, 1),
            Result(f"import-data JSON, whole import: time ({label})", r["seconds"], None, "",
                   "s", "(info)", True, 1)]


def generate_memory(sources: int, positions: int, label: str) -> list[Result]:
    tmp = Path(tempfile.mkdtemp(prefix="parley-bench-generate-"))
    try:
        r = _probe(f"generate:{sources}:{positions}", tmp / "gen.sqlite3", tmp / "unused")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [Result(f"generate, peak memory ({label})", r["rss_peak_mb"], None, "", "MB",
                   "≤ 300 MB", r["rss_peak_mb"] <= 300, 1),
            Result(f"generate, time ({label})", r["seconds"], None, "", "s", "(info)", True, 1)]


def conflicts(path: Path, label: str, runs: int) -> list[Result]:
    """The conflicting-accounts search: built once (the whole search, cold), then what the
    view asks for (all groups, kept), and an edit's update (one record of the busiest pair
    and of a typical pair). The old whole search with full rows is timed once."""
    from db.opening import open_database
    from db.reads.conflict_index import ConflictIndex
    from db.reads.conflicts import conflicts as whole_search

    db = open_database(path)
    try:
        index = ConflictIndex(db)
        started = time.perf_counter()
        index.build()
        build = time.perf_counter() - started
        warm, _ = paired_medians(index.groups, lambda: None, runs)
        with db.read() as con:
            pairs = con.execute("SELECT party_id, issue_id, count(*) n FROM position "
                                "GROUP BY party_id, issue_id ORDER BY n DESC").fetchall()
            busiest, typical = pairs[0], pairs[len(pairs) // 2]
            ids = [con.execute("SELECT min(id) FROM position WHERE party_id = ? AND "
                               "issue_id = ?", p[:2]).fetchone()[0] for p in (busiest, typical)]
        edits = []
        for pid in ids:
            times = []
            for _ in range(max(1, runs // 2)):
                started = time.perf_counter()
                index.update([pid])
                times.append(time.perf_counter() - started)
            edits.append(statistics.median(times))
        started = time.perf_counter()
        n = len(whole_search(db))
        old = time.perf_counter() - started
    finally:
        db.close()
    return [
        Result(f"Conflicting accounts: whole search, cold ({label}, {n:,} groups)", build, old,
               "the old search (full rows)", "s", "(info)", True, 1),
        Result(f"Conflicting accounts: whole search, kept ({label})", warm * 1000, None, "",
               "ms", "≤ 1 s", warm <= 1.0, runs),
        Result(f"Conflicting accounts: after an edit, busiest pair ({busiest[2]:,} records)",
               edits[0] * 1000, None, "", "ms", "(info)", True, max(1, runs // 2)),
        Result(f"Conflicting accounts: after an edit, typical pair ({typical[2]:,} records)",
               edits[1] * 1000, None, "", "ms", "≤ 1 s", edits[1] <= 1.0, max(1, runs // 2)),
    ]


def file_check(path: Path, label: str, runs: int) -> Result:
    """The launch's file check when Parley closed the file cleanly last time (trusted: header,
    catalogue, schema version) against the whole-file check every launch ran before."""
    from db.opening import open_database
    from db.storage.filecheck import check_file, check_for_open
    from db.storage.verified import trusted

    open_database(path).close()  # a clean close: the next open may trust the file
    assert trusted(path), "the file was not recorded as cleanly closed"
    ours, bare = paired_medians(lambda: check_for_open(path),
                                lambda: check_file(path, full=True), runs)
    return Result(f"File check at launch, file as Parley left it ({label})", ours * 1000,
                  bare * 1000, "PRAGMA quick_check (every launch before)", "ms", "(info)", True,
                  runs)
