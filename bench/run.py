"""Parley's benchmarks (`make bench`): each figure is the median of several runs, shown with
a bare baseline measured in the same run. Not part of the test run.

    python bench/run.py [--db PATH] [--runs N] [--only NAME ...] [--fresh]

The 100k database (5,000 sources, 100,000 positions, seed 1) is generated once into
bench/.cache/ and reused; --fresh regenerates it, --db measures another database.
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

SOURCES, POSITIONS, SEED = 5_000, 100_000, 1
SECTIONS = ("startup", "search", "filter", "charts", "timeline", "import")


def bench_database(fresh: bool) -> Path:
    from db.exchange.generate import generate
    from db.opening import open_database

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
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--fresh", action="store_true", help="regenerate the 100k database")
    args = parser.parse_args(argv)
    path = args.db or bench_database(args.fresh)
    results: list[Result] = []

    def run(section: str, fn) -> None:  # type: ignore[no-untyped-def]
        if section in args.only:
            print(f"measuring {section}…", file=sys.stderr)
            out = fn()
            results.extend(out if isinstance(out, list) else [out])

    from bench import db_bench, gui_bench, startup_bench

    run("startup", lambda: startup_bench.cold_start_and_memory(path, 2 * args.runs))
    run("search", lambda: gui_bench.search_typing(path, args.runs))
    run("filter", lambda: gui_bench.filter_change(path, args.runs))
    run("charts", lambda: gui_bench.timeline_charts(path, args.runs))
    run("timeline", lambda: db_bench.timeline_read(path, args.runs))
    run("import", lambda: db_bench.import_articles(path, max(1, args.runs // 3)))
    shutil.rmtree(_SCRATCH, ignore_errors=True)
    print(f"Machine: {machine()}")
    print(f"Database: {path.name}")
    print(format_table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
