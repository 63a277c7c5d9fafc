"""Copies the tool wrote (backups, exports), and on PostgreSQL a change log the server vouches for.

On PostgreSQL the server stamps each change log entry with its own clock and the role that
logged in, whatever the client sent, and refuses a change to a personal table by anyone but
the tables' owner unless the same transaction added a change log entry (the tool's path).

Revision ID: copy_records_and_server_log
Revises: 0011
Create Date: 2026-12-05
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "copy_records_and_server_log"
down_revision = "0011"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
PERSONAL = ("staff", "attainment", "attainment_summary", "intervention_training", "trainee",
            "trainee_preference", "trainee_exclusion", "plan_assignment")

STAMP = """
CREATE OR REPLACE FUNCTION workforce_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.at := now();
    NEW.db_user := session_user;
    PERFORM set_config('workforce.change_id', NEW.id::text, true);
    RETURN NEW;
END $$"""

# Checked at commit, when the tool has added its entry; xmin proves the entry is this
# transaction's own, so setting workforce.change_id by hand does not pass.
REQUIRE_LOGGED = """
CREATE OR REPLACE FUNCTION workforce_require_logged() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry text := current_setting('workforce.change_id', true);
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                   'MEMBER') THEN
        RETURN NULL;
    END IF;
    IF coalesce(entry, '') = '' OR NOT EXISTS (
            SELECT 1 FROM change_log
            WHERE id = entry::integer AND xmin = pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'unlogged % on %: personal data changes only through workforce, '
                        'which logs them', TG_OP, TG_TABLE_NAME
            USING ERRCODE = '42501';
    END IF;
    RETURN NULL;
END $$"""


def upgrade() -> None:
    op.create_table(
        "copy_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("kind", TEXT(length=16), nullable=False),
        sa.Column("what", TEXT(length=32), nullable=False),
        sa.Column("path", TEXT(), nullable=False),
        sa.Column("os_user", TEXT(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(STAMP)
    op.execute("CREATE TRIGGER change_log_stamp BEFORE INSERT ON change_log "
               "FOR EACH ROW EXECUTE FUNCTION workforce_stamp_change()")
    op.execute(REQUIRE_LOGGED)
    for table in PERSONAL:
        op.execute(f"CREATE CONSTRAINT TRIGGER {table}_logged AFTER INSERT OR UPDATE OR DELETE "
                   f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                   "EXECUTE FUNCTION workforce_require_logged()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in PERSONAL:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_logged ON {table}")
        op.execute("DROP TRIGGER IF EXISTS change_log_stamp ON change_log")
        op.execute("DROP FUNCTION IF EXISTS workforce_require_logged()")
        op.execute("DROP FUNCTION IF EXISTS workforce_stamp_change()")
    op.drop_table("copy_record")
