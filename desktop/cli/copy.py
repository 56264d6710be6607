"""`parley copy --from DB --to DB [--merge]`: a whole project between an embedded file and a
PostgreSQL server, either way (db.exchange.project_copy says what is copied and how a merge
decides what is already there)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "copy", help="copy a whole project between databases (a file and a PostgreSQL server, "
                     "either way), ids and offsets kept, all or nothing")
    p.add_argument("--from", dest="source", required=True,
                   help="the database to copy from (a file, or postgresql://…)")
    p.add_argument("--to", dest="target", required=True,
                   help="the database to copy into (a new or empty file or server database)")
    p.add_argument("--merge", action="store_true",
                   help="the target may hold records: add only what it lacks (same key or "
                        "same content counts as there), and say what was skipped")


def run(args: argparse.Namespace) -> int | None:
    if args.command != "copy":
        return None
    from db.errors import ParleyError
    from db.exchange.project_copy import copy_project
    from db.opening import open_database
    from db.storage.paths import resolve_db_path
    from db.storage.server_url import display_name

    source, target = resolve_db_path(args.source), resolve_db_path(args.target)
    if _same(source, target):
        raise ParleyError(f"--from and --to are the same database ({display_name(source)}): "
                          "nothing was copied.")
    if isinstance(source, Path) and not source.exists():
        # Opening would create it: a mistyped name must not become an empty project.
        raise ParleyError(f"There is no database file {source} to copy from; nothing was "
                          "copied.")
    src = open_database(source)
    try:
        dst = open_database(target)  # created and migrated when new; never seeded
        try:
            report = copy_project(src, dst, merge=args.merge)
        finally:
            dst.close()
    finally:
        src.close()
    print(f"{display_name(source)} → {display_name(target)}")
    print("\n".join(report.lines()))
    return 0


def _same(a: Path | str, b: Path | str) -> bool:
    """Whether two database arguments name one database (a file by its resolved path, a
    server database by host, port and name)."""
    if isinstance(a, Path) and isinstance(b, Path):
        return a.resolve() == b.resolve()
    if isinstance(a, str) and isinstance(b, str):
        from db.storage.server_url import describe

        return describe(a).split(" as ")[0] == describe(b).split(" as ")[0]
    return False
