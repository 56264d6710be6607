"""Derived views of positions: conflicting accounts, the party × issue matrix, gaps over time."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Protocol, TypeVar

from db.model.vocab import (
    CONDITIONAL_STATUSES,
    DEFERRED_STATUSES,
    NEGATIVE_STATUSES,
    NON_STANCE_STATUSES,
    NOT_HELD_STATUSES,
)
from db.reads.queries import (
    IssueRow,
    PositionFilter,
    PositionRow,
    TimelinePoint,
    condition_keys,
    conditions_of,
    issues,
    iter_position_keys,
    parties,
    positions_by_id,
)
from db.storage.database import Database

DEFAULT_CONFLICT_WINDOW_DAYS = 3

# Affirmative statuses that name the one level a party has settled on: what it agreed to,
# offered or demanded. Two accounts giving different levels here tell different stories.
# The other affirmative statuses (proposes, supports, conditions, prefers) can stand beside
# another level — a party agrees to a partial pause while proposing a full one — so they
# conflict only with an account that negates the same level.
SETTLED_STATUSES = frozenset({"accepts", "agrees", "offers", "demands", "claims"})

LEVELS = "levels"  # different speakers settle the party on different levels
NEGATION = "negation"  # one account affirms a level that another says the party does not hold
REPORTING = "reporting"  # one speaker (a readout) reported at different levels by two outlets
CONDITIONS = "conditions"  # same level, but on different conditions (or none)
DATES = "dates"  # the same statement dated 1-2 days apart by different sources
KIND_LABELS = {
    LEVELS: "Different levels",
    NEGATION: "Held vs rejected",
    REPORTING: "Reported differently",
    CONDITIONS: "Different conditions",
    DATES: "Different dates",
}
# Dates this many days apart (at least one) may be the same statement misdated.
DATE_SLIP_DAYS = 2
# Skipped by every stance comparison: an alleged violation is not a stance, a deferral
# neither holds nor refuses the level.
_NOT_COMPARED = NON_STANCE_STATUSES | DEFERRED_STATUSES

# A record's conditions as conflict finding compares them: (what, how it reads).
ConditionKey = tuple[frozenset, str]


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
    def date_precision(self) -> str: ...
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
    level_value: int | None = None  # the disputed level of a NEGATION/CONDITIONS/DATES group
    # CONDITIONS: each conditional row's conditions in words, by position id
    conditions: tuple[tuple[int, str], ...] = ()

    @property
    def label(self) -> str:
        """The kind of disagreement in two words, for a small label in the view."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def summary(self) -> str:
        """What the accounts say, in a line: "Energy infrastructure only vs Energy +
        infrastructure", or "All foreign aid must stop: demands vs denies"."""
        if self.kind == NEGATION:
            yes = _unique(r.status for r in self.rows if r.status not in NEGATIVE_STATUSES)
            no = _unique(r.status for r in self.rows if r.status in NEGATIVE_STATUSES)
            return f"{self.rows[0].level_label}: {' / '.join(yes)} vs {' / '.join(no)}"
        if self.kind == REPORTING:
            levels = " vs ".join(_unique(r.level_label for r in self.rows))
            return f"{voice_name(self.rows[0].attributed_to)}: {levels}"
        if self.kind == CONDITIONS:
            said = dict(self.conditions)
            accounts = _unique(f"{r.status} if {said[r.id]}" if r.id in said else
                               f"{r.status} on conditions" if r.status in CONDITIONAL_STATUSES
                               else f"{r.status} unconditionally" for r in self.rows)
            return f"{self.rows[0].level_label}: {' vs '.join(accounts)}"
        if self.kind == DATES:
            days = " vs ".join(_unique(r.stated_on.isoformat() for r in self.rows))
            return f"{self.rows[0].level_label}: {days}"
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


# "(as reported by the New York Post)", "(quoted by RFE/RL)", "(via ABC News)": who passed
# the words on, not who said them.
_REPORTER = re.compile(r"\s*\((?:as\s+)?(?:reported|quoted|paraphrased|relayed)\s+by\b[^)]*\)"
                       r"|\s*\(via\b[^)]*\)", re.IGNORECASE)


