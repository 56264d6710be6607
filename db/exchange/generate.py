"""A realistic synthetic database for measuring Parley at scale (`parley generate`).

Articles are a few thousand characters of sentences assembled from word lists; every coded
position quotes a real sentence (or the spoken words inside it) of its source at its real
offsets; parties and issues are the seed codebook plus generated ones; dates spread over two
years; about 5 % of positions get a second, conflicting account of the same party, issue and
day from another attribution. The same seed always gives the same data.

Bulk rows go in with one SQLAlchemy Core `insert()` per table inside one transaction: the
ORM's per-object bookkeeping costs ~10× more at 100k rows. Every row is built from the same
values `check_position` accepts (the tests check a sample through it).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, Integer, bindparam, func, insert, select
from sqlmodel import Session

from db.errors import ValidationError
from db.model.inputs import IssueInput, LevelInput, PartyInput
from db.model.tables import (
    ATTRIBUTION_KINDS,
    STATUSES,
    Condition,
    Issue,
    Party,
    Position,
    Source,
    StanceLevel,
)
from db.model.validation import article_text_problem
from db.reads.search import bulk_load
from db.storage.database import Database
from db.writes.codebook import insert_issue, insert_party
from db.writes.sources import content_hash

START = dt.date(2025, 1, 1)
DAYS = 730
CONFLICT_RATE = 0.05
CONDITION_RATE = 0.03
NOTE_RATE = 0.25
BATCH = 20_000

GENERATED_PARTIES = (
    ("gen_turkiye", "Türkiye", "TR", "#8C564B"),
    ("gen_china", "China", "CN", "#E41A1C"),
    ("gen_qatar", "Qatar", "QA", "#7F3C8D"),
    ("gen_saudi_arabia", "Saudi Arabia", "SA", "#11A579"),
    ("gen_poland", "Poland", "PL", "#3969AC"),
    ("gen_hungary", "Hungary", "HU", "#F2B701"),
    ("gen_united_nations", "United Nations", "UN", "#4B4B8F"),
    ("gen_holy_see", "Holy See", "VA", "#A5AA99"),
)
GENERATED_ISSUES = (
    ("gen_energy_strikes", "Strikes on energy infrastructure",
     ("Strikes continue", "Partial moratorium", "Full energy truce")),
    ("gen_grain_corridor", "Grain export corridor",
     ("Corridor closed", "Corridor under inspection", "Corridor open")),
    ("gen_sanctions_relief", "Sanctions relief",
     ("No relief", "Relief tied to compliance", "Phased relief", "Immediate lifting")),
    ("gen_frozen_assets", "Frozen sovereign assets",
     ("Assets returned", "Assets stay frozen", "Assets fund reconstruction")),
    ("gen_elections", "Elections in Ukraine",
     ("No elections during war", "Elections after ceasefire", "Elections as precondition")),
    ("gen_nuclear_plant", "Zaporizhzhia nuclear plant",
     ("Russian control", "International operation", "Return to Ukraine")),
    ("gen_buffer_zone", "Demilitarized buffer zone",
     ("No zone", "Narrow monitored zone", "Wide zone with peacekeepers")),
    ("gen_reconstruction", "Reconstruction funding",
     ("No commitment", "Pledging conference", "Binding fund")),
)

_SPEAKERS = ("President", "Foreign Minister", "Foreign Ministry spokesperson",
             "Defence Minister", "Prime Minister", "chief negotiator", "envoy",
             "presidential aide", "ambassador to the UN", "parliament speaker")
_OUTLETS = ("Reuters", "Associated Press", "AFP", "BBC News", "The Guardian", "Kyiv Independent",
            "Meduza", "RFE/RL", "Politico Europe", "Financial Times", "Al Jazeera", "DW")
_AUTHORS = ("Anna Kovalenko", "James Whitfield", "Maria Petrova", "Tomasz Nowak",
            "Claire Dubois", "Lukas Becker", "Sofia Romano", "Daniel Okafor", "Elena Sokolova",
            "Hiroshi Tanaka", "Fatima Haddad", "Peter Lindqvist")
_PLACES = ("Kyiv", "Moscow", "Washington", "Brussels", "Istanbul", "Riyadh", "Geneva",
           "Warsaw", "Berlin", "Paris", "London", "Doha", "Ankara", "Budapest", "Odesa",
           "Kharkiv", "Zaporizhzhia", "Vienna", "Helsinki", "Minsk")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SUBJECTS = ("the delegation", "negotiators", "the government", "officials", "the ministry",
             "the coalition", "mediators", "military commanders", "diplomats", "the envoy",
             "the Kremlin", "the presidential office", "allied capitals", "observers")
_VERBS = ("discussed", "rejected", "welcomed", "questioned", "proposed", "outlined",
          "criticised", "endorsed", "postponed", "reviewed", "signalled support for",
          "raised concerns about", "called for", "insisted on", "ruled out", "pushed back on")
_ADJS = ("limited", "comprehensive", "temporary", "unconditional", "phased", "verifiable",
         "fragile", "lasting", "partial", "immediate", "binding", "international", "mutual",
         "long-term", "maritime", "regional", "humanitarian", "military")
_NOUNS = ("ceasefire", "energy truce", "prisoner exchange", "security guarantees",
          "monitoring mission", "grain corridor", "sanctions relief", "peace framework",
          "buffer zone", "troop withdrawal", "energy infrastructure", "sea lanes",
          "reconstruction fund", "frozen assets", "election timetable", "nuclear plant",
          "air defence", "weapons deliveries", "front line", "peacekeeping force",
          "humanitarian corridor", "negotiating track", "road map", "settlement")
_TIMES = ("within thirty days", "before the summit", "by the end of the month",
          "after the talks", "during the winter", "in the coming weeks", "without delay",
          "once a ceasefire holds", "until guarantees are in place", "at the next round")
_CONNECTORS = ("However,", "Meanwhile,", "Separately,", "At the same time,", "Earlier,",
               "In a statement,", "According to two officials,", "Later,")


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    quote_start: int
    quote_end: int


class _Writer:
    """Builds article texts from word lists, remembering where each quotable span is."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def _clause(self) -> str:
        r = self.rng
        return (f"{r.choice(_SUBJECTS)} {r.choice(_VERBS)} a {r.choice(_ADJS)} "
                f"{r.choice(_NOUNS)} {r.choice(_TIMES)}")

    def _speech(self) -> str:
        r = self.rng
        templates = (
            "We will not accept any {adj} {noun} {time}",
            "There can be no {noun} without a {adj} {noun2}",
            "Our position on the {noun} has not changed",
            "We are ready to discuss a {adj} {noun} {time}",
            "Any {noun} must include a {adj} {noun2}",
            "The {noun} is the first step towards a {adj} {noun2}",
        )
        text = r.choice(templates).format(adj=r.choice(_ADJS), noun=r.choice(_NOUNS),
                                          noun2=r.choice(_NOUNS), time=r.choice(_TIMES))
        return text[0].upper() + text[1:]

    def article(self, number: int, place: str, day: dt.date, party_names: list[str]
                ) -> tuple[str, str, list[_Sentence]]:
        """(title, text, quotable sentences); `number` makes every text distinct."""
        r = self.rng
        parts: list[str] = []
        spans: list[_Sentence] = []
        pos = 0

        def add(text: str, quote: tuple[int, int] | None = None) -> None:
            nonlocal pos
            qs, qe = quote if quote else (0, len(text))
            spans.append(_Sentence(pos, pos + len(text), pos + qs, pos + qe))
            parts.append(text)
            pos += len(text)

        def gap(text: str) -> None:
            nonlocal pos
            parts.append(text)
            pos += len(text)

        noun = r.choice(_NOUNS)
        title = f"{r.choice(party_names)} and {r.choice(party_names)} at odds over {noun} " \
                f"(report {number})"
        gap(f"{place.upper()}, {day:%d %B %Y} — ")
        lede = self._clause()
        add(f"{lede[0].upper()}{lede[1:]} in {place} on {_DAYS[day.weekday()]}, "
            f"as talks on the {noun} entered a new phase.")
        target = r.randint(2200, 4200)
        while pos < target:
            gap("\n\n" if r.random() < 0.25 else " ")
            kind = r.random()
            if kind < 0.45:
                speech = self._speech()
                who = f"{r.choice(party_names)}'s {r.choice(_SPEAKERS)}"
                add(f"“{speech},” {who} said.", (1, 1 + len(speech)))
            elif kind < 0.75:
                clause = self._clause()
                add(f"{r.choice(_CONNECTORS)} {clause}.")
            else:
                clause = self._clause()
                add(f"{r.choice(party_names)} said {clause}, a claim {r.choice(_SUBJECTS)} "
                    f"{r.choice(_VERBS)} in {r.choice(_PLACES)}.")
        gap("\n")
        return title, "".join(parts), spans


