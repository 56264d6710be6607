"""The seed articles' known disagreements are found, each as its kind, and nothing that
merely looks different."""

from __future__ import annotations

import datetime as dt

import pytest

from db.reads.analysis import CONDITIONS, DATES, LEVELS, NEGATION, REPORTING, conflicts
from db.storage.database import Database

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


def _by_topic(db: Database) -> dict[tuple[str, str, str, int | None], set[str]]:
    return {(g.party_name, g.issue_name, g.kind, g.level_value): {r.attributed_to for r in g.rows}
            for g in conflicts(db)}


def test_aid_demand_against_trumps_denial(seeded_db: Database) -> None:
    found = _by_topic(seeded_db)
    accounts = found[("Russia", "Foreign military aid to Ukraine", NEGATION, 2)]
    assert any(a.startswith("Kremlin readout") for a in accounts)
    assert {"Trump in Fox News interview", "Trump to Fox News"} <= accounts
    # Zelensky's report of "his demands" is Russia's stance as Ukraine reports it
    assert "Zelensky to reporters in Finland" in accounts


def test_energy_and_infrastructure_against_energy_only(seeded_db: Database) -> None:
    group = next(g for g in conflicts(seeded_db)
                 if g.party_name == "Russia" and g.kind == LEVELS
                 and g.issue_name == "Ceasefire scope")
    quotes = " | ".join(r.quote for r in group.rows)
    assert "only “energy infrastructure”" in quotes
    assert "energy and infrastructure" in quotes
    assert group.summary == "Energy infrastructure only vs Energy + infrastructure"
    assert {"White House statement", "Trump on Truth Social"} <= {r.attributed_to
                                                                 for r in group.rows}


def test_the_kremlin_readout_reported_differently_is_its_own_conflict(seeded_db: Database
                                                                       ) -> None:
    # NY Post: the Kremlin specified "energy infrastructure" only; Foreign Policy: the
    # Kremlin readout says "energy and infrastructure". One speaker, two outlets.
    (group,) = [g for g in conflicts(seeded_db) if g.kind == REPORTING]
    assert (group.party_name, group.issue_name) == ("Russia", "Ceasefire scope")
    assert group.label == "Reported differently"
    assert group.summary == "Kremlin readout: Energy infrastructure only vs Energy + infrastructure"
    assert {r.source_title.split()[0] for r in group.rows} == {"Russia"}  # NYP and FP titles
    assert len({r.source_id for r in group.rows}) == 2
    assert all(r.attributed_to.startswith("Kremlin readout") for r in group.rows)


def test_agreed_unconditionally_against_agreed_on_conditions(seeded_db: Database) -> None:
    found = {(g.party_name, g.level_value): g for g in conflicts(seeded_db)
             if g.kind == CONDITIONS}
    # The Kremlin's order against the Kremlin readout's "should Kyiv agree" (NY Post).
    russia = found[("Russia", 1)]
    assert {r.status for r in russia.rows} == {"agrees", "offers"}
    assert "offers if Kyiv must agree" in russia.summary and "agrees unconditionally" in russia.summary
    # Kyiv at Jeddah: "an unconditional cease-fire" (NY Post) against "pending Russia's
    # acceptance of the same terms" (RFE/RL).
    ukraine = found[("Ukraine", 4)]
    assert {r.status for r in ukraine.rows} == {"accepts", "conditions"}
    assert "conditions if Russia accepts the same terms" in ukraine.summary


def test_the_ny_posts_two_days_before_friday_dates_kyivs_signature_apart(seeded_db: Database
                                                                         ) -> None:
    (group,) = [g for g in conflicts(seeded_db) if g.kind == DATES]
    assert (group.party_name, group.issue_name, group.level_value) == (
        "Ukraine", "Ceasefire scope", 4)
    assert {r.stated_on for r in group.rows} == {dt.date(2025, 3, 11), dt.date(2025, 3, 12)}
    assert group.summary == "Full ceasefire: 2025-03-11 vs 2025-03-12"
    assert "inked two days before" in " ".join(r.quote for r in group.rows)


def test_alleged_violations_and_deferrals_are_not_stance_conflicts(seeded_db: Database) -> None:
    rows = [r for g in conflicts(seeded_db) for r in g.rows]
    assert not [r for r in rows if r.status in ("alleged_violation", "defers")]
    # Yermak's "Russia is attacking civilian infrastructure" no longer reads as Russia
    # rejecting the level-2 pause.
    assert not [g for g in conflicts(seeded_db) if g.kind == NEGATION and g.level_value == 2
                and g.issue_name == "Ceasefire scope"]


def test_no_false_alarms_in_the_seeds(seeded_db: Database) -> None:
    # The US agreeing to a partial pause while pursuing a full ceasefire, Scholz welcoming an
    # energy pause while demanding more, Ukraine accepting/supporting the same proposal, the
    # leaders deferring a full ceasefire to talks: different levels or verbs, but not
    # different accounts of one stance.
    groups = conflicts(seeded_db)
    assert {g.party_name for g in groups} == {"Russia", "Ukraine"}
    assert sorted((g.party_name, g.kind) for g in groups) == [
        ("Russia", CONDITIONS), ("Russia", LEVELS), ("Russia", NEGATION), ("Russia", NEGATION),
        ("Russia", NEGATION), ("Russia", REPORTING), ("Ukraine", CONDITIONS), ("Ukraine", DATES)]
