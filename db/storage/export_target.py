"""Where an export may be written: never over the open database, its side files or one of
its backups, whatever name the user typed for it."""

from __future__ import annotations

import os
from pathlib import Path

from db.errors import ParleyError

_SIDE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def refuse_database_target(target: Path | str, db_path: Path | str | None) -> None:
    """Raise ParleyError when writing `target` would overwrite the open database, one of
    its side files (-wal, -shm, -journal) or a backup of it.

    Decided by the file's identity (samefile: a symlink, a hard link, `./x/../x.sqlite3`)
    and by resolved path for a file not there yet — never by the name as typed. Only
    stat() is used: the database is never opened with open() here (see DEVELOPERS.md).
    """
    if db_path is None:
        return  # a server database: no file of it here to overwrite
    # Imported when an export is chosen: the window imports this module at start-up, and
    # the backups module is not needed until then.
    from db.storage.backup import backups_dir, list_backups

    target, db_path = Path(target).expanduser(), Path(db_path).expanduser()
    protected = [db_path.with_name(db_path.name + s) for s in _SIDE_SUFFIXES]
    what = ["the open database", "the open database's -wal file",
            "the open database's -shm file", "the open database's -journal file"]
    resolved = _resolved(target)
    for p, name in zip(protected, what, strict=True):
        if _same(target, p) or resolved == _resolved(p):
            raise ParleyError(f"Cannot export to {target}: it is {name}. Choose another "
                              "file name; nothing was written.")
    folder = _resolved(backups_dir(db_path))
    if resolved.parent == folder or any(_same(target, b.path) for b in list_backups(db_path)):
        raise ParleyError(f"Cannot export to {target}: it is in the database's backups "
                          f"folder ({folder}). Choose another folder; nothing was written.")


def _resolved(p: Path) -> Path:
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return p.absolute()


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
