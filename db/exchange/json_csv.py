"""The JSON data interchange format (versioned) and the CSV export.

JSON: one object with `format_version`, `parties`, `issues` (each with `levels`), `events`,
`sources` (with full `text`) and `positions`. Parties and issues are referred to by key,
sources by id, levels by their numeric value within the issue (and their label, checked on
import). See README "Data format".
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from db.errors import ImportDataError, ParleyError, ValidationError
from db.exchange import authorship
from db.exchange.export_stream import FORMAT_VERSION, write_csv, write_json
from db.exchange.import_stream import StreamedPayload, check_plain_json, open_payload
from db.model.changes import Changes
from db.model.inputs import (
    ConditionInput,
    EventInput,
    IssueInput,
    LevelInput,
    PartyInput,
    PositionInput,
    SourceMeta,
)
from db.model.tables import Event, Issue, Party, Position, Source, StanceLevel
from db.storage.database import Database
from db.writes.codebook import insert_event, insert_issue, insert_party
from db.writes.positions import insert_position
from db.writes.sources import content_hash, insert_source


def export_data(db: Database) -> dict[str, Any]:
    """The export as Python objects (for tests and small databases; the commands and the
    window stream it to the file instead: db.exchange.export_stream)."""
    return json.loads(export_json(db))


def export_json(db: Database) -> str:
    buf = io.StringIO()
    write_json(db, buf)
    return buf.getvalue()


def export_csv(db: Database) -> str:
    """One row per position; UTF-8 with BOM so spreadsheets detect the encoding."""
    buf = io.StringIO()
    write_csv(db, buf)
    return buf.getvalue()


# ---------------------------------------------------------------- import


_MAX_INT = 2**63 - 1  # SQLite's INTEGER range; bigger numbers cannot be stored


def parse_payload(raw: str | bytes) -> dict[str, Any]:
    """Parse and check the outer shape of a JSON export; ImportDataError says what is wrong."""
    try:
        payload = json.loads(raw, object_pairs_hook=_unique_keys)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        raise ImportDataError(f"The file is not valid JSON: {exc}") from None
    except RecursionError:
        raise ImportDataError("The file is not a Parley export (nested too deeply)") from None
    check_payload(payload)
    return payload


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused if a key appears twice: json.loads would keep the last value
    silently, so a second `"positions": []` pasted into a file would drop every position."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            where = next((f" (the one with “{k}”: {json.dumps(obj[k], ensure_ascii=False)})"
                          for k in ("format_version", "key", "id")
                          if k in obj and isinstance(obj[k], str | int)), "")
            raise ImportDataError(f"The file names “{key}” twice in one object{where}; a "
                                  "Parley export never does, so the file was edited: keep one "
                                  "and import it again")
        obj[key] = value
    return obj


def parse_payload_file(path: Path) -> StreamedPayload:
    """An export file checked and read a record at a time (db.exchange.import_stream): what
    the commands and the window import, whatever the file's size."""
    return open_payload(path)


def check_payload(payload: Any) -> None:
    if isinstance(payload, StreamedPayload):
        return  # checked as it was opened, and each record as it is read
    if not isinstance(payload, dict):
        raise ImportDataError("The file is JSON but not a Parley export (expected an object)")
    version = payload.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ImportDataError(
            f"Unsupported format_version {version!r}: this Parley reads version {FORMAT_VERSION}"
        )
    for name in ("parties", "issues", "events", "sources", "positions"):
        if not isinstance(payload.get(name, []), list):
            raise ImportDataError(f"“{name}” must be a list")
    check_plain_json(payload)


def _req(obj: Any, key: str, what: str, types: type | tuple[type, ...] = str) -> Any:
    if not isinstance(obj, dict):
        raise ImportDataError(f"{what} must be an object")
    if key not in obj:
        raise ImportDataError(f"{what} has no “{key}”")
    return _typed(obj[key], key, what, types)


def _typed(value: Any, key: str, what: str, types: type | tuple[type, ...]) -> Any:
    if not isinstance(value, types) or isinstance(value, bool) and types is not bool:
        raise ImportDataError(f"{what}: “{key}” has the wrong type")
    if isinstance(value, int) and not -_MAX_INT <= value <= _MAX_INT:
        raise ImportDataError(f"{what}: “{key}” is out of range")
    return value


