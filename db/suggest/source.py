"""Suggestions for a stored source: reads the codebook, the coded records and the
rejections (plain SQL), learns the issue model (cached until a record or the codebook
changes) and leaves out what is already coded or was rejected."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from db.errors import ValidationError
from db.model.inputs import parse_aliases
from db.reads.pages import page_at, pages_of
from db.storage.database import Database
from db.suggest.engine import Codebook, CodedRecord, IssueInfo, Suggestion, build_model, suggest_text
from db.suggest.model import IssueModel
from db.suggest.parties import PartyInfo

_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple, Codebook, IssueModel]] = {}


def read_codebook(db: Database) -> Codebook:
    with db.read() as con:
        keys = dict(con.execute("SELECT id, key FROM party"))
        parties = tuple(
            PartyInfo(key, name, short or "", tuple(parse_aliases(aliases)), keys.get(parent))
            for key, name, short, aliases, parent in con.execute(
                "SELECT key, name, short_name, aliases, parent_id FROM party ORDER BY id"))
        levels: dict[int, list[tuple[int, str, str, tuple[str, ...]]]] = {}
        for issue_id, value, label, desc, cues in con.execute(
                "SELECT issue_id, value, label, description, cues FROM stance_level "
                "ORDER BY value"):
            levels.setdefault(issue_id, []).append((value, label, desc or "",
                                                    tuple(parse_aliases(cues))))
        issues = tuple(IssueInfo(key, name, desc or "", tuple(levels.get(iid, [])))
                       for iid, key, name, desc in con.execute(
                           "SELECT id, key, name, description FROM issue ORDER BY sort_order, id"))
    return Codebook(parties, issues)


def read_records(db: Database, exclude_source: int | None = None) -> list[CodedRecord]:
    """The coded records the model learns from; alleged violations teach no issue stance
    but do teach the issue, so they are kept."""
    with db.read() as con:
        rows = con.execute(
            "SELECT p.key, i.key, l.value, pos.status, pos.quote FROM position pos "
            "JOIN party p ON p.id = pos.party_id JOIN issue i ON i.id = pos.issue_id "
            "JOIN stance_level l ON l.id = pos.level_id WHERE pos.source_id != ? "
            "ORDER BY pos.id", (exclude_source if exclude_source is not None else -1,)).fetchall()
    return [CodedRecord(*r) for r in rows]


def _fingerprint(db: Database) -> tuple:
    """What the model depends on: the coded records (count, newest id and edit) and the
    codebook's words (hashed here in Python; portable SQL, no group_concat)."""
    with db.read() as con:
        records = tuple(con.execute(
            "SELECT count(*), max(updated_at), max(id) FROM position").fetchone())
        words = hash((tuple(con.execute("SELECT key, name, short_name, aliases FROM party "
                                        "ORDER BY id")),
                      tuple(con.execute("SELECT issue_id, value, label, description, cues "
                                        "FROM stance_level ORDER BY id")),
                      tuple(con.execute("SELECT id, key, name, description FROM issue "
                                        "ORDER BY id"))))
    return records + (words,)


def model_for(db: Database) -> tuple[Codebook, IssueModel]:
    """The codebook and its issue model, learned once per change of the coded records."""
    stamp = _fingerprint(db)
    key = str(db.target)
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] == stamp:
            return hit[1], hit[2]
    codebook = read_codebook(db)
    model = build_model(codebook, read_records(db))
    with _cache_lock:
        _cache[key] = (stamp, codebook, model)
    return codebook, model


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def suggest_for_source(db: Database, source_id: int) -> list[Suggestion]:
    """The suggestions for one source, minus those already coded (a record of the same
    party and issue whose quote overlaps) and those the analyst rejected."""
    with db.read() as con:
        row = con.execute("SELECT text, published, outlet, imported_at FROM source WHERE id = ?",
                          (source_id,)).fetchone()
        if row is None:
            raise ValidationError(f"There is no source {source_id}")
        coded = con.execute(
            "SELECT p.key, i.key, pos.quote_start, pos.quote_end FROM position pos "
            "JOIN party p ON p.id = pos.party_id JOIN issue i ON i.id = pos.issue_id "
            "WHERE pos.source_id = ?", (source_id,)).fetchall()
        rejected = con.execute(
            "SELECT p.key, i.key, r.quote_start, r.quote_end FROM suggestion_rejection r "
            "JOIN party p ON p.id = r.party_id JOIN issue i ON i.id = r.issue_id "
            "WHERE r.source_id = ?", (source_id,)).fetchall()
    text, published, outlet, imported_at = row
    # Without a publication date, "on Tuesday" is read against the day it was imported.
    when = published or (str(imported_at) if imported_at else "") or dt.date.today().isoformat()
    day = dt.date.fromisoformat(when[:10])
    codebook, model = model_for(db)
    taken = coded + rejected
    out = [s for s in suggest_text(text, day, outlet or "", codebook, model)
           if not any(s.party == p and s.issue == i and _overlaps(s.quote_start, s.quote_end, a, b)
                      for p, i, a, b in taken)]
    pages = pages_of(db, source_id)
    if pages:  # a PDF: say where the quote is, as the analyst will cite it
        for s in out:
            page = page_at(pages, s.quote_start)
            if page is not None:
                s.why = f"p. {page}; {s.why}"
    return out


def suggest_many(db: Database, source_ids: list[int],
                 progress: Callable[[int, int], None] | None = None) -> dict[int, list[Suggestion]]:
    """Suggestions for many sources, the model learned once; `progress(done, total)`."""
    out: dict[int, list[Suggestion]] = {}
    for n, sid in enumerate(source_ids, start=1):
        out[sid] = suggest_for_source(db, sid)
        if progress:
            progress(n, len(source_ids))
    return out
