"""Derived views of positions: conflicting accounts, the party × issue matrix, gaps over time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from db.database import Database
from db.queries import IssueRow, PositionFilter, PositionRow, issues, position_rows

DEFAULT_CONFLICT_WINDOW_DAYS = 3


class ConflictGroup(NamedTuple):
    party_id: int
    party_name: str
    issue_id: int
    issue_name: str
    first: dt.date
    last: dt.date
    rows: tuple[PositionRow, ...]

    @property
    def summary(self) -> str:
        labels = sorted({f"{r.level_label} ({r.status})" for r in self.rows})
        return " vs ".join(labels)


def _account(row: PositionRow) -> tuple[int, str]:
    return (row.source_id, row.attributed_to.casefold())


def _claim(row: PositionRow) -> tuple[int, str]:
    return (row.level_value, row.status)


def conflicts(db: Database, flt: PositionFilter | None = None,
              window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS) -> list[ConflictGroup]:
    """Groups where the same party's stance on the same issue, at about the same time
    (records chained within `window_days`), is reported differently — a different level or
    status — by different accounts (source or attribution)."""
    return conflict_groups(position_rows(db, flt), window_days)


def conflict_groups(rows: list[PositionRow],
                    window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS) -> list[ConflictGroup]:
    """`conflicts` over rows already read (date order), for callers that hold them."""
    by_pair: dict[tuple[int, int], list[PositionRow]] = defaultdict(list)
    for row in rows:
        by_pair[(row.party_id, row.issue_id)].append(row)
    groups: list[ConflictGroup] = []
    window = dt.timedelta(days=window_days)
    for pair_rows in by_pair.values():
        cluster: list[PositionRow] = []
        for row in pair_rows + [None]:  # type: ignore[list-item]
            if row is not None and (not cluster or row.stated_on - cluster[-1].stated_on <= window):
                cluster.append(row)
                continue
            if _disagrees(cluster):
                first = cluster[0]
                groups.append(ConflictGroup(first.party_id, first.party_name, first.issue_id,
                                            first.issue_name, first.stated_on,
                                            cluster[-1].stated_on, tuple(cluster)))
            cluster = [row] if row is not None else []
    groups.sort(key=lambda g: (g.first, g.party_name, g.issue_name))
    return groups


def _disagrees(cluster: list[PositionRow]) -> bool:
    if len(cluster) < 2 or len({_claim(r) for r in cluster}) < 2:
        return False
    # Two claims that differ must come from two different accounts to be a conflict; the
    # same account changing its mind is a shift, which the timeline shows.
    by_claim: dict[tuple[int, str], set[tuple[int, str]]] = defaultdict(set)
    for r in cluster:
        by_claim[_claim(r)].add(_account(r))
    claims = list(by_claim.values())
    return any(a != b or len(a) > 1 for i, a in enumerate(claims) for b in claims[i + 1:])


def conflicting_ids(db: Database, flt: PositionFilter | None = None) -> set[int]:
    return {r.id for g in conflicts(db, flt) for r in g.rows}


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
    row: PositionRow
    fraction: float
    disputed: bool


def stance_matrix(db: Database, at: dt.date, flt: PositionFilter | None = None
                  ) -> dict[tuple[int, int], MatrixCell]:
    """Each party's latest stance on each issue as of `at`. When accounts of that latest
    date disagree, the most confident is shown and the cell is marked disputed."""
    base = flt or PositionFilter()
    narrowed = PositionFilter(base.party_ids, base.issue_ids, base.source_ids, base.attributions,
                              base.date_from, at if base.date_to is None else min(at, base.date_to),
                              base.text)
    issue_map = {i.id: i for i in issues(db)}
    latest: dict[tuple[int, int], list[PositionRow]] = {}
    for row in position_rows(db, narrowed):
        key = (row.party_id, row.issue_id)
        current = latest.get(key)
        if current is None or row.stated_on > current[0].stated_on:
            latest[key] = [row]
        elif row.stated_on == current[0].stated_on:
            current.append(row)
    cells = {}
    for key, rows in latest.items():
        best = max(rows, key=lambda r: (r.confidence, r.id))
        disputed = len({r.level_value for r in rows}) > 1
        cells[key] = MatrixCell(key[0], key[1], best,
                                level_fraction(issue_map[key[1]], best.level_value), disputed)
    return cells


class GapPoint(NamedTuple):
    date: dt.date
    gap: float


def gap_series(db: Database, party_a: int, party_b: int, flt: PositionFilter | None = None
               ) -> dict[int, list[GapPoint]]:
    """Per issue, the distance between two parties' latest stances (0 = same level, 1 = the
    two ends of the scale), at every date where either party's stance is recorded."""
    base = flt or PositionFilter()
    narrowed = PositionFilter(frozenset({party_a, party_b}), base.issue_ids, base.source_ids,
                              base.attributions, base.date_from, base.date_to, base.text)
    issue_map = {i.id: i for i in issues(db)}
    by_issue: dict[int, list[PositionRow]] = defaultdict(list)
    for row in position_rows(db, narrowed):
        by_issue[row.issue_id].append(row)
    out: dict[int, list[GapPoint]] = {}
    for issue_id, rows in by_issue.items():
        issue = issue_map[issue_id]
        state: dict[int, float] = {}
        points: list[GapPoint] = []
        for row in rows:
            state[row.party_id] = level_fraction(issue, row.level_value)
            if len(state) == 2:
                gap = abs(state[party_a] - state[party_b])
                if points and points[-1].date == row.stated_on:
                    points[-1] = GapPoint(row.stated_on, gap)
                else:
                    points.append(GapPoint(row.stated_on, gap))
        if points:
            out[issue_id] = points
    return out
