"""`parley backup` and `parley restore FILE`: the headless side of File → Restore from backup…"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("backup", help="take a consistent backup of the database now "
                                      "(into backups/ beside it), or list the backups")
    db_arg(p)
    p.add_argument("--list", action="store_true", help="list the backups with record counts")
    p = sub.add_parser("restore", help="replace the database with a backup "
                                       "(the current file is backed up first)")
    db_arg(p)
    p.add_argument("file", type=Path, help="the backup file to restore")


def _db_path(args: argparse.Namespace) -> Path | str:
    """The database file, or (for `backup`) a server database's URL."""
    from db.errors import ParleyError
    from db.storage import paths
    from db.storage.server_url import display_name

    target = paths.resolve_db_path(getattr(args, "db", None))
    if isinstance(target, str) and args.command == "restore":
        raise ParleyError(f"{display_name(target)} is a database on a PostgreSQL server: "
                          "`parley restore` puts a backup file in place of a database "
                          "file. Restore a server database with pg_restore or psql (or "
                          "`parley import-data` into an empty one); nothing was changed.")
    return target


def _describe(counts: dict[str, int] | None) -> str:
    if counts is None:
        return "unreadable"
    return ", ".join(f"{v} {k}" for k, v in counts.items())


def run(args: argparse.Namespace) -> int | None:
    if args.command == "backup":
        return _backup(args)
    if args.command == "restore":
        return _restore(args)
    return None


def _backup(args: argparse.Namespace) -> int:
    from db.opening import open_existing_database
    from db.storage.backup import backup_database, list_backups, record_counts

    path = _db_path(args)
    if isinstance(path, str):
        return _backup_server(path, listing=args.list)
    if args.list:
        infos = list_backups(path)
        if not infos:
            print(f"No backups of {path} yet.")
        for info in infos:
            print(f"{info.taken_at:%Y-%m-%d %H:%M:%S}  {info.reason:<13} "
                  f"{_describe(record_counts(info.path))}  {info.path}")
        return 0
    db = open_existing_database(path)
    try:
        target = backup_database(db, reason="manual")
    finally:
        db.close()
    print(f"Backed up {path} to {target} ({_describe(record_counts(target))})")
    return 0


def _backup_server(url: str, *, listing: bool) -> int:
    """A server database: pg_dump if it is on PATH, else a JSON export (said which)."""
    from db.exchange.server_backup import backup_server, backups_dir
    from db.opening import open_database
    from db.storage.server_url import describe

    if listing:
        found = sorted(backups_dir().glob("*.dump")) + sorted(backups_dir().glob("*.json"))
        print("\n".join(str(p) for p in found) if found else
              f"No server backups in {backups_dir()} yet.")
        return 0
    db = open_database(url)
    try:
        made = backup_server(db)
    finally:
        db.close()
    print(made.message(describe(url)))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from db.opening import open_database
    from db.reads import queries
    from db.restore import restore_backup

    path = _db_path(args)
    saved = restore_backup(path, args.file)
    if saved is not None:
        print(f"Saved the current file as {saved}")
    db = open_database(path)
    try:
        counts = queries.counts(db)
    finally:
        db.close()
    print(f"Restored {args.file} into {path}: {counts['positions']} positions, "
          f"{counts['sources']} sources")
    return 0
