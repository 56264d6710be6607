"""page numbers of sources imported from PDF

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 16:50:00

An official readout or transcript often comes as a PDF; a quote from it should be able to
say "p. 3". Each page's span of the stored text is kept here (start inclusive, end
exclusive); a source from a text or web page has no rows.
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'source_page',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('page', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['source.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('source_id', 'page', name='uq_source_page'),
    )
    op.create_index('ix_source_page_source_id', 'source_page', ['source_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_source_page_source_id', table_name='source_page')
    op.drop_table('source_page')