def _ensure_codebook(s: Session) -> None:
    """Add the generated parties and issues once (through the validated codebook functions)."""
    conn = s.connection()
    have_parties = set(conn.execute(select(Party.key)).scalars())
    for key, name, short, colour in GENERATED_PARTIES:
        if key not in have_parties:
            insert_party(s, PartyInput(key, name, short, colour, f"Generated party {name}."))
    have_issues = set(conn.execute(select(Issue.key)).scalars())
    order = conn.execute(select(func.max(Issue.sort_order))).scalar() or 0
    for n, (key, name, labels) in enumerate(GENERATED_ISSUES, start=1):
        if key not in have_issues:
            levels = [LevelInput(v, label) for v, label in enumerate(labels)]
            insert_issue(s, IssueInput(key, name, f"Generated issue: {name}.", levels, order + n))


def generate(db: Database, sources: int, positions: int, seed: int = 0) -> dict[str, int]:
    """Add `sources` articles and `positions` coded positions to an open (seeded) database,
    in one transaction. Returns how many of each were added."""
    if sources < 1 and positions > 0:
        raise ValueError("positions need at least one source")
    rng = random.Random(seed)
    writer = _Writer(rng)
    with db.write() as s:
        _ensure_codebook(s)
        conn = s.connection()
        parties = [(r[0], r[1]) for r in conn.execute(
            select(Party.id, Party.name).order_by(Party.id))]
        levels: dict[int, list[int]] = {}
        for level_id, issue_id in conn.execute(
                select(StanceLevel.id, StanceLevel.issue_id).order_by(StanceLevel.id)):
            levels.setdefault(issue_id, []).append(level_id)
        issue_ids = sorted(levels)
        party_names = [name for _, name in parties]
        first_source = (conn.execute(select(func.max(Source.id))).scalar() or 0) + 1
        first_position = (conn.execute(select(func.max(Position.id))).scalar() or 0) + 1

        # Real coverage is uneven: a few parties and issues dominate.
        party_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(parties))]
        issue_weights = [1.0 / (i + 1) ** 0.6 for i in range(len(issue_ids))]
        rng.shuffle(party_weights)
        rng.shuffle(issue_weights)
        party_cum = list(itertools.accumulate(party_weights))
        issue_cum = list(itertools.accumulate(issue_weights))
        party_ixs = range(len(parties))

        # Everything goes to the database a batch at a time; what later records draw on is
        # kept compact: each article's date and its quotable spans as one small array (the
        # spans as objects took ~150 MB at 50,000 articles), and each position's party,
        # issue, level, status, day and speaker as numbers in arrays (a dict per position
        # held ~1.9 GB at a million). The article texts are not kept: a position's quote is
        # cut from its source's stored text by the INSERT itself (_POSITION_INSERT). Kept,
        # the 50,000 texts of the 1M data set held ~330 MB (two bytes a character: the
        # typographic quotes and dashes make each a UCS-2 string). The random draws are
        # the same, in the same order, as when everything was kept: the same seed gives
        # the same database.
        quotables: list[tuple[dt.date, np.ndarray]] = []
        n_sources = n_positions = n_conditions = 0
        pending: list[dict] = []
        with bulk_load(conn):
            for n in range(sources):
                published = START + dt.timedelta(days=rng.randrange(DAYS))
                place = rng.choice(_PLACES)
                title, text, spans = writer.article(first_source + n, place, published,
                                                    party_names)
                # The bulk insert bypasses insert_source, so the one article limit is
                # checked here.
                if msg := article_text_problem(text, f"Generated source {first_source + n}"):
                    raise ValidationError(msg)
                outlet = rng.choice(_OUTLETS)
                pending.append({
                    "id": first_source + n, "title": title, "outlet": outlet,
                    "author": rng.choice(_AUTHORS), "published": published,
                    "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/"
                           f"{published:%Y/%m/%d}/report-{first_source + n}",
                    "text": text, "content_hash": content_hash(text),
                    "imported_at": dt.datetime.combine(published, dt.time(12), dt.UTC),
                })
                quotables.append((published, np.array(
                    [(sp.quote_start, sp.quote_end) for sp in spans], dtype=np.int32)))
                if len(pending) >= BATCH // 10:  # articles are a few kB each
                    n_sources += _flush(conn, Source, pending)
            n_sources += _flush(conn, Source, pending)

            def attribution(party: int) -> str:
                return f"{party_names[party]}'s {rng.choice(_SPEAKERS)} ({rng.choice(_OUTLETS)})"

            trajectories: dict[tuple[int, int], tuple[list[dt.date], list[tuple[int, str]]]] = {}

            def stance(party_ix: int, issue_id: int, day: dt.date) -> tuple[int, str]:
                """What the party really holds on the issue that day: a stance that shifts a
                few times in two years, so accounts agree except where the generator plants
                a conflict (or a shift has just happened)."""
                key = (party_ix, issue_id)
                if key not in trajectories:
                    shifts = sorted(START + dt.timedelta(days=rng.randrange(DAYS))
                                    for _ in range(rng.randint(0, 3)))
                    claims = [(rng.choice(levels[issue_id]), rng.choice(STATUSES))]
                    for _ in shifts:
                        others = [lv for lv in levels[issue_id] if lv != claims[-1][0]]
                        claims.append((rng.choice(others), rng.choice(STATUSES)))
                    trajectories[key] = ([START, *shifts], claims)
                days, claims = trajectories[key]
                return claims[bisect.bisect_right(days, day) - 1]

            # What a second account copies from an earlier record, by position number.
            seen = _Earlier(positions)
            conditions: list[dict] = []
            for n in range(positions):
                pid = first_position + n
                earlier = seen.get(rng.randrange(n)) if n else None
                if earlier is not None and rng.random() < CONFLICT_RATE:
                    # A second account of the same party/issue/day that reports another level.
                    party_ix, issue_id, earlier_level, status, stated_on, earlier_who = earlier
                    others = [lv for lv in levels[issue_id] if lv != earlier_level]
                    level_id = rng.choice(others)
                    who = attribution(party_ix)
                    while who == earlier_who:
                        who = attribution(party_ix)
                    src_ix = rng.randrange(sources)
                else:
                    party_ix = rng.choices(party_ixs, cum_weights=party_cum)[0]
                    issue_id = rng.choices(issue_ids, cum_weights=issue_cum)[0]
                    src_ix = rng.randrange(sources)
                    stated_on = quotables[src_ix][0] - dt.timedelta(
                        days=rng.choice((0, 0, 0, 1, 2)))
                    level_id, status = stance(party_ix, issue_id, stated_on)
                    who = attribution(party_ix)
                spans = quotables[src_ix][1]
                quote_start, quote_end = (int(x) for x in rng.choice(spans))
                stamp = dt.datetime.combine(stated_on, dt.time(12), dt.UTC)
                notes = ""
                if rng.random() < NOTE_RATE:
                    notes = (f"Coder note: compare with the {rng.choice(_NOUNS)} statement in "
                             f"{rng.choice(_PLACES)}; wording is {rng.choice(_ADJS)}.")
                seen.add(n, party_ix, issue_id, level_id, status, stated_on, who)
                pending.append({
                    "id": pid, "party_id": parties[party_ix][0], "issue_id": issue_id,
                    "level_id": level_id, "stated_on": stated_on,
                    "date_precision": "day" if rng.random() < 0.9 else "month",
                    "status": status, "attributed_to": who,
                    "attribution_kind": rng.choice(ATTRIBUTION_KINDS),
                    "source_id": first_source + src_ix,
                    "quote_start": quote_start, "quote_end": quote_end,
                    "confidence": round(rng.uniform(0.5, 0.95), 2), "notes": notes,
                    "seed_key": None, "created_at": stamp, "updated_at": stamp,
                })
                if rng.random() < CONDITION_RATE:
                    other_issue = rng.choice(issue_ids)
                    conditions.append({
                        "position_id": pid, "party_id": parties[rng.randrange(len(parties))][0],
                        "issue_id": other_issue, "level_id": rng.choice(levels[other_issue]),
                        "text": f"only if the {rng.choice(_NOUNS)} holds {rng.choice(_TIMES)}",
                    })
                if len(pending) >= BATCH:
                    n_positions += _flush_positions(conn, pending)
                    n_conditions += _flush(conn, Condition, conditions)
            n_positions += _flush_positions(conn, pending)
            n_conditions += _flush(conn, Condition, conditions)
    return {"sources": n_sources, "positions": n_positions, "conditions": n_conditions}


