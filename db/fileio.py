"""Writing export files atomically: a failed write never leaves a half file or harms an old one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from db.errors import ParleyError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path | str, data: bytes | str) -> Path:
    """Write `data` to a temporary file beside `path`, fsync it, then rename over `path`.

    On any failure the destination is as it was (old file intact, or still absent) and the
    temporary file is gone; the reason comes back as a ParleyError.
    """
    path = Path(path).expanduser()
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    except UnicodeEncodeError as exc:
        raise ParleyError(f"Cannot write {path}: the text contains characters that cannot be "
                          f"saved ({exc.reason})") from None
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ParleyError(f"Cannot write {path}: it is a folder; give a file name")
    if not folder.is_dir():
        raise ParleyError(f"Cannot write {path}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ParleyError(f"Cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); an export should get the usual
        # permissions, or keep those of the file it replaces.
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ParleyError(f"Cannot write {path}: {exc.strerror or exc}") from None
        raise
    _fsync_dir(folder)
    return path


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; best effort (not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_SIDE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def refuse_database_target(target: Path | str, db_path: Path | str) -> None:
    """Raise ParleyError when writing `target` would overwrite the open database, one of
    its side files (-wal, -shm, -journal) or a backup of it.

    Decided by the file's identity (samefile: a symlink, a hard link, `./x/../x.sqlite3`)
    and by resolved path for a file not there yet — never by the name as typed. Only
    stat() is used: the database is never opened with open() here (see DEVELOPERS.md).
    """
    from db.backup import backups_dir, list_backups

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