def voice_name(attributed_to: str) -> str:
    """Who said it, without who reported it: "Kremlin readout (as reported by the New York
    Post)" -> "Kremlin readout". An outlet's own narration is one voice, "Article narration",
    whichever outlet tells it: two outlets narrating one event differently are reporting it
    differently, not two parties disagreeing."""
    name = " ".join(_REPORTER.sub("", attributed_to).split())
    return "Article narration" if name.casefold().startswith("article narration") else name


@lru_cache(maxsize=8192)
def _voice(attributed_to: str) -> str:
    return voice_name(attributed_to).casefold()


def conflicts(db: Database, flt: PositionFilter | None = None,
              window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS) -> list[ConflictGroup]:
    """Where accounts disagree about the same party's stance on the same issue at about the
    same time (records chained within `window_days` of each other). One group per
    disagreement, of a kind:
    - LEVELS: different speakers settle the party on different levels;
    - REPORTING: one speaker (e.g. the Kremlin readout) is reported at different levels by
      two outlets — a reporting discrepancy, apart from parties disagreeing;
    - NEGATION: one account affirms a level that another says the party rejects, opposes
      or denies;
    - CONDITIONS: accounts hold the party at the same level on different conditions, or one
      on conditions and another without ("agrees" vs "only after sanctions are lifted");
    - DATES: the same speaker's same stance dated 1-2 days apart by different sources.
    The same account changing its mind is a shift, not a conflict; so are an affirmative
    status worded differently (accepts vs supports) and rejecting one level while agreeing to
    another. An alleged violation is not a stance and a deferral neither holds nor refuses a
    level: neither takes part."""
    # Cluster on lean keys read from the covering index, then read full rows only for the
    # records in a disagreement: at 100k positions reading every full row took ~1.5 s and
    # ~150 MB, for groups that hold a few percent of them. The keys are read a batch at a
    # time, with each repeated value (day, status, speaker, names) kept once: ~25 MB for
    # 100k records instead of ~90.
    conds = condition_terms(db)
    groups = conflict_groups(_lean_rows(db, flt), window_days, conds)  # type: ignore[arg-type]
    full = positions_by_id(db, {r.id for g in groups for r in g.rows})
    return [g._replace(rows=tuple(full[r.id] for r in g.rows)) for g in groups]


def condition_terms(db: Database, ids: set[int] | None = None) -> dict[int, ConditionKey]:
    """Each conditional record's conditions (of `ids`, or all): what they require (party,
    issue, level, or the words when no issue is coded) and how they read."""
    out = {}
    for pid, conds in condition_keys(db, ids).items():
        what = frozenset((c[0], c[1], c[2]) if c[1] is not None else " ".join(c[3].casefold().split())
                         for c in conds)
        out[pid] = (what, "; ".join(c[3].strip().rstrip(".") for c in conds if c[3].strip())
                    or "conditions")
    return out


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
                         shared.setdefault(k[7], k[7]), shared.setdefault(k[8], k[8]),
                         party_names[k[1]], issue_names[k[2]]))
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
    date_precision: str
    party_name: str
    issue_name: str


_LEAN_FIELDS = ("party_id", "issue_id", "stated_on", "status", "level_value", "source_id",
                "attributed_to", "date_precision")


def conflict_groups(rows: list[PositionRow] | list[TimelinePoint],
                    window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS,
                    conditions: Mapping[int, ConditionKey] | None = None
                    ) -> list[ConflictGroup]:
    """`conflicts` over rows already read (date order), for callers that hold them (the
    timeline reads its rows once and need not read them again). Lean rows (TimelinePoint)
    work too; their groups carry empty party and issue names. Without `conditions` (each
    conditional record's conditions) only the status "conditions" marks a conditional
    stance."""
    by_pair: dict[tuple[int, int], list[Account]] = defaultdict(list)
    for row in rows:
        if row.status not in _NOT_COMPARED:
            by_pair[(row.party_id, row.issue_id)].append(row)
    window = dt.timedelta(days=max(0, window_days))
    conds = conditions or {}
    groups: list[ConflictGroup] = []
    for pair_rows in by_pair.values():
        cluster: list[Account] = []
        for row in pair_rows:
            if cluster and row.stated_on - cluster[-1].stated_on > window:
                groups.extend(_cluster_conflicts(cluster, conds))
                cluster = []
            cluster.append(row)
        groups.extend(_cluster_conflicts(cluster, conds))
    order = list(KIND_LABELS)
    groups.sort(key=lambda g: (g.first, g.party_name, g.issue_name, order.index(g.kind),
                               g.level_value or 0))
    return groups


