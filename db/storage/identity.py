"""Who is working: the name each record's created_by / updated_by and history rows keep.

`--user` (the window and every command) wins, then $PARLEY_USER, then the login name. Only
a label, not authentication: on a shared server the server's own roles say who may write.
"""

from __future__ import annotations

import getpass
import os

UNKNOWN = "unknown"  # how a record made before authors were kept ('' stored) is shown
MAX_LENGTH = 120  # the created_by / updated_by column width

_chosen: list[str] = []  # set by --user


def clean(name: str) -> str:
    """A user name as stored: one line, no surrounding blanks, at most MAX_LENGTH characters."""
    return " ".join(name.split())[:MAX_LENGTH]


def set_user(name: str | None) -> None:
    """Use `name` (from --user) for this process's writes; None or blank forgets it."""
    _chosen[:] = [clean(name)] if name and clean(name) else []


def current_user() -> str:
    """--user, else $PARLEY_USER, else the login name, else "unknown"."""
    if _chosen:
        return _chosen[0]
    env = clean(os.environ.get("PARLEY_USER", ""))
    if env:
        return env
    try:
        return clean(getpass.getuser()) or UNKNOWN
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return UNKNOWN


def shown(name: str | None) -> str:
    """A stored author as the window and exports show it."""
    return name or UNKNOWN
