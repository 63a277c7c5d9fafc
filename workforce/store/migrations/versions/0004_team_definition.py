"""The team definition and the workforce as it is: service elements of a team, shared
posts, intervention training, funded establishment; attainment summaries made progressive
(evidence at a level counts at every level below it).

Revision ID: 0004
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0005"
branch_labels = None
depends_on = None

TEAM_COLUMNS = (
    ("ages_served", sqlmodel.sql.sqltypes.AutoString(length=16)),
    ("antenatal_referrals", sa.Boolean()),
    ("dyadic_work", sa.Boolean()),
    ("diagnosis_required", sa.Boolean()),
    ("indirect_work", sa.Boolean()),
    ("professionals_reached_per_year", sa.Integer()),
)

#: Per person and level L (every level from 1 up): competencies achieved at L or above, the
#: earliest review date among those achievements; a row wherever the person has any
#: attainment at L or above.
PROGRESSIVE_SUMMARY = (
    "WITH RECURSIVE levels(level) AS (SELECT max(level) FROM attainment UNION ALL "
    "SELECT level - 1 FROM levels WHERE level > 1) "
    "INSERT INTO attainment_summary (staff_id, level, achieved, earliest_review_due) "
    "SELECT a.staff_id, l.level, "
    "count(DISTINCT CASE WHEN a.status = 'achieved' THEN a.competency_id END), "
    "min(CASE WHEN a.status = 'achieved' THEN a.review_due END) "
    "FROM attainment a JOIN levels l ON a.level >= l.level "
    "GROUP BY a.staff_id, l.level")


def upgrade() -> None:
    with op.batch_alter_table("team") as batch:
        for name, kind in TEAM_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("team_shares", sqlmodel.sql.sqltypes.AutoString(),
                                   nullable=True))
    op.create_table(
        "intervention_training",
        sa.Column("staff_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("intervention", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("trained_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.staff_id"]),
        sa.PrimaryKeyConstraint("staff_id", "intervention"),
    )
    op.create_table(
        "establishment",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("band", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.team_id"]),
        sa.PrimaryKeyConstraint("team_id", "band"),
    )
    op.execute("DELETE FROM attainment_summary")
    op.execute(PROGRESSIVE_SUMMARY)


def downgrade() -> None:
    op.drop_table("establishment")
    op.drop_table("intervention_training")
    # Plain column drops (SQLite 3.35+ has them), so that rows referencing staff and teams
    # need not be copied into rebuilt tables.
    op.drop_column("staff", "team_shares")
    for name, _ in reversed(TEAM_COLUMNS):
        op.drop_column("team", name)
    op.execute("DELETE FROM attainment_summary")
    op.execute(
        "INSERT INTO attainment_summary (staff_id, level, achieved, earliest_review_due) "
        "SELECT staff_id, level, count(CASE WHEN status = 'achieved' THEN 1 END), "
        "min(CASE WHEN status = 'achieved' THEN review_due END) FROM attainment "
        "GROUP BY staff_id, level")
