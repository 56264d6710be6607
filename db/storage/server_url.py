"""A database argument is a file path or a PostgreSQL server URL; this tells them apart and
writes a URL so that its password is never shown.

`parley --db postgresql://user@host:5432/dbname` (or PARLEY_DB, or a path) reaches
`db.opening.open_database`, which picks the engine from this one test. Nothing here imports
a driver: telling a URL from a path must cost a file user nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

_URL = re.compile(r"^(postgresql|postgres)(\+psycopg)?://", re.IGNORECASE)

Target = Path | str


def is_server_url(target: object) -> bool:
    """Whether a database argument names a PostgreSQL server rather than a file."""
    return isinstance(target, str) and bool(_URL.match(target.strip()))


def _split(url: str) -> SplitResult:
    return urlsplit(url.strip())


def mask_password(url: str) -> str:
    """The URL as it may be printed: any password replaced by `***` (also one given as
    `?password=` in the query)."""
    parts = _split(url)
    netloc = parts.netloc
    if "@" in netloc:
        auth, host = netloc.rsplit("@", 1)
        if ":" in auth:
            auth = auth.split(":", 1)[0] + ":***"
        netloc = f"{auth}@{host}"
    query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
    return parts._replace(netloc=netloc, query=query).geturl()


def mask_in(text: str, url: str) -> str:
    """`text` with the URL's password (if any) blotted out wherever it appears."""
    password = _split(url).password
    if password:
        text = text.replace(password, "***").replace(unquote(password), "***")
    return text.replace(url, mask_password(url))


def describe(url: str) -> str:
    """How messages name a server database: `dbname on host:port as user`."""
    parts = _split(url)
    host = parts.hostname or "localhost"
    try:
        port = parts.port or 5432
    except ValueError:
        port = 5432
    name = unquote(parts.path.lstrip("/")) or (unquote(parts.username or "") or "postgres")
    who = f" as {unquote(parts.username)}" if parts.username else ""
    return f"the database {name} on {host}:{port}{who}"


def driver_url(url: str) -> str:
    """The URL psycopg connects with (the `+psycopg` dialect part taken off)."""
    parts = _split(url)
    return parts._replace(scheme="postgresql").geturl()


def sqlalchemy_url(url: str) -> str:
    """The URL SQLAlchemy's engine uses: psycopg 3 as the driver."""
    parts = _split(url)
    return parts._replace(scheme="postgresql+psycopg").geturl()


def display_name(target: Target) -> str:
    """A database's name for messages: the file's path, or the URL without its password."""
    return mask_password(target) if is_server_url(target) else str(target)
