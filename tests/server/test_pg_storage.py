"""The PostgreSQL side of the storage seam: the read connection runs the reads' SQLite text
unchanged, the schema is the models' on both engines, rows written with their own ids do not
trip later inserts, a project moves between a file and a server unchanged, and a dropped
connection is reconnected."""

from __future__ import annotations

import json

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pg_server import PASSWORD
from sqlmodel import SQLModel

from db.errors import DatabaseFileError, ParleyError
from db.exchange.json_csv import export_data, export_json, import_data, parse_payload
from db.opening import open_database
from db.reads import queries
from db.reads.queries import PositionFilter
from db.reads.search import is_search_object
from db.storage.pair_cache import is_stamp_object
from db.storage.schema import head_revision
from db.storage.server_url import mask_password


def test_reads_speak_sqlite_sql_on_the_server(server_db) -> None:  # type: ignore[no-untyped-def]
    db = server_db("seeded")
    with db.read() as con:
        # '?' inside a literal stays a character; '%' in a LIKE pattern is a wildcard.
        assert con.execute("SELECT '?', ? || '%'", ("a",)).fetchone() == ("?", "a%")
        n = con.execute("SELECT count(*) FROM position WHERE quote LIKE ?", ("%Putin%",)).fetchone()[0]
        assert n == sum("Putin" in r.quote for r in queries.position_rows(db))
        day, = con.execute("SELECT min(stated_on) FROM position").fetchone()
        assert isinstance(day, str) and len(day) == 10  # ISO text, as sqlite3 gives it
        assert [tuple(r) for r in con.execute("SELECT id FROM party WHERE id < ? ORDER BY id", (3,))] \
            == [(1,), (2,)]
    # An IN list too long to spell out goes in as one array.
    ids = queries.position_ids(db)
    many = frozenset(int(i) for i in ids) | frozenset(range(10_000, 10_500))
    assert [r.id for r in queries.position_rows(db, PositionFilter(ids=many))] == list(ids)
    assert queries.position_rows(db, PositionFilter(ids=frozenset())) == []


def test_server_schema_is_the_models_with_the_search_index(server_db) -> None:  # type: ignore[no-untyped-def]
    db = server_db("empty")
    assert db.schema_revision() == head_revision()
    with db.engine.connect() as conn:
        opts = {"include_name": lambda name, type_, parents: not (is_search_object(name)
                                                               or is_stamp_object(name))}
        assert compare_metadata(MigrationContext.configure(conn, opts=opts), SQLModel.metadata) == []
    with psycopg.connect(db.url) as con:
        con.execute("SET enable_seqscan = off")  # a few rows: make the planner show its choice
        plan = "\n".join(r[0] for r in con.execute(
            "EXPLAIN SELECT id FROM position p WHERE to_tsvector('simple', p.quote || ' ' || "
            "p.notes) @@ to_tsquery('simple', 'ener:*')"))
    assert "position_fts_gin" in plan


def test_foreign_keys_hold_on_the_server(server_db) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy.exc
    from sqlalchemy import text

    db = server_db("empty")
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        with db.write() as s:
            s.exec(text("INSERT INTO stance_level (issue_id, value, label, description) "
                        "VALUES (999, 1, 'x', '')"))


def test_new_rows_after_an_import_that_kept_ids_get_the_next_id(server_db, seeded_db) -> None:  # type: ignore[no-untyped-def]
    from db.reads.record_inputs import position_input
    from db.writes.positions import create_position

    target = server_db("empty")
    import_data(target, parse_payload(json.dumps(export_data(seeded_db))))
    top = max(r.id for r in queries.position_rows(target))
    data = position_input(target, top)
    assert create_position(target, data) == top + 1


def test_a_project_moves_from_a_file_to_a_server_and_back_unchanged(seeded_db, server_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    exported = export_json(seeded_db)
    server = server_db("empty")
    import_data(server, parse_payload(exported))
    assert export_json(server) == exported
    back = open_database(tmp_path / "back.sqlite3", seed=False)
    try:
        import_data(back, parse_payload(export_json(server)))
        assert export_json(back) == exported
    finally:
        back.close()


def test_reads_reconnect_after_the_server_drops_the_connection(server_db, pg_server) -> None:  # type: ignore[no-untyped-def]
    db = server_db("seeded")
    assert queries.counts(db)["positions"] == 84
    name = db.url.rsplit("/", 1)[1]
    pg_server.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
    try:
        queries.counts(db)  # may notice the loss: then it says so in one line
    except ParleyError as exc:
        assert "not reachable" in str(exc) and PASSWORD not in str(exc)
    assert queries.counts(db)["positions"] == 84  # and the next read connects again


def test_messages_never_show_the_password(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url("no_such_db")
    with pytest.raises(DatabaseFileError) as err:
        open_database(url)
    assert PASSWORD not in str(err.value)
    assert mask_password(url) == url.replace(PASSWORD, "***")
    assert mask_password("postgresql://u@h/db?password=x&sslmode=require") == \
        "postgresql://u@h/db?password=***&sslmode=require"


def test_undated_sources_are_listed_last_on_both_engines(seeded_db, server_db) -> None:  # type: ignore[no-untyped-def]
    from db.model.inputs import SourceMeta
    from db.reads import source_reads
    from db.writes.sources import import_article

    orders = []
    for db in (seeded_db, server_db("seeded")):
        undated = import_article(db, "An undated note.\n", SourceMeta("Undated"))
        listed = [s.id for s in source_reads.sources(db)]
        assert listed[-1] == undated and source_reads.source_titles(db)[-1][0] == undated
        assert source_reads.newest_source_id(db) == listed[0] != undated
        orders.append(listed)
    assert orders[0] == orders[1]
