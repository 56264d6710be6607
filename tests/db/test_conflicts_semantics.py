"""What counts as conflicting accounts: hand-built databases, one rule per test."""

from __future__ import annotations

import datetime as dt

import pytest

from db.model.inputs import ConditionInput, IssueInput, LevelInput, PartyInput, PositionInput, SourceMeta
from db.reads.analysis import (
    CONDITIONS,
    DATES,
    LEVELS,
    NEGATION,
    REPORTING,
    conflicting_ids,
    conflicts,
    gap_series,
    stance_matrix,
)
from db.reads.queries import PositionFilter, issues
from db.storage.database import Database
from db.writes import codebook, positions, sources

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()

TEXT = "Alpha said one thing. Beta said another. Gamma disagreed with both of them."
QUOTES = ("Alpha said one thing.", "Beta said another.", "Gamma disagreed with both of them.")


class World:
    """A party, a four-level issue and two sources, plus a helper to code a position."""

    def __init__(self, db: Database):
        self.db = db
        self.party = codebook.create_party(db, PartyInput("land", "Landia", colour="#336699"))
        self.other_party = codebook.create_party(db, PartyInput("sea", "Seaworld"))
        iid = codebook.create_issue(db, IssueInput("scope", "Scope", levels=[
            LevelInput(v, f"Level {v}") for v in range(4)]))
        self.issue = iid
        self.levels = {lv.value: lv.id for lv in next(i for i in issues(db) if i.id == iid).levels}
        self.sources = [sources.import_article(db, TEXT + suffix, SourceMeta(f"Source {n}"))
                        for n, suffix in enumerate(("", " Again."))]

    def code(self, level: int, status: str, by: str, *, source: int = 0, day: int = 18,
             quote: int = 0, party: int | None = None, precision: str = "day",
             conditions: tuple[str, ...] = ()) -> int:
        """`conditions`: the texts of conditions on the other party (no issue coded)."""
        q = QUOTES[quote]
        start = TEXT.index(q)
        return positions.create_position(self.db, PositionInput(
            party_id=party or self.party, issue_id=self.issue, level_id=self.levels[level],
            stated_on=dt.date(2025, 3, day), date_precision=precision, status=status,
            attributed_to=by, attribution_kind="official_statement",
            source_id=self.sources[source], quote=q, quote_start=start,
            quote_end=start + len(q),
            conditions=[ConditionInput(self.other_party, None, None, c) for c in conditions]))


@pytest.fixture
def world(empty_db: Database) -> World:
    return World(empty_db)


def test_different_accounts_settling_on_different_levels_conflict(world: World) -> None:
    a = world.code(1, "offers", "Kremlin readout")
    b = world.code(2, "agrees", "White House statement", quote=1)
    groups = conflicts(world.db)
    assert [(g.kind, {r.id for r in g.rows}) for g in groups] == [(LEVELS, {a, b})]
    assert groups[0].summary == "Level 1 vs Level 2"
    assert (groups[0].party_name, groups[0].issue_name) == ("Landia", "Scope")


def test_affirmed_level_negated_by_another_account_conflicts(world: World) -> None:
    a = world.code(2, "demands", "Kremlin readout")
    b = world.code(2, "denies", "Trump to Fox News", source=1, quote=1)
    (group,) = conflicts(world.db)
    assert group.kind == NEGATION and group.level_value == 2
    assert [r.id for r in group.rows] == [a, b]  # the affirmation first
    assert group.summary == "Level 2: demands vs denies"


def test_affirmative_wording_differences_are_not_a_conflict(world: World) -> None:
    world.code(3, "accepts", "Narration A")
    world.code(3, "supports", "Narration B", source=1)
    world.code(3, "agrees", "Narration C", quote=1)
    assert conflicts(world.db) == []


def test_rejecting_one_level_while_agreeing_to_another_is_consistent(world: World) -> None:
    world.code(3, "rejects", "Narration")
    world.code(1, "agrees", "White House statement", quote=1)
    world.code(1, "agrees", "Kremlin readout", source=1)
    assert conflicts(world.db) == []


