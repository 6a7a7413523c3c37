from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from app.config import Paths
from app.domain.problems import DomainError
from app.store.audit import entries, history, writes
from app.store.database import Database
from app.store.models import Worker
from app.store.users import Actor, add_user, login
from app.store.workers import WorkerInput, register_worker, reveal

NUMBER = "51010719900101123X"


def _setup(db: Database) -> tuple[Actor, Actor, str]:
    with db.write("li") as unit:
        add_user(
            unit, db.require_vault(), None, username="li", display_name="李", role="manager",
            password="manager-pw-1",
        )  # fmt: skip
        add_user(
            unit, db.require_vault(), None, username="wang", display_name="王", role="clerk",
            password="clerk-pw-12",
        )  # fmt: skip
        worker = register_worker(
            unit, WorkerInput("张三", NUMBER, mobile="13800138000"), today=date(2026, 11, 24)
        ).ids[0]
    return login(db, "li", "manager-pw-1"), login(db, "wang", "clerk-pw-12"), worker


def test_showing_a_whole_number_is_allowed_to_managers_and_audited(db: Database) -> None:
    manager, clerk, worker = _setup(db)
    with db.write("wang") as unit, pytest.raises(DomainError, match="站点文员无权查看完整证件号"):
        reveal(unit, clerk, worker)
    with db.write("li") as unit:
        shown = reveal(unit, manager, worker, reason="核对工资卡")
    assert shown.id_number == NUMBER and shown.mobile == "13800138000"
    unmasked = entries(db, db.require_vault(), action="unmask")
    assert [(e.actor, e.row_id, e.detail, e.intact) for e in unmasked] == [
        ("li", worker, "核对工资卡", True)
    ]  # the clerk's refused attempt showed nothing, so it left no unmask entry


def test_an_altered_audit_entry_no_longer_verifies(db: Database, paths: Paths) -> None:
    manager, _clerk, worker = _setup(db)
    with db.write("li") as unit:
        reveal(unit, manager, worker)
    # someone with the file, but not the key, rewrites who did it (the app's guard is
    # bypassed by going to the file directly)
    raw = sqlite3.connect(paths.database)
    raw.execute("UPDATE audit_log SET actor = 'wang' WHERE action = 'unmask'")
    raw.commit()
    raw.close()
    [entry] = entries(db, db.require_vault(), action="unmask")
    assert entry.actor == "wang" and not entry.intact
    assert all(e.intact for e in entries(db, db.require_vault(), action="create"))


def test_the_file_alone_holds_no_whole_number(db: Database, paths: Paths) -> None:
    _setup(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with db.read() as session:
        stored = session.query(Worker).one()
        assert stored.id_masked == "510107********123X" and stored.mobile_masked == "138****8000"
    blob = paths.database.read_bytes()
    for secret in (NUMBER, "13800138000", "19900101123X"):
        assert secret.encode() not in blob


def test_history_shows_writes_from_the_journal_beside_signed_entries(db: Database) -> None:
    _manager, _clerk, worker = _setup(db)
    with db.write("wang") as unit:
        unit.journal.update(Worker, worker, {"address": "重庆市万州区"})
    with db.write("li") as unit:
        unit.journal.delete(Worker, worker)
        other = unit.journal.insert(
            Worker, {"name": "李四", "id_number": "", "id_tail": "", "card_code": "C2"}
        )
    found = history(db, db.require_vault(), limit=50)
    assert found == sorted(found, key=lambda e: e.at, reverse=True)
    mine = [(e.action, e.actor, e.source) for e in found if e.row_id == worker]
    assert ("update", "wang", "journal") in mine and ("delete", "li", "journal") in mine
    assert ("create", "li", "journal") in mine
    update = next(e for e in found if e.row_id == worker and e.action == "update")
    assert update.detail == "address" and "万州" not in update.detail  # names, not values
    assert [e.row_id for e in history(db, db.require_vault(), action="delete")] == [worker]
    assert other in {e.row_id for e in writes(db, actor="li", action="create")}
    assert {e.action for e in history(db, db.require_vault(), actor="li")} >= {"create", "delete"}
    assert all(e.source == "log" for e in history(db, db.require_vault(), action="unmask"))
