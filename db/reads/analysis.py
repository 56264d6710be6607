"""Derived views of positions: the party × issue matrix and gaps over time; conflicting
accounts are db.reads.conflict_rules (the rules), db.reads.conflicts (the search) and
db.reads.conflict_index (kept up to date after an edit), re-exported here for the screens
that import them from this module."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from typing import NamedTuple

from db.model.vocab import CONDITIONAL_STATUSES, NEGATIVE_STATUSES, NOT_HELD_STATUSES
from db.reads.conflict_rules import (  # noqa: F401  (re-exported)
    _NOT_COMPARED,
    CONDITIONS,
    DATE_SLIP_DAYS,
    DATES,
    DEFAULT_CONFLICT_WINDOW_DAYS,
    KIND_LABELS,
    LEVELS,
    NEGATION,
    REPORTING,
    SETTLED_STATUSES,
    Account,
    ConditionKey,
    ConflictGroup,
    conflict_groups,
    voice_name,
)
from db.reads.conflicts import condition_terms, conflicting_ids, conflicts  # noqa: F401
from db.reads.queries import (
    IssueRow,
    PositionFilter,
    PositionRow,
    condition_keys,
    conditions_of,
    issues,
    iter_position_keys,
    positions_by_id,
)
from db.storage.database import Database


def level_fraction(issue: IssueRow, level_value: int) -> float:
    """Where a level sits on its issue's scale, 0 (lowest) to 1 (highest)."""
    values = [lv.value for lv in issue.levels]
    if len(values) < 2:
        return 0.0
    lo, hi = min(values), max(values)
    return (level_value - lo) / (hi - lo) if hi != lo else 0.0


class MatrixCell(NamedTuple):
    party_id: int
    issue_id: int
    row: PositionRow | None  # the stance shown; None when only rejections are known
    fraction: float
    disputed: bool
    # The latest rejection / opposition / denial as of the date, when it is not older than
    # the stance: worth noting, never the party's stance itself.
    rejected: PositionRow | None = None
    # The stance is held only on these conditions (as they read; "" when the record says
    # "conditions" but names none); None for an unconditional stance.
    conditions: str | None = None


def stance_matrix(db: Database, at: dt.date, flt: PositionFilter | None = None
                  ) -> dict[tuple[int, int], MatrixCell]:
    """Each party's latest stance on each issue as of `at`: its latest affirmative record
    (a rejection says what the party does not hold, not where it stands; a deferral and an
    alleged violation are neither and are left out). When accounts of
    that latest date disagree, the most confident is shown and the cell is marked disputed.
    A rejection dated on or after the stance is kept in `rejected`; a party with only
    rejections on an issue gets a cell with no stance (row None) and the rejection."""
    base = flt or PositionFilter()
    narrowed = replace(base, date_to=at if base.date_to is None else min(at, base.date_to),
                       ids=None)
    issue_map = {i.id: i for i in issues(db)}
    # The latest day per party, issue and kind (stance or rejection) from lean keys
    # streamed off the covering index; full rows only for the records of those days (a few
    # hundred): reading all 100k full rows took ~0.5 s and ~150 MB at its peak.
    latest_ids: dict[tuple[int, int, bool], tuple[str, list[int]]] = {}
    for pid, party_id, issue_id, day, status in iter_position_keys(
            db, narrowed, ("party_id", "issue_id", "stated_on", "status")):
        if status in _NOT_COMPARED:
            continue  # a deferral or an alleged violation is no stance and no rejection
        key = (party_id, issue_id, status in NEGATIVE_STATUSES)
        current = latest_ids.get(key)
        if current is None or day > current[0]:  # ISO dates order as text
            latest_ids[key] = (day, [pid])
        elif day == current[0]:
            current[1].append(pid)
    full = positions_by_id(db, {i for _day, ids in latest_ids.values() for i in ids})
    stances: dict[tuple[int, int], list[PositionRow]] = {}
    rejections: dict[tuple[int, int], list[PositionRow]] = {}
    for (party_id, issue_id, negative), (_day, ids) in latest_ids.items():
        (rejections if negative else stances)[(party_id, issue_id)] = [full[i] for i in ids]
    shown = [max(rows, key=lambda r: (r.confidence, r.id)) for rows in stances.values()]
    linked: dict[int, list[str]] = defaultdict(list)
    for c in conditions_of(db, [r.id for r in shown]):
        linked[c.position_id].append(c.text.strip().rstrip("."))
    cells = {}
    for key in stances.keys() | rejections.keys():
        latest = stances.get(key, [])
        best = max(latest, key=lambda r: (r.confidence, r.id)) if latest else None
        no = rejections.get(key, [])
        rejected = max(no, key=lambda r: (r.confidence, r.id)) if no else None
        if rejected is not None and best is not None and rejected.stated_on < best.stated_on:
            rejected = None
        fraction = level_fraction(issue_map[key[1]], best.level_value) if best else 0.0
        conds = None
        if best is not None and (best.id in linked or best.status in CONDITIONAL_STATUSES):
            conds = "; ".join(t for t in linked.get(best.id, []) if t)
        cells[key] = MatrixCell(key[0], key[1], best, fraction,
                                len({r.level_value for r in latest}) > 1, rejected, conds)
    return cells


