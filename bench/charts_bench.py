"""Benchmark (not a test): issue-timeline redraw and PNG export with 10,000 records, next to
a bare pyqtgraph plot of the same points measured in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/charts_bench.py
Targets: redraw <= 100 ms, export <= 300 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

APP = QApplication.instance() or QApplication([])

import pyqtgraph as pg  # noqa: E402
import pyqtgraph.exporters  # noqa: E402, F401
from sqlalchemy import insert  # noqa: E402

from bench.common import timeline_vs_bare  # noqa: E402
from db.model.tables import Position  # noqa: E402
from db.opening import open_database  # noqa: E402
from db.reads import analysis, queries, source_reads  # noqa: E402
from desktop.charts import exporter  # noqa: E402

N = 10_000
RUNS = 7


def build_db(path: Path):  # type: ignore[no-untyped-def]
    """The seeded database plus 10,000 records on one issue, by a Core insert."""
    db = open_database(path, seed=True)
    issue = queries.issue_by_key(db, "ceasefire_scope")
    parties = [p.id for p in queries.parties(db)]
    source = source_reads.sources(db)[0].id
    rng = random.Random(4)
    start = dt.date(2022, 1, 1)
    now = dt.datetime.now(dt.UTC)
    rows = []
    # Each party mostly repeats its stance and now and then moves one level (as real
    # positions do); a tenth of the records report another level (conflicting accounts).
    where = {p: rng.randrange(len(issue.levels)) for p in parties}
    for i in range(N):
        party = rng.choice(parties)
        if rng.random() < 0.15:
            where[party] = min(max(where[party] + rng.choice((-1, 1)), 0), len(issue.levels) - 1)
        index = where[party] if rng.random() > 0.1 else rng.randrange(len(issue.levels))
        level = issue.levels[index]
        rows.append(dict(
            party_id=party, issue_id=issue.id, level_id=level.id,
            stated_on=start + dt.timedelta(days=i * 3 * 365 // N),
            date_precision=rng.choices(("day", "month", "approximate"), (8, 1, 1))[0],
            status=rng.choices(("proposes", "supports", "rejects"), (5, 4, 1))[0],
            attributed_to=f"Bench speaker {i % 50}", attribution_kind="official_statement",
            source_id=source, quote="bench", quote_start=0, quote_end=5,
            confidence=round(rng.uniform(0.3, 1.0), 2), notes="", created_at=now,
            updated_at=now))
    with db.engine.begin() as conn:
        conn.execute(insert(Position), rows)
    return db, issue


def median_ms(fn, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db, issue = build_db(Path(tmp) / "bench.sqlite3")
        pair = timeline_vs_bare(db, issue.id)
        rows, plot, redraw = pair.rows, pair.plot, pair.redraw
        bare, bare_redraw = pair.bare, pair.bare_redraw
        curve = bare.plotItem.listDataItems()[0]

        def bare_query_redraw() -> None:
            r = queries.timeline_rows(db, issue.id)
            curve.setData([(q.stated_on - dt.date(2000, 1, 1)).days for q in r],
                          [q.level_value for q in r])
            bare.grab()

        read_ms = median_ms(lambda: queries.timeline_points(db, issue.id))
        full_read_ms = median_ms(lambda: queries.timeline_rows(db, issue.id))
        points = queries.timeline_points(db, issue.id)
        conflict_ms = median_ms(lambda: analysis.conflict_groups(points))
        events = queries.events(db)
        party_map = {p.id: p for p in queries.parties(db)}

        def draw_only() -> None:
            plot._show(points, party_map, events)  # analysis reused once computed
            plot.grab()

        draw_ms = median_ms(draw_only)
        redraw_ms = median_ms(redraw)
        bare_ms = median_ms(bare_redraw)
        bare_q_ms = median_ms(bare_query_redraw)
        export_ms = median_ms(lambda: exporter.png_bytes(plot, 1600))
        ie = pg.exporters.ImageExporter(bare.plotItem)
        ie.parameters()["width"] = 1600
        bare_export_ms = median_ms(lambda: ie.export(toBytes=True))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"records on the issue: {len(rows)} (median of {RUNS} runs; load average "
              f"{load:.1f} on {os.cpu_count()} CPUs)")
        print(f"timeline redraw:      {redraw_ms:7.1f} ms  (target <= 100; read + draw + paint)")
        print(f"  of which db read:   {read_ms:7.1f} ms  (db.reads.queries.timeline_points; full "
              f"timeline_rows {full_read_ms:.1f} ms)")
        print(f"  conflict detection: {conflict_ms:7.1f} ms  (db.reads.analysis.conflict_groups)")
        print(f"draw + paint only:    {draw_ms:7.1f} ms  (rows already read)  ratio "
              f"{draw_ms / bare_ms:5.1f}x bare")
        print(f"bare plot redraw:     {bare_ms:7.1f} ms  ratio {redraw_ms / bare_ms:5.1f}x")
        print(f"bare query + redraw:  {bare_q_ms:7.1f} ms  ratio {redraw_ms / bare_q_ms:5.1f}x")
        print(f"timeline PNG export:  {export_ms:7.1f} ms  (target <= 300, 1600 px)")
        print(f"bare PNG export:      {bare_export_ms:7.1f} ms  ratio "
              f"{export_ms / bare_export_ms:5.1f}x")
        db.close()


if __name__ == "__main__":
    main()
