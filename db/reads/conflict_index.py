"""Conflicting accounts kept per party × issue pair, brought up to date by recomputing only
the pairs that changed — whoever changed them — and kept between launches.

The rules (db.reads.conflict_rules) never compare records of two different pairs: a pair's
disagreements depend on that pair's records, their conditions and the issue's levels alone.
Migration 0011 gives every pair a random stamp that the database's own triggers replace in
the transaction of any change to those (this window's saves, another program's, another
user's on a server). So bringing the index up to date is: read the stamps (a few hundred
rows), and recompute exactly the pairs whose stamp differs from the one their kept result
was computed at (db.reads.conflict_vector: ~0.3 s for the busiest pair of a million
records). Each pair's result is also kept in the user data folder (db.storage.pair_cache)
under its stamp, so a launch recomputes only the pairs changed since the last one and a
launch with nothing changed reads the whole result back in well under a second.

How a screen uses it (nothing here imports Qt; call from one worker thread at a time — the
index holds a lock while it changes):

    index = ConflictIndex(db)             # cheap; nothing read yet
    index.sync(progress, cancelled)       # reads stamps; loads or recomputes changed pairs
    groups = index.groups(party_ids={…})  # syncs (cheap when nothing changed), collects
    shown = index.full_rows(group)        # the chosen group with full rows (quotes…)

The groups are `Disagreement`s (ids and what the list shows) in exactly the order and with
exactly the content of `db.reads.conflicts.conflicts(db)` (tests/db/test_conflict_index.py
holds the two together after inserts, edits, deletes and another process's commits).
"""

from __future__ import annotations

import bisect
import json
import threading
from collections.abc import Callable, Iterable
from datetime import date

import numpy as np

from db.model.changes import Changes
from db.reads.conflict_rules import DEFAULT_CONFLICT_WINDOW_DAYS, ConflictGroup
from db.reads.conflict_vector import Disagreement, pair_groups
from db.reads.conflicts import condition_terms, pair_inputs, pair_records
from db.reads.queries import PositionFilter, issues, parties, positions_by_id
from db.storage.database import Database
from db.storage.pair_cache import STAMP_TABLE, PairCache
from db.storage.server_url import mask_password

Pair = tuple[int, int]
# Pairs recomputed between two writes of their results to the cache.
_STORE_EVERY = 16


def database_key(db: Database) -> str:
    """Where the database is (a resolved file path, or the server URL without password):
    which kept results are this database's."""
    if db.path is not None:
        return "file:" + str(db.path.resolve())
    return "server:" + mask_password(db.url or "")


def pair_stamps(db: Database) -> dict[Pair, int]:
    with db.read() as con:
        return {(p, i): s for p, i, s in con.execute(
            f"SELECT party_id, issue_id, stamp FROM {STAMP_TABLE}")}


def _encode(groups: list[Disagreement]) -> tuple[str, bytes]:
    meta = [[g.kind, g.level_value, g.first.toordinal(), g.last.toordinal(), g.summary,
             g.level_label, g.accounts, [list(c) for c in g.conditions], g.tiebreak,
             len(g.ids)] for g in groups]
    ids = np.concatenate([g.ids for g in groups]) if groups else np.empty(0, np.int64)
    return json.dumps(meta, ensure_ascii=False), ids.astype("<i8").tobytes()


# A party's name and colour by id, an issue's name by id: what the groups are named with.
Names = tuple[dict[int, tuple[str, str]], dict[int, str]]


def _decode(pair: Pair, text: str, blob: bytes, names: Names) -> list[Disagreement]:
    meta = json.loads(text)
    ids = np.frombuffer(blob, dtype="<i8").astype(np.int64)
    if sum(m[9] for m in meta) != len(ids):
        raise ValueError("kept result does not match its ids")
    (party, colour), issue = names[0].get(pair[0], ("", "")), names[1].get(pair[1], "")
    out, at = [], 0
    for kind, level, first, last, summary, label, accounts, conds, tiebreak, n in meta:
        out.append(Disagreement(pair[0], pair[1], kind, level, date.fromordinal(first),
                                date.fromordinal(last), ids[at:at + n], summary, label,
                                accounts, tuple((int(i), str(t)) for i, t in conds) if conds
                                else (), tiebreak, party, issue, colour))
        at += n
    return out


def _names(db: Database) -> Names:
    return ({p.id: (p.name, p.colour) for p in parties(db)}, {i.id: i.name for i in issues(db)})


