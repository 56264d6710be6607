"""`parley backup` for a database on a PostgreSQL server.

A server's files are not Parley's to copy, so the backup is asked of the server: with
`pg_dump` when it is on PATH (custom format: everything, restorable with `pg_restore`,
including what Parley does not model), else a JSON export of the records (Parley's own
format, restorable with `parley import-data` into an empty database). Which one was made,
and why, is said in the result. The password never reaches pg_dump's command line (where
any user of the machine could read it): it is handed over in PGPASSWORD.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from db.errors import ParleyError
from db.storage import paths
from db.storage.database import Database
from db.storage.fileio import write_atomic
from db.storage.server_url import describe, driver_url, mask_in

PG_DUMP_TIMEOUT_S = 3600


@dataclass(frozen=True)
class ServerBackup:
    path: Path
    kind: str  # "pg_dump" or "json"
    why: str  # one sentence: how it was made, and why that way

    def message(self, name: str) -> str:
        return f"Backed up {name} to {self.path}: {self.why}"


def backups_dir() -> Path:
    """Server backups go to the user data folder: the server's own folder is not ours."""
    return paths.user_data_dir() / "backups" / "server"


def _stem(url: str) -> str:
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/")) or "postgres"
    host = parts.hostname or "localhost"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return re.sub(r"[^\w.-]+", "_", f"{name}-{host}") + f"-{stamp}-manual"


def _without_password(url: str) -> tuple[str, str | None]:
    """The URL pg_dump is given, and the password to hand over in its environment."""
    parts = urlsplit(driver_url(url))
    password = unquote(parts.password) if parts.password is not None else None
    netloc = parts.netloc
    if "@" in netloc:
        auth, host = netloc.rsplit("@", 1)
        netloc = f"{auth.split(':', 1)[0]}@{host}"
    return parts._replace(netloc=netloc).geturl(), password


def backup_server(db: Database, folder: Path | None = None) -> ServerBackup:
    """A backup of the server database `db` is open on, into `folder` (default
    backups_dir()): pg_dump's custom format when pg_dump is on PATH, else a JSON export."""
    assert db.url is not None
    folder = folder or backups_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ParleyError(f"Cannot create the folder {folder}: {exc.strerror}") from exc
    pg_dump = shutil.which("pg_dump")
    if pg_dump:
        return _pg_dump(db.url, pg_dump, folder / f"{_stem(db.url)}.dump")
    return _json(db, folder / f"{_stem(db.url)}.json",
                 "pg_dump was not found on PATH, so this is a JSON export of the records "
                 "(restore it with `parley import-data` into an empty database; install "
                 "PostgreSQL's client programs for a full pg_dump backup).")


def _pg_dump(url: str, pg_dump: str, target: Path) -> ServerBackup:
    conninfo, password = _without_password(url)
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    partial = target.with_name(target.name + ".partial")
    try:
        done = subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={partial}",
                               f"--dbname={conninfo}"], env=env, capture_output=True,
                              text=True, timeout=PG_DUMP_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        partial.unlink(missing_ok=True)
        raise ParleyError(f"pg_dump could not back up {describe(url)} ({exc}); nothing was "
                          "written.") from exc
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        reason = mask_in(lines[-1] if lines else f"exit status {done.returncode}", url)
        raise ParleyError(f"pg_dump could not back up {describe(url)} ({reason}); nothing "
                          "was written.")
    partial.chmod(0o600)
    partial.replace(target)
    return ServerBackup(target, "pg_dump",
                        "made with pg_dump (custom format; restore it with pg_restore).")


def _json(db: Database, target: Path, why: str) -> ServerBackup:
    from db.exchange.json_csv import export_json

    write_atomic(target, export_json(db))
    target.chmod(0o600)
    return ServerBackup(target, "json", why)