def _opt(obj: dict, key: str, what: str, default: Any = "",
         types: type | tuple[type, ...] = str) -> Any:
    """An optional field: missing or null gives `default`; otherwise it must have the type."""
    value = obj.get(key)
    return default if value is None else _typed(value, key, what, types)


def _cues(obj: dict, what: str) -> list[str]:
    """A level's optional `cues`: a list of phrases (exports before 0010 have none)."""
    value = _opt(obj, "cues", what, [], list)
    if not all(isinstance(c, str) for c in value):
        raise ImportDataError(f"{what}: cues must be a list of phrases")
    return value


def _aliases(obj: dict, what: str) -> list[str]:
    """A party's optional `aliases`: a list of strings (exports before 0004 have none)."""
    value = _opt(obj, "aliases", what, [], list)
    if not all(isinstance(a, str) for a in value):
        raise ImportDataError(f"{what}: aliases must be a list of names")
    return value


@dataclass(frozen=True)
class ImportResult:
    """What an import added, table by table, so it can be taken back (undo)."""

    created: dict[str, tuple[int, ...]]

    @property
    def changes(self) -> Changes:
        return Changes.of("all")

    def count(self, table: str) -> int:
        return len(self.created.get(table, ()))


# Children before parents: removing an import deletes in this order.
_TRACKED = (("position", Position), ("source", Source), ("event", Event),
            ("stance_level", StanceLevel), ("issue", Issue), ("party", Party))


def _id_sets(s: Session) -> dict[str, set[int]]:
    return {name: set(s.exec(select(model.id))) for name, model in _TRACKED}  # type: ignore[attr-defined]


def import_data(db: Database, payload: dict[str, Any] | StreamedPayload) -> ImportResult:
    """Add everything in `payload` in one transaction — all of it, or nothing.

    Parties and issues are matched by key (existing ones are reused), sources by their
    text (an article already present is reused). Positions are new records: one that
    duplicates an existing record (same source, quote span, party, issue, level and
    attribution) makes the whole import fail. Ids in the file are kept where they are free.
    """
    check_payload(payload)
    try:
        with db.write() as s:
            before = _id_sets(s)
            _import(s, payload, db.user)
            s.flush()
            after = _id_sets(s)
    except ValidationError as exc:
        raise ImportDataError(str(exc)) from None
    except IntegrityError as exc:
        # Validation should catch every clash first; the constraint is the last line.
        raise ImportDataError(f"The data conflicts with the database ({exc.orig}); "
                              "nothing was imported") from None
    return ImportResult({name: tuple(sorted(after[name] - before[name])) for name in after})


def remove_import(db: Database, result: ImportResult) -> Changes:
    """Take back exactly what `import_data` added (undo). Refused, with nothing changed,
    when records made since then use what the import added."""
    try:
        with db.write() as s:
            for name, model in _TRACKED:
                ids = result.created.get(name, ())
                if ids:
                    s.execute(delete(model).where(col(model.id).in_(ids)))  # type: ignore[attr-defined]
    except IntegrityError:
        raise ParleyError("Records added since the import use what it brought in; delete "
                          "those first") from None
    return Changes.of("all")


