"""Parley's benchmarks (`make bench`): each figure is the median of several runs, shown with
a bare baseline measured in the same run. Not part of the test run.

    python bench/run.py [--size 10k|100k|1m] [--db PATH] [--runs N] [--only NAME ...] [--fresh]

The database of the chosen size (10k: 500 sources / 10,000 positions; 100k: 5,000 /
100,000, the default; 1m: 50,000 / 1,000,000; seed 1) is generated once into bench/.cache/
and reused; --fresh regenerates it, --db measures another database.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Window state, recent files and startup backups go to a scratch folder, not the user's.
_SCRATCH = tempfile.mkdtemp(prefix="parley-bench-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SCRATCH, "config")
os.environ["PARLEY_DATA_DIR"] = os.path.join(_SCRATCH, "data")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CACHE, Result, format_table, machine  # noqa: E402

SEED = 1
SIZES = {"10k": (500, 10_000), "100k": (5_000, 100_000), "1m": (50_000, 1_000_000)}
SECTIONS = ("startup", "coldstart", "search", "filter", "charts", "timeline", "scale", "import",
            "export",
            "generate", "conflicts", "check")


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
    args = parser.parse_args(argv)
    path = args.db or bench_database(args.fresh, args.size)
    sources, positions = database_counts(path)
    label = size_label(positions)
    results: list[Result] = []

    def run(section: str, fn) -> None:  # type: ignore[no-untyped-def]
        if section in args.only:
            print(f"measuring {section}…", file=sys.stderr)
            out = fn()
            results.extend(out if isinstance(out, list) else [out])

    from bench import data_bench, db_bench, gui_bench, startup_bench

    def _scale_rows(path: Path, runs: int) -> list[Result]:
        from bench.scale_bench import scale_rows

        return scale_rows(path, runs)

    run("startup", lambda: startup_bench.cold_start_and_memory(path, 2 * args.runs, label))
    # The cold start alone, without the runs that exercise the window for its peak memory
    # (at 1M those take minutes each).
    run("coldstart", lambda: startup_bench.cold_start_and_memory(path, 2 * args.runs, label,
                                                                 memory=False))
    run("search", lambda: gui_bench.search_typing(path, args.runs))
    run("filter", lambda: gui_bench.filter_change(path, args.runs))
    run("charts", lambda: gui_bench.timeline_charts(path, args.runs))
    run("timeline", lambda: db_bench.timeline_read(path, args.runs))
    # The window's actions at any size, as at 1M (bench/scale_bench.py: time until shown and
    # the longest GUI stall of a sort, a filter, a keystroke, an issue, a tab's first open,
    # and the dense timeline's redraw). Minutes at 1M: asked for by name.
    run("scale", lambda: _scale_rows(path, args.runs))
    run("import", lambda: db_bench.import_articles(path, max(1, args.runs // 3)))
    # The data side (issue 16): every row against its bare baseline, at any size.
    run("check", lambda: data_bench.file_check(path, label, 2 * args.runs))
    run("conflicts", lambda: data_bench.conflicts(path, label, args.runs))
    run("export", lambda: data_bench.exports(path, label, max(1, args.runs // 2))
        + data_bench.import_json(path, label))
    run("generate", lambda: data_bench.generate_memory(sources, positions, label))
    shutil.rmtree(_SCRATCH, ignore_errors=True)
    print(f"Machine: {machine()}")
    print(f"Database: {path.name} ({sources:,} sources, {positions:,} positions); "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(format_table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
