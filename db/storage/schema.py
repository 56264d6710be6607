"""The schema's version: which Alembic revision a database is at, and bringing it to head.

Alembic is imported only when a migration runs: importing it costs ~0.2-0.4 s of every
start, and opening an up-to-date database needs only the revision ids, read here from the
migration files' headers. The migration scripts stay in db/migrations (Alembic loads them
as files; packaging/parley.spec bundles them from there).
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from db.storage import paths

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.M)


def _revision_graph() -> dict[str, str | None] | None:
    """{revision: down_revision} read from the migration files' headers, or None when they
    use anything but plain single parents (then Alembic itself is asked)."""
    graph: dict[str, str | None] = {}
    for file in (paths.migrations_dir() / "versions").glob("*.py"):
        found = dict(m.groups() for m in _REVISION_LINE.finditer(file.read_text("utf-8")))
        if "revision" not in found:
            continue
        values = {k: v.strip("'\"") for k, v in found.items()}
        if any(not re.fullmatch(r"[\w.-]+", v) for v in values.values()):
            return None
        down = values.get("down_revision", "None")
        graph[values["revision"]] = None if down == "None" else down
    return graph or None


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - set(graph.values()) if graph else set()
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def known_revisions() -> set[str]:
    graph = _revision_graph()
    if graph:
        return set(graph)
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def is_missing_table(exc: BaseException) -> bool:
    """Whether a read failed because the table is not there yet (SQLite's "no such table",
    PostgreSQL's undefined_table, 42P01)."""
    err = getattr(exc, "orig", None) or exc
    return "no such table" in str(err) or getattr(err, "sqlstate", None) == "42P01"


def current_revision(con: sqlite3.Connection) -> str | None:
    """The revision the database on `con` is at; None for a new, empty one."""
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except Exception as exc:
        if not is_missing_table(exc):
            raise
        return None
    return row[0] if row else None


def upgrade(writer: Engine) -> None:
    """Apply every migration up to head, in one transaction on `writer`."""
    from alembic import command

    cfg = _alembic_config()
    with writer.begin() as conn:
        if conn.dialect.name == "postgresql":
            # PostgreSQL: two analysts opening a new server database at once — the second
            # waits here for the first's migration, then finds the schema at head.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7262736974)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