def _import(s: Session, payload: dict[str, Any] | StreamedPayload, user: str) -> None:
    party_ids: dict[str, int] = {p.key: p.id for p in s.exec(select(Party))}  # type: ignore[misc]
    pending_parents: list[tuple[str, str]] = []
    for n, p in enumerate(payload.get("parties", []), start=1):
        key = _req(p, "key", f"Party {n}")
        if key in party_ids:
            continue
        what = f"Party “{key}”"
        data = PartyInput(key, _req(p, "name", what), _opt(p, "short_name", what),
                          _opt(p, "colour", what) or "#1f77b4", _opt(p, "description", what),
                          aliases=_aliases(p, what))
        parent = _opt(p, "parent", what)
        party_ids[key] = _wrap(lambda d=data: insert_party(s, d), what)
        if parent:
            pending_parents.append((key, parent))
    for key, parent in pending_parents:
        if parent not in party_ids:
            raise ImportDataError(f"Party “{key}” names an unknown parent “{parent}”")
    _refuse_party_cycles(s, dict(pending_parents))
    for key, parent in pending_parents:
        row = s.get(Party, party_ids[key])
        assert row is not None
        row.parent_id = party_ids[parent]
    issue_ids: dict[str, int] = {i.key: i.id for i in s.exec(select(Issue))}  # type: ignore[misc]
    for n, i in enumerate(payload.get("issues", []), start=1):
        key = _req(i, "key", f"Issue {n}")
        if key in issue_ids:
            continue
        lw = f"Issue “{key}” level"
        levels = [LevelInput(_req(lv, "value", lw, int), _req(lv, "label", lw),
                             _opt(lv, "description", lw), cues=_cues(lv, lw))
                  for lv in _req(i, "levels", f"Issue “{key}”", list)]
        data = IssueInput(key, _req(i, "name", f"Issue “{key}”"),
                          _opt(i, "description", f"Issue “{key}”"), levels, n)
        issue_ids[key] = _wrap(lambda d=data: insert_issue(s, d), f"Issue “{key}”")
    level_ids: dict[tuple[int, int], tuple[int, str]] = {
        (lv.issue_id, lv.value): (lv.id, lv.label)  # type: ignore[misc]
        for lv in s.exec(select(StanceLevel))
    }
    existing_events = {e.key for e in s.exec(select(Event))}
    for n, e in enumerate(payload.get("events", []), start=1):
        key = _req(e, "key", f"Event {n}")
        if key not in existing_events:
            data_e = EventInput(key, _req(e, "date", f"Event “{key}”"),
                                _req(e, "label", f"Event “{key}”"),
                                _opt(e, "description", f"Event “{key}”"))
            _wrap(lambda d=data_e: insert_event(s, d), f"Event “{key}”")
    source_ids: dict[Any, int] = {}
    # Two columns, not Source objects: these hold every article's text.
    by_hash = dict(s.exec(select(Source.content_hash, Source.id)).all())
    for n, src in enumerate(payload.get("sources", []), start=1):
        sid = _req(src, "id", f"Source {n}", int)
        text = _req(src, "text", f"Source {sid}")
        if sid in source_ids:
            raise ImportDataError(f"Source id {sid} appears twice in the file")
        existing = by_hash.get(content_hash(text))
        if existing is not None:
            source_ids[sid] = existing
            continue
        sw = f"Source {sid}"
        meta = SourceMeta(_req(src, "title", sw), _opt(src, "outlet", sw),
                          _opt(src, "author", sw), _opt(src, "published", sw, None),
                          _opt(src, "url", sw))
        free = s.get(Source, sid) is None
        new_id = _wrap(lambda m=meta, t=text, f=free, i=sid: insert_source(
            s, t, m, id=i if f else None), f"Source {sid}")
        source_ids[sid] = new_id
        by_hash[content_hash(text)] = new_id
    # Only positions that were in the database before this import count as duplicates: two
    # identical positions in the file are two records the app held (the form allows them),
    # and an export must import back whole.
    already: set[tuple] = set(s.exec(select(
        Position.source_id, Position.quote_start, Position.quote_end, Position.party_id,
        Position.issue_id, Position.level_id, Position.attributed_to)).all())
    for n, p in enumerate(payload.get("positions", []), start=1):
        what = f"Position {p.get('id', n) if isinstance(p, dict) else n}"
        data_p = _position_input(p, what, party_ids, issue_ids, level_ids, source_ids)
        key = (data_p.source_id, data_p.quote_start, data_p.quote_end, data_p.party_id,
               data_p.issue_id, data_p.level_id, data_p.attributed_to.strip())
        if key in already:
            raise ImportDataError(f"{what} duplicates a position already in the database "
                                  f"(same source, quote, party, issue, level and attribution)")
        pid = p.get("id")
        keep = (type(pid) is int and 0 < pid <= _MAX_INT
                and s.get(Position, pid) is None)
        who = authorship.imported(p, what)
        _wrap(lambda d=data_p, i=pid if keep else None, w=who: insert_position(
            s, d, id=i, user=user, action="import", **w), what)


