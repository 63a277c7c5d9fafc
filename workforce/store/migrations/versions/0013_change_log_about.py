"""Each change log entry names the table it is about, so that on PostgreSQL a role reads only
the entries about tables it may read (the policies are made by `workforce grant`).

Entries already logged are given theirs from their action, subject and detail. On
PostgreSQL a function owned by the tables' owner counts every entry, so that `workforce log`
can say how many are hidden from a role without showing any of them.

Revision ID: change_log_about
Revises: copy_records_and_server_log
Create Date: 2026-12-05
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "change_log_about"
down_revision = "copy_records_and_server_log"
branch_labels = None
depends_on = None

#: The table each import's subject (what was imported) writes.
IMPORTED = {"areas": "area", "teams": "team", "staff": "staff", "trainees": "trainee",
            "attainments": "attainment", "training": "intervention_training",
            "establishment": "establishment"}
ACTIONS = {"record_attainment": "attainment", "save_plan": "plan", "pin": "plan",
           "unpin": "plan", "publish": "published_report"}

COUNT = """
CREATE OR REPLACE FUNCTION workforce_log_entries() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT count(*) FROM change_log $$"""


def upgrade() -> None:
    with op.batch_alter_table("change_log") as batch:
        batch.add_column(sa.Column("about", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False,
                                   server_default=""))
    postgresql = op.get_bind().dialect.name == "postgresql"
    kind = "detail::json->>'kind'" if postgresql else "json_extract(detail, '$.kind')"
    cases = " ".join(f"WHEN action = '{a}' THEN '{t}'" for a, t in ACTIONS.items())
    cases += " ".join(f" WHEN action = 'import' AND subject = '{s}' THEN '{t}'"
                      for s, t in IMPORTED.items())
    op.execute(f"UPDATE change_log SET about = CASE {cases} "
               f"WHEN action = 'erase' THEN coalesce({kind}, '') ELSE '' END")
    if postgresql:
        op.execute(COUNT)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS workforce_log_entries()")
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("about")
