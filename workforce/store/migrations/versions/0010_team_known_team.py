"""Teams: the known team (data/known_teams.csv) a team is, so a bid counts it once.

Revision ID: team_known_team
Revises: published_reports
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "team_known_team"
down_revision = "published_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("team") as batch:
        batch.add_column(sa.Column("known_team", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("team") as batch:
        batch.drop_column("known_team")