class GapPoint(NamedTuple):
    date: dt.date
    gap: float
    # One side (or both) holds its stance only on conditions: an agreement "if …" does not
    # close the gap, and the chart draws the point and what follows it apart.
    conditional: bool = False


def gap_series(db: Database, party_a: int, party_b: int, flt: PositionFilter | None = None
               ) -> dict[int, list[GapPoint]]:
    """Per issue, the distance between two parties' latest stances (0 = same level, 1 = the
    two ends of the scale), at every date where either party's stance is recorded. Only
    affirmative records are stances: a rejection does not put a party at the level it
    rejects, nor does a deferral or an alleged violation. A point is `conditional` while
    either party's stance is held only on conditions."""
    base = flt or PositionFilter()
    narrowed = replace(base, party_ids=frozenset({party_a, party_b}), ids=None)
    issue_map = {i.id: i for i in issues(db)}
    linked = condition_keys(db).keys()
    # Lean keys, not full rows: the two busiest parties hold ~20k records at 100k.
    days: dict[str, dt.date] = {}
    by_issue: dict[int, list[tuple]] = defaultdict(list)
    for pid, issue_id, party_id, level_value, text, status, confidence in iter_position_keys(
            db, narrowed, ("issue_id", "party_id", "level_value", "stated_on", "status",
                           "confidence")):
        if status in NOT_HELD_STATUSES:
            continue
        day = days.get(text)
        if day is None:
            day = days[text] = dt.date.fromisoformat(text)
        by_issue[issue_id].append((pid, party_id, level_value, day, confidence,
                                   status in CONDITIONAL_STATUSES or pid in linked))
    out: dict[int, list[GapPoint]] = {}
    for issue_id, rows in by_issue.items():
        issue = issue_map[issue_id]
        state: dict[int, tuple[float, bool]] = {}
        points: list[GapPoint] = []
        by_day: dict[dt.date, dict[int, tuple]] = defaultdict(dict)
        for pid, party_id, level_value, day, confidence, conditional in rows:
            # same rule as the matrix: a day's stance is its most confident account
            kept = by_day[day].get(party_id)
            if kept is None or (confidence, pid) > (kept[0], kept[1]):
                by_day[day][party_id] = (confidence, pid, level_value, conditional)
        for day, best in by_day.items():
            for party, (_confidence, _pid, level_value, conditional) in best.items():
                state[party] = (level_fraction(issue, level_value), conditional)
            if len(state) == 2:
                (fa, ca), (fb, cb) = state[party_a], state[party_b]
                points.append(GapPoint(day, abs(fa - fb), ca or cb))
        if points:
            out[issue_id] = points
    return out
