"""The README's roles, run as written on a real server: a read-only login browses and exports,
and its writes — through the command line and through the window's write path — are refused
by the server with one line, changing nothing; a coder's login writes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from db.errors import ParleyError
from db.model.inputs import SourceMeta
from db.opening import open_database
from db.reads import queries
from desktop.ops import Ops

README = Path(__file__).resolve().parents[2] / "README.md"
ROLES = ("alice", "bob", "parley_code", "parley_read", "parley_owner")


def _readme_sql() -> list[str]:
    """The SQL blocks of the README's server section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## A desk on one PostgreSQL server", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def _run(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as con:
        for statement in (s for s in sql.split(";\n") if s.strip()):
            con.execute(statement)


def _parley(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=180)


@pytest.fixture
def desk(pg_server):  # type: ignore[no-untyped-def]
    """The desk's server set up exactly as the README says."""
    create, grants, analysts = _readme_sql()
    urls = {}
    try:
        _run(pg_server.url(), create)
        urls["owner"] = pg_server.url("parley", user="parley_owner", password="change-me")
        init = _parley("init", "--seed", "--db", urls["owner"])  # with examples to browse
        assert init.returncode == 0, init.stderr
        _run(urls["owner"], grants)
        _run(pg_server.url(), analysts)
        urls["coder"] = pg_server.url("parley", user="alice", password="alice-secret")
        urls["reader"] = pg_server.url("parley", user="bob", password="bob-secret")
        yield urls
    finally:
        pg_server.drop_database("parley")
        for role in ROLES:
            pg_server.admin(f"DROP ROLE IF EXISTS {role}")


def _counts(url: str) -> dict[str, int]:
    db = open_database(url)
    try:
        return queries.counts(db)
    finally:
        db.close()


def test_a_read_only_login_reads_and_exports_and_its_writes_are_refused(desk, tmp_path):  # type: ignore[no-untyped-def]
    before = _counts(desk["owner"])
    assert before["positions"] > 0

    exported = _parley("export-data", "--db", desk["reader"], "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.count("\n") == before["positions"] + 1

    article = tmp_path / "a.txt"
    article.write_text("Istanbul talks\n\nTalks resumed in Geneva on Tuesday.\n", encoding="utf-8")
    refused = _parley("import-article", "--db", desk["reader"], str(article))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "refused" in refused.stderr
    assert "permission denied" in refused.stderr and "bob-secret" not in refused.stderr
    assert _counts(desk["owner"]) == before

    # The window's write path: refused by the server, not acknowledged, no undo entry.
    db = open_database(desk["reader"])
    ops = Ops(db)
    try:
        with pytest.raises(ParleyError, match="refused"):
            ops.import_source("Talks resumed in Geneva on Tuesday.",
                              SourceMeta("Istanbul talks"))
        assert ops.undo_stack.count() == 0
    finally:
        db.close()
    assert _counts(desk["owner"]) == before


def test_a_coders_login_writes(desk, tmp_path):  # type: ignore[no-untyped-def]
    before = _counts(desk["owner"])
    article = tmp_path / "a.txt"
    article.write_text("Istanbul talks\n\nTalks resumed in Geneva on Tuesday.\n", encoding="utf-8")
    done = _parley("import-article", "--db", desk["coder"], str(article))
    assert done.returncode == 0, done.stderr
    assert _counts(desk["owner"])["sources"] == before["sources"] + 1