def test_agreeing_to_a_step_while_proposing_more_is_consistent(world: World) -> None:
    world.code(1, "agrees", "White House statement")
    world.code(3, "proposes", "Narration", quote=1)
    world.code(2, "supports", "Trump", source=1)
    assert conflicts(world.db) == []


def test_the_same_account_changing_its_mind_is_a_shift_not_a_conflict(world: World) -> None:
    world.code(1, "agrees", "Kremlin readout", day=17)
    world.code(2, "agrees", "Kremlin readout", day=18, quote=1)
    world.code(2, "rejects", "Kremlin readout", day=19, quote=2)
    assert conflicts(world.db) == []


def test_other_parties_and_distant_dates_do_not_meet(world: World) -> None:
    world.code(1, "agrees", "Kremlin readout", day=1)
    world.code(2, "agrees", "White House statement", day=20, quote=1)
    world.code(2, "rejects", "Zelensky", party=world.other_party, day=20)
    assert conflicts(world.db) == []
    # A wider window brings the 1st and the 20th together.
    assert [g.kind for g in conflicts(world.db, window_days=19)] == [LEVELS]


def test_window_chains_records_and_the_filter_applies(world: World) -> None:
    a = world.code(1, "agrees", "Kremlin readout", day=10)
    b = world.code(1, "agrees", "Readout B", day=12, source=1)
    c = world.code(1, "opposes", "Readout C", day=14, quote=2)
    (group,) = conflicts(world.db, window_days=2)
    assert {r.id for r in group.rows} == {a, b, c}
    assert (group.first, group.last) == (dt.date(2025, 3, 10), dt.date(2025, 3, 14))
    assert conflicting_ids(world.db) == {a, b, c}
    flt = PositionFilter(date_from=dt.date(2025, 3, 13))
    assert conflicts(world.db, flt, window_days=2) == []


def test_one_cluster_can_hold_several_disagreements(world: World) -> None:
    world.code(1, "offers", "Kremlin readout")
    world.code(2, "agrees", "White House statement", quote=1)
    world.code(2, "rejects", "Yermak", source=1)
    world.code(0, "rejects", "Narration", quote=2)  # nobody affirms level 0: no conflict
    groups = conflicts(world.db)
    assert [(g.kind, g.level_value) for g in groups] == [(LEVELS, None), (NEGATION, 2)]


# ------------------------------------------------------------------ the kinds of issue 13


def test_one_readout_reported_at_two_levels_by_two_outlets_is_a_reporting_conflict(
        world: World) -> None:
    a = world.code(1, "offers", "Kremlin readout (as reported by the New York Post)")
    b = world.code(2, "agrees", "Kremlin readout (as quoted by Foreign Policy)", source=1)
    (group,) = conflicts(world.db)
    assert (group.kind, {r.id for r in group.rows}) == (REPORTING, {a, b})
    assert group.label == "Reported differently"
    assert group.summary == "Kremlin readout: Level 1 vs Level 2"
    # Another party's own readout at level 2 is a disagreement between speakers as well.
    c = world.code(2, "agrees", "White House statement", quote=1)
    kinds = {g.kind: {r.id for r in g.rows} for g in conflicts(world.db)}
    assert kinds == {LEVELS: {a, b, c}, REPORTING: {a, b}}


def test_one_outlet_giving_its_readout_two_levels_is_a_shift_not_misreporting(
        world: World) -> None:
    world.code(1, "agrees", "Kremlin readout (as reported by the New York Post)", day=17)
    world.code(2, "agrees", "Kremlin readout (as reported by the New York Post)", quote=1)
    assert conflicts(world.db) == []


