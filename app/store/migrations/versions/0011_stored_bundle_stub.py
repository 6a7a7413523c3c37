"""stored bundle stubs

The HQ server keeps, beside a bundle that carries nothing in full for its audience, its stub
(the signed header without the body). A site pulling another site's shared stream gets the
stub: it says the same in the writer's name at a tenth of the size, and the site applies a
run of them in one transaction.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stored_bundle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stub", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("stored_bundle", schema=None) as batch_op:
        batch_op.drop_column("stub")
