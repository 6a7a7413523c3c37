"""Working-day arithmetic for request time limits (办理时限), with Chinese 调休.

China moves weekend days around public holidays: some weekdays are holidays and some weekend
dates are working days (调休上班). Both lists come from settings; the 2026 lists below are only
a default that the settings can replace.

Counting follows the usual rule for periods (民法典 第二百零一条): the day a request arrives is
not counted, counting starts the next working day. A request that arrives on a non-working day
is treated as arriving on the next working day, so one received on Sunday has the same due
date as one received on Monday. A limit of 0 working days (urgent) means the local calendar day
the request arrived, even if that is a holiday: urgent matters do not wait for Monday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_ONE_DAY = timedelta(days=1)


def _span(first: date, last: date) -> frozenset[date]:
    """Every date from first to last, both included."""
    return frozenset(first + timedelta(days=i) for i in range((last - first).days + 1))


# DEFAULT calendar for 2026, replaceable in settings. Copied from the State Council General
# Office notice on the 2026 public holidays (国务院办公厅关于2026年部分节假日安排的通知); that
# official notice is the authority — if it and this list ever differ, the notice is right.
_CN_2026_HOLIDAY_RANGES: tuple[tuple[str, date, date], ...] = (
    ("元旦", date(2026, 1, 1), date(2026, 1, 3)),
    ("春节", date(2026, 2, 15), date(2026, 2, 23)),
    ("清明节", date(2026, 4, 4), date(2026, 4, 6)),
    ("劳动节", date(2026, 5, 1), date(2026, 5, 5)),
    ("端午节", date(2026, 6, 19), date(2026, 6, 21)),
    ("中秋节", date(2026, 9, 25), date(2026, 9, 27)),
    ("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
)
CN_2026_HOLIDAYS: frozenset[date] = frozenset(
    day for _name, first, last in _CN_2026_HOLIDAY_RANGES for day in _span(first, last)
)

# Weekend dates that are working days in 2026 (调休上班), same source and same caveat.
CN_2026_WORKDAYS_EXTRA: frozenset[date] = frozenset(
    {
        date(2026, 1, 4),  # 元旦 调休 (Sunday)
        date(2026, 2, 14),  # 春节 调休 (Saturday)
        date(2026, 2, 28),  # 春节 调休 (Saturday)
        date(2026, 5, 9),  # 劳动节 调休 (Saturday)
        date(2026, 9, 20),  # 国庆节 调休 (Sunday)
        date(2026, 10, 10),  # 国庆节 调休 (Saturday)
    }
)


def is_working_day(
    day: date, holidays: frozenset[date], workdays_extra: frozenset[date] = frozenset()
) -> bool:
    """Monday to Friday unless a holiday; a listed 调休 working day always counts as working."""
    if day in workdays_extra:
        return True
    if day in holidays:
        return False
    return day.weekday() < 5


def next_working_day(
    day: date, holidays: frozenset[date], workdays_extra: frozenset[date] = frozenset()
) -> date:
    """The first working day strictly after ``day``."""
    day += _ONE_DAY
    while not is_working_day(day, holidays, workdays_extra):
        day += _ONE_DAY
    return day


def add_working_days(
    start: date,
    days: int,
    holidays: frozenset[date],
    workdays_extra: frozenset[date] = frozenset(),
) -> date:
    """The date ``days`` working days after ``start``; ``start`` itself is not counted.

    0 returns ``start`` unchanged. A result is always a working day when ``days`` > 0.
    """
    if days < 0:
        raise ValueError(f"days must not be negative: {days}")
    day = start
    for _ in range(days):
        day = next_working_day(day, holidays, workdays_extra)
    return day


def working_days_between(
    a: date,
    b: date,
    holidays: frozenset[date],
    workdays_extra: frozenset[date] = frozenset(),
) -> int:
    """Working days d with a < d <= b; negative when b is before a.

    The inverse of :func:`add_working_days`: ``working_days_between(s, add_working_days(s, n))``
    is ``n``.
    """
    if b < a:
        return -working_days_between(b, a, holidays, workdays_extra)
    count = 0
    day = a + _ONE_DAY
    while day <= b:
        if is_working_day(day, holidays, workdays_extra):
            count += 1
        day += _ONE_DAY
    return count


def due_date(
    received: datetime,
    limit_days: int,
    tz: ZoneInfo,
    holidays: frozenset[date],
    workdays_extra: frozenset[date] = frozenset(),
) -> date:
    """The last local day on which a request received at ``received`` is still on time.

    ``limit_days`` 0 is the local day of receipt. Otherwise a receipt on a non-working day
    counts as a receipt on the next working day, and the limit runs from the day after.
    """
    if received.tzinfo is None or received.utcoffset() is None:
        raise ValueError("received must be timezone-aware")
    if limit_days < 0:
        raise ValueError(f"limit_days must not be negative: {limit_days}")
    local_day = received.astimezone(tz).date()
    if limit_days == 0:
        return local_day
    if not is_working_day(local_day, holidays, workdays_extra):
        local_day = next_working_day(local_day, holidays, workdays_extra)
    return add_working_days(local_day, limit_days, holidays, workdays_extra)


@dataclass(frozen=True)
class Calendar:
    """The working-day calendar of one node: holidays and 调休 working days (from settings)."""

    holidays: frozenset[date] = frozenset()
    workdays_extra: frozenset[date] = frozenset()

    def due(self, received: datetime, limit_days: int, tz: ZoneInfo) -> date:
        return due_date(received, limit_days, tz, self.holidays, self.workdays_extra)

    def working_days_between(self, a: date, b: date) -> int:
        return working_days_between(a, b, self.holidays, self.workdays_extra)

    def covers(self, year: int) -> bool:
        """Does the calendar list any holiday in ``year``? (China publishes each year's list.)"""
        return any(day.year == year for day in self.holidays)


CN_2026 = Calendar(CN_2026_HOLIDAYS, CN_2026_WORKDAYS_EXTRA)


def format_dates(days: frozenset[date]) -> str:
    """Dates as a person types them: runs of consecutive days as ``2026-10-01~2026-10-07``."""
    out: list[str] = []
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] - ordered[j] == _ONE_DAY:
            j += 1
        first, last = ordered[i], ordered[j]
        out.append(first.isoformat() if i == j else f"{first.isoformat()}~{last.isoformat()}")
        i = j + 1
    return ", ".join(out)


_SEPARATORS = re.compile(r"[\s,，;；、]+")
_RANGE = re.compile(r"\s*(?:~|～|至|到|\.\.)\s*")
MAX_RANGE_DAYS = 31  # a longer holiday is a typing mistake (2026-01-01~2027-01-01)


def parse_dates(text: str) -> frozenset[date] | None:
    """The inverse of :func:`format_dates`; None when any part is not a date or a sane range.

    Accepts commas (also Chinese ones), semicolons or line breaks between parts, and ``~``,
    ``～``, ``至`` or ``..`` inside a range.
    """
    days: set[date] = set()
    for part in _SEPARATORS.split(_RANGE.sub("~", text.strip())):
        if not part:
            continue
        ends = part.split("~")
        try:
            if len(ends) == 1:
                days.add(date.fromisoformat(ends[0]))
                continue
            if len(ends) != 2:
                return None
            first, last = date.fromisoformat(ends[0]), date.fromisoformat(ends[1])
        except ValueError:
            return None
        if not timedelta(0) <= last - first < timedelta(days=MAX_RANGE_DAYS):
            return None
        days |= _span(first, last)
    return frozenset(days)
