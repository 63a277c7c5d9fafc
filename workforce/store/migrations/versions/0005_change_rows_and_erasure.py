"""Change log rows with each field's before and after values, who ran the command (operating
system and database user), and plan placements that outlive an erased supervisor.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("os_user", TEXT(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("db_user", TEXT(), nullable=False, server_default=""))
    op.execute("UPDATE change_log SET os_user = actor")
    op.create_table(
        "change_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("table_name", TEXT(length=32), nullable=False),
        sa.Column("row_key", TEXT(), nullable=False),
        sa.Column("staff_id", TEXT(), nullable=True),
        sa.Column("trainee_id", TEXT(), nullable=True),
        sa.Column("team_id", TEXT(), nullable=True),
        sa.Column("changes", TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["change_id"], ["change_log.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change_row", schema=None) as batch_op:
        for column in ("change_id", "staff_id", "trainee_id", "team_id"):
            batch_op.create_index(batch_op.f(f"ix_change_row_{column}"), [column], unique=False)
    with op.batch_alter_table("plan_assignment", schema=None) as batch_op:
        batch_op.alter_column("supervisor_id", existing_type=TEXT(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("plan_assignment", schema=None) as batch_op:
        batch_op.alter_column("supervisor_id", existing_type=TEXT(), nullable=False)
    op.drop_table("change_row")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_column("db_user")
        batch_op.drop_column("os_user")
