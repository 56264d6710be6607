"""The test PostgreSQL server is real: reachable on loopback with its password, refusing a
wrong one, and each test's database is its own."""

from __future__ import annotations

import psycopg
import pytest


def test_server_answers_on_loopback_with_the_password(pg_server, pg_url: str) -> None:
    with psycopg.connect(pg_url) as con:
        addr, = con.execute("SELECT inet_server_addr()::text").fetchone()
        tables = con.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    assert addr.startswith("127.0.0.1")
    assert tables == 0  # a fresh database per test
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_server.url(pg_url.rsplit("/", 1)[1], password="wrong"))


def test_databases_are_separate(pg_server) -> None:
    a, b = pg_server.new_database(), pg_server.new_database()
    with psycopg.connect(a) as con:
        con.execute("CREATE TABLE only_here (x int)")
    with psycopg.connect(b) as con:
        assert con.execute("SELECT to_regclass('only_here')").fetchone()[0] is None
