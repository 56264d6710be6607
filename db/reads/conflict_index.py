"""Conflicting accounts kept per party × issue pair, and brought up to date after an edit by
recomputing only the pairs the edited records were in and are in now.

The rules (db.reads.conflict_rules) never compare records of two different pairs: a pair's
disagreements depend on that pair's records (and their conditions) alone. So the whole
search is the union of every pair's result, and after an edit only the pairs an edited
record left or joined can have changed. At a million records the whole search reads and
clusters every record (~1-3 min at 1M on a loaded two-core machine); an edit recomputes one pair (its records
read through the party/issue indexes), and a search after it merely collects the kept
groups under the filter.

How a screen uses it (nothing here imports Qt; every method may run on a worker thread,
one at a time — the index holds a lock while it changes):

    index = ConflictIndex(db)            # cheap; nothing read yet
    groups = index.groups(party_ids={…}) # builds once (the slow part), then collects
    index.apply(changes)                 # after Ops.changed: recomputes touched pairs
    shown = index.full_rows(group)       # the chosen group with full rows (quotes…)

The groups' rows are lean (ids, party, issue, day, status, level, source, speaker, names,
level label): what the list and its summary need; `full_rows` reads the rest for the one
group on screen. The groups and their order are exactly those of
`db.reads.conflicts.conflicts(db)` (tests/db/test_conflict_index.py holds the two
together after inserts, edits and deletes).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from db.model.changes import Changes
from db.reads.conflict_rules import (
    DEFAULT_CONFLICT_WINDOW_DAYS,
    KIND_LABELS,
    ConflictGroup,
    conflict_groups,
)
from db.reads.conflicts import condition_terms, lean_rows
from db.reads.queries import PositionFilter, positions_by_id
from db.reads.sql import in_clause
from db.storage.database import Database

Pair = tuple[int, int]
_KIND_ORDER = {k: n for n, k in enumerate(KIND_LABELS)}


def _order(g: ConflictGroup) -> tuple:
    """The whole search's order (conflict_rules.conflict_groups sorts by the same key)."""
    return (g.first, g.party_name, g.issue_name, _KIND_ORDER[g.kind], g.level_value or 0)


def _pairs_of(db: Database, ids: list[int]) -> list[tuple[int, int, int]]:
    """(id, party, issue) of those of `ids` that exist, by id: through the primary key (the
    date-ordered lean read chose to scan the date index for a handful of ids: ~2 s at 1M)."""
    params: list = []
    with db.read() as con:
        return sorted(con.execute("SELECT id, party_id, issue_id FROM position WHERE "
                                  + in_clause("id", ids, params), params).fetchall())


