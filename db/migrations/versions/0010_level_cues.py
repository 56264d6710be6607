"""cue phrases per stance level, for suggested positions

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-06 19:10:00

Suggested positions (db.suggest) read a stance's level partly from the analyst's own
phrases for each level ("30-day", "full ceasefire" → Full ceasefire). They are stored per
level as a JSON list of strings, edited in the codebook editor and carried by JSON
export/import. A database seeded before this revision gets the seed codebook's cue phrases
for the levels it still has unchanged (same issue key, value and label); levels the analyst
added or renamed start with none.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def _seed_cues() -> dict[tuple[str, int, str], list[str]]:
    try:
        from db.storage import paths

        codebook = json.loads((paths.seeds_dir() / "codebook.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, ImportError):
        return {}  # no seed files in this build: levels simply start without cues
    return {(i["key"], lv["value"], lv["label"]): lv.get("cues", [])
            for i in codebook.get("issues", []) for lv in i.get("levels", []) if lv.get("cues")}


def upgrade() -> None:
    with op.batch_alter_table('stance_level', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cues', sa.Text(), nullable=False, server_default='[]'))
    cues = _seed_cues()
    if not cues:
        return
    con = op.get_bind()
    rows = con.execute(sa.text("SELECT l.id, i.key, l.value, l.label FROM stance_level l "
                               "JOIN issue i ON i.id = l.issue_id")).fetchall()
    for level_id, key, value, label in rows:
        if phrases := cues.get((key, value, label)):
            con.execute(sa.text("UPDATE stance_level SET cues = :c WHERE id = :i"),
                        {"c": json.dumps(phrases, ensure_ascii=False), "i": level_id})


def downgrade() -> None:
    with op.batch_alter_table('stance_level', schema=None) as batch_op:
        batch_op.drop_column('cues')
