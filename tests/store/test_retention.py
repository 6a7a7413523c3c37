"""Retention: what is past its keeping period is listed, and purging erases it for good —
here, in the journal, in the file, and at every node the erasure reaches."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import event, select

from app.domain.problems import DomainError
from app.domain.requests import EventKind
from app.domain.roles import Role
from app.store import settings
from app.store.attachments import AttachmentStore, add_attachment
from app.store.audit import entries
from app.store.database import Database
from app.store.models import Change, Handout, Request, RequestEvent, Worker, WorkerMovement
from app.store.requests import RequestInput, add_request, take_step
from app.store.retention import ERASED_NAME, RecordKind, add_years, due, purge
from app.store.supplies import hand_out_to_team
from app.store.users import Actor
from app.store.workers import WorkerInput, record_movement, register_worker
from tests.sync.conftest import heat_relief

MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)
CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)
NAME, NUMBER = "欧阳雪梅", "11010519491231002X"


def _set(db: Database, key: str, value: str) -> None:
    with db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, key, value)


def _worker(db: Database, store: AttachmentStore | None = None) -> str:
    with db.write("clerk") as unit:
        wid = register_worker(
            unit,
            WorkerInput(NAME, NUMBER, mobile="13800138000", bank_card="6222020200112233445"),
            today=date(2026, 8, 26),
        ).ids[0]
        record_movement(unit, wid, "entry", date(2026, 8, 26), "用工协议 GQ2-17")
        if store is not None:
            add_attachment(
                unit,
                store,
                b"face photo bytes",
                filename=f"{NAME}.jpg",
                mime="image/jpeg",
                purpose="head_photo",
                owner_entity="worker",
                owner_id=wid,
            )
    return wid


def _closed_request(db: Database) -> str:
    with db.write("clerk") as unit:
        rid = add_request(
            unit,
            RequestInput(
                channel="phone",
                category_code="wages",
                description=f"{NAME}反映八月工资未发",
                contact_name=NAME,
                contact_phone="13800138000",
                received_at=datetime(2026, 8, 26, 2, tzinfo=UTC),
            ),
            node_tag="A",
        )
        for kind in (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK):
            take_step(unit, rid, kind, note="已核实", at=datetime(2026, 8, 27, 2, tzinfo=UTC))
        take_step(unit, rid, EventKind.CLOSE, note="办结", at=datetime(2026, 8, 28, 2, tzinfo=UTC))
    return rid


def _file_bytes(db: Database) -> bytes:
    path = db.engine.url.database
    assert path
    wal = Path(path + "-wal")
    return Path(path).read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_add_years_keeps_the_day_or_falls_back_from_29_february() -> None:
    assert add_years(date(2026, 8, 26), 3) == date(2029, 8, 26)
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)


def test_the_worker_ledger_is_kept_until_three_years_after_settlement(db: Database) -> None:
    _worker(db)
    assert due(db, date(2040, 1, 1), [RecordKind.WORKER_LEDGER]) == []  # not settled yet
    _set(db, "works.settled_on", "2027-06-30")
    assert due(db, date(2030, 6, 30), [RecordKind.WORKER_LEDGER]) == []  # the last day kept
    (found,) = due(db, date(2030, 7, 1), [RecordKind.WORKER_LEDGER])
    assert found.entity == "worker" and found.until == date(2030, 6, 30)
    assert found.label == f"{NAME} 110105********002X" and not found.erased
    _set(db, "retention.worker_ledger", "5")
    assert due(db, date(2030, 7, 1), [RecordKind.WORKER_LEDGER]) == []


def test_a_request_is_due_years_after_it_ended_and_an_open_one_never(db: Database) -> None:
    closed = _closed_request(db)
    with db.write("clerk") as unit:
        add_request(
            unit,
            RequestInput(channel="qr", category_code="living", description="宿舍太热"),
            node_tag="A",
        )
    assert due(db, date(2029, 8, 28), [RecordKind.REQUESTS]) == []
    found = due(db, date(2029, 8, 29), [RecordKind.REQUESTS])
    assert [d.row_id for d in found] == [closed]


def test_handouts_are_due_years_after_their_campaign_day(db: Database) -> None:
    campaign, team = heat_relief(db)  # on 2026-08-26
    with db.write("clerk") as unit:
        (hid,) = hand_out_to_team(unit, campaign, team, receiver_name=NAME)
    assert due(db, date(2029, 8, 26), [RecordKind.HANDOUTS]) == []
    (found,) = due(db, date(2029, 8, 27), [RecordKind.HANDOUTS])
    assert found.row_id == hid and NAME in found.label


def test_a_clerk_may_not_purge(db: Database) -> None:
    _closed_request(db)
    found = due(db, date(2030, 1, 1))
    with pytest.raises(DomainError):
        purge(db, CLERK, date(2030, 1, 1), found)
    with db.read() as session:
        assert not session.scalars(select(Request)).one().deleted


def test_purging_erases_the_record_its_history_its_files_and_its_journal_copies(
    db: Database, tmp_path: Path
) -> None:
    # as on Windows, whose SQLite does not zero freed space by default
    event.listen(db.engine, "connect", lambda conn, _r: conn.execute("PRAGMA secure_delete=OFF"))
    db.engine.dispose()
    store = AttachmentStore(tmp_path / "attachments")
    wid = _worker(db, store)
    rid = _closed_request(db)
    campaign, team = heat_relief(db)
    with db.write("clerk") as unit:
        hand_out_to_team(unit, campaign, team, receiver_name=NAME)
    _set(db, "works.settled_on", "2027-06-30")
    today = date(2031, 1, 1)
    found = due(db, today)
    assert {d.kind for d in found} == set(RecordKind)
    assert NAME.encode() in _file_bytes(db)  # what the end of this test looks for

    result = purge(db, MANAGER, today, found, store)

    assert result.erased["worker"] == 1 and result.erased["worker_movement"] == 1
    assert result.erased["request"] == 1 and result.erased["request_event"] == 5
    assert result.erased["handout"] == 1 and result.erased["attachment"] == 1
    assert result.files_removed == 1 and not list((tmp_path / "attachments").rglob("*"))[1:]
    with db.read() as session:
        worker = session.get(Worker, wid)
        assert worker is not None and worker.deleted and worker.name == ERASED_NAME
        assert worker.id_number == worker.id_fingerprint == worker.mobile == worker.bank_card == ""
        movement = session.scalars(select(WorkerMovement)).one()
        assert movement.deleted and movement.note == ""
        request = session.get(Request, rid)
        assert request is not None and request.deleted and request.contact_phone == ""
        assert request.number and request.category_code == "wages"  # figures stay countable
        assert all(e.note == "" and e.deleted for e in session.scalars(select(RequestEvent)))
        assert session.scalars(select(Handout)).one().receiver_name == ""
        # the journal keeps digests of the old changes, not their contents
        for change in session.scalars(select(Change)):
            assert NAME not in change.fields
    assert all(d.erased for d in due(db, today))
    (audit,) = [
        e for e in entries(db, db.require_vault(), action="purge") if e.entity == "requests"
    ]
    assert audit.actor == "li" and "1 record" in audit.detail
    # nothing of the person is left anywhere in the file
    assert NAME.encode() not in _file_bytes(db)


def test_purging_twice_changes_nothing_more(db: Database) -> None:
    _closed_request(db)
    today = date(2030, 1, 1)
    purge(db, MANAGER, today, due(db, today))
    with db.read() as session:
        before = session.scalar(select(Change.seq).order_by(Change.seq.desc()).limit(1))
    again = purge(db, MANAGER, today, due(db, today))
    assert sum(again.erased.values()) == 0 and again.redacted == 0
    with db.read() as session:
        after = session.scalar(select(Change.seq).order_by(Change.seq.desc()).limit(1))
    assert after is not None and before is not None and after == before + 1  # the audit entry


def test_the_erasure_is_a_change_like_any_other(db: Database) -> None:
    rid = _closed_request(db)
    purge(db, MANAGER, date(2030, 1, 1), due(db, date(2030, 1, 1)))
    with db.read() as session:
        changes = session.scalars(
            select(Change).where(Change.row_id == rid).order_by(Change.seq)
        ).all()
    *older, erasure = changes
    assert all(c.digest and c.fields == "{}" for c in older)
    assert erasure.digest is None and orjson.loads(erasure.fields)["deleted"] is True
