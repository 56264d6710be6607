"""Database-side benchmarks: one issue's timeline through db.reads.queries vs raw sqlite3, and
importing 1,000 articles through db functions vs raw sqlite3 inserts."""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

from bench.common import Result, median_time, paired_medians


def _busiest_issue(path: Path) -> tuple[int, int]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT issue_id, count(*) n FROM position GROUP BY issue_id "
                           "ORDER BY n DESC LIMIT 1").fetchone()
    finally:
        con.close()


def timeline_read(path: Path, runs: int) -> Result:
    from db.opening import open_database
    from db.reads.queries import PositionFilter, _rows_sql, timeline_rows

    issue_id, count = _busiest_issue(path)
    db = open_database(path)
    # The very same SQL and parameters, run by the bare driver: the cost of everything db/
    # adds on top.
    with db.read() as reader:
        sql, params = _rows_sql(reader, PositionFilter(issue_ids=frozenset({issue_id})))
    con = sqlite3.connect(path)
    try:
        ours, bare = paired_medians(lambda: timeline_rows(db, issue_id),
                                    lambda: con.execute(sql, params).fetchall(), runs)
    finally:
        con.close()
        db.close()
    return Result(f"Read one issue's timeline ({count:,} rows)", ours * 1000, bare * 1000,
                  "raw sqlite3, same SQL", "ms", "≤ 2×", ours <= 2 * bare, runs)


def _articles(n: int, seed: int) -> list[str]:
    from db.exchange.generate import _PLACES, _Writer

    rng = random.Random(seed)
    writer = _Writer(rng)
    import datetime as dt

    out = []
    for i in range(n):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
        out.append(writer.article(900_000 + seed * n + i, rng.choice(_PLACES), day,
                                  ["Russia", "Ukraine", "United States"])[1])
    return out


def _copy_database(src: Path, dst: Path) -> None:
    """A copy through SQLite's backup API: the benchmark process may hold the file open
    (the window sections before this one), and a plain open()/close() of it would drop
    SQLite's locks for the whole process; the backup also carries a write-ahead log's
    commits."""
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def import_articles(path: Path, runs: int, n: int = 1000) -> Result:
    """Article files read, decoded and stored one transaction each, as when a user imports
    files one after another; the baseline reads the same files and commits each insert the
    same way, with the same pragmas."""
    from db.exchange.articles import read_article_file
    from db.model.inputs import SourceMeta
    from db.opening import open_database
    from db.writes.sources import content_hash, import_article

    tmp = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    ours, bare = [], []
    try:
        for run in range(runs):
            files = []
            for i, text in enumerate(_articles(n, seed=run)):
                files.append(tmp / f"article-{run}-{i}.txt")
                files[-1].write_text(text, encoding="utf-8")
            work = tmp / f"ours-{run}.sqlite3"
            _copy_database(path, work)
            db = open_database(work)

            def ours_import(db=db, files=files) -> None:  # noqa: ANN001
                for i, file in enumerate(files):
                    import_article(db, read_article_file(file), SourceMeta(f"Imported article {i}", "Bench",
                                                        published="2025-06-01"))

            ours.append(median_time(ours_import, 1, warmup=0))
            db.close()

            raw_path = tmp / f"raw-{run}.sqlite3"
            _copy_database(path, raw_path)
            con = sqlite3.connect(raw_path, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=FULL")

            def bare_import(con=con, files=files) -> None:  # noqa: ANN001
                for i, file in enumerate(files):
                    text = file.read_text(encoding="utf-8")
                    con.execute("BEGIN IMMEDIATE")
                    con.execute(
                        "INSERT INTO source (title, outlet, author, published, url, text, "
                        "content_hash, imported_at) VALUES (?, 'Bench', '', '2025-06-01', '', ?, "
                        "?, '2025-06-01 00:00:00')",
                        (f"Imported article {i}", text, content_hash(text)))
                    con.execute("COMMIT")

            bare.append(median_time(bare_import, 1, warmup=0))
            con.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    import statistics

    o, b = statistics.median(ours), statistics.median(bare)
    return Result(f"Import {n:,} article files (one transaction each)", o, b,
                  "raw sqlite3 inserts", "s", "≤ 5 s", o <= 5.0, runs)
