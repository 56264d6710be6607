"""Sources (articles): import, edit metadata, delete and restore."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from db.errors import ConflictError, InUseError, ValidationError
from db.model.changes import Changes
from db.model.inputs import SourceMeta
from db.model.tables import Position, Source, utcnow
from db.model.validation import article_text_problem, check_meta, parse_date
from db.storage.database import Database
from db.writes import history
from db.writes.rows import get_existing


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _published(meta: SourceMeta) -> dt.date | None:
    return None if meta.published in (None, "") else parse_date(meta.published)


def insert_source(s: Session, text: str, meta: SourceMeta, *, id: int | None = None,
                  imported_at: dt.datetime | None = None, restoring: bool = False,
                  user: str = "") -> int:
    """Add one source. Every new text passes the article size limit here, whichever way it
    came in; `restoring` (undoing a delete) puts back a text the database already held, even
    one stored before the limit was enforced everywhere, rather than lose it."""
    check_new_source(text, meta, id=id, restoring=restoring)
    digest = content_hash(text)
    existing = s.exec(select(Source).where(Source.content_hash == digest)).first()
    if existing is not None:
        raise ValidationError(
            f"This article is already in the database as “{existing.title}” (source "
            f"{existing.id}); the same text is not imported twice",
            field="text",
        )
    row = Source(**new_source_values(text, meta, id=id, digest=digest, user=user,
                                     imported_at=imported_at))
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def check_new_source(text: str, meta: SourceMeta, *, id: int | None = None,
                     restoring: bool = False) -> None:
    """ValidationError when `text` and `meta` cannot be a new source (insert_source's checks
    but the duplicate text, which a bulk import tells apart itself)."""
    problems = check_meta(meta)
    if not isinstance(text, str) or not text.strip():
        problems["text"] = "The article text is empty"
    elif not restoring and (msg := article_text_problem(text, _name(meta, id))):
        problems["text"] = msg
    if problems:
        raise ValidationError(problems)


def new_source_values(text: str, meta: SourceMeta, *, id: int | None, digest: str,
                      user: str = "", imported_at: dt.datetime | None = None
                      ) -> dict[str, Any]:
    """The columns of a new source row from checked `text` and `meta` (every column, so a
    bulk insert writes what insert_source's row would)."""
    return {"id": id, "title": meta.title.strip(), "outlet": meta.outlet.strip(),
            "author": meta.author.strip(), "published": _published(meta),
            "url": meta.url.strip(), "text": text, "content_hash": digest,
            "imported_at": imported_at or utcnow(), "created_by": user, "updated_by": user,
            "updated_at": None, "version": 1, "blind": False}


def _name(meta: SourceMeta, id: int | None) -> str:
    title = meta.title.strip() if isinstance(meta.title, str) else ""
    short = title if len(title) <= 60 else title[:59] + "…"
    return f"The article “{short}”" if short else f"Source {id}" if id else "The article"


def import_article(db: Database, text: str, meta: SourceMeta, *, id: int | None = None) -> int:
    """Store an article's text exactly as given. Refuses a text already imported."""
    with db.write() as s:
        return insert_source(s, text, meta, id=id, user=db.user)


def update_source_meta(db: Database, source_id: int, meta: SourceMeta,
                       expected: SourceMeta | None = None) -> Changes:
    """Write the source's details. With `expected` (what the editor was opened on), refused
    with ConflictError when someone else changed them since: never a silent overwrite. The
    check reads the row in the write transaction (locked: SQLite's write lock, the server's
    row lock), so no other save slips in between."""
    problems = check_meta(meta)
    if problems:
        raise ValidationError(problems)
    with db.write() as s:
        row = s.exec(select(Source).where(col(Source.id) == source_id).with_for_update()).first()
        if row is None:
            raise ConflictError("Source", source_id, None, None)
        current = SourceMeta(row.title, row.outlet, row.author, row.published, row.url)
        if expected is not None and current != expected:
            raise ConflictError("Source", source_id, current, row.version, row.updated_by or "",
                                f"{row.updated_at:%Y-%m-%d %H:%M}" if row.updated_at else "")
        old = _meta_fields(row)
        row.title, row.outlet, row.author = meta.title.strip(), meta.outlet.strip(), meta.author.strip()
        row.published, row.url = _published(meta), meta.url.strip()
        _touched(s, row, db.user, "update", old, _meta_fields(row))
    return Changes.of("source", ids=[source_id])


def _meta_fields(row: Source) -> dict:
    return {"title": row.title, "outlet": row.outlet, "author": row.author,
            "published": row.published, "url": row.url, "blind": row.blind}


def _touched(s: Session, row: Source, user: str, action: str, old: dict, new: dict) -> None:
    """Who changed a source, when, its next version and its history row."""
    row.version += 1
    row.updated_by, row.updated_at = user, utcnow()
    s.add(row)
    assert row.id is not None
    history.record(s, "source", row.id, action, user, row.version, old, new)


def set_blind(db: Database, source_id: int, blind: bool) -> Changes:
    """Blind coding on or off for a source: while on, each coder sees only their own
    positions from it (the table, the reader's marks, the charts), so two analysts can code it
    independently; off, everyone sees every record again (their agreement can be compared)."""
    with db.write() as s:
        row = get_existing(s, Source, source_id, "Source")
        if row.blind != blind:
            old = _meta_fields(row)
            row.blind = blind
            _touched(s, row, db.user, "blind on" if blind else "blind off", old, _meta_fields(row))
    return Changes.of("source", "position", ids=[source_id])


def source_meta(db: Database, source_id: int) -> SourceMeta:
    with db.session() as s:
        row = get_existing(s, Source, source_id, "Source")
        return SourceMeta(row.title, row.outlet, row.author, row.published, row.url)


@dataclass(frozen=True)
class SourceSnapshot:
    id: int
    text: str
    meta: SourceMeta
    imported_at: dt.datetime


def delete_source(db: Database, source_id: int) -> SourceSnapshot:
    """Delete an unused source; refused with the count of positions that quote it."""
    with db.write() as s:
        row = get_existing(s, Source, source_id, "Source")
        used = s.exec(select(func.count()).where(Position.source_id == source_id)).one()
        if used:
            raise InUseError(
                f"“{row.title}” is quoted by {used} position{'s' if used != 1 else ''}; "
                "delete those first",
                used,
            )
        snap = SourceSnapshot(row.id, row.text,  # type: ignore[arg-type]
                              SourceMeta(row.title, row.outlet, row.author, row.published,
                                         row.url), row.imported_at)
        s.delete(row)
    return snap


def restore_source(db: Database, snap: SourceSnapshot) -> Changes:
    with db.write() as s:
        insert_source(s, snap.text, snap.meta, id=snap.id, imported_at=snap.imported_at,
                      restoring=True, user=db.user)
    return Changes.of("source", ids=[snap.id])
