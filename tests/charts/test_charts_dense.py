"""A dense timeline (thousands of records on one issue) is drawn at the resolution the screen
shows: one mark per half pixel and style. The picture must be the one drawing every mark
gives, and zooming in must bring every mark back."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
from image_compare import assert_images_match, pixels
from sqlalchemy import insert

import desktop.charts.timeline_plot as timeline_plot
from db.model.tables import Position
from db.reads import queries, source_reads
from desktop.charts.timeline_geometry import STYLES, THIN_ABOVE, thin_points, thin_segments
from desktop.charts.timeline_plot import TimelinePlot

N = 6_000
DAYS = 120


def _dense(db):  # type: ignore[no-untyped-def]
    """N records on one issue over four months, several per party and day: conflicting
    accounts, rejections, conditional stances and month-only dates among them."""
    issue = queries.issue_by_key(db, "ceasefire_scope")
    parties = [p.id for p in queries.parties(db)][:5]
    source = source_reads.sources(db)[0].id
    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC)
    where = {p: rng.randrange(len(issue.levels)) for p in parties}
    rows = []
    for i in range(N):
        party = rng.choice(parties)
        if rng.random() < 0.1:
            where[party] = min(max(where[party] + rng.choice((-1, 1)), 0), len(issue.levels) - 1)
        level = issue.levels[where[party] if rng.random() > 0.1 else
                             rng.randrange(len(issue.levels))]
        rows.append(dict(
            party_id=party, issue_id=issue.id, level_id=level.id,
            stated_on=dt.date(2023, 1, 1) + dt.timedelta(days=i * DAYS // N),
            date_precision=rng.choices(("day", "month", "approximate"), (8, 1, 1))[0],
            status=rng.choices(("proposes", "agrees", "rejects", "conditions"), (5, 4, 1, 1))[0],
            attributed_to=f"Speaker {i % 40}", attribution_kind="official_statement",
            source_id=source, quote="dense", quote_start=0, quote_end=5,
            confidence=round(rng.uniform(0.3, 1.0), 2), notes="", created_at=now, updated_at=now))
    with db.engine.begin() as conn:
        conn.execute(insert(Position), rows)
    return issue


def _plot(db, issue, qtbot):  # type: ignore[no-untyped-def]
    plot = TimelinePlot(lambda: db)
    qtbot.addWidget(plot)
    plot.resize(1200, 700)
    plot.show()
    plot.set_issue(issue.id)
    plot.fit_to_size()
    return plot


def _covered(sx: np.ndarray, sy: np.ndarray, cell: tuple[float, float]) -> dict:
    """Per row of cells, the union of the segments' [x0, x1] as sorted disjoint intervals."""
    rows: dict = {}
    for a, b, y in zip(sx[0::3], sx[1::3], sy[0::3], strict=True):
        rows.setdefault(np.floor(y / cell[1]), []).append((a, b))
    out = {}
    for row, spans in rows.items():
        merged: list[list[float]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        out[row] = merged
    return out


def _marks(plot: TimelinePlot) -> int:
    return sum(len(sc.data) for items in plot.party_items().values() for sc in items.scatters())


def test_thinning_keeps_a_mark_within_a_pixel_of_every_mark(seeded_db):
    issue = _dense(seeded_db)
    from db.reads.analysis import conflict_groups
    from desktop.charts.timeline_geometry import timeline_geometry

    rows = queries.timeline_points(seeded_db, issue.id)
    assert len(rows) > THIN_ABOVE
    conflicting = {r.id for g in conflict_groups(rows) for r in g.rows}
    geo = timeline_geometry(rows, conflicting, sorted({r.party_id for r in rows}))
    cell = (DAYS / 1100 / 2, 8 / 600 / 2)  # half a pixel of a 1100 x 600 px chart
    total = kept_total = 0
    for g in geo.parties.values():
        for style in STYLES:
            x, y, ids = g.marks[style]
            tx, ty, tids = thin_points(x, y, ids, cell)
            total, kept_total = total + len(x), kept_total + len(tx)
            assert set(tids) <= set(ids)
            if len(x):  # every mark drawn has a kept one of its style within its cell
                dx = np.abs(x[:, None] - tx[None, :]) <= cell[0]
                dy = np.abs(y[:, None] - ty[None, :]) <= cell[1]
                assert (dx & dy).any(axis=1).all()
        # the date spans cover the same stretches of each row of pixels
        sx, sy = thin_segments(g.span_x, g.span_y, cell)
        assert len(sx) <= len(g.span_x)
        assert _covered(sx, sy, cell) == _covered(g.span_x, g.span_y, cell)
    assert kept_total < total / 2  # it did thin: many records share a pixel
    # zoomed in (a pixel far smaller than a day), every place a mark is drawn keeps one
    # (records of one party, day, level and style are one mark drawn over itself)
    x, y, ids = next(g.marks["filled"] for g in geo.parties.values() if len(g.marks["filled"][0]))
    tx, ty, _ = thin_points(x, y, ids, (1e-4, 1e-4))
    assert set(zip(tx, ty, strict=True)) == set(zip(x, y, strict=True))


def test_the_thinned_chart_looks_like_the_full_one(seeded_db, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    issue = _dense(seeded_db)
    plot = _plot(seeded_db, issue, qtbot)
    thinned, marks = plot.grab().toImage(), _marks(plot)
    monkeypatch.setattr(timeline_plot, "THIN_ABOVE", 10**9)  # every mark drawn
    plot.refresh()
    plot.fit_to_size()
    full, all_marks = plot.grab().toImage(), _marks(plot)
    assert all_marks == len(queries.timeline_points(seeded_db, issue.id)) > N
    assert marks < all_marks / 2
    # Same picture: a kept mark sits where it would be, a dropped one was under a kept one
    # of its style within half a pixel, so only a marker's antialiased rim can differ.
    assert_images_match(thinned, full, "thinned vs every mark", max_channel_diff=255,
                        max_fraction=0.01)
    # and the same ink: each inked pixel of one has an inked pixel within 1 px in the other
    ink_a = (pixels(thinned)[..., :3].astype(int).min(axis=2) < 200)
    ink_b = (pixels(full)[..., :3].astype(int).min(axis=2) < 200)

    def grown(mask: np.ndarray) -> np.ndarray:
        out = mask.copy()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                out |= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
        return out

    assert ink_a.sum() > 10_000  # a real chart, not an empty one
    assert not (ink_a & ~grown(ink_b)).any()
    assert not (ink_b & ~grown(ink_a)).any()


def test_zooming_in_brings_every_mark_back(seeded_db, qtbot):  # type: ignore[no-untyped-def]
    issue = _dense(seeded_db)
    plot = _plot(seeded_db, issue, qtbot)
    assert _marks(plot) < N / 2
    x0 = plot.default_x_range()[0]
    plot.plotItem.vb.setXRange(x0 + 60, x0 + 62, padding=0)
    plot.fit_to_size()
    lo, hi = plot.plotItem.vb.viewRange()[0]

    def places(xs, ys) -> set:  # type: ignore[no-untyped-def]
        return {(round(float(a), 6), round(float(b), 6)) for a, b in zip(xs, ys, strict=True)
                if lo <= a <= hi}

    geo = plot._entry[3]
    for pid, items in plot.party_items().items():
        for style in STYLES:
            x, y, _ = geo.parties[pid].marks[style]
            drawn = items._made.get(style)
            shown = places(drawn.data["x"], drawn.data["y"]) if drawn is not None else set()
            assert shown == places(x, y), style


def test_step_lines_without_their_straight_run_vertices_look_the_same(seeded_db, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """A dense chart's step lines keep only the vertices where they turn (a stance held
    for days is one segment): the same picture as every day's vertex."""
    import desktop.charts.timeline_geometry as geometry

    issue = _dense(seeded_db)
    plot = _plot(seeded_db, issue, qtbot)
    lean = plot.grab().toImage()
    drawn = sum(len(items.line.xData) for items in plot.party_items().values())
    monkeypatch.setattr(geometry, "_straight", lambda x, y: (x, y))
    plot._recent = []  # analyse again, now keeping every vertex
    plot.refresh()
    plot.fit_to_size()
    full = plot.grab().toImage()
    every = sum(len(items.line.xData) for items in plot.party_items().values())
    assert drawn < every * 0.75  # many vertices were inside straight runs
    assert_images_match(lean, full, "straight runs vs every vertex", max_channel_diff=255,
                        max_fraction=0.001)