def _flush(conn: Connection, model: type, rows: list[dict]) -> int:
    """Insert the rows (one Core insert) and empty the list; how many went in."""
    n = len(rows)
    if rows:
        conn.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
        rows.clear()
    return n


# Each position's quote is the substring of its source's text at its offsets (SQL's substr
# counts characters from 1, as Python's slices count them from 0): INSERT … SELECT, one
# statement run for the whole batch (executemany), on either engine.
_POSITION_COLUMNS = ("id", "party_id", "issue_id", "level_id", "stated_on", "date_precision",
                     "status", "attributed_to", "attribution_kind", "source_id", "quote_start",
                     "quote_end", "confidence", "notes", "seed_key", "created_at", "updated_at")


def _position_insert():  # type: ignore[no-untyped-def]
    table = Position.__table__  # type: ignore[attr-defined]
    values = [bindparam(c, type_=table.c[c].type) for c in _POSITION_COLUMNS]
    quote = func.substr(Source.text, bindparam("quote_from", type_=Integer),  # type: ignore[arg-type]
                        bindparam("quote_length", type_=Integer))
    rows = select(*values, quote).where(Source.id == bindparam("source", type_=Integer))
    return insert(table).from_select([*_POSITION_COLUMNS, "quote"], rows)


def _flush_positions(conn: Connection, rows: list[dict]) -> int:
    n = len(rows)
    if rows:
        for row in rows:
            row["quote_from"] = row["quote_start"] + 1
            row["quote_length"] = row["quote_end"] - row["quote_start"]
            row["source"] = row["source_id"]
        conn.execute(_position_insert(), rows)
        rows.clear()
    return n


class _Earlier:
    """Each generated position's party, issue, level, status, day and speaker, as numbers
    (~20 bytes a position; the distinct statuses, days and speakers once each)."""

    def __init__(self, size: int):
        self._cols = np.zeros((max(size, 1), 6), dtype=np.int32)
        self._values: list[list] = [[], [], []]  # statuses, days, speakers
        self._codes: list[dict] = [{}, {}, {}]

    def _code(self, which: int, value: object) -> int:
        codes = self._codes[which]
        code = codes.get(value)
        if code is None:
            code = codes[value] = len(self._values[which])
            self._values[which].append(value)
        return code

    def add(self, n: int, party_ix: int, issue_id: int, level_id: int, status: str,
            day: dt.date, who: str) -> None:
        self._cols[n] = (party_ix, issue_id, level_id, self._code(0, status),
                         self._code(1, day), self._code(2, who))

    def get(self, n: int) -> tuple[int, int, int, str, dt.date, str]:
        party_ix, issue_id, level_id, status, day, who = (int(x) for x in self._cols[n])
        return (party_ix, issue_id, level_id, self._values[0][status], self._values[1][day],
                self._values[2][who])
