"""First-launch seeding from seeds/: the codebook, the seed articles and their coded positions.

Seeding happens once per database (a `seeded` setting records it), and every seed record
has a stable key, so running it again never duplicates anything — and a seed record the
user deleted on purpose is not brought back on the next launch.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from db.errors import ParleyError
from db.model.inputs import (
    ConditionInput,
    EventInput,
    IssueInput,
    LevelInput,
    PartyInput,
    PositionInput,
    SourceMeta,
)
from db.model.tables import Event, Issue, Party, Position, Setting, Source, StanceLevel, utcnow
from db.model.validation import parse_date
from db.model.vocab import SEEDED_SETTING
from db.storage import paths
from db.storage.database import Database
from db.writes.codebook import insert_event, insert_issue, insert_party
from db.writes.positions import insert_position
from db.writes.sources import content_hash, insert_source


def read_article(path: Path) -> str:
    # newline="" keeps the text byte for byte (\r\n included): quote offsets depend on it.
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def load_seed_files(folder: Path | None = None) -> dict[str, Any]:
    folder = folder or paths.seeds_dir()
    try:
        codebook = json.loads((folder / "codebook.json").read_text(encoding="utf-8"))
        sources = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
        positions = json.loads((folder / "positions.json").read_text(encoding="utf-8"))
        for src in sources:
            src["text"] = read_article(folder / src["file"])
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        raise ParleyError(f"The seed data in {folder} is missing or damaged: {exc}") from exc
    return {"codebook": codebook, "sources": sources, "positions": positions}


def seed(db: Database, folder: Path | None = None) -> dict[str, int]:
    """Add every seed record not already present (by stable key), in one transaction."""
    data = load_seed_files(folder)
    added = {"parties": 0, "issues": 0, "events": 0, "sources": 0, "positions": 0}
    with db.write() as s:
        parties = _seed_parties(s, data["codebook"].get("parties", []), added)
        issues = _seed_issues(s, data["codebook"].get("issues", []), added)
        existing_events = {e.key for e in s.exec(select(Event))}
        for e in data["codebook"].get("events", []):
            if e["key"] not in existing_events:
                insert_event(s, EventInput(e["key"], e["date"], e["label"],
                                           e.get("description", "")))
                added["events"] += 1
        sources = _seed_sources(s, data["sources"], added)
        levels = {(lv.issue_id, lv.value): lv.id for lv in s.exec(select(StanceLevel))}
        done = {p.seed_key for p in s.exec(select(Position).where(Position.seed_key != None))}  # noqa: E711
        for p in data["positions"]:
            if p["key"] in done:
                continue
            issue_id = issues[p["issue"]]
            conds = [
                ConditionInput(
                    parties.get(c.get("party")) if c.get("party") else None,
                    issues.get(c.get("issue")) if c.get("issue") else None,
                    levels.get((issues.get(c.get("issue")), c.get("level")))
                    if c.get("level") is not None else None,
                    c.get("text", ""),
                )
                for c in p.get("conditions", [])
            ]
            data_p = PositionInput(
                party_id=parties[p["party"]], issue_id=issue_id,
                level_id=levels[(issue_id, p["level"])], stated_on=p["stated_on"],
                date_precision=p["date_precision"], status=p["status"],
                attributed_to=p["attributed_to"], attribution_kind=p["attribution_kind"],
                source_id=sources[p["source"]], quote=p["quote"], quote_start=p["quote_start"],
                quote_end=p["quote_start"] + len(p["quote"]), confidence=p.get("confidence", 0.8),
                notes=p.get("notes", ""), conditions=conds,
            )
            # Stamped at noon on the day stated, as `generate` does: the example data is the
            # same whenever it is seeded, so two exports of it compare equal.
            stamp = dt.datetime.combine(parse_date(p["stated_on"]), dt.time(12), dt.UTC)
            insert_position(s, data_p, seed_key=p["key"], created_at=stamp, updated_at=stamp)
            added["positions"] += 1
        s.merge(Setting(key=SEEDED_SETTING, value=utcnow().isoformat()))
    return added


def _seed_parties(s: Session, rows: list[dict], added: dict[str, int]) -> dict[str, int]:
    ids = {p.key: p.id for p in s.exec(select(Party))}
    for p in rows:
        if p["key"] not in ids:
            parent = ids.get(p["parent"]) if p.get("parent") else None
            ids[p["key"]] = insert_party(s, PartyInput(
                p["key"], p["name"], p.get("short_name", ""), p.get("colour", "#1f77b4"),
                p.get("description", ""), parent, p.get("aliases", [])))
            added["parties"] += 1
    return ids  # type: ignore[return-value]


def _seed_issues(s: Session, rows: list[dict], added: dict[str, int]) -> dict[str, int]:
    ids = {i.key: i.id for i in s.exec(select(Issue))}
    for n, i in enumerate(rows):
        if i["key"] not in ids:
            levels = [LevelInput(lv["value"], lv["label"], lv.get("description", ""),
                                 cues=lv.get("cues", [])) for lv in i["levels"]]
            ids[i["key"]] = insert_issue(s, IssueInput(i["key"], i["name"],
                                                       i.get("description", ""), levels, n))
            added["issues"] += 1
    return ids  # type: ignore[return-value]


def _seed_sources(s: Session, rows: list[dict], added: dict[str, int]) -> dict[str, int]:
    by_hash = {src.content_hash: src.id for src in s.exec(select(Source))}
    ids: dict[str, int] = {}
    for src in rows:
        digest = content_hash(src["text"])
        if digest in by_hash:
            ids[src["key"]] = by_hash[digest]  # type: ignore[assignment]
            continue
        ids[src["key"]] = insert_source(s, src["text"], SourceMeta(
            src["title"], src.get("outlet", ""), src.get("author", ""),
            src.get("published") or None, src.get("url", "")))
        added["sources"] += 1
    return ids
