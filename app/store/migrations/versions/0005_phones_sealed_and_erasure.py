"""contact phones sealed at rest; journal changes that retention erased keep their digest

The phone numbers of labour companies, team leaders and request contacts are now sealed like
the worker's (app.store.vault), with a masked form beside them. Rows written before this
revision hold plain numbers; they are sealed at the first login after the update
(app.store.sealing.seal_plaintext), which needs the data key.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table, sealed column, its width before this revision, the masked column beside it
PHONES = (
    ("labour_company", "contact_phone", 30, "contact_phone_masked"),
    ("team", "leader_phone", 30, "leader_phone_masked"),
    ("request", "contact_phone", 20, "contact_phone_masked"),
)


def upgrade() -> None:
    for table, column, width, masked in PHONES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(masked, sa.String(length=20), nullable=False, server_default="")
            )
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=width),
                type_=sa.String(length=200),
                existing_nullable=False,
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(masked, server_default=None)
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_column("digest")
    for table, column, width, masked in reversed(PHONES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=200),
                type_=sa.String(length=width),
                existing_nullable=False,
            )
            batch_op.drop_column(masked)
