from __future__ import annotations

from datetime import date

import pytest

from app.domain.problems import DomainError
from app.domain.roles import Role
from app.store import settings
from app.store.audit import entries
from app.store.database import Database
from app.store.users import Actor

MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)
CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)


def test_defaults_until_someone_changes_them(db: Database) -> None:
    values = {d.key: v for d, v in settings.all_values(db)}
    assert values["retention.worker_ledger"] == 3
    assert values["works.settled_on"] is None
    assert values["photos.leave_site"] is False


def test_a_manager_changes_a_setting_and_the_audit_log_says_from_what_to_what(
    db: Database,
) -> None:
    with db.write(MANAGER.username) as unit:
        assert settings.change(unit, MANAGER, "retention.requests", " 5 ") == 5
        assert settings.change(unit, MANAGER, "works.settled_on", "2027-06-30") == date(2027, 6, 30)
        assert settings.change(unit, MANAGER, "photos.leave_site", "是") is True
    assert settings.get(db, "retention.requests") == 5
    assert settings.get(db, "photos.leave_site") is True
    details = [e.detail for e in entries(db, db.require_vault(), action="update")]
    assert "retention.requests: 3 → 5" in details
    assert "photos.leave_site: false → true" in details


def test_a_clerk_may_not_change_settings(db: Database) -> None:
    with pytest.raises(DomainError) as caught, db.write(CLERK.username) as unit:
        settings.change(unit, CLERK, "retention.requests", "1")
    assert "无权" in caught.value.message("zh") or "权限" in caught.value.message("zh")
    assert settings.get(db, "retention.requests") == 3


@pytest.mark.parametrize(
    ("key", "text", "says"),
    [
        ("retention.requests", "三年", "1 至 100"),
        ("retention.requests", "0", "1 至 100"),
        ("retention.requests", "-2", "1 至 100"),
        ("works.settled_on", "2027/06/30", "2026-08-26"),
        ("photos.leave_site", "maybe", "“是”或“否”"),
        ("no.such.key", "1", "没有名为"),
    ],
)
def test_bad_values_are_refused_with_a_reason_and_nothing_changes(
    db: Database, key: str, text: str, says: str
) -> None:
    with pytest.raises(DomainError) as caught, db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, key, text)
    assert says in caught.value.message("zh")
    assert settings.get(db, "retention.requests") == 3


def test_an_empty_date_means_not_set(db: Database) -> None:
    with db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, "works.settled_on", "2027-06-30")
        assert settings.change(unit, MANAGER, "works.settled_on", "") is None
    assert settings.get(db, "works.settled_on") is None


def test_the_holiday_calendar_is_a_setting_that_time_limits_count_in(db: Database) -> None:
    assert settings.calendar(db).covers(2026)
    assert date(2026, 10, 10) in settings.calendar(db).workdays_extra
    with db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, "calendar.holidays", "2027-01-01, 2027-02-06~2027-02-12")
        settings.change(unit, MANAGER, "calendar.workdays", "")
    cal = settings.calendar(db)
    assert cal.covers(2027) and not cal.covers(2026)
    assert len(cal.holidays) == 8 and cal.workdays_extra == frozenset()
    assert settings.display(cal.workdays_extra) == "无"
    details = [e.detail for e in entries(db, db.require_vault(), action="update")]
    assert any(d.endswith("→ 2027-01-01, 2027-02-06~2027-02-12") for d in details)


def test_a_mistyped_holiday_list_is_refused_and_the_old_one_kept(db: Database) -> None:
    with pytest.raises(DomainError) as caught, db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, "calendar.holidays", "2027-01-01, 2027年春节")
    assert "2026-10-01~2026-10-07" in caught.value.message("zh")
    assert settings.calendar(db).covers(2026)


def test_the_form_address_is_a_checked_url(db: Database) -> None:
    assert settings.get(db, "form.base_url") == ""
    assert settings.display(settings.get(db, "form.base_url")) == "未设置"
    with db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, "form.base_url", " https://hq.example.cn/ ")
    assert settings.get(db, "form.base_url") == "https://hq.example.cn"
    for wrong in ("hq example", "http://hq.example.cn"):  # plain http would carry phones open
        with pytest.raises(DomainError, match="https://"), db.write(MANAGER.username) as unit:
            settings.change(unit, MANAGER, "form.base_url", wrong)