def test_agrees_against_agrees_only_on_a_condition_the_same_day(world: World) -> None:
    # The White House: Russia agreed to a Black Sea truce; the Kremlin: only after sanctions
    # on its agricultural bank are lifted.
    a = world.code(2, "agrees", "White House statement")
    b = world.code(2, "conditions", "Kremlin statement", source=1,
                   conditions=("Sanctions on the agricultural bank are lifted",))
    (group,) = conflicts(world.db)
    assert (group.kind, group.level_value, {r.id for r in group.rows}) == (CONDITIONS, 2, {a, b})
    assert group.summary == ("Level 2: agrees unconditionally vs conditions if Sanctions on "
                             "the agricultural bank are lifted")


def test_same_level_on_different_conditions_conflicts_and_on_the_same_does_not(
        world: World) -> None:
    a = world.code(3, "conditions", "Kremlin readout", conditions=("Aid stops",))
    b = world.code(3, "conditions", "Trump", source=1, conditions=("Aid stops",))
    assert conflicts(world.db) == []  # the same terms, told twice
    c = world.code(3, "offers", "Zelensky", quote=2, conditions=("Mobilization halts",))
    (group,) = conflicts(world.db)
    assert (group.kind, {r.id for r in group.rows}) == (CONDITIONS, {a, b, c})
    # a status alone ("conditions") with no terms given is conditional too
    world.code(1, "agrees", "White House statement", day=1)
    world.code(1, "conditions", "Kremlin statement", day=1, source=1)
    assert [g.kind for g in conflicts(world.db)] == [CONDITIONS, CONDITIONS]


def test_a_conditional_stance_beside_a_mere_proposal_is_consistent(world: World) -> None:
    world.code(2, "conditions", "Kremlin readout", conditions=("Aid stops",))
    world.code(2, "supports", "Trump", source=1)
    world.code(2, "proposes", "Narration", quote=1)
    assert conflicts(world.db) == []


def test_one_statement_dated_a_day_apart_by_two_sources(world: World) -> None:
    a = world.code(4 - 1, "accepts", "Article narration (Outlet A)", day=11)
    b = world.code(3, "accepts", "Article narration (Outlet B)", day=12, source=1)
    (group,) = conflicts(world.db)
    assert (group.kind, group.level_value, {r.id for r in group.rows}) == (DATES, 3, {a, b})
    assert group.summary == "Level 3: 2025-03-11 vs 2025-03-12"
    assert group.label == "Different dates"


@pytest.mark.parametrize("second", [
    {"day": 14, "source": 1},  # three days apart: two statements, not one misdated
    {"day": 12, "source": 0, "quote": 1},  # the same source dating two statements
    {"day": 12, "source": 1, "precision": "approximate"},  # no day claimed
    {"day": 12, "source": 1, "by": "Trump"},  # another speaker's statement
])
def test_what_is_not_one_statement_on_two_dates(world: World, second: dict) -> None:
    second = dict(second)  # the parameter is shared by the runs on each engine
    world.code(3, "accepts", "Zelensky", day=11)
    world.code(3, "accepts", second.pop("by", "Zelensky"), **second)
    assert conflicts(world.db) == []


def test_alleged_violations_and_deferrals_are_no_stance(world: World) -> None:
    world.code(2, "agrees", "Kremlin readout")
    world.code(2, "alleged_violation", "Yermak on Telegram", source=1)
    world.code(3, "rejects", "Narration", quote=1)
    world.code(3, "defers", "Trump and Putin", source=1, quote=1)
    world.code(1, "alleged_violation", "Narration", source=1, quote=2)
    assert conflicts(world.db) == []
    # not the party's stance in the matrix, nor a point of the gap between two parties
    (cell,) = stance_matrix(world.db, dt.date(2025, 3, 31)).values()
    assert (cell.row.status, cell.row.level_value) == ("agrees", 2)
    world.code(0, "agrees", "Narration", party=world.other_party)
    gaps = gap_series(world.db, world.party, world.other_party)[world.issue]
    assert [g.gap for g in gaps] == [pytest.approx(2 / 3)]
