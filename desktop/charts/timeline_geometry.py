"""Where the issue timeline's marks go, computed with numpy from position rows or the lean
db.reads.queries.TimelinePoint rows (no Qt).

x is days since common.ORIGIN; y is the stance level. Parties are spread a little within the
day (x) and around the level (y) so that their marks and lines do not hide one another.

Rules (shown in the chart's legend and tooltips):
- a record dated to the month spans the whole month; an approximate date spans ±7 days;
  either way its marker and the step line's vertex stay at the date as stated (the first of
  the month, the approximate day): "earlier this month" must not move a stance to the
  middle of the month, past what the party said later that month;
- a record that does not hold its level (rejects / opposes / denies, and a deferral or an
  alleged violation, which are no stance) is a "×" and never part of the step line;
- on each day the step line goes through the most confident positive record (ties: the
  level most of that day's records agree on, then the latest record);
- conflicting accounts (db.reads.analysis) are hollow markers; on a day where they name different
  levels, a vertical bar joins them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from db.reads.queries import PositionRow, TimelinePoint
from desktop.charts.common import APPROXIMATE_DAYS, NOT_HELD_STATUSES, ORIGIN

_ORIGIN = np.datetime64(ORIGIN, "D")
_ORIGIN_ORD = ORIGIN.toordinal()
_PRECISION = {"day": 0, "month": 1, "approximate": 2}
STYLES = ("filled", "hollow", "crossed")
_toordinal = dt.date.toordinal


def _precision(name: str) -> int:
    return _PRECISION.get(name, 0)


@dataclass
class PartyGeometry:
    step_x: np.ndarray
    step_y: np.ndarray
    span_x: np.ndarray  # NaN-separated segments
    span_y: np.ndarray
    bar_x: np.ndarray
    bar_y: np.ndarray
    marks: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # style → (x, y, ids)


@dataclass
class TimelineGeometry:
    parties: dict[int, PartyGeometry] = field(default_factory=dict)
    hit_x0: np.ndarray = field(default_factory=lambda: np.empty(0))
    hit_x1: np.ndarray = field(default_factory=lambda: np.empty(0))
    hit_xc: np.ndarray = field(default_factory=lambda: np.empty(0))  # the markers
    hit_y: np.ndarray = field(default_factory=lambda: np.empty(0))
    hit_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


def _segments(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """[a0, b0, nan, a1, b1, nan, …] — one curve item draws every segment."""
    return np.column_stack([a, b, np.full(len(a), np.nan)]).ravel()


def timeline_geometry(rows: Sequence[PositionRow] | Sequence[TimelinePoint], conflicting: set[int],
                      order: list[int]) -> TimelineGeometry:
    """Marks for `rows` (date order), parties in `order` (the legend's order)."""
    geo = TimelineGeometry()
    n = len(rows)
    if not n:
        return geo
    # One transpose of the rows, then one conversion per column (both row types are
    # NamedTuples; their fields sit at different places) instead of an attribute lookup
    # per row and field.
    cols = dict(zip(type(rows[0])._fields, zip(*rows, strict=True), strict=True))
    pid = np.array(cols["party_id"], np.int64)
    # ordinals, not np.array(dates): numpy converts date objects one by one, ~4x slower
    day_int = np.fromiter(map(_toordinal, cols["stated_on"]), np.int64, n) - _ORIGIN_ORD
    level = np.array(cols["level_value"], float)
    prec = np.fromiter(map(_precision, cols["date_precision"]), np.int8, n)
    negative = np.fromiter(map(NOT_HELD_STATUSES.__contains__, cols["status"]), bool, n)
    confidence = np.array(cols["confidence"], float)
    ids = np.array(cols["id"], np.int64)
    disputed = (np.isin(ids, np.fromiter(conflicting, np.int64, len(conflicting)))
                if conflicting else np.zeros(n, bool))

    count = len(order)
    dy_step = min(0.07, 0.36 / max(count - 1, 1))
    x0 = np.empty(n)
    x1 = np.empty(n)
    xc = np.empty(n)
    y = np.empty(n)
    for k, party in enumerate(order):
        m = pid == party
        dx = (k + 1) / (count + 1)  # spread parties within the day, never past it
        xc[m] = day_int[m] + dx
        y[m] = level[m] + (k - (count - 1) / 2) * dy_step
    x0[:] = xc
    x1[:] = xc
    approx = prec == 2
    x0[approx] -= APPROXIMATE_DAYS
    x1[approx] += APPROXIMATE_DAYS
    month = prec == 1
    if month.any():
        months = (day_int[month] + _ORIGIN).astype("datetime64[M]")
        start = (months.astype("datetime64[D]") - _ORIGIN).astype(float)
        end = ((months + 1).astype("datetime64[D]") - _ORIGIN).astype(float)
        # the vertex keeps the party's offset within the span's first day
        x0[month], x1[month] = start, end
        xc[month] = start + (xc[month] - day_int[month])
    x_end = float(xc.max())

    for party in order:
        m = pid == party
        geo.parties[party] = _party(m, day_int, level, prec, negative, confidence, ids,
                                    disputed, x0, x1, xc, y, x_end)
    geo.hit_x0, geo.hit_x1, geo.hit_xc, geo.hit_y, geo.hit_ids = x0, x1, xc, y, ids
    return geo


def _party(m: np.ndarray, day_int: np.ndarray, level: np.ndarray, prec: np.ndarray,
           negative: np.ndarray, confidence: np.ndarray, ids: np.ndarray, disputed: np.ndarray,
           x0: np.ndarray, x1: np.ndarray, xc: np.ndarray, y: np.ndarray, x_end: float
           ) -> PartyGeometry:
    neg, disp = negative[m], disputed[m]
    px, py, pids = xc[m], y[m], ids[m]
    masks = {"filled": ~neg & ~disp, "hollow": ~neg & disp, "crossed": neg}
    marks = {style: (px[mask], py[mask], pids[mask]) for style, mask in masks.items()}
    spans = m & (prec != 0)
    span_x = _segments(x0[spans], x1[spans])
    span_y = _segments(y[spans], y[spans])

    pos = ~neg
    d, lv, conf = day_int[m][pos], level[m][pos], confidence[m][pos]
    cx_all, cy_all, cid = px[pos], py[pos], pids[pos]
    empty = np.empty(0)
    if not len(d):
        return PartyGeometry(empty, empty, span_x, span_y, empty, empty, marks)
    # how many of the day's records name the same level (the tie-breaker)
    _, inverse, counts = np.unique(d * 2**20 + (lv.astype(np.int64) + 2**19), return_inverse=True,
                                   return_counts=True)
    agree = counts[inverse]
    ranked = np.lexsort((cid, agree, conf, d))  # by day, best last within each day
    sorted_days = d[ranked]
    last = np.r_[sorted_days[1:] != sorted_days[:-1], True]
    chosen = ranked[last]  # one per day, in day order
    cx, cy = cx_all[chosen], cy_all[chosen]
    by_x = np.argsort(cx, kind="stable")
    sx, sy = cx[by_x], cy[by_x]
    step_x = np.repeat(sx, 2)[1:]
    step_y = np.repeat(sy, 2)[:-1]
    if x_end > sx[-1]:
        step_x = np.append(step_x, x_end)
        step_y = np.append(step_y, sy[-1])

    bar_x = bar_y = empty
    dd = disp[pos]
    if dd.any():
        bd, by = d[dd], cy_all[dd]
        o = np.argsort(bd, kind="stable")
        bd, by = bd[o], by[o]
        starts = np.r_[0, np.nonzero(bd[1:] != bd[:-1])[0] + 1]
        lo = np.minimum.reduceat(by, starts)
        hi = np.maximum.reduceat(by, starts)
        keep = hi - lo > 1e-9
        if keep.any():
            at = np.searchsorted(d[chosen], bd[starts][keep])
            bx = cx[at]
            bar_x = _segments(bx, bx)
            bar_y = _segments(lo[keep], hi[keep])
    return PartyGeometry(step_x, step_y, span_x, span_y, bar_x, bar_y, marks)
