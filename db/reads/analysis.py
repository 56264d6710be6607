"""Derived views of positions: conflicting accounts, the party × issue matrix, gaps over time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Protocol, TypeVar

from db.model.vocab import NEGATIVE_STATUSES
from db.reads.queries import (
    IssueRow,
    PositionFilter,
    PositionRow,
    TimelinePoint,
    issues,
    iter_position_keys,
    parties,
    positions_by_id,
)
from db.storage.database import Database

DEFAULT_CONFLICT_WINDOW_DAYS = 3

# Affirmative statuses that name the one level a party has settled on: what it agreed to,
# offered or demanded. Two accounts giving different levels here tell different stories.
# The other affirmative statuses (proposes, supports, conditions) can stand beside another
# level — a party agrees to a partial pause while proposing a full one — so they conflict
# only with an account that negates the same level.
SETTLED_STATUSES = frozenset({"accepts", "agrees", "offers", "demands", "claims"})

LEVELS = "levels"  # accounts settle the party on different levels
NEGATION = "negation"  # one account affirms a level that another says the party does not hold


class Account(Protocol):
    """What conflict detection reads of a record: PositionRow and the timeline's lean
    TimelinePoint both have it."""

    @property
    def id(self) -> int: ...
    @property
    def party_id(self) -> int: ...
    @property
    def issue_id(self) -> int: ...
    @property
    def level_value(self) -> int: ...
    @property
    def stated_on(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def source_id(self) -> int: ...
    @property
    def attributed_to(self) -> str: ...


R = TypeVar("R", bound=Account)


class ConflictGroup(NamedTuple):
    party_id: int
    party_name: str
    issue_id: int
    issue_name: str
    first: date
    last: date
    rows: tuple[PositionRow, ...]  # the rows given: TimelinePoints for the timeline
    kind: str = LEVELS
    level_value: int | None = None  # the disputed level of a NEGATION group

    @property
    def summary(self) -> str:
        """What the accounts say, in a line: "Energy infrastructure only vs Energy +
        infrastructure", or "All foreign aid must stop: demands vs denies"."""
        if self.kind == NEGATION:
            yes = _unique(r.status for r in self.rows if r.status not in NEGATIVE_STATUSES)
            no = _unique(r.status for r in self.rows if r.status in NEGATIVE_STATUSES)
            return f"{self.rows[0].level_label}: {' / '.join(yes)} vs {' / '.join(no)}"
        return " vs ".join(_unique(r.level_label for r in self.rows))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _account(row: Account) -> tuple[int, str]:
    """Who tells it: the same speaker in another article is another account."""
    return (row.source_id, _speaker(row.attributed_to))


@lru_cache(maxsize=8192)
def _speaker(attributed_to: str) -> str:
    # A few thousand distinct speakers across 100k records: normalise each once.
    return " ".join(attributed_to.casefold().split())


def conflicts(db: Database, flt: PositionFilter | None = None,
              window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS) -> list[ConflictGroup]:
    """Where accounts disagree about the same party's stance on the same issue at about the
    same time (records chained within `window_days` of each other). One group per
    disagreement: different accounts settling the party on different levels (LEVELS), or one
    account affirming a level that another says the party rejects/opposes/denies (NEGATION).
    The same account changing its mind is a shift, not a conflict; so are an affirmative
    status worded differently (accepts vs supports) and rejecting one level while agreeing to
    another."""
    # Cluster on lean keys read from the covering index, then read full rows only for the
    # records in a disagreement: at 100k positions reading every full row took ~1.5 s and
    # ~150 MB, for groups that hold a few percent of them. The keys are read a batch at a
    # time, with each repeated value (day, status, speaker, names) kept once: ~25 MB for
    # 100k records instead of ~90.
    groups = conflict_groups(_lean_rows(db, flt), window_days)  # type: ignore[arg-type]
    full = positions_by_id(db, {r.id for g in groups for r in g.rows})
    return [g._replace(rows=tuple(full[r.id] for r in g.rows)) for g in groups]


