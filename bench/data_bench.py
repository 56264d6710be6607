"""Data-side benchmarks at any size (bench/run.py --size): exports against raw sqlite3
streaming, reading an export for import against json.loads, import and generate peak
memory, the conflicting-accounts search (whole, kept, after an edit), and the launch's file
check (trusted vs the whole-file quick_check). Each operation that has a memory target
runs in a fresh process (bench/data_probe.py) that reports its own peak RSS."""

from __future__ import annotations

import json
import os
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


def _conflicts_probe(mode: str, db: Path, cache: Path) -> dict:
    probe = ROOT / "bench" / ("conflicts_gui_probe.py" if mode == "pane" else
                              "conflicts_probe.py")
    args = [str(db), str(cache)] if mode == "pane" else [mode, str(db), str(cache)]
    proc = subprocess.run([sys.executable, str(probe), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=7200)
    if proc.returncode:
        raise RuntimeError(f"conflicts probe {mode} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _toggle_edit(db, pid: int):  # type: ignore[no-untyped-def]
    """An edit a user makes to one record (its status flipped, then back), through the
    write path."""
    import dataclasses

    from db.reads.record_inputs import position_input
    from db.writes.positions import update_position

    original = position_input(db, pid).status
    other = "rejects" if original != "rejects" else "agrees"

    def edit() -> None:
        now = position_input(db, pid)
        update_position(db, pid, dataclasses.replace(
            now, status=other if now.status == original else original))
    return edit


_BARE_STALL = "a worker thread running plain Python for 0.5 s"


def conflicts(path: Path, label: str, runs: int) -> list[Result]:
    """The conflicting-accounts search (db.reads.conflict_index), each whole search in a
    fresh process with its peak memory: the first ever (nothing kept: every pair computed,
    against the plain search of before), a launch with nothing changed (the kept results
    read back, against opening the database and reading the stamps); then in one process
    the search once up to date, and the search right after an edit of one record of the
    busiest and of a typical pair (the stamps say which pair: only it is recomputed)."""
    from db.opening import open_database
    from db.reads.conflict_index import ConflictIndex

    cache = Path(tempfile.mkdtemp(prefix="parley-bench-conflicts-"))
    try:
        first = _conflicts_probe("index", path, cache)
        plain = _conflicts_probe("plain", path, cache / "plain")
        launch, bare, pane = [], [], []
        for _ in range(max(1, runs // 2)):
            launch.append(_conflicts_probe("index", path, cache))
            bare.append(_conflicts_probe("bare", path, cache))
            pane.append(_conflicts_probe("pane", path, cache))
        db = open_database(path)
        data_dir = os.environ.get("PARLEY_DATA_DIR")
        os.environ["PARLEY_DATA_DIR"] = str(cache)
        try:
            index = ConflictIndex(db)
            index.groups()
            warm, _ = paired_medians(index.groups, lambda: None, runs)
            with db.read() as con:
                pairs = con.execute("SELECT party_id, issue_id, count(*) n FROM position "
                                    "GROUP BY party_id, issue_id ORDER BY n DESC").fetchall()
                busiest, typical = pairs[0], pairs[len(pairs) // 2]
                ids = [con.execute("SELECT min(id) FROM position WHERE party_id = ? AND "
                                   "issue_id = ?", p[:2]).fetchone()[0]
                       for p in (busiest, typical)]
            edits = []
            for pid in ids:
                edit, times = _toggle_edit(db, pid), []
                for _ in range(max(1, runs // 2)):
                    edit()
                    started = time.perf_counter()
                    index.groups()
                    times.append(time.perf_counter() - started)
                    assert len(index.recomputed) == 1
                edits.append(statistics.median(times))
        finally:
            db.close()
            if data_dir is not None:
                os.environ["PARLEY_DATA_DIR"] = data_dir
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    mid = statistics.median
    n_launch = max(1, runs // 2)
    return [
        Result(f"Conflicting accounts: first search ever, every pair ({label}, "
               f"{first['groups']:,} groups)", first["seconds"], plain["seconds"],
               "the plain search (full rows)", "s", "(info)", True, 1),
        Result(f"Conflicting accounts: first search ever, peak memory ({label})",
               first["peak_mb"], plain["peak_mb"], "the plain search (full rows)", "MB",
               "(info)", True, 1),
        Result(f"Conflicting accounts: whole search at launch, nothing changed ({label})",
               mid(r["seconds"] for r in launch) * 1000, mid(r["seconds"] for r in bare) * 1000,
               "reading the pair stamps", "ms", "≤ 1 s",
               mid(r["seconds"] for r in launch) <= 1.0, n_launch),
        Result(f"Conflicting accounts: launch, peak memory ({label})",
               mid(r["peak_mb"] for r in launch), mid(r["peak_mb"] for r in bare),
               "opening the database", "MB", "(info)", True, n_launch),
        Result(f"Conflicting accounts: whole search, up to date ({label})", warm * 1000, None,
               "", "ms", "≤ 1 s", warm <= 1.0, runs),
        Result(f"Conflicting accounts: after an edit, busiest pair ({busiest[2]:,} records)",
               edits[0] * 1000, None, "", "ms", "≤ 1 s", edits[0] <= 1.0, max(1, runs // 2)),
        Result(f"Conflicting accounts: after an edit, typical pair ({typical[2]:,} records)",
               edits[1] * 1000, None, "", "ms", "≤ 100 ms", edits[1] <= 0.1,
               max(1, runs // 2)),
        Result(f"Conflicts pane: list filled at launch, nothing changed ({label})",
               mid(r["filled"] for r in pane) * 1000, None, "", "ms", "(info)", True, n_launch),
        Result(f"Conflicts pane: longest GUI stall while it fills ({label})",
               mid(r["first_stall"] for r in pane) * 1000,
               mid(r["bare_stall"] for r in pane) * 1000, _BARE_STALL, "ms", "≤ 50 ms",
               mid(r["first_stall"] for r in pane) <= 0.05, n_launch),
        Result(f"Conflicts pane: a save → list updated ({label})",
               mid(r["edit"] for r in pane) * 1000, None, "", "ms", "(info)", True, n_launch),
        Result(f"Conflicts pane: its part of a save's GUI time (the changed signal) ({label})",
               mid(r["pane_handler"] for r in pane) * 1000,
               mid(r["save"] for r in pane) * 1000, "the whole save on the GUI thread", "ms",
               "≤ 50 ms", mid(r["pane_handler"] for r in pane) <= 0.05, n_launch),
        Result(f"Conflicts pane: longest GUI stall after a save until the list is updated "
               f"({label})", mid(r["edit_stall"] for r in pane) * 1000,
               mid(r["bare_stall"] for r in pane) * 1000, _BARE_STALL, "ms", "≤ 50 ms",
               mid(r["edit_stall"] for r in pane) <= 0.05, n_launch),
        Result(f"Conflicts pane: peak memory of the process ({label})",
               mid(r["peak_mb"] for r in pane), None, "", "MB", "(info)", True, n_launch),
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
