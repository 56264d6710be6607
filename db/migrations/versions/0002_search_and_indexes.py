"""indexes for the table, filters and charts; full-text search over quotes and notes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:00:00

The FTS5 table and its triggers are created with raw SQL (Alembic has no notion of virtual
tables) and are left out of the model comparison by db.reads.search.is_search_object.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Frozen copy of the DDL as of this revision (db.reads.search may change later).
_FTS = "position_fts"
_DDL = (
    f"CREATE VIRTUAL TABLE {_FTS} USING fts5(quote, notes, content='position', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {_FTS}_ai AFTER INSERT ON position BEGIN "
    f"INSERT INTO {_FTS}(rowid, quote, notes) VALUES (new.id, new.quote, new.notes); END",
    f"CREATE TRIGGER {_FTS}_ad AFTER DELETE ON position BEGIN "
    f"INSERT INTO {_FTS}({_FTS}, rowid, quote, notes) "
    "VALUES ('delete', old.id, old.quote, old.notes); END",
    f"CREATE TRIGGER {_FTS}_au AFTER UPDATE OF quote, notes ON position BEGIN "
    f"INSERT INTO {_FTS}({_FTS}, rowid, quote, notes) "
    "VALUES ('delete', old.id, old.quote, old.notes); "
    f"INSERT INTO {_FTS}(rowid, quote, notes) VALUES (new.id, new.quote, new.notes); END",
    f"INSERT INTO {_FTS}({_FTS}) VALUES ('rebuild')",
)


def upgrade() -> None:
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.create_index('ix_position_lean', ['stated_on', 'id', 'party_id', 'issue_id',
                                                   'level_id', 'source_id', 'status',
                                                   'attributed_to'],
                              unique=False)
        batch_op.create_index('ix_position_party_date', ['party_id', 'stated_on'], unique=False)
        batch_op.create_index('ix_position_attributed_to', ['attributed_to'], unique=False)
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index('ix_source_published', ['published'], unique=False)
    bind = op.get_bind()
    # Builds without FTS5 keep working: db.reads.queries falls back to LIKE when the table is absent.
    # PostgreSQL searches with its own index instead (0007).
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
            "SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar():
        for stmt in _DDL:
            bind.exec_driver_sql(stmt)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for suffix in ("_ai", "_ad", "_au"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_FTS}{suffix}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {_FTS}")
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index('ix_source_published')
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.drop_index('ix_position_attributed_to')
        batch_op.drop_index('ix_position_party_date')
        batch_op.drop_index('ix_position_lean')
