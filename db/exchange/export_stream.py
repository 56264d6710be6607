"""The JSON and CSV exports written as they are read, a batch of rows at a time.

Building the whole export as Python objects first (`json_csv.export_data`, then one
`json.dumps`) held every source text and every position of a million-record database at
once: 6.8 GB and 58 s for the JSON, 3.6 GB for the CSV. Here plain SQL in one read
transaction (one consistent snapshot) streams the rows into the file: memory holds the
codebook, each condition and the sources' titles, never the records.

The output is byte for byte what `json.dumps(export_data(db), ensure_ascii=False,
indent=2)` and the old CSV writer gave (tests/db/test_export_stream.py holds the two
together): each record is laid out by a fixed template with json's own C string encoder,
because `json.dumps(indent=…)` runs json's pure-Python encoder (~10× slower per record).
Portable SQL only (`?` placeholders through Database.read()).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from json.encoder import encode_basestring  # the C encoder, as ensure_ascii=False uses
from typing import Any, TextIO

from db.exchange import authorship
from db.model.inputs import parse_aliases
from db.storage.database import Database

FORMAT_VERSION = 1
CSV_FIELDS = [
    "id", "party", "party_name", "issue", "issue_name", "level", "level_label", "stated_on",
    "date_precision", "status", "attributed_to", "attribution_kind", "source",
    "source_title", "source_outlet", "source_published", "quote", "quote_start", "quote_end",
    "conditions", "confidence", "notes", *authorship.KEYS,
]
_BATCH = 2_000


def _iso(value: Any) -> str | None:
    """A date as the export writes it (SQLite returns the ISO text; another engine may
    return a date)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def _batches(cursor: Any) -> Iterator[tuple]:
    while rows := cursor.fetchmany(_BATCH):
        yield from rows


class _Codebook:
    """The small tables every record refers to, read once."""

    def __init__(self, con: Any):
        self.parties = con.execute(
            "SELECT id, key, name, short_name, colour, description, parent_id, aliases "
            "FROM party ORDER BY id").fetchall()
        self.party_key = {p[0]: p[1] for p in self.parties}
        self.party_name = {p[0]: p[2] for p in self.parties}
        self.issues = con.execute(
            "SELECT id, key, name, description FROM issue ORDER BY sort_order, id").fetchall()
        self.issue_key = {i[0]: i[1] for i in self.issues}
        self.issue_name = {i[0]: i[2] for i in self.issues}
        # Ordered by value, ties by id: the order the ORM export listed them in.
        self.levels = con.execute(
            "SELECT id, issue_id, value, label, description, cues FROM stance_level "
            "ORDER BY value, id").fetchall()
        self.level = {lv[0]: (lv[2], lv[3]) for lv in self.levels}
        self.conditions: dict[int, list[tuple]] = {}
        for c in con.execute("SELECT position_id, party_id, issue_id, level_id, text "
                             "FROM condition ORDER BY id"):
            self.conditions.setdefault(c[0], []).append(c[1:])

    def condition_dicts(self, position_id: int) -> list[dict[str, Any]]:
        out = []
        for party_id, issue_id, level_id, text in self.conditions.get(position_id, ()):
            level = self.level.get(level_id) if level_id else None
            out.append({"party": self.party_key.get(party_id),
                        "issue": self.issue_key.get(issue_id),
                        "level": level[0] if level else None,
                        "level_label": level[1] if level else None, "text": text})
        return out


def _block(items: list[Any]) -> str:
    """Small lists (parties, issues, events) exactly as json.dumps(indent=2) nests them
    two levels deep."""
    return ",\n".join("    " + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                      for item in items)


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    return json.dumps(value)


_POSITION = """    {{
      "id": {},
      "party": {},
      "issue": {},
      "level": {},
      "level_label": {},
      "stated_on": {},
      "date_precision": {},
      "status": {},
      "attributed_to": {},
      "attribution_kind": {},
      "source": {},
      "quote": {},
      "quote_start": {},
      "quote_end": {},
      "conditions": {},
      "confidence": {},
      "notes": {},
      "created_by": {},
      "created_at": {},
      "updated_by": {},
      "updated_at": {},
      "version": {}
    }}"""

_SOURCE = """    {{
      "id": {},
      "title": {},
      "outlet": {},
      "author": {},
      "published": {},
      "url": {},
      "text": {}
    }}"""

