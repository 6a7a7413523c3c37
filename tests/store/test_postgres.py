"""The same services and merge on PostgreSQL (HQ's engine), not only the migrations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.store.database import Database
from app.store.demo import make_demo
from app.store.info import summary
from app.store.models import Team
from app.store.sites import init_node
from app.sync.keys import ensure_keys, export_project, import_project
from tests.pg import fresh_pg_database
from tests.sync.conftest import dump, settle

pytestmark = pytest.mark.postgres


def test_demo_and_journal_on_postgres() -> None:
    with fresh_pg_database() as url:
        db = Database.open(url)
        try:
            make_demo(db, workers=60, today=date(2026, 8, 27))
            s = summary(db)
            assert s.count("team") == 17 and s.count("worker") == 60
            assert s.journal_seq == s.changes_total
        finally:
            db.close()


def test_postgres_hq_and_sqlite_site_converge(tmp_path: Path) -> None:
    with fresh_pg_database() as url:
        site = Database.open(f"sqlite:///{tmp_path / 'site.sqlite3'}")
        hq = Database.open(url)
        try:
            init_node(site, site_code="GQ2", site_name="二工区")
            ensure_keys(site)
            import_project(hq, export_project(site))
            init_node(hq, site_code="GQ2", site_name="二工区", tag="H")  # a second PC, on PG
            make_demo(site, workers=30, today=date(2026, 8, 27))
            with hq.write("clerk") as unit:
                unit.journal.insert(Team, {"name": "项目部后勤队"})
            settle(site, hq)
            assert dump(site) == dump(hq)
        finally:
            site.close()
            hq.close()


def test_postgres_itself_refuses_writes_around_the_journal() -> None:
    from sqlalchemy import text

    from app.store.journal import guarded_tables
    from app.store.sites import init_node as init

    with fresh_pg_database() as url:
        db = Database.open(url)
        try:
            init(db, site_code="GQ2", site_name="二工区")
            with db.engine.connect() as conn:
                triggered = set(
                    conn.execute(
                        text(
                            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                            "WHERE t.tgname = 'sitedesk_journal_guard'"
                        )
                    ).scalars()
                )
            assert guarded_tables() <= triggered  # a new synced table needs its trigger
            raw = db.engine.raw_connection()
            try:
                for sql in (
                    "UPDATE site SET name = 'x'",
                    "TRUNCATE change",
                    "DELETE FROM request_category",
                ):
                    cursor = raw.cursor()
                    with pytest.raises(Exception, match="outside the change journal"):
                        cursor.execute(sql)
                    raw.rollback()
            finally:
                raw.close()
            with db.write("clerk") as unit:  # the journal itself still writes
                unit.journal.insert(Team, {"name": "隧道六队"})
            assert summary(db).count("team") == 1
        finally:
            db.close()
