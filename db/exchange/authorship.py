"""Who coded what, in and out of files: a position's created_by / created_at / updated_by /
updated_at / version in the JSON export, and read back on import, so an export and import
round trip keeps every record's authors and times. A file written before authors were kept
(no such keys) imports as the importing user's, stamped now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.errors import ImportDataError

KEYS = ("created_by", "created_at", "updated_by", "updated_at", "version")


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def exported(row: Any) -> dict[str, Any]:
    """The authorship keys of one position (an ORM row) for the JSON export."""
    return {"created_by": row.created_by, "created_at": iso(row.created_at),
            "updated_by": row.updated_by, "updated_at": iso(row.updated_at),
            "version": row.version}


def _time(value: Any, key: str, what: str) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportDataError(f"{what}: {key} must be a date and time (YYYY-MM-DDTHH:MM:SSZ)")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ImportDataError(f"{what}: {key} “{value[:40]}” is not a date and time "
                              "(YYYY-MM-DDTHH:MM:SSZ)") from None
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _name(value: Any, key: str, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 120 or "\n" in value:
        raise ImportDataError(f"{what}: {key} must be a user name (one line, at most 120 "
                              "characters)")
    return value


def imported(p: dict[str, Any], what: str) -> dict[str, Any]:
    """insert_position's authorship arguments from one position of a file (missing keys:
    the importing user, now, version 1)."""
    version = p.get("version", 1)
    if type(version) is not int or not 1 <= version <= 2**31:
        raise ImportDataError(f"{what}: version must be a whole number of at least 1")
    return {"created_by": _name(p.get("created_by"), "created_by", what),
            "updated_by": _name(p.get("updated_by"), "updated_by", what),
            "created_at": _time(p.get("created_at"), "created_at", what),
            "updated_at": _time(p.get("updated_at"), "updated_at", what),
            "version": version}
