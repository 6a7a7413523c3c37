"""sync bookkeeping and conflicts: keys, peers, receipts, deferred and held changes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 13:41:04.474151
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.store.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conflict",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("row_ids", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("resolution", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("resolved_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("site_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        sa.Column("field_versions", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict")),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_site_id"), ["site_id"], unique=False)

    op.create_table(
        "deferred_change",
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("node_id", "seq", name=op.f("pk_deferred_change")),
    )
    with op.batch_alter_table("deferred_change", schema=None) as batch_op:
        batch_op.create_index("ix_deferred_change_row", ["entity", "row_id"], unique=False)

    op.create_table(
        "held_bundle",
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("seq_from", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq_to", sa.BigInteger(), nullable=False),
        sa.Column("schema_revision", sa.String(length=40), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("held_at", app.store.types.UTCDateTime(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", "seq_from", name=op.f("pk_held_bundle")),
    )
    op.create_table(
        "peer",
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("site_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("tag", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("applied_seq", sa.BigInteger(), nullable=False),
        sa.Column("applied_hash", sa.String(length=64), nullable=False),
        sa.Column("last_contact", app.store.types.UTCDateTime(), nullable=True),
        sa.Column("drift_ms", sa.BigInteger(), nullable=True),
        sa.Column("missing_from", sa.BigInteger(), nullable=True),
        sa.Column("missing_to", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_peer")),
    )
    op.create_table(
        "project",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project")),
    )
    op.create_table(
        "receipt",
        sa.Column("receiver_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("read_at", app.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("receiver_id", name=op.f("pk_receipt")),
    )
    with op.batch_alter_table("node", schema=None) as batch_op:
        # existing nodes get their key on the first sync (app.sync.keys.ensure_keys)
        batch_op.add_column(
            sa.Column("signing_key", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("node", schema=None) as batch_op:
        batch_op.drop_column("signing_key")

    op.drop_table("receipt")
    op.drop_table("project")
    op.drop_table("peer")
    op.drop_table("held_bundle")
    with op.batch_alter_table("deferred_change", schema=None) as batch_op:
        batch_op.drop_index("ix_deferred_change_row")

    op.drop_table("deferred_change")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_site_id"))

    op.drop_table("conflict")
