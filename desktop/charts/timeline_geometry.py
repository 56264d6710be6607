"""Where the issue timeline's marks go, computed with numpy from position rows or the lean
db.reads.queries.TimelinePoint rows (no Qt).

x is days since common.ORIGIN; y is the stance level. Parties are spread a little within the
day (x) and around the level (y) so that their marks and lines do not hide one another.

Rules (shown in the chart's legend and tooltips):
- a record dated to the month spans the whole month; an approximate date spans ±7 days;
  either way its marker and the step line's vertex stay at the date as stated (the first of
  the month, the approximate day): "earlier this month" must not move a stance to the
  middle of the month, past what the party said later that month;
- a record that does not hold its level is never part of the step line: a rejection
  (rejects / opposes / denies) is a "×", a deferral a right-pointing triangle (talks go on), an
  alleged violation a hollow triangle (an accusation, not a stance);
- a stance held only on conditions (status "conditions" or condition links) is a hollow
  diamond: it is on the step line, but never drawn as the plain stance;
- on each day the step line goes through the most confident positive record (ties: the
  level most of that day's records agree on, then the latest record);
- conflicting accounts (db.reads.analysis) are hollow markers; on a day where they name different
  levels, a vertical bar joins them.

Given the chart's scale (`spread_days`: a marker's width in days), markers that would
overlap at one level are spread sideways around their dates (a one-dimensional beeswarm:
each run of touching markers is centred on the mean of their dates), so a day with many
records shows each of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from db.reads.queries import PositionRow, TimelinePoint
from desktop.charts.common import (
    APPROXIMATE_DAYS,
    CONDITIONAL_STATUSES,
    DEFERRED_STATUSES,
    NEGATIVE_STATUSES,
    NON_STANCE_STATUSES,
    NOT_HELD_STATUSES,
    ORIGIN,
)

_ORIGIN = np.datetime64(ORIGIN, "D")
_ORIGIN_ORD = ORIGIN.toordinal()
_PRECISION = {"day": 0, "month": 1, "approximate": 2}
STYLES = ("filled", "hollow", "crossed", "conditional", "deferred", "alleged")
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


def spread_runs(x: np.ndarray, band: np.ndarray, width: float, rows: int = 1
                ) -> tuple[np.ndarray, np.ndarray]:
    """Places for points so that no two of one band touch: each run of points that would
    is laid out in a small grid of `rows` sub-rows and columns `width` apart (in x order,
    column by column), centred on the mean of their x; runs that then touch merge and are
    centred again. Returns the new x and each point's sub-row offset (0 centred, ±0.5 …)."""
    out, sub = x.copy(), np.zeros(len(x))
    if width <= 0 or len(x) < 2:
        return out, sub
    rows = max(1, rows)
    order = np.lexsort((x, band))
    runs: list[list] = []  # [band, first index into order, count, sum of x]

    def half(run: list) -> float:
        return -(-run[2] // rows) * width / 2  # half of ceil(count / rows) columns

    for k, i in enumerate(order):
        runs.append([band[i], k, 1, x[i]])
        while len(runs) > 1 and runs[-2][0] == runs[-1][0]:
            a, b = runs[-2], runs[-1]
            if a[3] / a[2] + half(a) <= b[3] / b[2] - half(b) + 1e-9:
                break
            a[2] += b[2]
            a[3] += b[3]
            runs.pop()
    for _band, first, count, total in runs:
        r = min(rows, count)
        cols = -(-count // r)
        k = np.arange(count)
        idx = order[first:first + count]
        out[idx] = total / count + (k // r - (cols - 1) / 2) * width
        sub[idx] = k % r - (r - 1) / 2
    return out, sub


def timeline_geometry(rows: Sequence[PositionRow] | Sequence[TimelinePoint], conflicting: set[int],
                      order: list[int], conditional: set[int] | frozenset[int] = frozenset(),
                      spread: tuple[float, int, float] | None = None) -> TimelineGeometry:
    """Marks for `rows` (date order), parties in `order` (the legend's order); records in
    `conditional` have condition links (status "conditions" is conditional anyway).
    `spread` = (a marker's width in days, sub-rows a level has room for, a sub-row's
    height in levels) spreads markers that would overlap at the chart's scale."""
    geo = TimelineGeometry()
    n = len(rows)
    if not n:
        return geo
    # One transpose of the rows, then one conversion per column (both row types are
    # NamedTuples; their fields sit at different places) instead of an attribute lookup
    # per row and field.
    # (a column at a time, in Python: zip(*rows) over 250,000 rows was one C call holding
    # the GIL ~100 ms, the GUI thread waiting for a worker that long)
    cols = {name: [r[i] for r in rows] for i, name in enumerate(type(rows[0])._fields)}
    pid = np.array(cols["party_id"], np.int64)
    # ordinals, not np.array(dates): numpy converts date objects one by one, ~4x slower
    day_int = np.fromiter(map(_toordinal, cols["stated_on"]), np.int64, n) - _ORIGIN_ORD
    level = np.array(cols["level_value"], float)
    prec = np.fromiter(map(_precision, cols["date_precision"]), np.int8, n)
    statuses = cols["status"]
    negative = np.fromiter(map(NOT_HELD_STATUSES.__contains__, statuses), bool, n)
    kind = np.zeros(n, np.int8)  # 0 stance, 1 rejection, 2 deferral, 3 allegation, 4 conditional
    for value, names in ((1, NEGATIVE_STATUSES), (2, DEFERRED_STATUSES), (3, NON_STANCE_STATUSES),
                         (4, CONDITIONAL_STATUSES)):
        kind[np.fromiter(map(names.__contains__, statuses), bool, n)] = value
    confidence = np.array(cols["confidence"], float)
    ids = np.array(cols["id"], np.int64)
    disputed = (np.isin(ids, np.fromiter(conflicting, np.int64, len(conflicting)))
                if conflicting else np.zeros(n, bool))
    if conditional:
        kind[(kind == 0) & np.isin(ids, np.fromiter(conditional, np.int64, len(conditional)))] = 4

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
    if spread is not None and spread[0] > 0:
        xc, sub = spread_runs(xc, level, spread[0], spread[1])
        # the sub-rows replace the parties' small offsets: both would let markers touch
        y = level + sub * spread[2]
        exact = prec == 0
        x0[exact] = x1[exact] = xc[exact]
    x_end = float(xc.max())

    for party in order:
        m = pid == party
        geo.parties[party] = _party(m, day_int, level, prec, negative, kind, confidence, ids,
                                    disputed, x0, x1, xc, y, x_end, n > THIN_ABOVE)
    geo.hit_x0, geo.hit_x1, geo.hit_xc, geo.hit_y, geo.hit_ids = x0, x1, xc, y, ids
    return geo


def _party(m: np.ndarray, day_int: np.ndarray, level: np.ndarray, prec: np.ndarray,
           negative: np.ndarray, kind: np.ndarray, confidence: np.ndarray, ids: np.ndarray,
           disputed: np.ndarray,
           x0: np.ndarray, x1: np.ndarray, xc: np.ndarray, y: np.ndarray, x_end: float,
           dense: bool = False) -> PartyGeometry:
    neg, disp, k = negative[m], disputed[m], kind[m]
    px, py, pids = xc[m], y[m], ids[m]
    masks = {"filled": (k == 0) & ~disp, "hollow": (k == 0) & disp, "crossed": k == 1,
             "conditional": k == 4, "deferred": k == 2, "alleged": k == 3}
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
    if dense:
        step_x, step_y = _straight(step_x, step_y)

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


def _straight(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A step line without the vertices inside a horizontal run (a stance held day after
    day is one segment, not one per day and a zero-length step between them): the same
    pixels with a fraction of the segments to stroke (a dense chart's step lines were most
    of its paint). x is in order, so no vertex is a turn back."""
    if len(y) < 3:
        return x, y
    inner = (y[1:-1] == y[:-2]) & (y[1:-1] == y[2:])
    keep = np.r_[True, ~inner, True]
    return x[keep], y[keep]


def data_range(x0: np.ndarray, x1: np.ndarray) -> tuple[float, float]:
    """The x range a timeline opens on: every record's dates, a month-only or approximate
    date's whole band included (cut at the chart's edge it read as a stance held to the
    right edge), at least ten days, and a small margin."""
    lo, hi = float(np.floor(x0.min())), float(np.ceil(x1.max()))
    hi = max(hi, float(np.floor(x1.max())) + 1)
    if hi - lo < 10:
        mid = (lo + hi) / 2
        lo, hi = mid - 5, mid + 5
    pad = max((hi - lo) * 0.05, 1.0)
    return lo - pad, hi + pad


# Marks one scatter draws are thinned to one per screen pixel above this many records (below
# it they are spread apart and never share a pixel).
THIN_ABOVE = 2_000
THIN_CELL = 0.5  # pixels: a dense chart draws one mark per half pixel and style (an export's
# 2x raster stays exact)


def thin_points(x: np.ndarray, y: np.ndarray, ids: np.ndarray, pixel: tuple[float, float],
                view: tuple[float, float] | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The marks of one style as the screen can show them: of the marks that fall in one
    pixel (`pixel`: its width and height in data units) the one drawn last (the one on
    top) is kept, at its own place, so the picture differs from drawing them all by less
    than a pixel at a marker's edge; marks beyond `view` (x range) by more than its width
    are left out (a pan or zoom draws again). Zoomed in, a pixel is smaller than the
    space between marks and every mark is drawn."""
    if view is not None and len(x):
        lo, hi = view
        near = (x >= lo - (hi - lo)) & (x <= hi + (hi - lo))
        if not near.all():
            x, y, ids = x[near], y[near], ids[near]
    if len(x) < 2 or pixel[0] <= 0 or pixel[1] <= 0:
        return x, y, ids
    keep = _last_per_cell(np.floor(x / pixel[0]), np.floor(y / pixel[1]))
    return x[keep], y[keep], ids[keep]


def thin_segments(sx: np.ndarray, sy: np.ndarray, pixel: tuple[float, float]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """NaN-separated horizontal segments ([x0, x1, nan, …], [y, y, nan, …]: the date
    spans) as the screen shows them: segments in the same row of pixels that overlap are
    drawn as the one segment they cover together (the same opaque pixels: spans are drawn
    in one pale colour without antialiasing), so a dense chart draws a few per row."""
    if len(sx) < 6 or pixel[0] <= 0 or pixel[1] <= 0:
        return sx, sy
    x0, x1, y = sx[0::3], sx[1::3], sy[0::3]
    row = np.floor(y / pixel[1])
    order = np.lexsort((x0, row))
    x0, x1, y, row = x0[order], x1[order], y[order], row[order]
    first = np.r_[True, row[1:] != row[:-1]]
    # the furthest end reached so far in the row (rows offset apart so one pass serves all)
    offset = np.cumsum(first) * (float(x1.max() - x0.min()) + 1.0)
    reach = np.maximum.accumulate(x1 + offset) - offset
    starts = np.flatnonzero(first | np.r_[True, x0[1:] > reach[:-1]])
    ends = np.maximum.reduceat(x1, starts)
    return _segments(x0[starts], ends), _segments(y[starts], y[starts])


def _last_per_cell(*cells: np.ndarray) -> np.ndarray:
    """Indices (in order) of the last item of each distinct combination of `cells`."""
    order = np.lexsort(cells)  # stable: within a combination, in the items' order
    differs = np.zeros(max(len(order) - 1, 0), dtype=bool)
    for c in cells:
        s = c[order]
        differs |= s[1:] != s[:-1]
    return np.sort(order[np.append(differs, True)])
