"""A real PostgreSQL server for the tests: `initdb` and `pg_ctl` in a temporary folder, on a
free port, listening on 127.0.0.1 only, stopped (and its folder removed) at the end.

Debian's `postgresql` package provides the programs (scripts/system-deps.sh installs it);
`PARLEY_PG_BIN` names another folder holding them. The server refuses to run as root, so
when the tests run as root it runs as the unprivileged `postgres` user (`runuser`).

Nothing is mocked: the tests that need it talk to this server over TCP with a password,
like a desk's analysts talk to theirs. When it cannot start, the fixture fails with the
server's own log (tests/conftest.py), it is never skipped.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

SUPERUSER = "postgres"
PASSWORD = "parley-test-pw"
SERVICE_USER = "postgres"  # the OS user the server runs as when the tests are root


class ServerError(RuntimeError):
    """The test server could not be started (the message holds why, with its log)."""


def find_bin_dir() -> Path:
    """The folder holding initdb/pg_ctl: PARLEY_PG_BIN, else the newest Debian install,
    else wherever PATH finds them."""
    override = os.environ.get("PARLEY_PG_BIN")
    if override:
        return Path(override)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise ServerError("PostgreSQL's initdb was not found: install Debian's `postgresql` "
                      "package (scripts/system-deps.sh offscreen does) or set PARLEY_PG_BIN.")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """One throwaway cluster. `url(dbname)` is a psycopg/`parley --db` URL with the
    superuser's password in it; `new_database()` makes an empty database and returns its
    URL (from a template when given one: CREATE DATABASE … TEMPLATE copies files, ~50 ms)."""

    def __init__(self, *, durable: bool = False) -> None:
        # durable: commits wait for the disk, as a real server's do (benchmarks); tests
        # throw their data away and skip that wait.
        self.durable = durable
        self.bin = find_bin_dir()
        self.port = free_port()
        self.host = "127.0.0.1"
        self.root = Path(tempfile.mkdtemp(prefix="parley-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_root = os.geteuid() == 0
        self._count = 0
        self._lock = threading.Lock()
        self.started = False

    # --- running the server's programs -------------------------------------------------------
    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self._as_root:
            cmd = ["runuser", "-u", SERVICE_USER, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              cwd=self.root, check=False)

    def _server_log(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def start(self) -> PgServer:
        if self._as_root:
            try:
                user = pwd.getpwnam(SERVICE_USER)
            except KeyError as exc:
                raise ServerError(f"The tests run as root and PostgreSQL refuses root, but "
                                  f"there is no `{SERVICE_USER}` user to run it as (install "
                                  "Debian's postgresql package).") from exc
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.root.chmod(0o700)
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._as_root:
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        init = self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--pwfile", str(pwfile),
                         "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        pwfile.unlink()
        if init.returncode != 0:
            raise ServerError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            # TCP on loopback only, no Unix socket (its default folder may not be ours), and
            # no waiting for the disk unless durable: a test server's data is thrown away.
            conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                       "unix_socket_directories = ''\nmax_connections = 200\n")
            if not self.durable:
                conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        started = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w",
                            "-t", "60", "start")
        if started.returncode != 0:
            raise ServerError(f"pg_ctl start failed:\n{started.stdout}\n{started.stderr}\n"
                              f"{self._server_log()}")
        self.started = True
        return self

    def stop(self) -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    # --- databases ----------------------------------------------------------------------------
    def url(self, dbname: str = "postgres", *, user: str = SUPERUSER,
            password: str | None = PASSWORD) -> str:
        auth = f"{user}:{password}" if password is not None else user
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname}"

    def admin(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one statement as the superuser in the maintenance database (autocommit:
        CREATE/DROP DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            cur = con.execute(sql, params)
            return cur.fetchall() if cur.description else []

    def new_database(self, template: str | None = None, name: str | None = None) -> str:
        """A new database (empty, or a copy of `template`); its URL."""
        with self._lock:
            self._count += 1
            name = name or f"t{os.getpid()}_{self._count}"
        source = template or "template0"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
