"""The timeline's drawing rules, checked on the marks it computes from real rows."""

from __future__ import annotations

import datetime as dt

import numpy as np

from db.reads import analysis, queries
from desktop.charts.common import day_x
from desktop.charts.timeline_geometry import timeline_geometry


def _geometry(db, key):  # type: ignore[no-untyped-def]
    issue = queries.issue_by_key(db, key)
    rows = queries.timeline_rows(db, issue.id)
    conflicting = {r.id for g in analysis.conflict_groups(rows) for r in g.rows}
    order = sorted({r.party_id for r in rows})
    return rows, conflicting, timeline_geometry(rows, conflicting, order)


def _span_of(geo, row_id):  # type: ignore[no-untyped-def]
    i = int(np.nonzero(geo.hit_ids == row_id)[0][0])
    return geo.hit_x0[i], geo.hit_x1[i], geo.hit_y[i]


def test_month_and_approximate_records_are_spans(seeded_db):
    rows, _, geo = _geometry(seeded_db, "ceasefire_scope")
    month = next(r for r in rows if r.date_precision == "month")
    x0, x1, _ = _span_of(geo, month.id)
    first = month.stated_on.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    assert (x0, x1) == (day_x(first), day_x(nxt))
    approx = next(r for r in rows if r.date_precision == "approximate")
    x0, x1, _ = _span_of(geo, approx.id)
    assert x1 - x0 == 14 and day_x(approx.stated_on) - 7 <= x0 <= day_x(approx.stated_on) - 6
    exact = next(r for r in rows if r.date_precision == "day")
    x0, x1, _ = _span_of(geo, exact.id)
    assert x0 == x1 and day_x(exact.stated_on) < x0 < day_x(exact.stated_on) + 1


def test_rejections_are_crosses_and_stay_off_the_line(seeded_db):
    rows, _, geo = _geometry(seeded_db, "ceasefire_scope")
    russia = next(r.party_id for r in rows if r.party_name == "Russia")
    g = geo.parties[russia]
    rejected = {r.id for r in rows if r.party_id == russia and r.status == "rejects"}
    # deferrals ("will continue discussions") and alleged violations hold no level either
    not_held = {r.id for r in rows if r.party_id == russia
                and r.status in ("defers", "alleged_violation")}
    assert rejected and not_held and set(g.marks["crossed"][2]) == rejected | not_held
    # 18 March: Russia rejects the full ceasefire (level 4), and the most confident
    # positive account is the Kremlin's energy-only offer (level 1): the line ends there.
    assert round(g.step_y[-1]) == 1


def test_conflicting_accounts_are_hollow_and_joined(seeded_db):
    rows, conflicting, geo = _geometry(seeded_db, "ceasefire_scope")
    # Russia on 18 March: the Kremlin's energy-only offer vs accounts of "energy and
    # infrastructure" (levels 1 and 2) — a conflict between accounts (db.reads.analysis).
    russia = next(r.party_id for r in rows if r.party_name == "Russia")
    g = geo.parties[russia]
    positive_disputed = {r.id for r in rows if r.party_id == russia and r.id in conflicting
                         and r.status not in ("rejects", "opposes", "denies")}
    assert positive_disputed and set(g.marks["hollow"][2]) == positive_disputed
    assert not set(g.marks["filled"][2]) & conflicting
    assert len(g.bar_x) == 3  # one bar (x, x, nan) on 18 March
    levels = {r.level_value for r in rows if r.id in positive_disputed}
    assert (round(np.nanmin(g.bar_y)), round(np.nanmax(g.bar_y))) == (min(levels), max(levels))
    # parties with no conflicting account keep filled markers only
    us = next(r.party_id for r in rows if r.party_name == "United States")
    assert not len(geo.parties[us].marks["hollow"][2])
    assert not len(geo.parties[us].bar_x)


def _line_at(g, x):  # type: ignore[no-untyped-def]
    """The step line's level at x: the y of the horizontal segment over x."""
    xs, ys = g.step_x, g.step_y
    for i in range(len(xs) - 1):
        if xs[i] <= x <= xs[i + 1] and ys[i] == ys[i + 1]:
            return ys[i]
    raise AssertionError(f"no horizontal segment over {x}")


def test_imprecise_records_put_the_line_vertex_at_the_stated_date(seeded_db):
    rows, _, geo = _geometry(seeded_db, "ceasefire_scope")
    ukraine = next(r.party_id for r in rows if r.party_name == "Ukraine")
    g = geo.parties[ukraine]
    # "Air and sea truce" is dated March 2025 ("earlier this month"): before Jeddah (11
    # March), where Ukraine accepted the full ceasefire. The line must not fall back to the
    # truce in mid-March.
    truce = next(r for r in rows if r.party_id == ukraine and r.date_precision == "month")
    assert truce.level_label == "Air and sea truce"
    x0, x1, _ = _span_of(geo, truce.id)
    i = int(np.nonzero(g.marks["filled"][2] == truce.id)[0][0])
    vertex = g.marks["filled"][0][i]
    assert x0 <= vertex < day_x(truce.stated_on) + 1 < x1
    full = next(lv.value for lv in queries.issue_by_key(seeded_db, "ceasefire_scope").levels
                if lv.label == "Full ceasefire")
    # 17 March and 18 March up to Ukraine's own record of that day (its vertex sits a
    # fraction into the day): still at Full ceasefire.
    ukraine_18 = min(x for x, r in zip(geo.hit_x0, geo.hit_ids, strict=True)
                     if r in {q.id for q in rows if q.party_id == ukraine
                              and q.stated_on == dt.date(2025, 3, 18)})
    for x in (day_x(dt.date(2025, 3, 17)) + 0.5, day_x(dt.date(2025, 3, 18)) + 0.01):
        assert x < ukraine_18 and round(_line_at(g, x)) == full
    assert round(_line_at(g, day_x(dt.date(2025, 3, 5)) + 0.5)) == truce.level_value
