"""alembic owns the schema: head equals the models, and every migration goes down and up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select

from app.store import schema
from app.store.database import Database, make_engine
from app.store.journal import migration_writes
from app.store.models import Base, Site, Worker
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
    head = schema.head_revision()
    monkeypatch.setattr(schema, "head_revision", lambda: "9999_next")
    monkeypatch.setattr(schema.command, "upgrade", lambda cfg, target: calls.append(target))
    backups = tmp_path / "backups"
    result = schema.upgrade(db.engine, backup_dir=backups)
    assert calls == ["head"]
    assert result.before == head and result.after == "9999_next"
    assert result.backup is not None and result.backup.parent == backups
    with sqlite3.connect(result.backup) as conn:
        (sites,) = conn.execute("SELECT count(*) FROM site").fetchone()
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    assert sites == 1 and revision == head


def test_a_real_upgrade_keeps_the_data_and_a_copy_of_the_old_file(tmp_path: Path) -> None:
    """A database written by the first release is upgraded to head on open."""
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    schema.upgrade(engine, target="0001")
    with engine.begin() as conn, migration_writes(conn):
        conn.exec_driver_sql(
            "INSERT INTO node (node_id, site_id, name, kind, is_local, tag, created_at) "
            "VALUES ('n1', 's1', '二工区-A', 'site', 1, 'A', '2026-08-26 01:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO site (id, site_id, created_at, updated_at, updated_by, deleted, stamp, "
            "field_versions, code, name, kind, service_phone, counter_location, counter_hours, "
            "address) VALUES ('s1', '*', '2026-08-26 01:00:00', '2026-08-26 01:00:00', 'x', 0, "
            "'0:n1', '{}', 'GQ2', '二工区', 'site', '', '', '', '')"
        )
    engine.dispose()
    db = Database.open(f"sqlite:///{path}", backup_dir=tmp_path / "backups")
    assert schema.current_revision(db.engine) == schema.head_revision()
    assert db.local_node().site_id == "s1"
    with db.read() as session:
        assert session.scalar(select(Site.name)) == "二工区"
    db.close()
    (backup,) = (tmp_path / "backups").glob("*.sqlite3")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT name FROM site").fetchone() == ("二工区",)
    conn.close()


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
