"""alembic owns the schema: head equals the models, and every migration goes down and up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from app.store import schema
from app.store.database import Database, make_engine
from app.store.models import Base, Worker
from tests.pg import fresh_pg_database


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))


def _user_tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def _round_trip(engine: Engine) -> None:
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.head_revision()
    assert _diff(engine) == []
    assert _user_tables(engine) == set(Base.metadata.tables)

    schema.downgrade(engine, "base")
    assert _user_tables(engine) == set()
    assert schema.current_revision(engine) is None

    schema.upgrade(engine)
    assert _diff(engine) == []


def test_sqlite_upgrade_matches_models_and_round_trips(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    _round_trip(engine)
    engine.dispose()


@pytest.mark.postgres
def test_postgres_upgrade_matches_models_and_round_trips() -> None:
    with fresh_pg_database() as url:
        engine = make_engine(url)
        try:
            _round_trip(engine)
        finally:
            engine.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_upgrade_backs_up_an_existing_database_first(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the app brings a newer revision, the file is copied before it is migrated."""
    calls: list[str] = []
    monkeypatch.setattr(schema, "head_revision", lambda: "0002_next")
    monkeypatch.setattr(schema.command, "upgrade", lambda cfg, target: calls.append(target))
    backups = tmp_path / "backups"
    result = schema.upgrade(db.engine, backup_dir=backups)
    assert calls == ["head"]
    assert result.before == "0001" and result.after == "0002_next"
    assert result.backup is not None and result.backup.parent == backups
    with sqlite3.connect(result.backup) as conn:
        (sites,) = conn.execute("SELECT count(*) FROM site").fetchone()
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    assert sites == 1 and revision == "0001"


def test_no_backup_when_already_at_head(db: Database, tmp_path: Path) -> None:
    result = schema.upgrade(db.engine, backup_dir=tmp_path / "backups")
    assert result.backup is None
    assert not (tmp_path / "backups").exists()


def test_backup_copy_is_consistent_with_wal(db: Database, tmp_path: Path) -> None:
    assert db.engine.url.database
    target = schema.backup_sqlite(Path(db.engine.url.database), tmp_path / "bk", "test")
    with sqlite3.connect(target) as conn:
        (sites,) = conn.execute("SELECT count(*) FROM site").fetchone()
        (workers,) = conn.execute(f"SELECT count(*) FROM {Worker.__tablename__}").fetchone()
    conn.close()
    assert sites == 1 and workers == 0


def test_refuses_a_database_with_tables_but_no_revision(tmp_path: Path) -> None:
    path = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE something (x)")
    conn.close()
    engine = make_engine(f"sqlite:///{path}")
    with pytest.raises(schema.SchemaError, match="没有版本记录"):
        schema.upgrade(engine)
    engine.dispose()


def test_refuses_a_database_newer_than_the_app(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'n.sqlite3'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(schema.SchemaError, match="请先升级"):
        schema.upgrade(engine)
    engine.dispose()
