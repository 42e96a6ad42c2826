"""A goal's measure can be defined from video tags: its kind and the tag types it uses.

Revision ID: 0002_goal_measure_definition
Revises: 0001_initial
Create Date: 2026-11-23 20:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_goal_measure_definition"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("measure_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("measure_tag_types", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_column("measure_tag_types")
        batch_op.drop_column("measure_kind")
