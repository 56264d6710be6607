"""Writing export files atomically: a failed write never leaves a half file or harms an old one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from db.errors import ParleyError


def write_atomic(path: Path | str, data: bytes | str) -> Path:
    """Write `data` to a temporary file beside `path`, fsync it, then rename over `path`."""
    path = Path(path).expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ParleyError(f"{path} is a folder; give a file name")
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
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ParleyError(f"Cannot write {path}: {exc.strerror or exc}") from None
    return path
