"""No write to a synced table can bypass the change journal: every path fails loudly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, Integer, Text, delete, insert, select, text, update
from sqlalchemy.exc import StatementError

from app.store.database import Database
from app.store.journal import JournalBypassError, read_head
from app.store.models import Change, Synced, Team, synced_models
from app.store.types import Milli, UTCDateTime

MODELS = synced_models()


def sample_values(model: type[Synced]) -> dict[str, Any]:
    """A value for every required column, by its type."""
    values: dict[str, Any] = {}
    for col in model.__table__.columns:
        if col.key in {
            "id",
            "site_id",
            "created_at",
            "updated_at",
            "updated_by",
            "stamp",
            "field_versions",
            "deleted",
        }:
            continue
        if col.nullable or col.default is not None:
            continue
        kind = col.type
        if isinstance(kind, UTCDateTime):
            values[col.key] = datetime(2026, 8, 26, 1, 0, tzinfo=UTC)
        elif isinstance(kind, Milli):
            values[col.key] = Decimal("1")
        elif isinstance(kind, Date):
            values[col.key] = date(2026, 8, 26)
        elif isinstance(kind, Boolean):
            values[col.key] = False
        elif isinstance(kind, Integer):
            values[col.key] = 1
        elif isinstance(kind, Text):
            values[col.key] = "内容"
        else:
            values[col.key] = "x"
    return values


def full_row(model: type[Synced], row_id: str) -> dict[str, Any]:
    now = datetime(2026, 8, 26, tzinfo=UTC)
    return {
        **sample_values(model),
        "id": row_id,
        "site_id": "s",
        "created_at": now,
        "updated_at": now,
        "updated_by": "intruder",
        "deleted": False,
        "stamp": "0:x",
        "field_versions": "{}",
    }


def _journaled_row(db: Database, model: type[Synced]) -> str:
    with db.write("clerk") as unit:
        return unit.journal.insert(model, sample_values(model))


def _assert_untouched(db: Database, model: type[Synced], row_id: str | None, seq: int) -> None:
    with db.engine.connect() as conn:
        assert read_head(conn, db.local_node().node_id).seq == seq
        if row_id is not None:
            row = conn.execute(
                select(model.__table__).where(model.__table__.c.id == row_id)
            ).first()
            assert row is not None and row.updated_by == "clerk" and not row.deleted


def _seq(db: Database) -> int:
    with db.engine.connect() as conn:
        return read_head(conn, db.local_node().node_id).seq


def _raises_bypass() -> Any:
    # SQLAlchemy may wrap an exception raised by an event hook in StatementError; SQLite's
    # authorizer refuses at preparation ("not authorized").
    return pytest.raises(
        (JournalBypassError, StatementError), match=r"outside the change journal|not authorized"
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__tablename__)
def test_journaled_write_works_for_every_synced_model(db: Database, model: type[Synced]) -> None:
    before = _seq(db)
    row_id = _journaled_row(db, model)
    assert _seq(db) == before + 1
    with db.read() as session:
        change = session.scalar(select(Change).where(Change.row_id == row_id))
        assert change is not None and change.entity == model.__tablename__


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__tablename__)
def test_core_insert_update_delete_are_refused(db: Database, model: type[Synced]) -> None:
    row_id = _journaled_row(db, model)
    seq = _seq(db)
    table = model.__table__
    statements = [
        insert(model).values(full_row(model, "intruder-row")),
        update(model).where(table.c.id == row_id).values(updated_by="intruder"),
        update(model).where(table.c.id == row_id).values(deleted=True),
        delete(model).where(table.c.id == row_id),
    ]
    for statement in statements:
        with db.engine.begin() as conn, _raises_bypass():
            conn.execute(statement)
    _assert_untouched(db, model, row_id, seq)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__tablename__)
def test_orm_writes_are_refused(db: Database, model: type[Synced]) -> None:
    row_id = _journaled_row(db, model)
    seq = _seq(db)
    with db.read() as session:
        session.add(model(**full_row(model, "orm-row")))
        with _raises_bypass():
            session.flush()
        session.rollback()
        obj = session.get(model, row_id)
        assert obj is not None
        obj.updated_by = "intruder"
        with _raises_bypass():
            session.flush()
        session.rollback()
        obj = session.get(model, row_id)
        assert obj is not None
        session.delete(obj)
        with _raises_bypass():
            session.flush()
        session.rollback()
    _assert_untouched(db, model, row_id, seq)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__tablename__)
def test_raw_sql_is_refused(db: Database, model: type[Synced]) -> None:
    row_id = _journaled_row(db, model)
    seq = _seq(db)
    name = model.__tablename__
    for sql in (
        f"UPDATE {name} SET updated_by = 'intruder'",
        f'update "{name}" set deleted = 1',
        f"DELETE FROM {name}",
        f"  insert or replace into {name} (id) values ('raw')",
        f"REPLACE INTO main.{name} (id) VALUES ('raw')",
    ):
        with db.engine.begin() as conn, _raises_bypass():
            conn.execute(text(sql))
        with db.engine.begin() as conn, _raises_bypass():
            conn.exec_driver_sql(sql)
    _assert_untouched(db, model, row_id, seq)


def test_the_journal_itself_cannot_be_rewritten(db: Database) -> None:
    seq = _seq(db)
    for sql in ("DELETE FROM change", "UPDATE change SET author = 'x'"):
        with db.engine.begin() as conn, _raises_bypass():
            conn.execute(text(sql))
    _assert_untouched(db, Change, None, seq)  # type: ignore[arg-type]


def test_local_tables_are_not_guarded(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('ui.lang', 'zh_CN')"))
        assert conn.execute(text("SELECT value FROM setting")).scalar() == "zh_CN"


def test_every_synced_model_is_covered() -> None:
    names = {m.__tablename__ for m in MODELS}
    assert {
        "worker",
        "request",
        "request_event",
        "handout",
        "stock_movement",
        "audit_log",
        "site",
        "team",
        "labour_company",
        "notice",
        "app_user",
    } <= names


SNEAKY = [
    "/* backfill */ INSERT INTO {t} (id) VALUES ('x')",
    "-- note\nUPDATE {t} SET updated_by = 'x'",
    "INSERT INTO [{t}] (id) VALUES ('x')",
    "INSERT INTO '{t}' (id) VALUES ('x')",
    "INSERT INTO main . {t} (id) VALUES ('x')",
    "WITH c AS (SELECT id FROM {t}) UPDATE {t} SET updated_by = 'x' WHERE id IN (SELECT id FROM c)",
    "WITH c AS (SELECT 1) DELETE FROM {t}",
    "DROP TABLE {t}",
    "ALTER TABLE {t} ADD COLUMN sneaky TEXT",
    "CREATE TRIGGER t_sneak AFTER INSERT ON setting BEGIN UPDATE {t} SET updated_by = 'x'; END",
]


@pytest.mark.parametrize("sql", SNEAKY)
@pytest.mark.parametrize("table", ["team", "change", "worker"])
def test_unusual_spellings_are_refused_too(db: Database, sql: str, table: str) -> None:
    if table != "change":
        _journaled_row(
            db, Team if table == "team" else next(m for m in MODELS if m.__tablename__ == table)
        )
    seq = _seq(db)
    with db.engine.begin() as conn, _raises_bypass():
        conn.exec_driver_sql(sql.format(t=table))
    with db.engine.connect() as conn:
        assert read_head(conn, db.local_node().node_id).seq == seq
        assert (
            conn.exec_driver_sql(
                f"SELECT count(*) FROM {table} WHERE updated_by = 'x'"
                if table != "change"
                else "SELECT count(*) FROM change WHERE author = 'x'"
            ).scalar()
            == 0
        )


def test_core_statements_with_ctes_and_prefixes_are_refused(db: Database) -> None:
    team = _journaled_row(db, Team)
    crews = select(Team.id).where(Team.id == team).cte("crews")
    for statement in (
        update(Team).where(Team.id.in_(select(crews.c.id))).values(updated_by="x"),
        delete(Team).where(Team.id.in_(select(crews.c.id))),
        insert(Change)
        .prefix_with("/* backfill */")
        .values(
            node_id="n",
            seq=999,
            hlc=1,
            entity="team",
            row_id="r",
            site_id="s",
            op="i",
            fields="{}",
            author="forger",
            hash="0" * 64,
        ),
    ):
        with db.engine.begin() as conn, _raises_bypass():
            conn.execute(statement)
    with db.read() as session:
        assert session.scalar(select(Change).where(Change.author == "forger")) is None


def test_a_raw_driver_connection_is_refused_on_sqlite(db: Database) -> None:
    raw = db.engine.raw_connection()
    try:
        with pytest.raises(Exception, match="not authorized"):
            raw.cursor().execute("UPDATE team SET updated_by = 'x'")
        with pytest.raises(Exception, match="not authorized"):
            raw.driver_connection.executescript("DELETE FROM change;")  # type: ignore[union-attr]
    finally:
        raw.close()