def _lean_rows(db: Database, flt: PositionFilter | None) -> list[_Lean]:
    party_names = {p.id: p.name for p in parties(db)}
    issue_names = {i.id: i.name for i in issues(db)}
    days: dict[str, date] = {}
    shared: dict[str, str] = {}
    out = []
    for k in iter_position_keys(db, flt, _LEAN_FIELDS):
        day = days.get(k[3])
        if day is None:
            day = days[k[3]] = date.fromisoformat(k[3])
        out.append(_Lean(k[0], k[1], k[2], day, shared.setdefault(k[4], k[4]), k[5], k[6],
                         shared.setdefault(k[7], k[7]), party_names[k[1]],
                         issue_names[k[2]]))
    return out


class _Lean(NamedTuple):
    """The fields conflict finding looks at (a PositionRow stand-in)."""

    id: int
    party_id: int
    issue_id: int
    stated_on: date
    status: str
    level_value: int
    source_id: int
    attributed_to: str
    party_name: str
    issue_name: str


_LEAN_FIELDS = ("party_id", "issue_id", "stated_on", "status", "level_value", "source_id",
                "attributed_to")


def conflict_groups(rows: list[PositionRow] | list[TimelinePoint],
                    window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS) -> list[ConflictGroup]:
    """`conflicts` over rows already read (date order), for callers that hold them (the
    timeline reads its rows once and need not read them again). Lean rows (TimelinePoint)
    work too; their groups carry empty party and issue names."""
    by_pair: dict[tuple[int, int], list[Account]] = defaultdict(list)
    for row in rows:
        by_pair[(row.party_id, row.issue_id)].append(row)
    window = dt.timedelta(days=max(0, window_days))
    groups: list[ConflictGroup] = []
    for pair_rows in by_pair.values():
        cluster: list[Account] = []
        for row in pair_rows:
            if cluster and row.stated_on - cluster[-1].stated_on > window:
                groups.extend(_cluster_conflicts(cluster))
                cluster = []
            cluster.append(row)
        groups.extend(_cluster_conflicts(cluster))
    groups.sort(key=lambda g: (g.first, g.party_name, g.issue_name, g.kind != LEVELS,
                               g.level_value or 0))
    return groups


def _cluster_conflicts(cluster: list[R]) -> list[ConflictGroup]:
    if len(cluster) < 2:
        return []  # one record is one account: nothing to disagree with (most clusters)
    out: list[ConflictGroup] = []
    settled = [r for r in cluster if r.status in SETTLED_STATUSES]
    if (len({r.level_value for r in settled}) > 1
            and len({_account(r) for r in settled}) > 1):
        # Two levels and two accounts always include a pair of different accounts on
        # different levels, so this is exactly "some two accounts disagree".
        out.append(_group(settled, LEVELS, None))
    by_level: dict[int, list[R]] = defaultdict(list)
    for r in cluster:
        by_level[r.level_value].append(r)
    for value, rows in sorted(by_level.items()):
        yes = {_account(r) for r in rows if r.status not in NEGATIVE_STATUSES}
        no = {_account(r) for r in rows if r.status in NEGATIVE_STATUSES}
        if yes and no and not (len(yes) == len(no) == 1 and yes == no):
            out.append(_group(rows, NEGATION, value))
    return out


def _group(rows: list[R], kind: str, level_value: int | None) -> ConflictGroup:
    ordered = sorted(rows, key=lambda r: (r.level_value, r.status in NEGATIVE_STATUSES,
                                          r.stated_on, r.id))
    first = ordered[0]
    return ConflictGroup(first.party_id, getattr(first, "party_name", ""), first.issue_id,
                         getattr(first, "issue_name", ""),
                         min(r.stated_on for r in rows), max(r.stated_on for r in rows),
                         tuple(ordered), kind, level_value)  # type: ignore[arg-type]


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
    row: PositionRow | None  # the stance shown; None when only rejections are known
    fraction: float
    disputed: bool
    # The latest rejection / opposition / denial as of the date, when it is not older than
    # the stance: worth noting, never the party's stance itself.
    rejected: PositionRow | None = None


