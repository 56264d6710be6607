"""`parley backup --db postgresql://…` makes a pg_dump custom-format file when pg_dump is on
PATH, and a JSON export otherwise — and says which."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from db.opening import open_database


def _parley(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def server_db(pg_url):  # type: ignore[no-untyped-def]
    open_database(pg_url, seed=True).close()
    return pg_url


def _made(out: str) -> Path:
    return Path(out.split(" to ", 1)[1].split(": ", 1)[0])


def test_backup_with_pg_dump_is_a_restorable_custom_format_file(server_db):  # type: ignore[no-untyped-def]
    assert shutil.which("pg_dump"), "the test machine has PostgreSQL's client programs"
    out = _parley("backup", "--db", server_db).stdout
    assert "made with pg_dump" in out and "parley-test-pw" not in out
    dump = _made(out)
    assert dump.suffix == ".dump" and dump.read_bytes()[:5] == b"PGDMP"
    listing = subprocess.run([shutil.which("pg_restore"), "--list", str(dump)],
                             capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public position" in listing


def test_backup_without_pg_dump_is_a_json_export_and_says_so(server_db, tmp_path):  # type: ignore[no-untyped-def]
    no_tools = tmp_path / "bin"
    no_tools.mkdir()
    env = dict(os.environ, PATH=str(no_tools))
    out = _parley("backup", "--db", server_db, env=env).stdout
    assert "pg_dump was not found on PATH, so this is a JSON export" in out
    made = _made(out)
    assert made.suffix == ".json"
    assert made.read_bytes() == _parley("export-data", "--db", server_db).stdout.encode()
