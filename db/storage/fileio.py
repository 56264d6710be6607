"""Writing export files atomically: a failed write never leaves a half file or harms an old one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

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
    return stream_atomic(path, lambda fh: fh.write(payload))


def write_text_atomic(path: Path | str, write: Callable[[TextIO], object]) -> Path:
    """`write_atomic` for text produced a piece at a time: `write(fh)` writes UTF-8 text to
    the temporary file (an export of a million records never sits in memory whole)."""
    import io

    path = Path(path).expanduser()

    def text(fh: object) -> None:
        wrapper = io.TextIOWrapper(fh, encoding="utf-8", newline="",  # type: ignore[arg-type]
                                   write_through=False)
        try:
            write(wrapper)
            wrapper.flush()
        except UnicodeEncodeError as exc:
            raise ParleyError(f"Cannot write {path}: the text contains characters that "
                              f"cannot be saved ({exc.reason})") from None
        finally:
            wrapper.detach()

    return stream_atomic(path, text)


def stream_atomic(path: Path, write: Callable[[object], object]) -> Path:
    """The atomic write itself: `write(fh)` fills the temporary (binary) file."""
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
            write(fh)
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