class ConflictIndex:
    """Every pair's conflicting-account groups for one database and window (see module)."""

    def __init__(self, db: Database, window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS):
        self.db = db
        self.window_days = window_days
        self._lock = threading.RLock()
        self._pairs: dict[Pair, list[ConflictGroup]] | None = None
        # Which pair each record is in, by id (sorted): what an edit moved it out of.
        self._ids = np.empty(0, dtype=np.int64)
        self._party = np.empty(0, dtype=np.int64)
        self._issue = np.empty(0, dtype=np.int64)
        self.recomputed: set[Pair] = set()  # the pairs the last update recomputed

    @property
    def built(self) -> bool:
        return self._pairs is not None

    def build(self) -> None:
        """The whole search: every record read once (lean keys, in date order), grouped by
        pair, each pair's groups kept."""
        with self._lock:
            rows = lean_rows(self.db, None)
            conds = condition_terms(self.db)
            by_pair: dict[Pair, list] = defaultdict(list)
            for r in rows:
                by_pair[(r.party_id, r.issue_id)].append(r)
            ids = np.fromiter((r.id for r in rows), dtype=np.int64, count=len(rows))
            party = np.fromiter((r.party_id for r in rows), dtype=np.int64, count=len(rows))
            issue = np.fromiter((r.issue_id for r in rows), dtype=np.int64, count=len(rows))
            del rows
            order = np.argsort(ids, kind="stable")
            self._ids, self._party, self._issue = ids[order], party[order], issue[order]
            self._pairs = {}
            for pair, pair_rows in by_pair.items():
                groups = conflict_groups(pair_rows, self.window_days, conds)
                if groups:
                    self._pairs[pair] = groups
            self.recomputed = set(by_pair)

    def groups(self, party_ids: Iterable[int] | None = None,
               issue_ids: Iterable[int] | None = None) -> list[ConflictGroup]:
        """The groups of the chosen parties and issues (all when None), in the whole
        search's order; builds the index first if it was never built (or was dropped)."""
        with self._lock:
            if self._pairs is None:
                self.build()
            assert self._pairs is not None
            parties = set(party_ids) if party_ids else None
            issues = set(issue_ids) if issue_ids else None
            out = [g for (p, i), groups in self._pairs.items()
                   if (parties is None or p in parties) and (issues is None or i in issues)
                   for g in groups]
        out.sort(key=_order)
        return out

    def update(self, ids: Iterable[int]) -> set[Pair]:
        """Bring the index up to date after the records `ids` were added, edited or deleted:
        the pairs they were in before and are in now are recomputed, nothing else. Returns
        those pairs. An index never built stays unbuilt (its first search reads all)."""
        wanted = np.unique(np.fromiter(ids, dtype=np.int64))
        with self._lock:
            if self._pairs is None or not len(wanted):
                self.recomputed = set()
                return set()
            was = np.isin(self._ids, wanted)
            touched: set[Pair] = {(int(p), int(i)) for p, i in
                                  zip(self._party[was], self._issue[was], strict=True)}
            current = _pairs_of(self.db, wanted.tolist())
            touched.update((p, i) for _id, p, i in current)
            keep = ~was
            ids = np.concatenate([self._ids[keep], np.array([r[0] for r in current], np.int64)])
            party = np.concatenate([self._party[keep], np.array([r[1] for r in current],
                                                                np.int64)])
            issue = np.concatenate([self._issue[keep], np.array([r[2] for r in current],
                                                                np.int64)])
            order = np.argsort(ids, kind="stable")
            self._ids, self._party, self._issue = ids[order], party[order], issue[order]
            for pair in touched:
                self._recompute(pair)
            self.recomputed = touched
            return touched

    def _recompute(self, pair: Pair) -> None:
        assert self._pairs is not None
        rows = lean_rows(self.db, PositionFilter(party_ids=frozenset({pair[0]}),
                                                 issue_ids=frozenset({pair[1]})))
        conds = condition_terms(self.db, {r.id for r in rows}) if rows else {}
        groups = conflict_groups(rows, self.window_days, conds)
        if groups:
            self._pairs[pair] = groups
        else:
            self._pairs.pop(pair, None)

    def apply(self, changes: Changes) -> set[Pair] | None:
        """Follow one write (what Ops.changed carries): records added, edited or deleted
        update their pairs; a change to parties, issues, their levels or an unknown change
        ("all": an import, another program's commit) drops the index, to be rebuilt by the
        next search. Returns the pairs recomputed, or None when the index was dropped."""
        if changes.touches("party", "issue") or "all" in changes.kinds:
            self.invalidate()
            return None
        if "position" in changes.kinds:
            if not changes.ids:
                self.invalidate()
                return None
            return self.update(changes.ids)
        return set()  # sources and events take no part in conflicts

    def invalidate(self) -> None:
        with self._lock:
            self._pairs = None
            self._ids = self._party = self._issue = np.empty(0, dtype=np.int64)

    def full_rows(self, group: ConflictGroup) -> ConflictGroup:
        """The group with full rows (quote, notes, source title, colours) for display."""
        full = positions_by_id(self.db, frozenset(r.id for r in group.rows))
        return group._replace(rows=tuple(full[r.id] for r in group.rows if r.id in full))
