"""A worker's record after registration: entry, exit and re-entry in order; trainings;
the agreement; the masked detail view; finding a worker by what a clerk knows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.problems import DomainError
from app.store.database import Database
from app.store.journal import Change
from app.store.worker_list import Presence
from app.store.worker_record import (
    add_training,
    find_worker,
    move,
    set_agreement,
    worker_detail,
)
from app.store.workers import WorkerInput, register_worker

TODAY = date(2026, 11, 24)
ID_1 = "11010519491231002X"
ID_2 = "51010719900101123X"


def _worker(db: Database, name: str = "李娜", number: str = ID_2, **kw: object) -> str:
    with db.write("clerk") as unit:
        inp = WorkerInput(name=name, id_number=number, **kw)  # type: ignore[arg-type]
        return register_worker(unit, inp, today=TODAY).ids[0]


def test_entry_exit_and_re_entry_in_order(db: Database) -> None:
    wid = _worker(db, bank_card="6222020200112233445", mobile="13800138000")
    with db.read() as session:
        assert worker_detail(session, wid).presence is Presence.NEVER
    with db.write("clerk") as unit:
        with pytest.raises(DomainError, match="不在场"):
            move(unit, wid, "exit", date(2026, 8, 1), today=TODAY)
        move(unit, wid, "entry", date(2026, 8, 1), "第一次进场", today=TODAY)
        with pytest.raises(DomainError, match="已在场"):
            move(unit, wid, "entry", date(2026, 8, 2), today=TODAY)
        with pytest.raises(DomainError, match="不能早于"):
            move(unit, wid, "exit", date(2026, 7, 31), today=TODAY)
        with pytest.raises(DomainError, match="还没有到"):
            move(unit, wid, "exit", date(2026, 12, 1), today=TODAY)
        move(unit, wid, "exit", date(2026, 9, 30), today=TODAY)
        move(unit, wid, "entry", date(2026, 9, 30), "同日返场", today=TODAY)  # same day: in order
    with db.read() as session:
        d = worker_detail(session, wid)
    assert [(m.kind, m.on_date.day) for m in d.movements] == [
        ("entry", 1),
        ("exit", 30),
        ("entry", 30),
    ]
    assert d.presence is Presence.ON_SITE and d.movements[0].note == "第一次进场"
    assert d.movements[0].by == "clerk"
    assert d.id_masked == "510107********123X" and d.mobile_masked == "138****8000"
    assert d.bank_card_masked.endswith("3445") and "0200112233" not in d.bank_card_masked


def test_trainings_are_checked_and_summed(db: Database) -> None:
    wid = _worker(db)
    with db.write("clerk") as unit:
        add_training(unit, wid, on_date=date(2026, 8, 2), hours="8", name="三级安全教育")
        add_training(
            unit,
            wid,
            on_date=date(2026, 9, 1),
            hours=Decimal("2.5"),
            name="隧道防坍塌",
            trainer="王工",
        )
        with pytest.raises(DomainError) as refused:
            add_training(unit, wid, on_date=date(2027, 1, 1), hours="30", name=" ", today=TODAY)
    assert {p.code for p in refused.value.problems} == {
        "training.name",
        "training.hours",
        "record.future_date",
    }
    with db.read() as session:
        d = worker_detail(session, wid)
    assert [t.name for t in d.trainings] == ["三级安全教育", "隧道防坍塌"]
    assert d.training_hours == Decimal("10.5") and d.trainings[1].trainer == "王工"


def test_the_agreement_is_checked_set_and_cleared_through_the_journal(db: Database) -> None:
    wid = _worker(db)
    with db.write("clerk") as unit:
        with pytest.raises(DomainError, match="结束日期不能早于"):
            set_agreement(unit, wid, "contract", date(2026, 9, 1), date(2026, 8, 1))
        with pytest.raises(DomainError, match="开始日期"):
            set_agreement(unit, wid, "written", None, None)
        assert set_agreement(unit, wid, "written", date(2026, 8, 1), date(2027, 7, 31))
        assert not set_agreement(unit, wid, "written", date(2026, 8, 1), date(2027, 7, 31))
    with db.read() as session:
        d = worker_detail(session, wid)
        assert d.agreement_type == "written" and d.agreement_end == date(2027, 7, 31)
        changes = session.query(Change).filter(Change.row_id == wid, Change.op == "u").all()
        assert len(changes) == 1 and "agreement_type" in changes[0].fields
    with db.write("clerk") as unit:
        set_agreement(unit, wid, "", date(2026, 8, 1), None)
    with db.read() as session:
        d = worker_detail(session, wid)
    assert d.agreement_type == "" and d.agreement_start is None


def test_registration_refuses_an_agreement_that_ends_before_it_starts(db: Database) -> None:
    with pytest.raises(DomainError, match="结束日期不能早于"):
        _worker(
            db,
            agreement_type="contract",
            agreement_start=date(2026, 9, 1),
            agreement_end=date(2026, 1, 1),
        )


def test_a_worker_is_found_by_card_tail_or_name_and_doubles_are_named(db: Database) -> None:
    one = _worker(db, "李娜", ID_2)
    two = _worker(db, "李娜", ID_1)
    with db.read() as session:
        assert find_worker(session, "123x") == one
        assert find_worker(session, two) == two
        code = worker_detail(session, two).card_code
        assert find_worker(session, code) == two
        with pytest.raises(DomainError, match="对应多名人员：李娜、李娜"):
            find_worker(session, "李娜")
        with pytest.raises(DomainError, match="找不到"):
            find_worker(session, "王五")
