"""alembic environment: always run through app.store.schema with a live connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.store.journal import migration_writes
from app.store.models import Base

config = context.config
connection: Connection | None = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through app.store.schema (it passes a connection)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with migration_writes(connection), context.begin_transaction():
    context.run_migrations()
