"""Parley's benchmarks (`make bench`): each figure is the median of several runs, shown with
a bare baseline measured in the same run. Not part of the test run.

    python bench/run.py [--size 10k|100k|1m] [--db PATH] [--runs N] [--only NAME ...] [--fresh]
    python bench/table.py [--write]     # the README's table from bench/results/*.json

The database of the chosen size (10k: 500 sources / 10,000 positions; 100k: 5,000 /
100,000, the default; 1m: 50,000 / 1,000,000; seed 1) is generated once into bench/.cache/
and reused; --fresh regenerates it, --db measures another database.

Each figure measured is also kept in bench/results/<size>.json (committed), row by row with
the date and the load average it was measured at: a run of some sections replaces those
rows and keeps the others. bench/table.py assembles the three sizes into one table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Window state, recent files and startup backups go to a scratch folder, not the user's.
_SCRATCH = tempfile.mkdtemp(prefix="parley-bench-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SCRATCH, "config")
os.environ["PARLEY_DATA_DIR"] = os.path.join(_SCRATCH, "data")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import results_store  # noqa: E402
from bench.common import CACHE, Result, format_table, machine  # noqa: E402

SEED = 1
SIZES = {"10k": (500, 10_000), "100k": (5_000, 100_000), "1m": (50_000, 1_000_000)}
SECTIONS = ("startup", "coldstart", "search", "filter", "charts", "timeline", "import", "export",
            "generate", "conflicts", "check", "scale")


def database_counts(path: Path) -> tuple[int, int]:
    """(sources, positions) of a database file."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return (con.execute("SELECT count(*) FROM source").fetchone()[0],
                con.execute("SELECT count(*) FROM position").fetchone()[0])
    finally:
        con.close()


def size_label(positions: int) -> str:
    return f"{positions // 1_000_000}M" if positions >= 1_000_000 else f"{positions // 1000}k"


def bench_database(fresh: bool, size: str = "100k") -> Path:
    from db.exchange.generate import generate
    from db.opening import open_database

    SOURCES, POSITIONS = SIZES[size]  # noqa: N806 (the size's constants)
    path = CACHE / f"bench-{SOURCES}-{POSITIONS}-seed{SEED}.sqlite3"
    if fresh or not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        db = open_database(partial, seed=True)
        generate(db, SOURCES, POSITIONS, SEED)
        db.close()
        partial.rename(path)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    else:
        open_database(path).close()  # migrate a cached file made by an older schema
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="measure this database instead")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS,
                        default=[s for s in SECTIONS if s not in ("coldstart", "scale")])
    parser.add_argument("--size", choices=list(SIZES), default="100k",
                        help="the generated database to measure (default 100k)")
    parser.add_argument("--fresh", action="store_true", help="regenerate the database")
    parser.add_argument("--results", type=Path, default=None,
                        help="folder for <size>.json (default bench/results for the generated "
                             "databases; none for --db unless given)")
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args(argv)
    path = args.db or bench_database(args.fresh, args.size)
    sources, positions = database_counts(path)
    label = size_label(positions)
    results: list[Result] = []
    measured: list[tuple[Result, str, tuple[float, float]]] = []
    failed: list[str] = []

    def run(section: str, fn) -> None:  # type: ignore[no-untyped-def]
        if section in args.only:
            print(f"measuring {section}…", file=sys.stderr)
            load_before = os.getloadavg()[0]
            try:
                out = fn()
            except Exception:  # noqa: BLE001 — one broken section must not lose the others
                traceback.print_exc()
                failed.append(section)
                return
            out = out if isinstance(out, list) else [out]
            results.extend(out)
            loads = (load_before, os.getloadavg()[0])
            measured.extend((r, section, loads) for r in out)

    from bench import data_bench, db_bench, gui_bench, startup_bench

    run("startup", lambda: startup_bench.cold_start_and_memory(path, 2 * args.runs, label))
    # The cold start alone, without the runs that exercise the window for its peak memory
    # (at 1M those take minutes each).
    run("coldstart", lambda: startup_bench.cold_start_and_memory(path, 2 * args.runs, label,
                                                                 memory=False))
    # Before the sections that open windows in this process: their connections leave the
    # file's write-ahead log beside it until exit, and then no launch may trust the file.
    run("check", lambda: data_bench.file_check(path, label, 2 * args.runs))
    run("search", lambda: gui_bench.search_typing(path, args.runs))
    run("filter", lambda: gui_bench.filter_change(path, args.runs))
    run("charts", lambda: gui_bench.timeline_charts(path, args.runs))
    run("timeline", lambda: db_bench.timeline_read(path, args.runs))
    run("import", lambda: db_bench.import_articles(path, max(1, args.runs // 3)))
    # The data side (issue 16): every row against its bare baseline, at any size.
    run("conflicts", lambda: data_bench.conflicts(path, label, args.runs))
    run("export", lambda: data_bench.exports(path, label, max(1, args.runs // 2))
        + data_bench.import_json(path, label))
    run("generate", lambda: data_bench.generate_memory(sources, positions, label))
    # Every GUI action at scale: time until shown and the longest GUI-thread stall.
    from bench import scale_bench

    run("scale", lambda: scale_bench.scale_rows(path, args.runs))
    shutil.rmtree(_SCRATCH, ignore_errors=True)
    folder = args.results or (None if args.db else results_store.RESULTS)
    if folder is not None and not args.no_save and measured:
        saved = results_store.save(folder, label, path.name, sources, positions, args.runs,
                                   measured)
        print(f"kept in {saved}", file=sys.stderr)
    print(f"Machine: {machine()}")
    print(f"Database: {path.name} ({sources:,} sources, {positions:,} positions); "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(format_table(results))
    if failed:
        print(f"FAILED sections: {' '.join(failed)}", file=sys.stderr)
    return 0 if all(r.ok for r in results) and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
