"""Parley on a PostgreSQL server against the same on the SQLite file, in one run (issue 14):
cold start to the window, a search keystroke, an issue's timeline redraw, importing 1,000
articles — each as a ratio
of the server's median to the file's, measured alternately so load hits both alike.

    python bench/pg_bench.py [--runs N]

Starts a throwaway local server (tests/pg_server.py: Debian's postgresql package), fills it
with the same 100k data set as bench/run.py's file (5,000 sources, 100,000 positions,
seed 1: the same generator), and measures both. The server is on this machine, so the
figures show what the engine and driver cost, not a network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
_SCRATCH = tempfile.mkdtemp(prefix="parley-bench-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SCRATCH, "config")
os.environ["PARLEY_DATA_DIR"] = os.path.join(_SCRATCH, "data")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.common import Result, format_table, machine  # noqa: E402

TARGET = "≤ 1.5×"


def server_database(server) -> str:  # type: ignore[no-untyped-def]
    from bench.run import POSITIONS, SEED, SOURCES
    from db.exchange.generate import generate
    from db.opening import open_database

    url = server.new_database(name="bench100k")
    started = time.perf_counter()
    db = open_database(url, seed=True)
    generate(db, SOURCES, POSITIONS, SEED)
    db.close()
    print(f"generated the 100k data set on the server in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    from psycopg import connect

    with connect(url, autocommit=True) as con:
        con.execute("VACUUM ANALYZE")  # what a server's autovacuum does within a minute
    return url


def _ratio(name: str, pg: float, sqlite: float, unit: str, runs: int) -> Result:
    return Result(name, pg, sqlite, "the same on the SQLite file", unit, TARGET,
                  pg <= 1.5 * sqlite, runs)


def cold_start(path: Path, url: str, runs: int) -> Result:
    from bench.startup_bench import _spawn

    _spawn(["app", str(path), "--no-exercise"])
    _spawn(["app", url, "--no-exercise"])
    file_t, server_t = [], []
    for _ in range(runs):
        file_t.append(_spawn(["app", str(path), "--no-exercise"])[0])
        server_t.append(_spawn(["app", url, "--no-exercise"])[0])
    return _ratio("Cold start to interactive main window (100k)",
                  statistics.median(server_t) * 1000, statistics.median(file_t) * 1000, "ms",
                  runs)


def search_keystroke(path: Path, url: str, runs: int) -> Result:
    from bench.gui_bench import search_typing

    file_ms, server_ms = [], []
    for _ in range(2):  # alternated
        file_ms.append(search_typing(path, runs)[0].value)
        server_ms.append(search_typing(url, runs)[0].value)  # type: ignore[arg-type]
    return _ratio("Search box keystroke → table updated", statistics.median(server_ms),
                  statistics.median(file_ms), "ms", 2 * runs)


def issue_redraw(path: Path, url: str, runs: int) -> Result:
    from bench.gui_bench import timeline_charts

    file_r = timeline_charts(path, runs)[0]
    server_r = timeline_charts(url, runs)[0]  # type: ignore[arg-type]
    return _ratio(server_r.name.replace("(", "(server vs file; "), server_r.value, file_r.value,
                  "ms", runs)


def import_articles(path: Path, server, n: int = 1000) -> Result:  # type: ignore[no-untyped-def]
    """`n` articles stored one transaction each (as files imported one after another) into
    a copy of each 100k database; the server commits durably, as SQLite's synchronous=FULL."""
    import shutil

    from bench.db_bench import _articles
    from db.model.inputs import SourceMeta
    from db.opening import open_database
    from db.writes.sources import import_article

    texts = _articles(n, seed=11)
    copy = Path(tempfile.mkdtemp(prefix="parley-bench-")) / "copy.sqlite3"
    shutil.copy(path, copy)
    timings = {}
    for label, target in (("file", copy), ("server", server.new_database(template="bench100k"))):
        db = open_database(target)
        started = time.perf_counter()
        for i, text in enumerate(texts):
            import_article(db, text, SourceMeta(f"Imported article {i}", "Bench",
                                                published="2025-06-01"))
        timings[label] = time.perf_counter() - started
        db.close()
    shutil.rmtree(copy.parent, ignore_errors=True)
    return _ratio(f"Import {n:,} articles (one transaction each)", timings["server"],
                  timings["file"], "s", 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    args = parser.parse_args(argv)
    from pg_server import PgServer

    from bench.run import bench_database

    path = bench_database(fresh=False)
    server = PgServer(durable=True).start()
    try:
        url = server_database(server)
        # The import first: its copy of the server database needs no one connected to it.
        imported = import_articles(path, server)
        results = [cold_start(path, url, args.runs), search_keystroke(path, url, args.runs),
                   issue_redraw(path, url, args.runs), imported]
    finally:
        server.stop()
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(format_table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
