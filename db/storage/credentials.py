"""A server password, kept in the system keyring when there is one — never in a file, the
settings or a URL that is shown.

The `keyring` package speaks to the desktop's own store (Secret Service / GNOME Keyring or
KWallet on Linux, the macOS Keychain, Windows' Credential Locker). With no such store
(a bare server, a session without D-Bus) keyring's chosen backend is its `fail` (or
`null`) one: then nothing is kept and the password is asked for each time, and the
caller says so. Each password is filed under `user@host:port/dbname`.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

SERVICE = "Parley PostgreSQL"
_NO_STORE = ("keyring.backends.fail", "keyring.backends.null")


def account(url: str) -> str:
    """The name a password is filed under: `user@host:port/dbname`."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port or 5432
    except ValueError:
        port = 5432
    user = unquote(parts.username or "")
    return f"{user}@{parts.hostname or 'localhost'}:{port}/{unquote(parts.path.lstrip('/'))}"


def keyring_problem() -> str | None:
    """None when a system keyring can keep passwords; else why not, in a sentence."""
    try:
        import keyring
    except ImportError:
        return "the keyring package is not installed"
    backend = keyring.get_keyring()
    if _no_store(backend):
        return "no system keyring (Secret Service, KWallet, Keychain) is available"
    return None


def _no_store(backend: object) -> bool:
    inner = getattr(backend, "backends", None)  # keyring's chainer: any real one in it?
    if inner is not None:
        return all(_no_store(b) for b in inner) if inner else True
    return type(backend).__module__ in _NO_STORE


def stored_password(url: str) -> str | None:
    """The password kept for this user and database, or None (none kept, or no keyring)."""
    if keyring_problem() is not None:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, account(url))
    except (KeyringError, OSError, RuntimeError):
        return None  # a locked or broken store: ask, as with none


def store_password(url: str, password: str) -> str | None:
    """Keep the password in the system keyring; None when kept, else why it was not."""
    problem = keyring_problem()
    if problem is not None:
        return problem
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account(url), password)
    except (KeyringError, OSError, RuntimeError) as exc:
        return f"the system keyring refused it ({exc})"
    return None


def forget_password(url: str) -> None:
    """Remove a kept password (a refused one must not be offered again)."""
    if keyring_problem() is not None:
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account(url))
    except (PasswordDeleteError, KeyringError, OSError, RuntimeError):
        pass


def server_url(host: str, port: int, dbname: str, user: str, password: str | None = None) -> str:
    """A postgresql:// URL from its parts, each quoted (a password may hold @ : / #)."""
    auth = quote(user, safe="")
    if password:
        auth += ":" + quote(password, safe="")
    host_part = f"[{host}]" if ":" in host else host
    return f"postgresql://{auth}@{host_part}:{int(port)}/{quote(dbname, safe='')}"


def has_password(url: str) -> bool:
    return urlsplit(url.strip()).password is not None


def with_stored_password(url: str) -> str:
    """The URL with the keyring's password for it put in, when it has none and one is kept
    (so `parley --db postgresql://me@host/db` finds what the Connect dialog kept)."""
    if has_password(url):
        return url
    password = stored_password(url)
    if not password:
        return url
    parts = urlsplit(url.strip())
    netloc = parts.netloc
    auth, host = netloc.rsplit("@", 1) if "@" in netloc else ("", netloc)
    if not auth:
        return url  # no user named: nothing to look up under
    return parts._replace(netloc=f"{auth}:{quote(password, safe='')}@{host}").geturl()
