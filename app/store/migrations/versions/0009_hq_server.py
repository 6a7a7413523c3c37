"""the HQ server's bookkeeping: enrolled nodes, enrolment codes, stored bundles

The HTTP server keeps the bundles nodes push, as signed, to hand them to other nodes; which
nodes it has enrolled, with their keys and hashed credentials; the one-time enrolment codes
it made; and what each receiver says it holds. None of it is synced.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.store.types import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "server_node",
        sa.Column("node_id", sa.String(36), nullable=False),
        sa.Column("site_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("enrolled_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("last_contact", UTCDateTime(), nullable=True),
        sa.Column("reported_head", sa.BigInteger(), nullable=False),
        sa.Column("drift_ms", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("app_version", sa.String(20), nullable=False),
        sa.Column("schema_rev", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_server_node")),
    )
    op.create_index(op.f("ix_server_node_site_id"), "server_node", ["site_id"])
    op.create_index(op.f("ix_server_node_token_hash"), "server_node", ["token_hash"])
    op.create_table(
        "enrolment",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("site_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("tag", sa.String(8), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("node_id", sa.String(36), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_enrolment")),
    )
    op.create_table(
        "stored_bundle",
        sa.Column("node_id", sa.String(36), nullable=False),
        sa.Column("audience", sa.String(50), nullable=False),
        sa.Column("seq_from", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq_to", sa.BigInteger(), nullable=False),
        sa.Column("schema_rev", sa.String(40), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", "audience", "seq_from", name=op.f("pk_stored_bundle")),
    )
    op.create_table(
        "stream_head",
        sa.Column("node_id", sa.String(36), nullable=False),
        sa.Column("audience", sa.String(50), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("node_id", "audience", name=op.f("pk_stream_head")),
    )
    op.create_table(
        "delivery",
        sa.Column("receiver_id", sa.String(36), nullable=False),
        sa.Column("sender_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("receiver_id", "sender_id", name=op.f("pk_delivery")),
    )


def downgrade() -> None:
    op.drop_table("delivery")
    op.drop_table("stream_head")
    op.drop_table("stored_bundle")
    op.drop_table("enrolment")
    with op.batch_alter_table("server_node", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_node_token_hash"))
        batch_op.drop_index(batch_op.f("ix_server_node_site_id"))
    op.drop_table("server_node")
