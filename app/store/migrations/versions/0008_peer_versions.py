"""peer app and schema versions

The sync health of HQ shows which SiteDesk each PC runs and at which schema revision, as its
node file in the sync folder says. A PC left on an old version is why its newer neighbours'
bundles wait for it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("peer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("app_version", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("schema_rev", sa.String(length=40), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("peer", schema=None) as batch_op:
        batch_op.drop_column("schema_rev")
        batch_op.drop_column("app_version")
