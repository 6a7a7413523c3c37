"""worker indexes trimmed to the ones queries use

Every index of ``worker`` is written again for each of the 100,000 rows of a first sync or
a roster import. Two were read by no query: (site_id, name), from before the worker list
had its covering index, and id_tail, which the list searches as a suffix inside that
covering index. The ID fingerprint's index now carries ``deleted`` too, so the duplicate
check of registration and the conflict scan of a sync never read the rows themselves.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.create_index(
            "ix_worker_fingerprint_live", ["id_fingerprint", "deleted"], unique=False
        )
        batch_op.drop_index("ix_worker_id_fingerprint")
        batch_op.drop_index("ix_worker_id_tail")
        batch_op.drop_index("ix_worker_site_name")


def downgrade() -> None:
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.create_index("ix_worker_site_name", ["site_id", "name"], unique=False)
        batch_op.create_index("ix_worker_id_tail", ["id_tail"], unique=False)
        batch_op.create_index("ix_worker_id_fingerprint", ["id_fingerprint"], unique=False)
        batch_op.drop_index("ix_worker_fingerprint_live")
