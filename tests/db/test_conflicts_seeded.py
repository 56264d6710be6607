"""The seed articles' known disagreements are found, and nothing that merely looks different."""

from __future__ import annotations

from db.reads.analysis import LEVELS, NEGATION, conflicts
from db.storage.database import Database


def _by_topic(db: Database) -> dict[tuple[str, str, str, int | None], set[str]]:
    return {(g.party_name, g.issue_name, g.kind, g.level_value): {r.attributed_to for r in g.rows}
            for g in conflicts(db)}


def test_aid_demand_against_trumps_denial(seeded_db: Database) -> None:
    found = _by_topic(seeded_db)
    accounts = found[("Russia", "Foreign military aid to Ukraine", NEGATION, 2)]
    assert any(a.startswith("Kremlin readout") for a in accounts)
    assert {"Trump in Fox News interview", "Trump to Fox News"} <= accounts


def test_energy_and_infrastructure_against_energy_only(seeded_db: Database) -> None:
    group = next(g for g in conflicts(seeded_db)
                 if g.party_name == "Russia" and g.kind == LEVELS
                 and g.issue_name == "Ceasefire scope")
    quotes = " | ".join(r.quote for r in group.rows)
    assert "only “energy infrastructure”" in quotes
    assert "energy and infrastructure" in quotes
    assert group.summary == "Energy infrastructure only vs Energy + infrastructure"
    assert "White House statement" in {r.attributed_to for r in group.rows}


def test_no_false_alarms_in_the_seeds(seeded_db: Database) -> None:
    # The US agreeing to a partial pause while pursuing a full ceasefire, Scholz welcoming an
    # energy pause while demanding more, Ukraine accepting/supporting the same proposal:
    # different levels or verbs, but not different accounts of one stance.
    parties = {g.party_name for g in conflicts(seeded_db)}
    assert parties == {"Russia"}
    assert len(conflicts(seeded_db)) == 5
