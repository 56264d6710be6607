"""Where Parley's files are, the same way frozen (PyInstaller) and from source."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import appdirs

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


def default_db_path() -> Path:
    override = os.environ.get("PARLEY_DB")
    if override:
        return Path(override)
    return user_data_dir() / DB_FILENAME


def resolve_db_path(path: Path | str | None) -> Path:
    """The file a database argument means: the default database when None, `~` expanded."""
    path = Path(path) if path is not None else default_db_path()
    return path.expanduser()