class ConflictIndex:
    """Every pair's conflicting-account groups for one database and window (see module)."""

    def __init__(self, db: Database, window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS,
                 cache: PairCache | None = None, keep: bool = True):
        self.db = db
        self.window_days = window_days
        self._lock = threading.RLock()
        # pair -> (the stamp its result was computed at, its groups)
        self._pairs: dict[Pair, tuple[int, list[Disagreement]]] | None = None
        self.cache = cache if cache is not None else PairCache(database_key(db)) if keep \
            else None
        self.recomputed: set[Pair] = set()  # the pairs the last sync computed from records
        self.loaded: set[Pair] = set()  # ... and those it read back from the cache
        # Every group named and in the whole search's order, with its sort key, kept across
        # searches: after an edit only the changed pairs' groups leave and enter it (sorting
        # 36,000 groups anew took ~0.3 s of a search at a million records).
        self._sorted: list[Disagreement] | None = None
        self._keys: list[tuple] = []
        self._names: Names = ({}, {})
        self._dirty: set[Pair] = set()  # pairs changed since _sorted was brought up to date

    @property
    def built(self) -> bool:
        return self._pairs is not None

    def sync(self, progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> set[Pair]:
        """Bring every pair up to date with the database: pairs whose stamp moved are read
        back from the cache if it holds them at that stamp, else recomputed (and kept).
        `progress(done, total)` is told after each pair recomputed; when `cancelled()`
        turns true the pairs done so far stay done and the rest wait for the next sync.
        Returns the pairs recomputed."""
        with self._lock:
            stamps = pair_stamps(self.db)
            names = _names(self.db)
            if names != self._names:  # a party or issue renamed or recoloured: rename all
                self._names = names
                self._sorted = None
                for pair, (stamp, groups) in (self._pairs or {}).items():
                    self._pairs[pair] = (stamp, _named(groups, *names))  # type: ignore[index]
            kept = self._pairs or {}
            stale = {p: s for p, s in stamps.items() if kept.get(p, (None,))[0] != s}
            pairs = {p: v for p, v in kept.items() if p in stamps and p not in stale}
            self.loaded, self.recomputed = set(), set()
            if stale and self.cache is not None:
                for pair, (stamp, text, blob) in self.cache.load(self.window_days,
                                                                 stale).items():
                    try:
                        pairs[pair] = (stamp, _decode(pair, text, blob, names))
                    except (ValueError, TypeError, KeyError, IndexError):
                        continue  # a damaged entry: recomputed below
                    self.loaded.add(pair)
            todo = [p for p in stale if p not in self.loaded]
            self._pairs = pairs
            self._dirty.update(stale)
            self._dirty.update(p for p in kept if p not in stamps)
            pending: list = []
            for n, pair in enumerate(todo):
                if cancelled is not None and cancelled():
                    break
                stamp, groups = self._compute(pair)
                pairs[pair] = (stamp, groups)
                self.recomputed.add(pair)
                pending.append((pair[0], pair[1], (stamp, *_encode(groups))))
                if len(pending) >= _STORE_EVERY:
                    self._store(pending)
                if progress is not None:
                    progress(n + 1, len(todo))
            self._store(pending)
            gone = [p for p in kept if p not in stamps]
            if gone and self.cache is not None:
                self.cache.forget(self.window_days, gone)
            if len(self.recomputed) < len(todo):
                self.invalidate()  # cancelled: the next sync carries on from the cache
            return set(self.recomputed)

    def _store(self, pending: list) -> None:
        if pending and self.cache is not None:
            self.cache.store(self.window_days, pending)
        pending.clear()

    def _compute(self, pair: Pair) -> tuple[int, list[Disagreement]]:
        """The pair's stamp and groups, read from one snapshot (so the result is exactly
        that stamp's)."""
        with self.db.read() as con:
            row = con.execute(f"SELECT stamp FROM {STAMP_TABLE} WHERE party_id = ? AND "
                              "issue_id = ?", pair).fetchone()
            rows, conds = pair_records(self.db, *pair)
        groups = pair_groups(pair[0], pair[1], rows, self.window_days, conds)
        return (row[0] if row else 0), _named(groups, *self._names)

    def groups(self, party_ids: Iterable[int] | None = None,
               issue_ids: Iterable[int] | None = None, synced: bool = False
               ) -> list[Disagreement]:
        """The groups of the chosen parties and issues (all when None), with their names,
        in the whole search's order; brings the index up to date first, unless the caller
        has just done so (`synced`: its sync reported progress)."""
        with self._lock:
            if not synced or self._pairs is None:
                self.sync()
            ordered = self._ordered()
        chosen_parties = set(party_ids) if party_ids else None
        chosen_issues = set(issue_ids) if issue_ids else None
        if chosen_parties is None and chosen_issues is None:
            return list(ordered)
        return [g for g in ordered if (chosen_parties is None or g.party_id in chosen_parties)
                and (chosen_issues is None or g.issue_id in chosen_issues)]

    def _ordered(self) -> list[Disagreement]:
        """Every group in the whole search's order: the kept list with the changed pairs'
        groups taken out and put back in order, or all of it sorted anew."""
        assert self._pairs is not None
        if self._sorted is None:
            every = [g for _stamp, groups in self._pairs.values() for g in groups]
            keys = [g.sort_key() for g in every]
            order = sorted(range(len(every)), key=keys.__getitem__)
            self._sorted = [every[n] for n in order]
            self._keys = [keys[n] for n in order]
        elif self._dirty:
            # Out go the changed pairs' groups (found by a pass over their pairs, deleted
            # in place from the end), in go their new ones, each where its key sorts.
            dirty = self._dirty
            out = [n for n, g in enumerate(self._sorted) if g[:2] in dirty]
            for n in reversed(out):
                del self._sorted[n]
                del self._keys[n]
            for g in (g for p in dirty if p in self._pairs for g in self._pairs[p][1]):
                key = g.sort_key()
                at = bisect.bisect_right(self._keys, key)
                self._keys.insert(at, key)
                self._sorted.insert(at, g)
        self._dirty = set()
        return self._sorted

    def apply(self, changes: Changes) -> set[Pair]:
        """Follow one write (what Ops.changed carries): the stamps say which pairs it
        touched, so every kind of change is the same sync. Returns the pairs recomputed."""
        return self.sync()

    def invalidate(self) -> None:
        """Forget the results held in memory (the cache stays: stamps still tell)."""
        with self._lock:
            self._pairs = None
            self._sorted, self._keys, self._dirty = None, [], set()

    def full_rows(self, group: Disagreement, limit: int | None = None) -> ConflictGroup:
        """The group with full rows (quote, notes, source title, colours) for display: the
        first `limit` of them, or all."""
        return full_rows(self.db, group, limit)


def _named(groups: list[Disagreement], party: dict[int, tuple[str, str]],
           issue: dict[int, str]) -> list[Disagreement]:
    """The groups with their party's name and colour and their issue's name (those of a
    party or issue no longer there are left out)."""
    return [g._replace(party_name=party[g.party_id][0], issue_name=issue[g.issue_id],
                       party_colour=party[g.party_id][1])
            for g in groups if g.party_id in party and g.issue_id in issue]


def name_groups(db: Database, groups: list[Disagreement]) -> list[Disagreement]:
    """The groups with their party's name and colour and their issue's name, sorted in the
    whole search's order."""
    out = _named(groups, *_names(db))
    out.sort(key=Disagreement.sort_key)
    return out


def full_rows(db: Database, group: Disagreement, limit: int | None = None) -> ConflictGroup:
    ids = [int(i) for i in (group.ids if limit is None else group.ids[:limit])]
    full = positions_by_id(db, frozenset(ids))
    rows = tuple(full[i] for i in ids if i in full)
    return ConflictGroup(group.party_id, group.party_name, group.issue_id, group.issue_name,
                         group.first, group.last, rows, group.kind,  # type: ignore[arg-type]
                         group.level_value, group.conditions)


def kept_filter(db: Database, flt: PositionFilter | None) -> bool:
    """Whether the kept index answers `flt`: it restricts only parties and issues (and a
    blind viewer sees every record). Any other restriction (dates, sources, speakers,
    words, coders, ids) changes which records are compared: `disagreements` then."""
    if flt is None:
        return True
    if (flt.source_ids or flt.attributions or flt.date_from or flt.date_to or flt.text
            or flt.ids is not None or flt.coders):
        return False
    return flt.viewer is None or not has_blind_sources(db)


def records_at_most(db: Database) -> int:
    """At least the number of positions, from the highest id (one index lookup where a
    count reads every record: ~0.5 s at a million)."""
    with db.read() as con:
        return con.execute("SELECT coalesce(max(id), 0) FROM position").fetchone()[0]


def has_blind_sources(db: Database) -> bool:
    with db.read() as con:
        return con.execute("SELECT 1 FROM source WHERE blind = ? LIMIT 1", (True,)
                           ).fetchone() is not None


def disagreements(db: Database, flt: PositionFilter | None = None,
                  window_days: int = DEFAULT_CONFLICT_WINDOW_DAYS,
                  cancelled: Callable[[], bool] | None = None) -> list[Disagreement]:
    """The groups among the records `flt` matches (the array rules over them, pair by
    pair), named and in the whole search's order: `conflicts(db, flt)` as Disagreements.
    Returns [] when `cancelled()` turns true."""
    conds = condition_terms(db)
    out: list[Disagreement] = []
    for party, issue, rows in pair_inputs(db, flt):
        if cancelled is not None and cancelled():
            return []
        out.extend(pair_groups(party, issue, rows, window_days, conds))
    return name_groups(db, out)
