"""Trainees: a course requirement flag and an employing team; staff: supervisor training
date and weekly supervision hours; plans: the lottery seed.

Revision ID: 0006
Revises: 0007
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trainee") as batch:
        batch.add_column(sa.Column("course_requires_placement", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("employing_team", sqlmodel.sql.sqltypes.AutoString(),
                                   nullable=True))
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("supervisor_trained_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("supervision_hours", sa.Float(), nullable=True))
    with op.batch_alter_table("plan") as batch:
        batch.add_column(sa.Column("lottery_seed", sa.Integer(), nullable=False,
                                   server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("lottery_seed")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("supervision_hours")
        batch.drop_column("supervisor_trained_on")
    with op.batch_alter_table("trainee") as batch:
        batch.drop_column("employing_team")
        batch.drop_column("course_requires_placement")
