"""What the repository holds: no database a command or test left in the working folder
(a `--db None` file, a server URL read as a path, their backups) — such a file was committed
once, a test server's password in its folder name."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQLITE_HEADER = b"SQLite format 3\x00"


def test_no_database_file_is_tracked() -> None:
    done = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    tracked = [name for name in done.stdout.decode("utf-8").split("\0") if name]
    assert "pyproject.toml" in tracked  # the listing is this checkout's
    databases = []
    for name in tracked:
        path = ROOT / name
        if path.is_file():
            with path.open("rb") as fh:
                if fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                    databases.append(name)
    assert databases == []
