"""Where Parley's files are, the same way frozen (PyInstaller) and from source."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import appdirs

from db.storage.server_url import is_server_url

APP_NAME = "Parley"
DB_FILENAME = "parley.sqlite3"


def bundle_root() -> Path:
    """The folder holding db/, seeds/ and resources/: the bundle when frozen, else the repo."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return bundle_root() / "resources"


def seeds_dir() -> Path:
    return bundle_root() / "seeds"


def migrations_dir() -> Path:
    return bundle_root() / "db" / "migrations"


def user_data_dir() -> Path:
    """appdirs' per-user data folder, or PARLEY_DATA_DIR (used by tests and portable installs)."""
    override = os.environ.get("PARLEY_DATA_DIR")
    if override:
        return Path(override)
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path | str:
    """PARLEY_DB (a file, or a PostgreSQL server's URL), else the user data folder's file."""
    override = os.environ.get("PARLEY_DB")
    if override:
        return override.strip() if is_server_url(override) else Path(override)
    return user_data_dir() / DB_FILENAME


def resolve_db_path(path: Path | str | None) -> Path | str:
    """The database an argument means: the default database when None, `~` expanded; a
    PostgreSQL URL stays the URL (a str)."""
    if is_server_url(path):
        return str(path).strip()
    target = default_db_path() if path is None else Path(path)
    return target if isinstance(target, str) else target.expanduser()