def _refuse_party_cycles(s: Session, new_parents: dict[str, str]) -> None:
    """The codebook editor refuses a party that belongs to itself or to one of its own
    members; an import must not build one either (each party's chain of parents would never
    end). Parties already in the database keep their parents, so only the file's new
    parent links can close a loop."""
    rows = s.exec(select(Party)).all()
    key_of = {p.id: p.key for p in rows}
    parents = {p.key: key_of.get(p.parent_id) for p in rows} | new_parents
    for start in new_parents:
        chain, node = [start], parents.get(start)
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        if node == start:
            loop = " → ".join(f"“{k}”" for k in [*chain, start])
            raise ImportDataError(f"Party “{start}” would belong to itself ({loop}); a party "
                                  "cannot belong to itself or to one of its own members")


def _wrap(fn: Any, what: str) -> int:
    try:
        return fn()
    except ValidationError as exc:
        raise ImportDataError(f"{what}: {exc}") from None


def _level(level_ids: dict, issue_id: int, issue: str, value: int, label: str | None,
           what: str) -> int:
    """The id of the issue's level with this value, and, when the file gives the label (every
    export since format 1 does), that label too. Numbers alone would let a file coded on
    another scale land on whatever level has the same number here."""
    found = level_ids.get((issue_id, value))
    if found is None:
        named = f" (“{label}”)" if label else ""
        raise ImportDataError(f"{what}: issue “{issue}” has no level {value}{named}")
    level_id, here = found
    if label is not None and label.strip() != here.strip():
        raise ImportDataError(
            f"{what}: level {value} of issue “{issue}” is “{label}” in the file but “{here}” "
            "in this database; the issue's stance scale differs, so nothing was imported")
    return level_id


def _position_input(p: Any, what: str, party_ids: dict, issue_ids: dict, level_ids: dict,
                    source_ids: dict) -> PositionInput:
    party = _req(p, "party", what)
    issue = _req(p, "issue", what)
    if party not in party_ids:
        raise ImportDataError(f"{what} names an unknown party “{party}”")
    if issue not in issue_ids:
        raise ImportDataError(f"{what} names an unknown issue “{issue}”")
    level_id = _level(level_ids, issue_ids[issue], issue, _req(p, "level", what, int),
                      _opt(p, "level_label", what, None), what)
    source = _req(p, "source", what, int)
    if source not in source_ids:
        raise ImportDataError(f"{what} names an unknown source {source}")
    conds = []
    for c in _opt(p, "conditions", what, [], list):
        if not isinstance(c, dict):
            raise ImportDataError(f"{what}: each condition must be an object")
        cw = f"{what}: a condition"
        cp, ci = _opt(c, "party", cw, None), _opt(c, "issue", cw, None)
        cl = _opt(c, "level", cw, None, int)
        if cp is not None and cp not in party_ids:
            raise ImportDataError(f"{what}: a condition names an unknown party “{cp}”")
        if ci is not None and ci not in issue_ids:
            raise ImportDataError(f"{what}: a condition names an unknown issue “{ci}”")
        cl_id = None
        if cl is not None:
            if ci is None:
                raise ImportDataError(f"{what}: a condition names level {cl} but no issue")
            cl_id = _level(level_ids, issue_ids[ci], ci, cl, _opt(c, "level_label", cw, None),
                           cw)
        conds.append(ConditionInput(party_ids.get(cp), issue_ids.get(ci), cl_id,
                                    _opt(c, "text", cw)))
    confidence = _opt(p, "confidence", what, 0.8, (int, float))
    return PositionInput(
        party_id=party_ids[party], issue_id=issue_ids[issue], level_id=level_id,
        stated_on=_req(p, "stated_on", what),
        date_precision=_opt(p, "date_precision", what, "day"),
        status=_req(p, "status", what), attributed_to=_req(p, "attributed_to", what),
        attribution_kind=_req(p, "attribution_kind", what), source_id=source_ids[source],
        quote=_req(p, "quote", what), quote_start=_req(p, "quote_start", what, int),
        quote_end=_req(p, "quote_end", what, int), confidence=float(confidence),
        notes=_opt(p, "notes", what), conditions=conds,
    )


