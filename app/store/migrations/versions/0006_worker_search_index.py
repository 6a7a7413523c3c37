"""worker list search indexes

One index covers what the worker list searches and sorts by (app.store.worker_list), so a
keystroke scans the index, not 100,000 rows of a kilobyte each; another finds a worker's
latest entry or exit from the index alone. Rows registered before
search keys were made get theirs at the next login (app.store.workers.fill_search_keys).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.create_index(
            "ix_worker_search",
            ["deleted", "name_pinyin", "name", "id_tail", "mobile_masked", "team_id"],
            unique=False,
        )
    with op.batch_alter_table("worker_movement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_worker_movement_latest",
            ["worker_id", "on_date", "stamp", "kind", "deleted"],
            unique=False,
        )
        batch_op.drop_index("ix_worker_movement_worker_id")  # the new one leads with it


def downgrade() -> None:
    with op.batch_alter_table("worker_movement", schema=None) as batch_op:
        batch_op.create_index("ix_worker_movement_worker_id", ["worker_id"], unique=False)
        batch_op.drop_index("ix_worker_movement_latest")
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.drop_index("ix_worker_search")
