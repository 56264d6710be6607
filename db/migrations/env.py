"""Alembic environment. Parley runs migrations in-process with its own connection."""

from alembic import context
from sqlmodel import SQLModel

import db.model.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from db.reads.search import is_search_object
from db.storage.pair_cache import is_stamp_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only used by `alembic revision` during development
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

# render_as_batch: SQLite cannot ALTER most things, so Alembic rebuilds tables instead.
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
    # The FTS5 table, its shadow tables and triggers, and the pair stamps (0011) kept by
    # triggers, live outside the models.
    include_name=lambda name, type_, parents: not (is_search_object(name)
                                                     or is_stamp_object(name)),
)
with context.begin_transaction():
    context.run_migrations()
    if connection.dialect.name == "postgresql":
        # PostgreSQL: tables a later migration added get the change-notification trigger
        # of migration 0008 (parley_watch_tables puts it on every table that lacks it).
        from sqlalchemy import text

        if connection.execute(text("SELECT to_regproc('parley_watch_tables')")).scalar():
            connection.execute(text("SELECT parley_watch_tables()"))
