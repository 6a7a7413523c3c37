"""PostgreSQL: the database refuses writes to synced tables outside the change journal

On SQLite an authorizer installed on every connection does this (app.store.journal). On
PostgreSQL a statement trigger on each synced table, and on the journal itself, raises
unless the transaction-local setting ``sitedesk.journal`` is 'on' — which only the journal
(and migrations) set. A raw connection cannot write around the journal any more.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The synced tables at this revision. A later migration that adds one adds its trigger.
GUARDED = (
    "app_user", "attachment", "audit_log", "campaign_item", "campaign_team", "conflict",
    "handout", "handout_campaign", "labour_company", "notice", "request", "request_category",
    "request_event", "site", "stock_movement", "supply_item", "team", "training", "worker",
    "worker_movement", "change",
)  # fmt: skip

FUNCTION = """
CREATE OR REPLACE FUNCTION sitedesk_journal_guard() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('sitedesk.journal', true), '') <> 'on' THEN
        RAISE EXCEPTION 'write to synced table % outside the change journal', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table in GUARDED:
        op.execute(
            f"CREATE TRIGGER sitedesk_journal_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION sitedesk_journal_guard()'
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in GUARDED:
        op.execute(f'DROP TRIGGER IF EXISTS sitedesk_journal_guard ON "{table}"')
    op.execute("DROP FUNCTION IF EXISTS sitedesk_journal_guard()")
