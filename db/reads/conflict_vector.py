"""The rules of conflicting accounts (db.reads.conflict_rules) over one party × issue pair's
records held as numpy columns: the same groups, in the same order, with the same summaries,
without a Python object per record.

Why: at a million records one pair holds up to ~80,000 records chained into clusters of tens
of thousands, and the rules in plain Python took ~14 s for such a pair (a dict and a set per
cluster and level, a pairwise date scan). Each rule is a count of distinct values per
cluster, level or speaker, which sorting answers for the whole pair at once.

A group is kept as a `Disagreement`: its record ids (in the group's order) and what the list
shows (summary, accounts, the first record's level label), not the records themselves, so a
million records' groups cost a few bytes per record held. tests/db/test_conflict_vector.py
holds the result equal to conflict_rules.conflict_groups on random data.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np

from db.model.vocab import CONDITIONAL_STATUSES, NEGATIVE_STATUSES
from db.reads.conflict_rules import (
    _NOT_COMPARED,
    CONDITIONS,
    DATE_SLIP_DAYS,
    DATES,
    KIND_LABELS,
    LEVELS,
    NEGATION,
    REPORTING,
    SETTLED_STATUSES,
    ConditionKey,
    _speaker,
    _voice,
    conflict_groups,
    voice_name,
)

_KIND_ORDER = {k: n for n, k in enumerate(KIND_LABELS)}
_EPOCH = date(1970, 1, 1).toordinal()


class Disagreement(NamedTuple):
    """One conflicting-accounts group as the list shows it; `ids` are its records in the
    group's order (level, held before refused, date, id), as ConflictGroup.rows."""

    party_id: int
    issue_id: int
    kind: str
    level_value: int | None
    first: date
    last: date
    ids: np.ndarray
    summary: str
    level_label: str  # the first record's (what the explanation names)
    accounts: int  # distinct (source, speaker as written)
    conditions: tuple[tuple[int, str], ...] = ()
    tiebreak: int = 0  # within a pair, the plain rules' order among equal sort keys
    party_name: str = ""
    issue_name: str = ""
    party_colour: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def sort_key(self) -> tuple:
        """The whole search's order (conflict_rules.conflict_groups sorts by the same key;
        `tiebreak` stands for the plain rules' generation order within a pair)."""
        return (self.first, self.party_name, self.issue_name, _KIND_ORDER[self.kind],
                self.level_value or 0, self.party_id, self.issue_id, self.tiebreak)


@dataclass
class PairRows:
    """One pair's records as columns, in date order then id (what the rules read)."""

    ids: list[int]
    days: list[str]  # ISO dates
    statuses: list[str]
    levels: list[int]
    labels: list[str]
    sources: list[int]
    speakers: list[str]  # attributed_to as written
    precisions: list[str]

    @classmethod
    def of(cls, rows: Sequence[Sequence]) -> PairRows:
        """From (id, stated_on, status, level_value, level_label, source_id, attributed_to,
        date_precision) tuples."""
        if not rows:
            return cls([], [], [], [], [], [], [], [])
        cols = list(zip(*rows, strict=True))
        return cls(*(list(c) for c in cols))  # type: ignore[arg-type]


def _codes(values: Sequence) -> tuple[np.ndarray, list]:
    """Each value's code (first seen = 0) and the distinct values by code."""
    distinct = list(dict.fromkeys(values))
    code = {v: n for n, v in enumerate(distinct)}
    # map with a bound C method: no Python frame per value (~4x faster at 35,000 values)
    return np.fromiter(map(code.__getitem__, values), np.int64, len(values)), distinct


def _dense(*cols: np.ndarray) -> np.ndarray:
    """One code per distinct combination of the columns' values (non-negative ints)."""
    out = np.unique(cols[0], return_inverse=True)[1].reshape(-1)
    for col in cols[1:]:
        col = np.unique(col, return_inverse=True)[1].reshape(-1)
        out = out * (int(col.max(initial=0)) + 1) + col
        out = np.unique(out, return_inverse=True)[1].reshape(-1)
    return out


def _members(codes: np.ndarray, wanted: np.ndarray) -> list[np.ndarray]:
    """For each code of `wanted`, the positions holding it (ascending)."""
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    lo = np.searchsorted(ordered, wanted, "left")
    hi = np.searchsorted(ordered, wanted, "right")
    return [order[a:b] for a, b in zip(lo, hi, strict=True)]


