"""a change stamp per party × issue pair, kept by triggers, for the conflicting-accounts cache

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 22:00:00

Conflicting accounts depend on one party × issue pair's records alone (their dates,
statuses, levels, speakers, sources, precision), their conditions and the issue's levels.
Parley keeps each pair's result in the user data folder (db.reads.conflict_store) and must
know, at launch and after any commit by any program or user, exactly which pairs changed.
`pair_stamp` holds one random 64-bit stamp per pair, replaced by a trigger in the same
transaction as every insert, delete or relevant update of a position, every change to a
condition, and every change to a stance level (all pairs of its issue, and the pairs whose
conditions name it). A stamp is random rather than a counter so that two copies of one file
that diverge, or a file restored from a backup, never show a pair's old stamp for new
contents. The table is not a model: only the triggers write it, exports and project copies
leave it out (the target's triggers fill its own).

SQLite: triggers with UPSERT, random(). PostgreSQL: plpgsql row triggers.
"""

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# The position columns the rules read: an update of any other (quote, notes, version…)
# leaves the pair's stamp alone.
_COLUMNS = "party_id, issue_id, level_id, stated_on, date_precision, status, attributed_to, " \
           "source_id"

_CREATE = ("CREATE TABLE pair_stamp (party_id INTEGER NOT NULL, issue_id INTEGER NOT NULL, "
           "stamp BIGINT NOT NULL, PRIMARY KEY (party_id, issue_id))")


def _sqlite_upsert(values: str) -> str:
    return (f"INSERT INTO pair_stamp (party_id, issue_id, stamp) {values} "
            "ON CONFLICT (party_id, issue_id) DO UPDATE SET stamp = excluded.stamp;")


def _sqlite_level(row: str) -> str:
    return ("UPDATE pair_stamp SET stamp = random() "
            f"WHERE issue_id = {row}.issue_id OR (party_id, issue_id) IN ("
            "SELECT p.party_id, p.issue_id FROM condition c JOIN position p "
            f"ON p.id = c.position_id WHERE c.level_id = {row}.id);")


def _condition_pair(row: str) -> str:
    return f"SELECT party_id, issue_id, random() FROM position WHERE id = {row}.position_id"


SQLITE_TRIGGERS = {
    "pair_stamp_position_insert": "AFTER INSERT ON position BEGIN "
    + _sqlite_upsert("VALUES (NEW.party_id, NEW.issue_id, random())") + " END",
    "pair_stamp_position_update": f"AFTER UPDATE OF {_COLUMNS} ON position BEGIN "
    + _sqlite_upsert("VALUES (OLD.party_id, OLD.issue_id, random())")
    + _sqlite_upsert("VALUES (NEW.party_id, NEW.issue_id, random())") + " END",
    "pair_stamp_position_delete": "AFTER DELETE ON position BEGIN "
    + _sqlite_upsert("VALUES (OLD.party_id, OLD.issue_id, random())") + " END",
    "pair_stamp_condition_insert": "AFTER INSERT ON condition BEGIN "
    + _sqlite_upsert(_condition_pair("NEW")) + " END",
    "pair_stamp_condition_update": "AFTER UPDATE ON condition BEGIN "
    + _sqlite_upsert(_condition_pair("OLD")) + _sqlite_upsert(_condition_pair("NEW")) + " END",
    "pair_stamp_condition_delete": "AFTER DELETE ON condition BEGIN "
    + _sqlite_upsert(_condition_pair("OLD")) + " END",
    "pair_stamp_level_update": "AFTER UPDATE ON stance_level BEGIN "
    + _sqlite_level("OLD") + _sqlite_level("NEW") + " END",
    "pair_stamp_level_delete": "AFTER DELETE ON stance_level BEGIN "
    + _sqlite_level("OLD") + " END",
}

POSTGRES_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION parley_stamp_pair(p bigint, i bigint) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO pair_stamp (party_id, issue_id, stamp)
    VALUES (p, i, (random() * 9.0e18)::bigint - 4500000000000000000)
    ON CONFLICT (party_id, issue_id) DO UPDATE SET stamp = excluded.stamp
$$;

CREATE OR REPLACE FUNCTION parley_pair_stamp_position() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM parley_stamp_pair(OLD.party_id, OLD.issue_id);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM parley_stamp_pair(NEW.party_id, NEW.issue_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION parley_pair_stamp_condition() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        FOR r IN SELECT party_id, issue_id FROM position WHERE id = OLD.position_id LOOP
            PERFORM parley_stamp_pair(r.party_id, r.issue_id);
        END LOOP;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        FOR r IN SELECT party_id, issue_id FROM position WHERE id = NEW.position_id LOOP
            PERFORM parley_stamp_pair(r.party_id, r.issue_id);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION parley_pair_stamp_level() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pair_stamp SET stamp = (random() * 9.0e18)::bigint - 4500000000000000000
    WHERE issue_id = OLD.issue_id OR (TG_OP = 'UPDATE' AND issue_id = NEW.issue_id)
       OR (party_id, issue_id) IN (SELECT p.party_id, p.issue_id FROM condition c
                                   JOIN position p ON p.id = c.position_id
                                   WHERE c.level_id = OLD.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER pair_stamp_position AFTER INSERT OR DELETE OR UPDATE OF
    party_id, issue_id, level_id, stated_on, date_precision, status, attributed_to, source_id
    ON position FOR EACH ROW EXECUTE FUNCTION parley_pair_stamp_position();
CREATE TRIGGER pair_stamp_condition AFTER INSERT OR DELETE OR UPDATE ON condition
    FOR EACH ROW EXECUTE FUNCTION parley_pair_stamp_condition();
CREATE TRIGGER pair_stamp_level AFTER DELETE OR UPDATE ON stance_level
    FOR EACH ROW EXECUTE FUNCTION parley_pair_stamp_level();
"""

POSTGRES_DROP = r"""
DROP TRIGGER IF EXISTS pair_stamp_position ON position;
DROP TRIGGER IF EXISTS pair_stamp_condition ON condition;
DROP TRIGGER IF EXISTS pair_stamp_level ON stance_level;
DROP FUNCTION IF EXISTS parley_pair_stamp_position();
DROP FUNCTION IF EXISTS parley_pair_stamp_condition();
DROP FUNCTION IF EXISTS parley_pair_stamp_level();
DROP FUNCTION IF EXISTS parley_stamp_pair(bigint, bigint);
"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.execute(_CREATE)
    # Every pair that has records today gets its first stamp.
    random = "(random() * 9.0e18)::bigint - 4500000000000000000" if _postgres() else "random()"
    op.execute(f"INSERT INTO pair_stamp (party_id, issue_id, stamp) SELECT party_id, issue_id, "
               f"{random} FROM position GROUP BY party_id, issue_id")
    if _postgres():
        op.execute(POSTGRES_FUNCTIONS)
        return
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if _postgres():
        op.execute(POSTGRES_DROP)
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE pair_stamp")
