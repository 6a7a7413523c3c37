from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.domain.problems import DomainError
from app.store.database import Database
from app.store.models import Change, Team, Worker, WorkerMovement
from app.store.workers import WorkerInput, record_movement, register_worker, register_workers

TODAY = date(2026, 8, 26)
GOOD = "11010519491231002X"  # DOMAIN.md's known good ID (female, born 1949)
BAD = "360426199101010072"  # DOMAIN.md's known bad ID (checksum)
YOUNG_MAN = "51010719900101123X"  # valid, male (sequence 123 is odd), born 1990-01-01


def _team(db: Database) -> str:
    with db.write("clerk") as unit:
        return unit.journal.insert(Team, {"name": "隧道六队"})


def test_registration_fills_gender_birth_and_tail(db: Database) -> None:
    team = _team(db)
    with db.write("clerk") as unit:
        result = register_worker(
            unit,
            WorkerInput(
                name=" 张 贵金 ",
                id_number=YOUNG_MAN.lower(),
                team_id=team,
                mobile="138 0013 8000",
                entry_date=TODAY,
            ),
            today=TODAY,
        )
    with db.read() as session:
        worker = session.get(Worker, result.ids[0])
        assert worker is not None
        assert worker.name == "张贵金"
        assert worker.gender == "M" and worker.birth_date == date(1990, 1, 1)
        vault = db.require_vault()
        assert worker.id_tail == YOUNG_MAN[-4:] and vault.open(worker.mobile) == "13800138000"
        assert vault.open(worker.id_number) == YOUNG_MAN.upper()
        assert worker.mobile_masked == "138****8000"
        assert worker.id_masked == YOUNG_MAN[:6] + "********" + YOUNG_MAN[-4:].upper()
        assert len(worker.card_code) == 16 and worker.card_code not in YOUNG_MAN
        moves = session.scalars(select(WorkerMovement).where(WorkerMovement.worker_id == worker.id))
        assert [(m.kind, m.on_date) for m in moves] == [("entry", TODAY)]


def test_age_limit_is_a_warning_not_a_refusal(db: Database) -> None:
    with db.write("clerk") as unit:
        result = register_worker(unit, WorkerInput(name="李老汉", id_number=GOOD), today=TODAY)
    # a woman born 1949 is 76: over the default limit of 50
    assert [p.code for p in result.warnings] == ["age.too_old"]
    assert "76" in result.warnings[0].message()


def test_bad_id_is_refused_in_chinese_and_nothing_is_written(db: Database) -> None:
    with db.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(Change)).scalar()
    with pytest.raises(DomainError) as info, db.write("clerk") as unit:
        register_workers(
            unit,
            [
                WorkerInput(name="王五", id_number=YOUNG_MAN),
                WorkerInput(name="赵六", id_number=BAD),
            ],
            today=TODAY,
        )
    assert "校验" in info.value.message()
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Change)).scalar() == before
        assert conn.execute(select(func.count()).select_from(Worker)).scalar() == 0


def test_duplicate_id_is_refused_with_the_existing_name(db: Database) -> None:
    with db.write("clerk") as unit:
        register_worker(unit, WorkerInput(name="王五", id_number=YOUNG_MAN), today=TODAY)
    with pytest.raises(DomainError) as info, db.write("clerk") as unit:
        register_worker(unit, WorkerInput(name="王小五", id_number=YOUNG_MAN.lower()), today=TODAY)
    message = info.value.message()
    assert "王五" in message and YOUNG_MAN not in message  # masked in the message
    assert "510107********123X" in message


def test_duplicate_within_one_batch_is_refused(db: Database) -> None:
    with pytest.raises(DomainError, match="不止一次"), db.write("clerk") as unit:
        register_workers(
            unit,
            [
                WorkerInput(name="甲", id_number=YOUNG_MAN),
                WorkerInput(name="乙", id_number=YOUNG_MAN),
            ],
            today=TODAY,
        )


def test_unknown_team_trade_and_role_are_refused(db: Database) -> None:
    with pytest.raises(DomainError) as info, db.write("clerk") as unit:
        register_worker(
            unit,
            WorkerInput(
                name="甲", id_number=YOUNG_MAN, team_id="nope", trade_code="999", role="boss"
            ),
            today=TODAY,
        )
    codes = {p.code for p in info.value.problems}
    assert codes == {"worker.team_unknown", "worker.trade_unknown", "worker.role_unknown"}


def test_exit_and_reentry_are_appended(db: Database) -> None:
    with db.write("clerk") as unit:
        wid = register_worker(
            unit, WorkerInput(name="甲", id_number=YOUNG_MAN, entry_date=TODAY), today=TODAY
        ).ids[0]
        record_movement(unit, wid, "exit", date(2026, 9, 1))
        record_movement(unit, wid, "entry", date(2026, 10, 1))
    with db.read() as session:
        kinds = session.scalars(
            select(WorkerMovement.kind)
            .where(WorkerMovement.worker_id == wid)
            .order_by(WorkerMovement.stamp)
        ).all()
    assert kinds == ["entry", "exit", "entry"]


def test_on_site_follows_the_movement_dates_not_the_recording_order(db: Database) -> None:
    from app.store.info import workers_on_site

    with db.write("clerk") as unit:
        wid = register_worker(unit, WorkerInput(name="甲", id_number=YOUNG_MAN), today=TODAY).ids[0]
        record_movement(unit, wid, "exit", date(2026, 8, 20))
        record_movement(unit, wid, "entry", date(2026, 3, 1))  # a late-recorded old entry
    with db.read() as session:
        assert workers_on_site(session) == 0
    with db.write("clerk") as unit:
        record_movement(unit, wid, "entry", date(2026, 8, 25))
    with db.read() as session:
        assert workers_on_site(session) == 1
