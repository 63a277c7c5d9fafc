"""Attainment summary per person and level, filled from the attainments already held.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attainment_summary",
        sa.Column("staff_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("achieved", sa.Integer(), nullable=False),
        sa.Column("earliest_review_due", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.staff_id"]),
        sa.PrimaryKeyConstraint("staff_id", "level"),
    )
    op.execute(  # a row for every level anyone has any attainment at, as the app keeps it
        "INSERT INTO attainment_summary (staff_id, level, achieved, earliest_review_due) "
        "SELECT staff_id, level, count(CASE WHEN status = 'achieved' THEN 1 END), "
        "min(CASE WHEN status = 'achieved' THEN review_due END) FROM attainment "
        "GROUP BY staff_id, level")


def downgrade() -> None:
    op.drop_table("attainment_summary")
