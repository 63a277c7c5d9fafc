"""Staff on medical or voluntary-sector pay (a longer band, an annual cost), the day a person
started in the team (for the induction period), the population a team serves, and a team
location that only placement planning needs.

Revision ID: 0011
Revises: team_known_team
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0011"
down_revision = "team_known_team"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.alter_column("band", type_=AutoString(length=32),
                           existing_type=AutoString(length=4), existing_nullable=False)
        batch.add_column(sa.Column("started_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("annual_cost", sa.Float(), nullable=True))
    with op.batch_alter_table("team") as batch:
        batch.add_column(sa.Column("population_served", sa.Integer(), nullable=True))
        batch.alter_column("lat", existing_type=sa.Float(), nullable=True)
        batch.alter_column("lon", existing_type=sa.Float(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("team") as batch:
        batch.drop_column("population_served")
        batch.alter_column("lat", existing_type=sa.Float(), nullable=False)
        batch.alter_column("lon", existing_type=sa.Float(), nullable=False)
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("annual_cost")
        batch.drop_column("started_on")
        batch.alter_column("band", type_=AutoString(length=4),
                           existing_type=AutoString(length=32), existing_nullable=False)
