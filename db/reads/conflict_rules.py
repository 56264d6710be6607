"""The rules of conflicting accounts, on rows already read: records of one party and issue
chained in date order within a window form a cluster, and a cluster's accounts disagree in
one of five kinds (LEVELS, NEGATION, REPORTING, CONDITIONS, DATES). Pure functions, no
database: db.reads.conflicts reads the rows, db.reads.conflict_index keeps the result per
party × issue pair up to date, the timeline runs them on the rows it drew."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Protocol, TypeVar

from db.model.vocab import (
    CONDITIONAL_STATUSES,
    DEFERRED_STATUSES,
    NEGATIVE_STATUSES,
    NON_STANCE_STATUSES,
)
from db.reads.queries import PositionRow, TimelinePoint

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


