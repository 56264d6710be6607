"""party aliases for suggestions; rejected suggestions remembered per source

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 16:40:00

Suggested positions (db.suggest) find a party in a sentence by its names and aliases
("Putin", "the Kremlin", "Moscow" → Russia): each party gets an editable list, stored as a
JSON list of strings. A suggestion the analyst rejects is stored so that it is not
suggested again for that source, across launches; deleting the source, party or issue
takes its rejections with it.
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aliases', sa.Text(), nullable=False, server_default='[]'))
    op.create_table(
        'suggestion_rejection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=False),
        sa.Column('issue_id', sa.Integer(), nullable=False),
        sa.Column('quote_start', sa.Integer(), nullable=False),
        sa.Column('quote_end', sa.Integer(), nullable=False),
        sa.Column('rejected_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['source.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['party_id'], ['party.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('source_id', 'party_id', 'issue_id'):
        op.create_index(f'ix_suggestion_rejection_{column}', 'suggestion_rejection', [column],
                        unique=False)


def downgrade() -> None:
    for column in ('source_id', 'party_id', 'issue_id'):
        op.drop_index(f'ix_suggestion_rejection_{column}', table_name='suggestion_rejection')
    op.drop_table('suggestion_rejection')
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.drop_column('aliases')
