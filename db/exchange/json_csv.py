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
from db.exchange import bulk_import
from db.exchange.export_stream import FORMAT_VERSION, write_csv, write_json
from db.exchange.import_fields import aliases, cues, opt, req
from db.exchange.import_stream import StreamedPayload, check_plain_json, open_payload
from db.model.changes import Changes
from db.model.inputs import (
    EventInput,
    IssueInput,
    LevelInput,
    PartyInput,
)
from db.model.tables import Event, Issue, Party, Position, Source, StanceLevel
from db.storage.database import Database
from db.writes.codebook import insert_event, insert_issue, insert_party


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
    """The ids of the codebook's tables (small); sources and positions an import adds are
    the ids bulk_import gives them (a million positions' ids are not read back)."""
    return {name: set(s.exec(select(model.id)))  # type: ignore[attr-defined]
            for name, model in _TRACKED if name not in ("position", "source")}


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
            bulk = _import(s, payload, db.user)
            s.flush()
            after = _id_sets(s)
    except ValidationError as exc:
        raise ImportDataError(str(exc)) from None
    except IntegrityError as exc:
        # Validation should catch every clash first; the constraint is the last line.
        raise ImportDataError(f"The data conflicts with the database ({exc.orig}); "
                              "nothing was imported") from None
    added = {name: tuple(sorted(after[name] - before[name])) for name in after}
    added |= {name: tuple(sorted(ids)) for name, ids in bulk.items()}
    return ImportResult({name: added[name] for name, _ in _TRACKED})


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


def _import(s: Session, payload: dict[str, Any] | StreamedPayload, user: str
            ) -> dict[str, list[int]]:
    """Add the file's records; returns the ids of the sources and positions added."""
    party_ids: dict[str, int] = {p.key: p.id for p in s.exec(select(Party))}  # type: ignore[misc]
    pending_parents: list[tuple[str, str]] = []
    for n, p in enumerate(payload.get("parties", []), start=1):
        key = req(p, "key", f"Party {n}")
        if key in party_ids:
            continue
        what = f"Party “{key}”"
        data = PartyInput(key, req(p, "name", what), opt(p, "short_name", what),
                          opt(p, "colour", what) or "#1f77b4", opt(p, "description", what),
                          aliases=aliases(p, what))
        parent = opt(p, "parent", what)
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
        key = req(i, "key", f"Issue {n}")
        if key in issue_ids:
            continue
        lw = f"Issue “{key}” level"
        levels = [LevelInput(req(lv, "value", lw, int), req(lv, "label", lw),
                             opt(lv, "description", lw), cues=cues(lv, lw))
                  for lv in req(i, "levels", f"Issue “{key}”", list)]
        data = IssueInput(key, req(i, "name", f"Issue “{key}”"),
                          opt(i, "description", f"Issue “{key}”"), levels, n)
        issue_ids[key] = _wrap(lambda d=data: insert_issue(s, d), f"Issue “{key}”")
    level_ids: dict[tuple[int, int], tuple[int, str]] = {
        (lv.issue_id, lv.value): (lv.id, lv.label)  # type: ignore[misc]
        for lv in s.exec(select(StanceLevel))
    }
    existing_events = {e.key for e in s.exec(select(Event))}
    for n, e in enumerate(payload.get("events", []), start=1):
        key = req(e, "key", f"Event {n}")
        if key not in existing_events:
            data_e = EventInput(key, req(e, "date", f"Event “{key}”"),
                                req(e, "label", f"Event “{key}”"),
                                opt(e, "description", f"Event “{key}”"))
            _wrap(lambda d=data_e: insert_event(s, d), f"Event “{key}”")
    source_ids: dict[Any, int] = {}
    created = {"source": bulk_import.import_sources(s, payload.get("sources", []), source_ids)}
    created["position"] = bulk_import.import_positions(
        s, payload.get("positions", []), user, (party_ids, issue_ids, level_ids), source_ids)
    return created


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
