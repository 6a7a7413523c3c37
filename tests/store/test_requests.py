from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.problems import DomainError
from app.domain.requests import EventKind, Stage
from app.domain.roles import Role
from app.store.database import Database
from app.store.requests import (
    RequestInput,
    add_request,
    find_request,
    stage_counts,
    state_of,
    take_step,
)

WHEN = datetime(2026, 8, 26, 1, 30, tzinfo=UTC)  # 09:30 in Beijing


def _add(db: Database, **kw: object) -> str:
    values: dict[str, object] = {
        "channel": "qr",
        "category_code": "living",
        "description": "需要防暑降温物品",
        "received_at": WHEN,
    }
    values.update(kw)
    with db.write("clerk") as unit:
        return add_request(unit, RequestInput(**values), node_tag="A")  # type: ignore[arg-type]


def test_numbers_are_readable_and_count_per_day(db: Database) -> None:
    first, second = _add(db), _add(db)
    with db.read() as session:
        a, b = find_request(session, first), find_request(session, second)
        assert a is not None and b is not None
        assert (a.number, b.number) == ("GQ2-20260826-A001", "GQ2-20260826-A002")
        assert find_request(session, "GQ2-20260826-A002") is not None
        assert a.limit_days == 3


def test_urgent_requests_are_due_the_same_day(db: Database) -> None:
    rid = _add(db, urgency="urgent")
    with db.read() as session:
        request = find_request(session, rid)
        assert request is not None and request.limit_days == 0


def test_bad_intake_is_refused_with_every_reason(db: Database) -> None:
    with pytest.raises(DomainError) as info:
        _add(db, description="  ", category_code="nope", channel="fax", contact_phone="123")
    codes = {p.code for p in info.value.problems}
    assert codes == {
        "intake.description_required",
        "intake.category_unknown",
        "intake.channel_unknown",
        "phone.invalid",
    }


def test_steps_derive_the_stage_and_illegal_steps_are_refused(db: Database) -> None:
    rid = _add(db)
    with db.write("clerk") as unit:
        take_step(unit, rid, EventKind.ACCEPT, note="已受理")
        take_step(unit, rid, EventKind.VERIFY)
        with pytest.raises(DomainError):
            take_step(unit, rid, EventKind.CLOSE)
        with pytest.raises(DomainError):
            take_step(unit, rid, EventKind.REJECT)  # a reason is required
    with db.read() as session:
        assert state_of(session, rid).stage is Stage.VERIFYING
        assert stage_counts(session)[Stage.VERIFYING] == 1


def test_unknown_request_is_refused(db: Database) -> None:
    with pytest.raises(DomainError, match="找不到"), db.write("clerk") as unit:
        take_step(unit, "missing", EventKind.ACCEPT)


def test_extending_and_reopening_need_a_manager(db: Database) -> None:
    rid = _add(db)
    extend = {"reason": "等待配件", "days": "2"}
    with db.write("clerk") as unit:
        take_step(unit, rid, EventKind.ACCEPT)
        with pytest.raises(DomainError, match="无权"):
            take_step(unit, rid, EventKind.EXTEND, params=extend)
        take_step(unit, rid, EventKind.REJECT, params={"reason": "不属于受理范围"})
        with pytest.raises(DomainError, match="批准诉求延期或重新办理"):
            take_step(unit, rid, EventKind.REOPEN, params={"reason": "属于受理范围"})
    with db.write("manager") as unit:
        take_step(unit, rid, EventKind.REOPEN, params={"reason": "属于"}, role=Role.MANAGER)
        take_step(unit, rid, EventKind.EXTEND, params=extend, role=Role.MANAGER)
    with db.read() as session:
        state = state_of(session, rid)
    assert (state.stage, state.extended_days, state.reopen_count) == (Stage.ACCEPTED, 2, 1)


def test_an_anonymous_request_keeps_no_name_and_no_phone(db: Database) -> None:
    rid = _add(db, anonymous=True, contact_name="王师傅", contact_phone="13800138000")
    with db.read() as session:
        request = find_request(session, rid)
        assert request is not None and request.anonymous
        assert (request.contact_name, request.contact_phone, request.contact_phone_masked) == (
            "",
            "",
            "",
        )
