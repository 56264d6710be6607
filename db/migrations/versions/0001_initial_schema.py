"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 14:41:13.725468
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('issue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('short_name', sa.String(length=20), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['party.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_parent_id'), ['parent_id'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('outlet', sa.String(length=200), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash')
    )
    op.create_table('stance_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('issue_id', 'value', name='uq_level_issue_value')
    )
    with op.batch_alter_table('stance_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stance_level_issue_id'), ['issue_id'], unique=False)

    op.create_table('position',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('level_id', sa.Integer(), nullable=False),
    sa.Column('stated_on', sa.Date(), nullable=False),
    sa.Column('date_precision', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('attributed_to', sa.String(length=200), nullable=False),
    sa.Column('attribution_kind', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('quote', sa.String(), nullable=False),
    sa.Column('quote_start', sa.Integer(), nullable=False),
    sa.Column('quote_end', sa.Integer(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('seed_key', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['level_id'], ['stance_level.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('seed_key')
    )
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.create_index('ix_position_issue_date', ['issue_id', 'stated_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_position_issue_id'), ['issue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_position_level_id'), ['level_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_position_party_id'), ['party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_position_source_id'), ['source_id'], unique=False)

    op.create_table('condition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('issue_id', sa.Integer(), nullable=True),
    sa.Column('level_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['level_id'], ['stance_level.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('condition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_issue_id'), ['issue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_level_id'), ['level_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_party_id'), ['party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_position_id'), ['position_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('condition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_position_id'))
        batch_op.drop_index(batch_op.f('ix_condition_party_id'))
        batch_op.drop_index(batch_op.f('ix_condition_level_id'))
        batch_op.drop_index(batch_op.f('ix_condition_issue_id'))

    op.drop_table('condition')
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_position_source_id'))
        batch_op.drop_index(batch_op.f('ix_position_party_id'))
        batch_op.drop_index(batch_op.f('ix_position_level_id'))
        batch_op.drop_index(batch_op.f('ix_position_issue_id'))
        batch_op.drop_index('ix_position_issue_date')

    op.drop_table('position')
    with op.batch_alter_table('stance_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stance_level_issue_id'))

    op.drop_table('stance_level')
    op.drop_table('source')
    op.drop_table('setting')
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_parent_id'))

    op.drop_table('party')
    op.drop_table('issue')
    op.drop_table('event')
