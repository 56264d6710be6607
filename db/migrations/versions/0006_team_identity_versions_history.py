"""who coded what: record versions, authors, a change history; blind coding per source

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 19:00:00

Several analysts share one database (issue 14). Every position and source keeps who created
it and who last changed it, and a `version` that each UPDATE and DELETE checks in its WHERE
clause, so a save made on a stale copy is refused instead of silently overwriting another
analyst's edit. `record_history` keeps who changed what, when (the changed fields' old and
new values as JSON). A source in blind mode shows each coder only their own positions from
it, so two analysts can code it independently before their agreement is measured.

Records made before this revision get '' as their author (shown as "unknown") and version 1.
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_TEXT = dict(nullable=False, server_default='')


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch, which would rebuild the tables and trip the foreign
    # keys of the rows that point at them): a 100k-position file migrates in a moment.
    op.add_column('position', sa.Column('created_by', sa.String(length=120), **_TEXT))
    op.add_column('position', sa.Column('updated_by', sa.String(length=120), **_TEXT))
    op.add_column('position', sa.Column('version', sa.Integer(), nullable=False,
                                        server_default='1'))
    op.add_column('source', sa.Column('created_by', sa.String(length=120), **_TEXT))
    op.add_column('source', sa.Column('updated_by', sa.String(length=120), **_TEXT))
    op.add_column('source', sa.Column('updated_at', sa.DateTime(), nullable=True))
    op.add_column('source', sa.Column('version', sa.Integer(), nullable=False,
                                      server_default='1'))
    op.add_column('source', sa.Column('blind', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # The table's blind check reads the (few) blind sources from this index, never the rows.
    op.create_index('ix_source_blind', 'source', ['blind', 'id'], unique=False)
    op.create_index('ix_position_created_by', 'position', ['created_by'], unique=False)
    op.create_table(
        'record_history',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('table_name', sa.String(length=40), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('changed_by', sa.String(length=120), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('changes', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_record_history_record', 'record_history', ['table_name', 'record_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_record_history_record', table_name='record_history')
    op.drop_table('record_history')
    op.drop_index('ix_position_created_by', table_name='position')
    op.drop_index('ix_source_blind', table_name='source')
    with op.batch_alter_table('source', schema=None) as batch_op:
        for column in ('blind', 'version', 'updated_at', 'updated_by', 'created_by'):
            batch_op.drop_column(column)
    with op.batch_alter_table('position', schema=None) as batch_op:
        for column in ('version', 'updated_by', 'created_by'):
            batch_op.drop_column(column)
