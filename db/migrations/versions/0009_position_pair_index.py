"""a covering index over each party × issue pair's records in date order

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-06 19:20:00

Conflicting accounts are kept per party × issue pair (db.reads.conflict_index) and an edit
recomputes the pairs it touched, reading each pair's records in date order. Through
ix_position_party_date SQLite read every record of the party and looked each one up in
the wide table to test its issue: ~2.7 s for one pair at a million records. This index
holds the pair, the date and every column the rules read, so a pair is one range of it.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_position_pair', 'position',
                    ['party_id', 'issue_id', 'stated_on', 'id', 'level_id', 'source_id',
                     'status', 'attributed_to', 'date_precision'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_position_pair', table_name='position')