_POSITION_SQL = ("SELECT p.id, p.party_id, p.issue_id, p.level_id, p.stated_on, "
                 "p.date_precision, p.status, p.attributed_to, p.attribution_kind, "
                 "p.source_id, p.quote, p.quote_start, p.quote_end, p.confidence, p.notes, "
                 "p.created_by, p.created_at, p.updated_by, p.updated_at, p.version "
                 "FROM position p ORDER BY p.id")


def write_json(db: Database, out: TextIO) -> None:
    """The whole database in the JSON exchange format (README "Data format"), written to
    `out` as it is read."""
    enc = encode_basestring
    with db.read() as con:
        book = _Codebook(con)
        out.write(f'{{\n  "format_version": {FORMAT_VERSION},\n  "parties": ')
        parties = [{"key": p[1], "name": p[2], "short_name": p[3], "colour": p[4],
                    "description": p[5], "parent": book.party_key.get(p[6]),
                    "aliases": parse_aliases(p[7])} for p in book.parties]
        _write_list(out, _block(parties))
        out.write(',\n  "issues": ')
        issues = [{"key": i[1], "name": i[2], "description": i[3],
                   "levels": [{"value": lv[2], "label": lv[3], "description": lv[4],
                               "cues": parse_aliases(lv[5])}
                              for lv in book.levels if lv[1] == i[0]]} for i in book.issues]
        _write_list(out, _block(issues))
        out.write(',\n  "events": ')
        events = [{"key": e[0], "date": _iso(e[1]), "label": e[2], "description": e[3]}
                  for e in con.execute("SELECT key, date, label, description FROM event "
                                       "ORDER BY date, id")]
        _write_list(out, _block(events))
        out.write(',\n  "sources": ')
        first = True
        for s in _batches(con.execute("SELECT id, title, outlet, author, published, url, "
                                      "text FROM source ORDER BY id")):
            out.write("[\n" if first else ",\n")
            first = False
            out.write(_SOURCE.format(s[0], enc(s[1]), enc(s[2]), enc(s[3]), _scalar(_iso(s[4])),
                                     enc(s[5]), enc(s[6])))
        out.write("[]" if first else "\n  ]")
        out.write(',\n  "positions": ')
        first = True
        level, pkey, ikey, conds = book.level, book.party_key, book.issue_key, book.conditions
        for p in _batches(con.execute(_POSITION_SQL)):
            out.write("[\n" if first else ",\n")
            first = False
            value, label = level[p[3]]
            cond = "[]"
            if p[0] in conds:
                cond = json.dumps(book.condition_dicts(p[0]), ensure_ascii=False,
                                  indent=2).replace("\n", "\n      ")
            day, confidence, notes = p[4], p[13], p[14]
            out.write(_POSITION.format(
                p[0], enc(pkey[p[1]]), enc(ikey[p[2]]), value, enc(label),
                enc(day if type(day) is str else _iso(day)), enc(p[5]), enc(p[6]), enc(p[7]),
                enc(p[8]), p[9], enc(p[10]), p[11], p[12], cond,
                repr(confidence) if type(confidence) is float else _float(confidence),
                enc(notes) if type(notes) is str else _scalar(notes),
                *(_scalar(v) for v in _authors(p))))
        out.write("[]" if first else "\n  ]")
        out.write("\n}\n")


