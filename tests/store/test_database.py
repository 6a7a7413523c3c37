"""The SQLite file's settings: what every installation's database is opened with."""

from __future__ import annotations

from app.store.database import Database


def test_a_new_file_uses_large_pages_wal_and_full_sync(db: Database) -> None:
    with db.engine.connect() as conn:
        pragma = conn.exec_driver_sql
        assert pragma("PRAGMA page_size").scalar() == 16384
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
        assert pragma("PRAGMA foreign_keys").scalar() == 1
