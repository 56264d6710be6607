"""Conflicting accounts read from the database: the whole search under a filter
(`conflicts`), each conditional record's terms, the lean rows the rules run on. The rules
themselves are db.reads.conflict_rules; the result kept per party × issue pair and updated
after an edit is db.reads.conflict_index."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from db.reads.conflict_rules import (
    DEFAULT_CONFLICT_WINDOW_DAYS,
    ConditionKey,
    ConflictGroup,
    conflict_groups,
)
from db.reads.conflict_vector import PairRows
from db.reads.queries import (
    PositionFilter,
    condition_keys,
    issues,
    iter_position_keys,
    parties,
    positions_by_id,
)
from db.storage.database import Database
from db.storage.pair_cache import STAMP_TABLE


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
    groups = conflict_groups(lean_rows(db, flt), window_days, conds)  # type: ignore[arg-type]
    full = positions_by_id(db, {r.id for g in groups for r in g.rows})
    return [g._replace(rows=tuple(full[r.id] for r in g.rows)) for g in groups]


def condition_terms(db: Database, ids: set[int] | None = None) -> dict[int, ConditionKey]:
    """Each conditional record's conditions (of `ids`, or all): what they require (party,
    issue, level, or the words when no issue is coded) and how they read."""
    return _terms(condition_keys(db, ids))


def _terms(keys: dict[int, list[tuple]]) -> dict[int, ConditionKey]:
    out = {}
    for pid, conds in keys.items():
        what = frozenset((c[0], c[1], c[2]) if c[1] is not None else " ".join(c[3].casefold().split())
                         for c in conds)
        out[pid] = (what, "; ".join(c[3].strip().rstrip(".") for c in conds if c[3].strip())
                    or "conditions")
    return out


def lean_rows(db: Database, flt: PositionFilter | None) -> list[_Lean]:
    """What the rules look at of every matching record, date order, each repeated value
    (day, status, speaker, names, label) kept once."""
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
                         party_names[k[1]], issue_names[k[2]], shared.setdefault(k[9], k[9])))
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
    level_label: str


_LEAN_FIELDS = ("party_id", "issue_id", "stated_on", "status", "level_value", "source_id",
                "attributed_to", "date_precision", "level_label")


def conflicting_ids(db: Database, flt: PositionFilter | None = None) -> set[int]:
    return {r.id for g in conflicts(db, flt) for r in g.rows}




# One pair's records as the array rules read them (conflict_vector.PairRows), in date order:
# one range of ix_position_pair (0009), with each level's value and label.
_PAIR_ROWS = ("SELECT p.id, p.stated_on, p.status, l.value, l.label, p.source_id, "
              "p.attributed_to, p.date_precision FROM position p "
              "JOIN stance_level l ON l.id = p.level_id "
              "WHERE p.party_id = ? AND p.issue_id = ? ORDER BY p.stated_on, p.id")
_PAIR_CONDITIONS = ("SELECT c.position_id, c.party_id, c.issue_id, l.value, c.text "
                    "FROM position p JOIN condition c ON c.position_id = p.id "
                    "LEFT OUTER JOIN stance_level l ON l.id = c.level_id "
                    "WHERE p.party_id = ? AND p.issue_id = ? ORDER BY c.id")


def pair_records(db: Database, party_id: int, issue_id: int
                 ) -> tuple[PairRows, dict[int, ConditionKey]]:
    """One pair's records (what the rules read) and their conditions, from one snapshot."""
    with db.read() as con:
        rows = con.execute(_PAIR_ROWS, (party_id, issue_id)).fetchall()
        conds: dict[int, list[tuple]] = {}
        for pid, *cond in con.execute(_PAIR_CONDITIONS, (party_id, issue_id)):
            conds.setdefault(pid, []).append(tuple(cond))
    return PairRows.of(rows), _terms(conds)


_PAIR_FIELDS = ("party_id", "issue_id", "stated_on", "status", "level_value", "level_label",
                "source_id", "attributed_to", "date_precision")


def pair_inputs(db: Database, flt: PositionFilter | None = None
                ) -> Iterator[tuple[int, int, PairRows]]:
    """Every pair's matching records as the array rules read them (PairRows), pair by
    pair: what conflicts under a filter that is more than parties and issues compare
    (dates, sources, speakers, words, coders), where the kept index does not apply. Read a
    pair at a time (one range of ix_position_pair each), so only one pair's records are
    held; a word search, which the full-text index answers at once, is read in one go."""
    flt = flt or PositionFilter()
    if flt.text:
        by_pair: dict[tuple[int, int], list[tuple]] = {}
        for k in iter_position_keys(db, flt, _PAIR_FIELDS):
            by_pair.setdefault((k[1], k[2]), []).append((k[0], *k[3:]))
        while by_pair:
            (party, issue), rows = by_pair.popitem()
            yield party, issue, PairRows.of(rows)
        return
    with db.read() as con:
        pairs = con.execute(f"SELECT party_id, issue_id FROM {STAMP_TABLE} "
                            "ORDER BY party_id, issue_id").fetchall()
    for party, issue in pairs:
        if (flt.party_ids and party not in flt.party_ids) or \
                (flt.issue_ids and issue not in flt.issue_ids):
            continue
        one = replace(flt, party_ids=frozenset({party}), issue_ids=frozenset({issue}))
        rows = [(k[0], *k[3:]) for k in iter_position_keys(db, one, _PAIR_FIELDS)]
        if rows:
            yield party, issue, PairRows.of(rows)
