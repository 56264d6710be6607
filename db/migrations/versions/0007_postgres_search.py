"""full-text search on PostgreSQL: a GIN index over the quotes' and notes' words

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-06 19:00:00

SQLite searches with its FTS5 table (0002). A server database gets PostgreSQL's own: an
expression index over `to_tsvector('simple', quote || ' ' || notes)` — the 'simple'
configuration, like FTS5's unicode61 tokenizer, splits words and folds case without
stemming, so the search box finds the same records on both engines. An expression index,
not a column, keeps the table the models describe identical on both; its name starts with
`position_fts`, so Alembic's comparison leaves it out as it does the FTS5 table. On SQLite
this migration does nothing.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Frozen copy of the expression db.reads.pg_search queries with (the index is used only
# when the query's expression is the same).
_INDEX = "position_fts_gin"
_EXPR = "to_tsvector('simple', quote || ' ' || notes)"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(f"CREATE INDEX {_INDEX} ON position USING gin ({_EXPR})")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {_INDEX}")
