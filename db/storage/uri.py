"""The one way Parley names a database file to SQLite: a `file:` URI built from the
absolute path, percent-quoted.

A path spliced raw into `file:{path}` is cut at `#` (the rest is a URI fragment: the
connection opened `talks` instead of `talks#2.sqlite3`), at `?` (the rest became
parameters, so `mode=ro` was dropped and a stray file created), and `%20`/`%2E` were
decoded into other names. The SQLAlchemy URL had the same problem with `?`. Every
connection — reads, writes, backups, checks — goes through `sqlite_uri`, so they all open
the same file whatever its name.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from sqlalchemy import URL


def sqlite_uri(path: Path | str, **params: str) -> str:
    """`file:` URI for `path` (made absolute, so a name starting with `file:` is a name),
    with `params` (mode="ro", immutable="1"…) as its query. Open it with `uri=True`."""
    absolute = os.path.abspath(os.fspath(Path(path).expanduser()))
    # quote() keeps "/" and escapes everything a URI gives meaning to: # ? % & = and space.
    uri = "file:" + quote(absolute, safe="/")
    if params:
        uri += "?" + "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
    return uri


def sqlalchemy_url(path: Path | str) -> URL:
    """The SQLAlchemy URL of the same file: the URI above, passed through as a URI (never
    re-parsed from a string, which would split it at `?`)."""
    from sqlalchemy import URL

    return URL.create("sqlite", database=sqlite_uri(path), query={"uri": "true"})
