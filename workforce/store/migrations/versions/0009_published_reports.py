"""Published reports, the only thing a reporter's role reads, and the secret behind the
record keys of their cell key noise (made here, once, from the operating system's random
source).

Revision ID: published_reports
Revises: 0008
Create Date: 2026-12-05
"""

import secrets

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "published_reports"
down_revision = "0008"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    secret = op.create_table(
        "cell_key_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", TEXT(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(secret, [{"id": 1, "secret": secrets.token_hex(32)}])
    op.create_table(
        "published_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", TEXT(length=128), nullable=False),
        sa.Column("kind", TEXT(length=32), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_by", TEXT(), nullable=False),
        sa.Column("payload", TEXT(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("published_report")
    op.drop_table("cell_key_secret")