def _stamp(value: Any) -> str | None:
    """A created/updated time as authorship writes it (SQLite returns the stored text,
    another engine a datetime)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return authorship.iso(value)


def _authors(p: tuple) -> tuple:
    """created_by, created_at, updated_by, updated_at, version of a _POSITION_SQL row."""
    return p[15], _stamp(p[16]), p[17], _stamp(p[18]), p[19]


def _float(value: Any) -> str:
    return json.dumps(float(value)) if isinstance(value, int) else repr(value) if isinstance(
        value, float) else json.dumps(value)


def _write_list(out: TextIO, body: str) -> None:
    out.write(f"[\n{body}\n  ]" if body else "[]")


# ---------------------------------------------------------------- CSV

# OWASP's advice against CSV injection: a spreadsheet runs a cell that starts with one of
# these as a formula (=HYPERLINK(…), =cmd|…), so a text cell starting with one gets a
# leading apostrophe, which spreadsheets show as text. Numbers are written as numbers, and
# a text cell that is nothing but a number ("-3", "-0.5") cannot hold a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(db: Database, out: TextIO) -> None:
    """One row per position (UTF-8 with BOM so spreadsheets detect the encoding), written
    to `out` as it is read."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    cell = csv_cell
    with db.read() as con:
        book = _Codebook(con)
        # Titles, outlets and dates of every source, without their texts (a few MB at 50k).
        sources = {s[0]: (cell(s[1]), cell(s[2]), cell(_iso(s[3]) or "")) for s in _batches(
            con.execute("SELECT id, title, outlet, published FROM source"))}
        level_names = {i[0]: {lv[2]: lv[3] for lv in book.levels if lv[1] == i[0]}
                       for i in book.issues}
        # Every cell that comes from the codebook is guarded once, not once a row: a party's
        # key and name, an issue's, a level's value and label, as the tuple the row takes.
        party = {k: (cell(v), cell(book.party_name[k])) for k, v in book.party_key.items()}
        issue = {k: (cell(v), cell(book.issue_name[k])) for k, v in book.issue_key.items()}
        level = {k: (value, cell(label)) for k, (value, label) in book.level.items()}
        conds = book.conditions
        starts = "".join(_FORMULA_STARTS)
        memo: dict[Any, Any] = {}

        def vocab(value: Any) -> Any:
            found = memo[value] = cell(value)
            return found

        stamps = _CsvStamps()
        rows = []
        for p in _batches(con.execute(_POSITION_SQL)):
            pid = p[0]
            said = ""
            if pid in conds:
                said = cell("; ".join(_condition_text(c, book, level_names)
                                      for c in conds[pid]))
            day, precision, status, attributed, kind = p[4:9]
            quote, notes, created_by, updated_by = p[10], p[14], p[15], p[17]
            # The formula guard inline for the free text (a call per cell was a quarter of
            # the time), through a memo for the few distinct vocabulary values; a name
            # that cannot start a formula (most) is written as it is.
            rows.append((
                pid, *party[p[1]], *issue[p[2]], *level[p[3]],
                memo[day] if day in memo else vocab(day if type(day) is str else _iso(day)),
                memo[precision] if precision in memo else vocab(precision),
                memo[status] if status in memo else vocab(status),
                cell(attributed) if attributed and attributed[0] in starts else attributed,
                memo[kind] if kind in memo else vocab(kind),
                p[9], *sources[p[9]],
                cell(quote) if quote and quote[0] in starts else quote, p[11], p[12],
                said, p[13], cell(notes) if notes and notes[0] in starts else notes,
                cell(created_by) if created_by and created_by[0] in starts else created_by,
                stamps(p[16]),
                cell(updated_by) if updated_by and updated_by[0] in starts else updated_by,
                stamps(p[18]), p[19]))
            if len(rows) >= _BATCH:
                writer.writerows(rows)
                rows.clear()
        writer.writerows(rows)


# A created/updated time as the SQLite file stores it (SQLAlchemy's naive text, to the
# microsecond): its export form is its first 19 characters with a "T" and a "Z" (what
# authorship.iso writes), without parsing and formatting a datetime twice a row (a fifth
# of the CSV's time). Anything else goes the long way (_stamp).
_STORED_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?")


class _CsvStamps:
    """created_at / updated_at cells: the fast form of _stamp for stored text, the last
    few thousand remembered (records made or imported together share their times)."""

    def __init__(self) -> None:
        self.memo: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        memo = self.memo
        found = memo.get(value)
        if found is None:
            if type(value) is str and _STORED_STAMP.fullmatch(value):
                found = f"{value[:10]}T{value[11:19]}Z"
            else:
                found = csv_cell(_stamp(value))
            if len(memo) >= 4096:
                memo.clear()
            memo[value] = found
        return found


def _condition_text(c: tuple, book: _Codebook, level_names: dict[int, dict[int, str]]) -> str:
    party_id, issue_id, level_id, text = c
    parts = []
    if party_id is not None and party_id in book.party_name:
        parts.append(book.party_name[party_id])
    if issue_id is not None and issue_id in book.issue_name:
        value = book.level[level_id][0] if level_id else None
        label = level_names[issue_id].get(value, "") if value is not None else ""
        name = book.issue_name[issue_id]
        parts.append(f"{name}: {label}" if label else name)
    link = " — ".join(parts)
    return f"{link} ({text})" if link and text else link or text or ""
