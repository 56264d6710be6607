"""tell every open window of a server database about others' commits (PostgreSQL NOTIFY)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 19:00:00

On a PostgreSQL server several analysts write to one database; each window should show the
others' changes within a second, as it does for other programs on an SQLite file (whose
PRAGMA data_version has no twin on a server). Every data table gets a statement-level
trigger that sends one NOTIFY on the `parley_changes` channel per table and transaction, with
the sender's session id (the `parley.session` setting each Parley connection carries) and
backend pid, so a window can tell its own commits from others'
(db.storage.pg_changes listens).

`parley_watch_tables()` puts the trigger on every table of the schema that lacks it; the
migration environment calls it after every upgrade on PostgreSQL, so tables added by later
migrations are watched too. On SQLite this migration does nothing.

PostgreSQL: plpgsql, pg_notify, triggers.
"""

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

CREATE_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION parley_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('parley_changes', json_build_object(
        'session', coalesce(current_setting('parley.session', true), ''),
        'pid', pg_backend_pid(),
        'table', TG_TABLE_NAME)::text);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION parley_watch_tables() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    n integer := 0;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
        WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'p')
          AND c.relname <> 'alembic_version'
          AND NOT EXISTS (SELECT 1 FROM pg_trigger g
                          WHERE g.tgrelid = c.oid AND g.tgname = 'parley_notify_change')
    LOOP
        EXECUTE format('CREATE TRIGGER parley_notify_change '
                       'AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION parley_notify_change()', t.relname);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
"""

DROP_TRIGGERS = r"""
DO $$
DECLARE t record;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        JOIN pg_namespace ns ON ns.oid = c.relnamespace
        WHERE ns.nspname = current_schema() AND g.tgname = 'parley_notify_change'
    LOOP
        EXECUTE format('DROP TRIGGER parley_notify_change ON %I', t.relname);
    END LOOP;
END
$$;
"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return  # SQLite: other programs' commits are seen through PRAGMA data_version
    op.execute(CREATE_FUNCTIONS)
    op.execute("SELECT parley_watch_tables()")


def downgrade() -> None:
    if not _postgres():
        return
    op.execute(DROP_TRIGGERS)
    op.execute("DROP FUNCTION IF EXISTS parley_watch_tables()")
    op.execute("DROP FUNCTION IF EXISTS parley_notify_change()")
