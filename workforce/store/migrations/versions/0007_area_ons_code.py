"""An area's ONS code, linking it to the bundled UK figures, and where its filled-in
population figures come from.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ons_code", sqlmodel.sql.sqltypes.AutoString(length=16),
                                      nullable=True))
        batch_op.add_column(sa.Column("population_source", sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=True))
        batch_op.create_index(batch_op.f("ix_area_ons_code"), ["ons_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_ons_code"))
        batch_op.drop_column("population_source")
        batch_op.drop_column("ons_code")
