"""The rules over numpy columns (db.reads.conflict_vector) against the plain rules
(db.reads.conflict_rules.conflict_groups) on random records built to collide: few days,
speakers written several ways, outlets, levels, negations, conditions and day-or-month
dates. Same groups, same records in the same order, same summaries, same list order."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest

from db.model.vocab import STATUSES
from db.reads import conflict_vector
from db.reads.conflict_rules import conflict_groups
from db.reads.conflict_vector import Disagreement, PairRows, pair_groups
from db.reads.conflicts import _Lean

SPEAKERS = ("Kremlin readout", "kremlin  Readout", "Kremlin readout (as reported by TASS)",
            "Zelensky", "Article narration (BBC)", "Article narration", "Peskov (via ABC News)",
            "Trump")
TERMS = [(frozenset({(1, 2, 3)}), "sanctions lifted"), (frozenset({"elections first"}),
                                                        "elections first"),
         (frozenset({(1, 2, 3), "x"}), "sanctions and x")]


def _random_rows(rng: random.Random, n: int) -> tuple[list[_Lean], dict]:
    start = dt.date(2025, 3, 1)
    rows, conds = [], {}
    for i in range(1, n + 1):
        party, issue = rng.randint(1, 2), rng.randint(1, 2)
        level = rng.randint(0, 3)
        rows.append(_Lean(i, party, issue, start + dt.timedelta(days=rng.choice(
            [0, 1, 2, 3, 4, 5, 9, 10, 14, 30][:rng.randint(3, 10)])), rng.choice(STATUSES),
            level, rng.randint(1, 4), rng.choice(SPEAKERS), rng.choice(("day", "day", "month")),
            f"P{party}", f"I{issue}", f"Level {level}"))
        if rng.random() < 0.2:
            conds[i] = rng.choice(TERMS)
    rows.sort(key=lambda r: (r.stated_on, r.id))
    return rows, conds


def _vector(rows: list[_Lean], window: int, conds: dict) -> list[Disagreement]:
    by_pair = defaultdict(list)
    for r in rows:
        by_pair[(r.party_id, r.issue_id)].append((r.id, r.stated_on.isoformat(), r.status,
                                                  r.level_value, r.level_label, r.source_id,
                                                  r.attributed_to, r.date_precision))
    out = []
    for (p, i), pair_rows in by_pair.items():
        out.extend(g._replace(party_name=f"P{p}", issue_name=f"I{i}")
                   for g in pair_groups(p, i, PairRows.of(pair_rows), window, conds))
    return sorted(out, key=Disagreement.sort_key)


def _plain_shape(groups) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(g.party_id, g.issue_id, g.kind, g.level_value, g.first, g.last,
             tuple(r.id for r in g.rows), g.conditions, g.summary, g.rows[0].level_label,
             len({(r.source_id, r.attributed_to) for r in g.rows})) for g in groups]


def _vector_shape(groups: list[Disagreement]) -> list[tuple]:
    return [(g.party_id, g.issue_id, g.kind, g.level_value, g.first, g.last,
             tuple(int(i) for i in g.ids), g.conditions, g.summary, g.level_label, g.accounts)
            for g in groups]


@pytest.mark.parametrize("few", [1, conflict_vector.FEW])
@pytest.mark.parametrize("seed", range(60))
def test_the_array_rules_are_the_plain_rules(seed: int, few: int,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pair through the arrays (few=1), and as shipped (small pairs through the plain
    rules themselves)."""
    monkeypatch.setattr(conflict_vector, "FEW", few)
    rng = random.Random(seed)
    rows, conds = _random_rows(rng, rng.choice((5, 20, 60, 200)))
    window = rng.choice((0, 1, 3, 7))
    plain = conflict_groups(rows, window, conds)
    if seed == 0:
        assert len(plain) > 3  # the data must hold disagreements to compare
    assert _vector_shape(_vector(rows, window, conds)) == _plain_shape(plain)


def test_every_kind_is_compared() -> None:
    kinds = set()
    for seed in range(60):
        rng = random.Random(seed)
        rows, conds = _random_rows(rng, 200)
        kinds |= {g.kind for g in conflict_groups(rows, 3, conds)}
    assert kinds == {"levels", "negation", "reporting", "conditions", "dates"}


def test_a_lone_record_and_no_records() -> None:
    assert pair_groups(1, 1, PairRows.of([]), 3, {}) == []
    one = PairRows.of([(1, "2025-03-01", "agrees", 1, "L1", 1, "X", "day")])
    assert pair_groups(1, 1, one, 3, {}) == []
