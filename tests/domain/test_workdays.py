from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.workdays import (
    CN_2026,
    CN_2026_HOLIDAYS,
    CN_2026_WORKDAYS_EXTRA,
    add_working_days,
    due_date,
    format_dates,
    is_working_day,
    next_working_day,
    parse_dates,
    working_days_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
H = CN_2026_HOLIDAYS
X = CN_2026_WORKDAYS_EXTRA
NONE: frozenset[date] = frozenset()


def test_2026_calendar_matches_the_notice() -> None:
    assert len(H) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert {date(2026, 1, 1), date(2026, 2, 15), date(2026, 2, 23), date(2026, 10, 7)} <= H
    assert date(2026, 2, 24) not in H
    assert {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    } == CN_2026_WORKDAYS_EXTRA
    # every 调休 working day is a weekend day and not a holiday
    assert all(d.weekday() >= 5 for d in X)
    assert not (X & H)


def test_is_working_day() -> None:
    assert is_working_day(date(2026, 3, 6), H, X)  # Friday
    assert not is_working_day(date(2026, 3, 7), H, X)  # Saturday
    assert not is_working_day(date(2026, 10, 1), H, X)  # 国庆, Thursday
    assert is_working_day(date(2026, 1, 4), H, X)  # 调休 Sunday
    assert not is_working_day(date(2026, 1, 4), H)  # without the 调休 list it is a Sunday
    assert not is_working_day(date(2026, 5, 1), H, X)  # 劳动节, Friday


def test_zero_days_is_the_start() -> None:
    assert add_working_days(date(2026, 3, 7), 0, H, X) == date(2026, 3, 7)


def test_across_a_weekend() -> None:
    assert add_working_days(date(2026, 3, 6), 1, H, X) == date(2026, 3, 9)  # Fri -> Mon
    assert add_working_days(date(2026, 3, 5), 3, H, X) == date(2026, 3, 10)  # Thu -> Tue
    assert add_working_days(date(2026, 3, 7), 1, H, X) == date(2026, 3, 9)  # Sat -> Mon
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9), H, X) == 1


def test_across_a_holiday() -> None:
    # 国庆: Oct 1-7 off, Saturday Oct 10 worked.
    assert add_working_days(date(2026, 9, 30), 1, H, X) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 3, H, X) == date(2026, 10, 10)
    assert add_working_days(date(2026, 9, 30), 4, H, X) == date(2026, 10, 12)
    # 春节: Saturday Feb 14 worked, Feb 15-23 off.
    assert add_working_days(date(2026, 2, 13), 1, H, X) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1, H, X) == date(2026, 2, 24)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24), H, X) == 2
    # 元旦: Jan 1-3 off, Sunday Jan 4 worked.
    assert add_working_days(date(2025, 12, 31), 1, H, X) == date(2026, 1, 4)


def test_13_working_days_over_labour_day() -> None:
    # Apr 30 (Thu) + 13: May 6, 7, 8, 9(Sat, 调休), 11, 12, 13, 14, 15, 18, 19, 20, 21
    assert add_working_days(date(2026, 4, 30), 13, H, X) == date(2026, 5, 21)


def test_negative_days_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 6), -1, H, X)


def test_between_is_antisymmetric() -> None:
    a, b = date(2026, 9, 28), date(2026, 10, 12)
    assert working_days_between(a, b, H, X) == 6  # Sep 29, 30, Oct 8, 9, 10 (调休), 12
    assert working_days_between(b, a, H, X) == -6
    assert working_days_between(a, a, H, X) == 0


@given(
    start=st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=40),
)
def test_between_inverts_add(start: date, days: int) -> None:
    end = add_working_days(start, days, H, X)
    assert working_days_between(start, end, H, X) == days
    if days:
        assert is_working_day(end, H, X)
        assert end == next_working_day(add_working_days(start, days - 1, H, X), H, X)


class TestDueDate:
    def test_zero_is_the_local_day_even_on_a_sunday(self) -> None:
        # 17:00 UTC Saturday is 01:00 Sunday in Beijing.
        received = datetime(2026, 3, 7, 17, 0, tzinfo=UTC)
        assert due_date(received, 0, SHANGHAI, H, X) == date(2026, 3, 8)

    def test_local_day_not_utc_day(self) -> None:
        # Thursday 20:00 UTC is Friday 04:00 in Beijing: counted from Friday.
        received = datetime(2026, 3, 5, 20, 0, tzinfo=UTC)
        assert due_date(received, 1, SHANGHAI, H, X) == date(2026, 3, 9)
        assert due_date(received, 1, ZoneInfo("UTC"), H, X) == date(2026, 3, 6)

    def test_weekday_receipt_is_not_counted(self) -> None:
        received = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)  # Monday 10:00 Beijing
        assert due_date(received, 3, SHANGHAI, H, X) == date(2026, 3, 12)  # Thursday

    def test_weekend_receipt_counts_from_next_working_day(self) -> None:
        saturday = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)
        monday = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)
        assert due_date(saturday, 3, SHANGHAI, H, X) == date(2026, 3, 12)
        assert due_date(saturday, 3, SHANGHAI, H, X) == due_date(monday, 3, SHANGHAI, H, X)

    def test_holiday_receipt(self) -> None:
        received = datetime(2026, 10, 3, 2, 0, tzinfo=UTC)  # 国庆
        # treated as received Oct 8; then Oct 9, Oct 10 (调休 Saturday), Oct 12
        assert due_date(received, 3, SHANGHAI, H, X) == date(2026, 10, 12)

    def test_across_spring_festival(self) -> None:
        received = datetime(2026, 2, 12, 2, 0, tzinfo=UTC)  # Thursday
        # Feb 13, Feb 14 (调休 Saturday), Feb 24
        assert due_date(received, 3, SHANGHAI, H, X) == date(2026, 2, 24)

    def test_naive_and_negative_refused(self) -> None:
        with pytest.raises(ValueError):
            due_date(datetime(2026, 3, 9, 10, 0), 3, SHANGHAI, H, X)
        with pytest.raises(ValueError):
            due_date(datetime(2026, 3, 9, 10, 0, tzinfo=UTC), -1, SHANGHAI, H, X)

    def test_without_calendar_only_weekends(self) -> None:
        received = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)
        assert due_date(received, 1, SHANGHAI, NONE) == date(2026, 10, 1)


class TestCalendarText:
    def test_runs_of_days_are_written_as_ranges_and_read_back(self) -> None:
        text = format_dates(CN_2026_HOLIDAYS)
        assert text.startswith("2026-01-01~2026-01-03, 2026-02-15~2026-02-23")
        assert parse_dates(text) == CN_2026_HOLIDAYS

    def test_a_clerk_may_type_chinese_separators(self) -> None:
        assert parse_dates("2026-10-01 至 2026-10-03，2026-12-25；\n2027-01-01") == frozenset(
            {
                date(2026, 10, 1),
                date(2026, 10, 2),
                date(2026, 10, 3),
                date(2026, 12, 25),
                date(2027, 1, 1),
            }
        )
        assert parse_dates("") == frozenset()

    @pytest.mark.parametrize(
        "text",
        ["2026-13-01", "10月1日", "2026-10-07~2026-10-01", "2026-01-01~2027-01-01", "1~2~3"],
    )
    def test_nonsense_is_refused(self, text: str) -> None:
        assert parse_dates(text) is None

    def test_the_calendar_knows_which_years_it_covers(self) -> None:
        assert CN_2026.covers(2026) and not CN_2026.covers(2027)
        received = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
        assert CN_2026.due(received, 3, SHANGHAI) == date(2026, 10, 10)  # a worked Saturday