def stance_matrix(db: Database, at: dt.date, flt: PositionFilter | None = None
                  ) -> dict[tuple[int, int], MatrixCell]:
    """Each party's latest stance on each issue as of `at`: its latest affirmative record
    (a rejection says what the party does not hold, not where it stands). When accounts of
    that latest date disagree, the most confident is shown and the cell is marked disputed.
    A rejection dated on or after the stance is kept in `rejected`; a party with only
    rejections on an issue gets a cell with no stance (row None) and the rejection."""
    base = flt or PositionFilter()
    narrowed = PositionFilter(base.party_ids, base.issue_ids, base.source_ids, base.attributions,
                              base.date_from, at if base.date_to is None else min(at, base.date_to),
                              base.text)
    issue_map = {i.id: i for i in issues(db)}
    # The latest day per party, issue and kind (stance or rejection) from lean keys
    # streamed off the covering index; full rows only for the records of those days (a few
    # hundred): reading all 100k full rows took ~0.5 s and ~150 MB at its peak.
    latest_ids: dict[tuple[int, int, bool], tuple[str, list[int]]] = {}
    for pid, party_id, issue_id, day, status in iter_position_keys(
            db, narrowed, ("party_id", "issue_id", "stated_on", "status")):
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
    cells = {}
    for key in stances.keys() | rejections.keys():
        latest = stances.get(key, [])
        best = max(latest, key=lambda r: (r.confidence, r.id)) if latest else None
        no = rejections.get(key, [])
        rejected = max(no, key=lambda r: (r.confidence, r.id)) if no else None
        if rejected is not None and best is not None and rejected.stated_on < best.stated_on:
            rejected = None
        fraction = level_fraction(issue_map[key[1]], best.level_value) if best else 0.0
        cells[key] = MatrixCell(key[0], key[1], best, fraction,
                                len({r.level_value for r in latest}) > 1, rejected)
    return cells


class GapPoint(NamedTuple):
    date: dt.date
    gap: float


def gap_series(db: Database, party_a: int, party_b: int, flt: PositionFilter | None = None
               ) -> dict[int, list[GapPoint]]:
    """Per issue, the distance between two parties' latest stances (0 = same level, 1 = the
    two ends of the scale), at every date where either party's stance is recorded. Only
    affirmative records are stances: a rejection does not put a party at the level it
    rejects."""
    base = flt or PositionFilter()
    narrowed = PositionFilter(frozenset({party_a, party_b}), base.issue_ids, base.source_ids,
                              base.attributions, base.date_from, base.date_to, base.text)
    issue_map = {i.id: i for i in issues(db)}
    # Lean keys, not full rows: the two busiest parties hold ~20k records at 100k.
    days: dict[str, dt.date] = {}
    by_issue: dict[int, list[tuple]] = defaultdict(list)
    for pid, issue_id, party_id, level_value, text, status, confidence in iter_position_keys(
            db, narrowed, ("issue_id", "party_id", "level_value", "stated_on", "status",
                           "confidence")):
        if status in NEGATIVE_STATUSES:
            continue
        day = days.get(text)
        if day is None:
            day = days[text] = dt.date.fromisoformat(text)
        by_issue[issue_id].append((pid, party_id, level_value, day, confidence))
    out: dict[int, list[GapPoint]] = {}
    for issue_id, rows in by_issue.items():
        issue = issue_map[issue_id]
        state: dict[int, float] = {}
        points: list[GapPoint] = []
        by_day: dict[dt.date, dict[int, tuple]] = defaultdict(dict)
        for pid, party_id, level_value, day, confidence in rows:
            # same rule as the matrix: a day's stance is its most confident account
            kept = by_day[day].get(party_id)
            if kept is None or (confidence, pid) > (kept[0], kept[1]):
                by_day[day][party_id] = (confidence, pid, level_value)
        for day, best in by_day.items():
            for party, (_confidence, _pid, level_value) in best.items():
                state[party] = level_fraction(issue, level_value)
            if len(state) == 2:
                points.append(GapPoint(day, abs(state[party_a] - state[party_b])))
        if points:
            out[issue_id] = points
    return out
