"""personal data sealed at rest: fingerprints and masks beside sealed numbers, key slots,
signed audit entries

Worker ID, phone and bank-card numbers now hold sealed values (app.store.vault), longer
than the numbers; the fingerprint (keyed HMAC) takes over duplicate detection and the masked
forms serve lists and paper. Rows written before this revision are sealed at the first
login after the update (app.store.users.seal_plaintext), which needs the data key.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = {"id_number": 40, "mobile": 20, "emergency_phone": 20, "bank_card": 30}


def upgrade() -> None:
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("id_fingerprint", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("id_masked", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("mobile_masked", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("bank_card_masked", sa.String(length=30), nullable=False, server_default="")
        )
        for name, length in WIDENED.items():
            batch_op.alter_column(
                name,
                existing_type=sa.String(length=length),
                type_=sa.String(length=200),
                existing_nullable=False,
            )
        batch_op.create_index("ix_worker_id_fingerprint", ["id_fingerprint"], unique=False)
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("key_slot", sa.String(length=300), nullable=False, server_default="")
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("signature", sa.String(length=128), nullable=False, server_default="")
        )
    for table, column in (
        ("worker", "id_fingerprint"),
        ("worker", "id_masked"),
        ("worker", "mobile_masked"),
        ("worker", "bank_card_masked"),
        ("app_user", "key_slot"),
        ("audit_log", "signature"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("signature")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("key_slot")
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.drop_index("ix_worker_id_fingerprint")
        for name, length in WIDENED.items():
            batch_op.alter_column(
                name,
                existing_type=sa.String(length=200),
                type_=sa.String(length=length),
                existing_nullable=False,
            )
        batch_op.drop_column("bank_card_masked")
        batch_op.drop_column("mobile_masked")
        batch_op.drop_column("id_masked")
        batch_op.drop_column("id_fingerprint")
