"""Every whole personal number a database holds, for tests that look for leaks."""

from __future__ import annotations

from sqlalchemy import select

from app.store.database import Database
from app.store.models import table_of
from app.store.sealing import SEALED


def whole_numbers(db: Database) -> set[str]:
    """Every sealed number of every table that holds some, opened."""
    vault = db.require_vault()
    found: set[str] = set()
    with db.read() as session:
        for model, columns in SEALED.items():
            table = table_of(model)
            for row in session.execute(select(*(table.c[c.column] for c in columns))):
                found |= {vault.open(v) for v in row if v}
    return found
