"""derived request state: each request's stage, due-date inputs and satisfaction

HQ counts open and overdue requests, and satisfaction, over every site at a glance. A
request's stage is derived from its events; folding the histories of a whole project's
requests at every look takes many seconds, so the folded state is kept per request in a local
table (not synced), with how far it has read each node's changes. It starts empty: the first
look fills it, later looks fold only the requests whose rows changed since.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "derived_request_state",
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("site_id", sa.String(36), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("limit_days", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.String(1), nullable=True),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_derived_request_state")),
    )
    op.create_index(
        "ix_derived_request_state_open",
        "derived_request_state",
        ["is_open", "site_id", "received_on", "limit_days"],
    )
    op.create_index(
        "ix_derived_request_state_site",
        "derived_request_state",
        ["site_id", "stage", "satisfaction", "received_on"],
    )
    op.create_table(
        "derived_mark",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("node_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", "node_id", name=op.f("pk_derived_mark")),
    )


def downgrade() -> None:
    op.drop_table("derived_mark")
    op.drop_index("ix_derived_request_state_site", table_name="derived_request_state")
    op.drop_index("ix_derived_request_state_open", table_name="derived_request_state")
    op.drop_table("derived_request_state")
