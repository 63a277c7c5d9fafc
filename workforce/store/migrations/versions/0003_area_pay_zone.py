"""An area's high cost area supplement zone, for costing posts in and around London.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("area") as batch:
        batch.add_column(sa.Column("pay_zone", sqlmodel.sql.sqltypes.AutoString(length=32),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("area") as batch:
        batch.drop_column("pay_zone")