def _nunique(groups: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """How many distinct `values` each group (0..n-1) holds."""
    if not len(groups):
        return np.zeros(n, np.int64)
    pairs = np.unique(groups * (int(values.max()) + 1) + values)
    return np.bincount(pairs // (int(values.max()) + 1), minlength=n)


def _first_unique(codes: np.ndarray) -> np.ndarray:
    """The distinct codes in the order they first appear."""
    _, first = np.unique(codes, return_index=True)
    return codes[np.sort(first)]


def pair_groups(party_id: int, issue_id: int, rows: PairRows, window_days: int,
                conds: Mapping[int, ConditionKey]) -> list[Disagreement]:
    """The pair's groups, in conflict_groups' order (see the module)."""
    keep = [n for n, s in enumerate(rows.statuses) if s not in _NOT_COMPARED]
    if len(keep) < 2:
        return []
    if len(keep) <= FEW:
        return _plain(party_id, issue_id, rows, window_days, conds)
    return _Pair(party_id, issue_id, rows, keep, window_days, conds).groups()


# Up to this many records a pair goes through the plain rules (the reference itself): the
# ~30 array operations cost more than a loop over a few dozen records (most pairs of a
# small database; ~3 ms a pair against ~0.3).
FEW = 48


class _Row(NamedTuple):
    id: int
    party_id: int
    issue_id: int
    stated_on: date
    status: str
    level_value: int
    level_label: str
    source_id: int
    attributed_to: str
    date_precision: str


def _plain(party_id: int, issue_id: int, rows: PairRows, window_days: int,
           conds: Mapping[int, ConditionKey]) -> list[Disagreement]:
    records = [_Row(i, party_id, issue_id, date.fromisoformat(str(d)), s, v, lbl, src, att, p)
               for i, d, s, v, lbl, src, att, p in zip(
                   rows.ids, rows.days, rows.statuses, rows.levels, rows.labels, rows.sources,
                   rows.speakers, rows.precisions, strict=True)]
    # the plain rules' own order within the pair is the tiebreak
    return [Disagreement(party_id, issue_id, g.kind, g.level_value, g.first, g.last,
                         np.fromiter((r.id for r in g.rows), np.int64, len(g.rows)), g.summary,
                         g.rows[0].level_label, len({(r.source_id, r.attributed_to)
                                                     for r in g.rows}), g.conditions, n)
            for n, g in enumerate(conflict_groups(records, window_days, conds))]


class _Pair:
    def __init__(self, party_id: int, issue_id: int, rows: PairRows, keep: list[int],
                 window_days: int, conds: Mapping[int, ConditionKey]):
        self.party_id, self.issue_id = party_id, issue_id
        take = np.asarray(keep, np.int64)
        self.ids = np.asarray(rows.ids, np.int64)[take]
        days = np.asarray([rows.days[k] for k in keep], dtype="datetime64[D]")
        self.day = days.astype(np.int64)
        self.level = np.asarray(rows.levels, np.int64)[take]
        self.source = np.asarray(rows.sources, np.int64)[take]
        pick = [rows.statuses[k] for k in keep]
        self.status, self.status_names = _codes(pick)
        flags = np.array([[s in SETTLED_STATUSES, s in NEGATIVE_STATUSES,
                           s in CONDITIONAL_STATUSES] for s in self.status_names], bool)
        self.settled, self.negative, self.cond_status = (flags[self.status, i] for i in range(3))
        said = [rows.speakers[k] for k in keep]
        self.written, written_names = _codes(said)  # attributed_to as written
        self.written_names = written_names
        spk = _codes([_speaker(w) for w in written_names])[0]
        vce = _codes([_voice(w) for w in written_names])[0]
        self.speaker, self.voice = spk[self.written], vce[self.written]
        self.label, self.label_names = _codes([rows.labels[k] for k in keep])
        precision, precision_names = _codes([rows.precisions[k] for k in keep])
        self.day_precise = np.array([p == "day" for p in precision_names], bool)[precision]
        self.conds = conds
        in_conds = np.isin(self.ids, np.fromiter(conds, np.int64, len(conds)))
        self.in_conds = in_conds
        self.conditional = self.cond_status | in_conds
        self.account = _dense(np.unique(self.source, return_inverse=True)[1].reshape(-1),
                              self.speaker)
        gaps = np.diff(self.day) > max(0, window_days)
        self.cluster = np.concatenate([[0], np.cumsum(gaps)]).astype(np.int64)
        self.idx = np.arange(len(self.ids))
        # (source, speaker as written): the accounts the list counts
        self.written_account = _dense(self.source, self.written)
        self.found: list[tuple] = []

    # ----------------------------------------------------------------- the five rules

    def groups(self) -> list[Disagreement]:
        nclusters = int(self.cluster[-1]) + 1
        self._levels_and_reporting(nclusters)
        self._per_level()
        out = self._finish()
        out.sort(key=lambda g: (g.first, _KIND_ORDER[g.kind], g.level_value or 0, g.tiebreak))
        return out

    def _levels_and_reporting(self, nclusters: int) -> None:
        s = np.flatnonzero(self.settled)
        if not len(s):
            return
        cl = self.cluster[s]
        nlevels = _nunique(cl, _dense(self.level[s]), nclusters)
        nvoices = _nunique(cl, self.voice[s], nclusters)
        wanted = np.flatnonzero((nlevels > 1) & (nvoices > 1))
        for rows in _members(cl, wanted):
            self._add(s[rows], LEVELS, None)
        # REPORTING: one voice at two levels from two sources, in a cluster with two levels
        cv = _dense(cl, self.voice[s])
        ncv = int(cv.max()) + 1
        lv = _nunique(cv, _dense(self.level[s]), ncv)
        sv = _nunique(cv, self.source[s] - int(self.source.min()), ncv)
        for rows in _members(cv, np.flatnonzero((lv > 1) & (sv > 1))):
            self._add(s[rows], REPORTING, None)

    def _per_level(self) -> None:
        cl = _dense(self.cluster, _dense(self.level))
        ncl = int(cl.max()) + 1
        order = np.argsort(cl, kind="stable")
        bounds = np.searchsorted(cl[order], np.arange(ncl + 1))
        # NEGATION: an account holding the level and another refusing it
        neg = self.negative
        yes_n = _nunique(cl[~neg], self.account[~neg], ncl)
        no_n = _nunique(cl[neg], self.account[neg], ncl)
        yes_acc = np.full(ncl, -1)
        no_acc = np.full(ncl, -1)
        yes_acc[cl[~neg]] = self.account[~neg]
        no_acc[cl[neg]] = self.account[neg]
        same_one = (yes_n == 1) & (no_n == 1) & (yes_acc == no_acc)
        negation = (yes_n > 0) & (no_n > 0) & ~same_one
        # CONDITIONS: the conditional records and the settled unconditional ones compared
        compared = self.conditional | self.settled
        terms = self._terms()
        has_cond = np.bincount(cl[self.conditional], minlength=ncl) > 0
        cmp_terms = _nunique(cl[compared], terms[compared], ncl)
        cmp_acc = _nunique(cl[compared], self.account[compared], ncl)
        conditions = has_cond & (cmp_terms > 1) & (cmp_acc > 1)
        dates = self._date_hits(cl)
        for k in sorted(set(np.flatnonzero(negation | conditions).tolist()) | set(dates)):
            rows = order[bounds[k]:bounds[k + 1]]
            value = int(self.level[rows[0]])
            if negation[k]:
                self._add(rows, NEGATION, value)
            if conditions[k]:
                picked = rows[compared[rows]]
                said = tuple((int(self.ids[r]), self.conds[int(self.ids[r])][1]) for r in rows
                             if self.conditional[r] and self.in_conds[r])
                self._add(picked, CONDITIONS, value, said)
            for bucket_rows, tiebreak in dates.get(k, ()):
                self._add(bucket_rows, DATES, value, tiebreak=tiebreak)

    def _terms(self) -> np.ndarray:
        """Each record's conditions as compared: its terms, "?" for a conditional status
        with none given, none for the rest (codes of the frozensets)."""
        unstated, none = frozenset({"?"}), frozenset()
        values = [self.conds[int(i)][0] if c else unstated if s else none
                  for i, c, s in zip(self.ids, self.in_conds, self.cond_status, strict=True)]
        return _codes(values)[0]

    def _date_hits(self, cl: np.ndarray) -> dict[int, list[tuple[np.ndarray, int]]]:
        """Per cluster × level, the DATES groups: within one voice and sense (held or
        refused), records dated to the day 1-2 days apart by different sources."""
        d = np.flatnonzero(self.day_precise)
        if len(d) < 2:
            return {}
        bucket = _dense(cl[d], self.voice[d], self.negative[d].astype(np.int64))
        day = self.day[d] - int(self.day[d].min()) + DATE_SLIP_DAYS
        span = int(day.max()) + DATE_SLIP_DAYS + 1
        src = np.unique(self.source[d], return_inverse=True)[1].reshape(-1)
        nsrc = int(src.max()) + 1
        bd = bucket * span + day
        bds = bd * nsrc + src
        u_bd, n_bd = np.unique(bd, return_counts=True)
        u_bds, n_bds = np.unique(bds, return_counts=True)
        hit = np.zeros(len(d), bool)
        for gap in range(1, DATE_SLIP_DAYS + 1):
            for step in (gap, -gap):
                there = bd + step
                hit |= _count(u_bd, n_bd, there) > _count(u_bds, n_bds, there * nsrc + src)
        out: dict[int, list[tuple[np.ndarray, int]]] = {}
        if not hit.any():
            return out
        # each bucket's first record: the plain rules' order among a level's buckets
        first = np.full(int(bucket.max()) + 1, len(d))
        np.minimum.at(first, bucket, np.arange(len(d)))
        wanted = np.unique(bucket[hit])
        h = np.flatnonzero(hit)
        for b, rows in zip(wanted, _members(bucket[h], wanted), strict=True):
            rows = d[h[rows]]
            out.setdefault(int(cl[rows[0]]), []).append((rows, int(d[first[b]])))
        return out

    # ----------------------------------------------------------------- the groups

    def _add(self, rows: np.ndarray, kind: str, value: int | None,
             conditions: tuple[tuple[int, str], ...] = (), tiebreak: int | None = None
             ) -> None:
        # the plain rules' order among groups of one kind, cluster and level: their first
        # record's (a DATES group's bucket may start with a record it does not hold)
        tiebreak = int(rows.min()) if tiebreak is None else tiebreak
        self.found.append((kind, value, rows, conditions, tiebreak))

    def _finish(self) -> list[Disagreement]:
        """Every group's order, dates, accounts and summary at once: the members of all
        groups in one array sorted by (group, level, held before refused, date, id)."""
        if not self.found:
            return []
        sizes = np.fromiter((len(f[2]) for f in self.found), np.int64, len(self.found))
        member = np.concatenate([f[2] for f in self.found])
        group = np.repeat(np.arange(len(self.found)), sizes)
        order = np.lexsort((member, self.negative[member], self.level[member], group))
        member, group = member[order], group[order]
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        days = self.day[member]
        first = np.minimum.reduceat(days, starts)
        last = np.maximum.reduceat(days, starts)
        accounts = np.bincount(np.unique(group * (int(self.written_account.max()) + 1)
                                         + self.written_account[member]) //
                               (int(self.written_account.max()) + 1), minlength=len(sizes))
        ids = np.split(self.ids[member], starts[1:])
        labels = _in_order(group, self.label[member])
        yes_no = _in_order(group, self.status[member] * 2 + self.negative[member])
        dated = _in_order(group, days)
        iso = functools.lru_cache(maxsize=None)(
            lambda d: date.fromordinal(_EPOCH + d).isoformat())
        out = []
        for g, (kind, value, _rows, conditions, tiebreak) in enumerate(self.found):
            top = member[starts[g]]
            names = [self.label_names[c] for c in labels[g]]
            if kind == NEGATION:
                yes = [self.status_names[c // 2] for c in yes_no[g] if not c % 2]
                no = [self.status_names[c // 2] for c in yes_no[g] if c % 2]
                summary = f"{names[0]}: {' / '.join(yes)} vs {' / '.join(no)}"
            elif kind == REPORTING:
                speaker = self.written_names[self.written[top]]
                summary = f"{voice_name(speaker)}: {' vs '.join(names)}"
            elif kind == CONDITIONS:
                words = self._condition_words(member[starts[g]:starts[g] + sizes[g]])
                summary = f"{names[0]}: {' vs '.join(words)}"
            elif kind == DATES:
                summary = f"{names[0]}: " + " vs ".join(map(iso, dated[g]))
            else:
                summary = " vs ".join(names)
            out.append(Disagreement(
                self.party_id, self.issue_id, kind, value,
                date.fromordinal(_EPOCH + int(first[g])), date.fromordinal(_EPOCH + int(last[g])),
                ids[g], summary, names[0], int(accounts[g]), conditions, tiebreak))
        return out

    def _condition_words(self, rows: np.ndarray) -> list[str]:
        """Each account's stance and terms in words, distinct, in the group's order."""
        out = []
        for r in rows:
            status = self.status_names[self.status[r]]
            out.append(f"{status} if {self.conds[int(self.ids[r])][1]}" if self.in_conds[r]
                       else f"{status} on conditions" if self.cond_status[r]
                       else f"{status} unconditionally")
        return list(dict.fromkeys(out))


def _in_order(group: np.ndarray, values: np.ndarray) -> list[list[int]]:
    """Per group (0..n-1, `group` ascending), its distinct values in the order they first
    appear."""
    width = int(values.max()) - int(values.min()) + 1
    key = group * width + (values - int(values.min()))
    _, first = np.unique(key, return_index=True)
    first.sort()
    out: list[list[int]] = [[] for _ in range(int(group[-1]) + 1)]
    for g, v in zip(group[first].tolist(), values[first].tolist(), strict=True):
        out[g].append(v)
    return out


def _count(keys: np.ndarray, counts: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """counts[keys == w] for each w of `wanted`, 0 where absent (`keys` sorted, unique)."""
    at = np.searchsorted(keys, wanted)
    found = at < len(keys)
    found[found] = keys[at[found]] == wanted[found]
    return np.where(found, counts[np.minimum(at, len(keys) - 1)], 0)
