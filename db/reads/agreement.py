"""Intercoder agreement: how far two or more analysts who coded the same sources agree.

A *unit* is one thing coded: the same source, the same party, the same issue and an
overlapping quote span (overlapping spans chain into one unit). Each coder's value in a unit
is the stance level of their coding there (their first, if they coded it twice); a coder who
did not code a unit is missing there. Only sources at least two coders have coded count, and
only records with a known author.

Per issue and overall: Krippendorff's alpha (ordinal, on the stance levels' values, by the
`krippendorff` package) over the units, where a unit coded by one coder alone adds nothing
(missing values are not pairable); percent agreement (units coded by two or more coders in
which all gave the same level); and the disagreements side by side. Overall alpha pools every
issue's units on their levels' numbers.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from db.reads.sql import in_clause
from db.storage.database import Database


class Coding(NamedTuple):
    position_id: int
    coder: str
    source_id: int
    party_id: int
    issue_id: int
    value: int  # the stance level's number on its issue's scale
    start: int
    end: int


@dataclass
class Unit:
    source_id: int
    party_id: int
    issue_id: int
    start: int
    end: int
    codings: dict[str, Coding] = field(default_factory=dict)  # coder → their coding
    extra: list[Coding] = field(default_factory=list)  # a coder's second coding of the unit

    def values(self) -> dict[str, int]:
        return {c: k.value for c, k in self.codings.items()}

    @property
    def paired(self) -> bool:
        return len(self.codings) >= 2

    @property
    def agreed(self) -> bool:
        return self.paired and len(set(self.values().values())) == 1


def match_units(codings: Iterable[Coding]) -> list[Unit]:
    """Group codings into units: per source, party and issue, spans that overlap (a chain of
    overlaps is one unit). Pure: the tests build the codings by hand."""
    groups: dict[tuple[int, int, int], list[Coding]] = {}
    for c in codings:
        groups.setdefault((c.source_id, c.party_id, c.issue_id), []).append(c)
    units: list[Unit] = []
    for (source, party, issue), items in sorted(groups.items()):
        current: Unit | None = None
        for c in sorted(items, key=lambda k: (k.start, k.end, k.position_id)):
            overlaps = current is not None and (c.start < current.end or c.start == current.start)
            if not overlaps:
                current = Unit(source, party, issue, c.start, c.end)
                units.append(current)
            assert current is not None
            current.end = max(current.end, c.end)
            if c.coder in current.codings:
                current.extra.append(c)
            else:
                current.codings[c.coder] = c
    return units


def alpha(units: list[Unit], coders: list[str], domain: list[int]) -> float | None:
    """Krippendorff's ordinal alpha of the units' values (coders × units, missing as NaN);
    None where it is not defined (no unit coded by two coders, or no variation at all)."""
    import krippendorff  # numpy-only, imported when agreement is asked for

    if not any(u.paired for u in units) or len(domain) < 2:
        return None
    data = np.full((len(coders), len(units)), np.nan)
    row = {c: n for n, c in enumerate(coders)}
    for col, unit in enumerate(units):
        for coder, value in unit.values().items():
            data[row[coder], col] = value
    with warnings.catch_warnings():  # 0/0 when every paired value is the same
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal",
                                         value_domain=sorted(domain)))
    return None if math.isnan(value) else value


class Agreement(NamedTuple):
    issue_id: int | None  # None: overall
    issue_name: str
    units: int  # every unit, coded by one coder or more
    paired: int  # units coded by at least two coders
    agreed: int  # paired units where every coder gave the same level
    alpha: float | None

    @property
    def percent(self) -> float | None:
        return 100.0 * self.agreed / self.paired if self.paired else None


@dataclass
class AgreementReport:
    coders: list[str]
    sources: int  # sources coded by two coders or more
    per_issue: list[Agreement]
    overall: Agreement
    disagreements: list[Unit]  # units where the coders differ, or someone did not code it
    names: dict[str, dict[int, str]]  # "party"/"issue"/"source"/"level" → id → name


def codings(db: Database, source_ids: Iterable[int] | None = None,
            coders: Iterable[str] | None = None) -> list[Coding]:
    """The codings of every source that two or more (of `coders`) coded."""
    params: list = []
    only = ""
    if coders is not None:
        only = f" AND {in_clause('created_by', set(coders), params)}"
    inner = ("SELECT source_id FROM position WHERE created_by <> ''" + only +
             " GROUP BY source_id HAVING count(DISTINCT created_by) >= 2")
    where = f"p.created_by <> '' AND p.source_id IN ({inner})"
    if coders is not None:
        where += f" AND {in_clause('p.created_by', set(coders), params)}"
    if source_ids is not None:
        where += f" AND {in_clause('p.source_id', set(source_ids), params)}"
    with db.read() as con:
        return [Coding(*r) for r in con.execute(
            "SELECT p.id, p.created_by, p.source_id, p.party_id, p.issue_id, l.value, "
            "p.quote_start, p.quote_end FROM position p JOIN stance_level l ON l.id = p.level_id "
            f"WHERE {where} ORDER BY p.source_id, p.party_id, p.issue_id, p.quote_start, p.id",
            params).fetchall()]


def _names(db: Database, source_ids: set[int]) -> dict[str, dict[int, str]]:
    with db.read() as con:
        params: list = []
        sources = (dict(con.execute(f"SELECT id, title FROM source WHERE "
                                    f"{in_clause('id', source_ids, params)}", params).fetchall())
                   if source_ids else {})
        return {"party": dict(con.execute("SELECT id, name FROM party").fetchall()),
                "issue": dict(con.execute("SELECT id, name FROM issue").fetchall()),
                "source": sources,
                "level": {(r[0], r[1]): r[2] for r in con.execute(
                    "SELECT issue_id, value, label FROM stance_level")}}


def _scales(db: Database) -> dict[int, list[int]]:
    with db.read() as con:
        out: dict[int, list[int]] = {}
        for issue_id, value in con.execute("SELECT issue_id, value FROM stance_level "
                                           "ORDER BY issue_id, value"):
            out.setdefault(issue_id, []).append(value)
    return out


def _summary(issue_id: int | None, name: str, units: list[Unit], coders: list[str],
             domain: list[int]) -> Agreement:
    return Agreement(issue_id, name, len(units), sum(u.paired for u in units),
                     sum(u.agreed for u in units), alpha(units, coders, domain))


def agreement(db: Database, source_ids: Iterable[int] | None = None,
              coders: Iterable[str] | None = None) -> AgreementReport:
    """The agreement of the coders over the sources two or more of them coded."""
    found = codings(db, source_ids, coders)
    names_of = sorted({c.coder for c in found})
    units = match_units(found)
    scales = _scales(db)
    names = _names(db, {u.source_id for u in units})
    per_issue = []
    for issue_id in sorted({u.issue_id for u in units}, key=lambda i: names["issue"].get(i, "")):
        mine = [u for u in units if u.issue_id == issue_id]
        per_issue.append(_summary(issue_id, names["issue"].get(issue_id, str(issue_id)), mine,
                                  names_of, scales.get(issue_id, [])))
    pooled = sorted({v for u in units for v in scales.get(u.issue_id, [])})
    overall = _summary(None, "All issues", units, names_of, pooled)
    # Someone who coded the source but not this unit disagrees with those who did.
    by_source: dict[int, set[str]] = {}
    for c in found:
        by_source.setdefault(c.source_id, set()).add(c.coder)
    disagreements = [u for u in units
                     if not u.agreed or len(u.codings) < len(by_source[u.source_id])]
    return AgreementReport(names_of, len({u.source_id for u in units}), per_issue, overall,
                           disagreements, names)


def level_label(report: AgreementReport, unit: Unit, coder: str) -> str:
    """A coder's value in a unit as "label (value)", or "—" when they did not code it."""
    c = unit.codings.get(coder)
    if c is None:
        return "—"
    return f"{report.names['level'].get((unit.issue_id, c.value), '?')} ({c.value})"