def _cluster_conflicts(cluster: list[R], conds: Mapping[int, ConditionKey]
                       ) -> list[ConflictGroup]:
    if len(cluster) < 2:
        return []  # one record is one account: nothing to disagree with (most clusters)
    out: list[ConflictGroup] = []
    settled = [r for r in cluster if r.status in SETTLED_STATUSES]
    if len({r.level_value for r in settled}) > 1:
        # Two levels and two voices always include a pair of different voices on different
        # levels, so this is exactly "some two speakers disagree".
        if len({_voice(r.attributed_to) for r in settled}) > 1:
            out.append(_group(settled, LEVELS, None))
        by_voice: dict[str, list[R]] = defaultdict(list)
        for r in settled:
            by_voice[_voice(r.attributed_to)].append(r)
        for rows in by_voice.values():
            # likewise: two levels and two outlets hold a pair of outlets that differ
            if len({r.level_value for r in rows}) > 1 and len({r.source_id for r in rows}) > 1:
                out.append(_group(rows, REPORTING, None))
    by_level: dict[int, list[R]] = defaultdict(list)
    for r in cluster:
        by_level[r.level_value].append(r)
    for value, rows in sorted(by_level.items()):
        yes = {_account(r) for r in rows if r.status not in NEGATIVE_STATUSES}
        no = {_account(r) for r in rows if r.status in NEGATIVE_STATUSES}
        if yes and no and not (len(yes) == len(no) == 1 and yes == no):
            out.append(_group(rows, NEGATION, value))
        out.extend(_condition_conflict(rows, value, conds))
        out.extend(_date_conflicts(rows, value))
    return out


def _conditional(r: Account, conds: Mapping[int, ConditionKey]) -> bool:
    return r.status in CONDITIONAL_STATUSES or r.id in conds


def _condition_conflict(rows: list[R], value: int, conds: Mapping[int, ConditionKey]
                        ) -> list[ConflictGroup]:
    """One level held on conditions by one account and on other conditions, or on none (a
    settled "agrees"), by another."""
    conditional = [r for r in rows if _conditional(r, conds)]
    if not conditional:
        return []
    compared = conditional + [r for r in rows if r.status in SETTLED_STATUSES
                              and not _conditional(r, conds)]
    # a "conditions" status with no terms given is conditional on something unstated
    terms = {r.id: conds[r.id][0] if r.id in conds else
             frozenset({"?"}) if r.status in CONDITIONAL_STATUSES else frozenset()
             for r in compared}
    # Two sets of terms and two accounts always hold a pair of accounts that differ.
    if len(set(terms.values())) > 1 and len({_account(r) for r in compared}) > 1:
        said = tuple((r.id, conds[r.id][1]) for r in conditional if r.id in conds)
        return [_group(compared, CONDITIONS, value)._replace(conditions=said)]
    return []


def _date_conflicts(rows: list[R], value: int) -> list[ConflictGroup]:
    """The same voice's same stance on this level, dated to the day by two sources 1-2 days
    apart: one of them has the date wrong (or the accounts are of two statements)."""
    by_voice: dict[tuple[str, bool], list[R]] = defaultdict(list)
    for r in rows:
        if r.date_precision == "day":
            by_voice[(_voice(r.attributed_to), r.status in NEGATIVE_STATUSES)].append(r)
    out = []
    for same in by_voice.values():
        if len(same) < 2 or len({r.stated_on for r in same}) < 2:
            continue
        same.sort(key=lambda r: r.stated_on)
        hit: dict[int, R] = {}
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                gap = (b.stated_on - a.stated_on).days
                if gap > DATE_SLIP_DAYS:
                    break
                if gap >= 1 and a.source_id != b.source_id:
                    hit[a.id], hit[b.id] = a, b
        if hit:
            out.append(_group(list(hit.values()), DATES, value))
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
