"""Schema revisions: alembic owns the schema from the first table.

The migrations ship inside the package and are found through ``importlib.resources``, so a
frozen build finds them too. Before an existing SQLite file is upgraded, a consistent copy
of it is made with SQLite's online backup API (safe with WAL, unlike a file copy).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

KEEP_BACKUPS = 10


class SchemaError(RuntimeError):
    pass


@contextmanager
def _config(engine: Engine | None = None) -> Iterator[Config]:
    with as_file(files("app.store").joinpath("migrations")) as location:
        cfg = Config()
        cfg.set_main_option("script_location", str(location))
        if engine is None:
            yield cfg
            return
        with engine.connect() as conn:
            sqlite = engine.dialect.name == "sqlite"
            if sqlite:
                # Batch migrations copy and drop tables; with foreign keys on, dropping a
                # parent table fails. SQLite ignores this pragma inside a transaction, so it
                # goes to the driver before SQLAlchemy begins one.
                _driver(conn).execute("PRAGMA foreign_keys=OFF")
            try:
                cfg.attributes["connection"] = conn
                yield cfg
                conn.commit()
                if sqlite:
                    broken = _driver(conn).execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise SchemaError(f"migration left broken references: {broken[:5]}")
            finally:
                if sqlite:
                    conn.rollback()
                    _driver(conn).execute("PRAGMA foreign_keys=ON")


def _driver(conn: Connection) -> Any:
    return conn.connection.driver_connection


def head_revision() -> str:
    revisions = _known_revisions()
    if not revisions:
        raise SchemaError("no migrations found")
    return revisions[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


def backup_sqlite(database: Path, backup_dir: Path, label: str) -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True)
    when = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{database.stem}-{when}-{label}.sqlite3"
    with sqlite3.connect(database) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    backups = sorted(backup_dir.glob(f"{database.stem}-*.sqlite3"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def upgrade(
    engine: Engine, *, backup_dir: Path | None = None, target: str = "head"
) -> UpgradeResult:
    """Bring the database to ``target``; back up a SQLite file first if it changes."""
    before = current_revision(engine)
    head = head_revision() if target == "head" else target
    if before is None and set(inspect(engine).get_table_names()) - {"alembic_version"}:
        raise SchemaError(
            "数据库中已有数据表但没有版本记录，无法安全升级。请联系管理员。"
            " (the database has tables but no schema revision)"
        )
    backup: Path | None = None
    if before == head:
        return UpgradeResult(before, head, None)
    database = engine.url.database
    if (
        before is not None
        and backup_dir is not None
        and engine.dialect.name == "sqlite"
        and database
    ):
        backup = backup_sqlite(Path(database), backup_dir, f"before-{head}")
    with _config(engine) as cfg:
        try:
            command.upgrade(cfg, target)
        except Exception as exc:  # the revision may be newer than this app knows
            if "Can't locate revision" in str(exc):
                raise SchemaError(
                    f"数据库版本（{before}）比本程序新，请先升级 SiteDesk。"
                    f" (database revision {before} is newer than this app)"
                ) from exc
            raise
    return UpgradeResult(before, head, backup)


def downgrade(engine: Engine, target: str = "base") -> None:
    with _config(engine) as cfg:
        command.downgrade(cfg, target)


def known_revisions() -> list[str]:
    """Every revision this app knows, oldest first (read once: they ship with the app)."""
    return list(_known_revisions())


@cache
def _known_revisions() -> tuple[str, ...]:
    with _config() as cfg:
        revisions = list(ScriptDirectory.from_config(cfg).walk_revisions())
    return tuple(r.revision for r in reversed(revisions))
