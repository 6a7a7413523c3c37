"""Monthly request figures (月度诉求统计): received, closed, on time, satisfaction.

The figures are those of the month's intake: every request received in the month, counted
by where it stands now. So a report for August printed in September shows how August's
requests ended, and the figures for a month grow no new rows after it ends.

* closed % — closed requests over received ones (rejected and merged ones are neither);
* on time % — closed on or before the due date (extensions included) over closed ones;
* satisfaction % — latest call-back A 非常满意, B 满意 or C 基本满意 over requests called
  back (the usual 12345 reading; D 不满意 is the only unsatisfied answer).

Groups: by category, by channel, by work area (site) and by 工点 within it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.requests import SATISFACTION_LABELS, Stage, Timeliness
from app.domain.workdays import Calendar
from app.store.request_list import RequestFilter, RequestRow, list_requests

SATISFIED = frozenset({"A", "B", "C"})


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def pct_text(value: float | None) -> str:
    """A percentage as printed and shown: one decimal, or a dash when there is nothing to count."""
    return "—" if value is None else f"{value:.1f}%"


def recent_months(today: date, count: int) -> list[date]:
    """The first days of the ``count`` months up to the one holding ``today``, newest first."""
    out: list[date] = []
    year, month = today.year, today.month
    for _ in range(count):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


@dataclass(frozen=True)
class Figures:
    received: int = 0
    closed: int = 0
    closed_on_time: int = 0
    rejected: int = 0  # 不予受理
    merged: int = 0
    open: int = 0
    overdue: int = 0  # open and past the due date
    called_back: int = 0
    satisfied: int = 0
    satisfaction: dict[str, int] = field(default_factory=dict)  # A/B/C/D → requests

    @property
    def closed_pct(self) -> float | None:
        return _pct(self.closed, self.received)

    @property
    def on_time_pct(self) -> float | None:
        return _pct(self.closed_on_time, self.closed)

    @property
    def satisfaction_pct(self) -> float | None:
        return _pct(self.satisfied, self.called_back)


def figures(rows: Iterable[RequestRow]) -> Figures:
    received = closed = on_time = rejected = merged = open_ = overdue = 0
    grades = dict.fromkeys(SATISFACTION_LABELS, 0)
    for r in rows:
        received += 1
        if r.stage is Stage.CLOSED:
            closed += 1
            on_time += r.timeliness is Timeliness.CLOSED_ON_TIME
        elif r.stage is Stage.REJECTED:
            rejected += 1
        elif r.stage is Stage.MERGED:
            merged += 1
        else:
            open_ += 1
            overdue += r.timeliness is Timeliness.OVERDUE
        if r.satisfaction in grades:
            grades[r.satisfaction] += 1
    called = sum(grades.values())
    return Figures(
        received=received,
        closed=closed,
        closed_on_time=on_time,
        rejected=rejected,
        merged=merged,
        open=open_,
        overdue=overdue,
        called_back=called,
        satisfied=sum(n for g, n in grades.items() if g in SATISFIED),
        satisfaction=grades,
    )


@dataclass(frozen=True)
class Group:
    key: str  # a code (category, channel), a site name or a 工点; "" for none given
    label: str  # the stored Chinese name where there is one, else the key
    figures: Figures


@dataclass(frozen=True)
class MonthlyStats:
    month: date  # the first day
    total: Figures
    by_category: list[Group]
    by_channel: list[Group]
    by_area: list[Group]
    by_point: list[Group]


def _groups(
    rows: list[RequestRow], key: Callable[[RequestRow], tuple[str, str]], order: list[str]
) -> list[Group]:
    """Groups in the given order of keys first, the rest by size; empty groups left out."""
    buckets: dict[str, list[RequestRow]] = {}
    labels: dict[str, str] = {}
    for r in rows:
        k, text = key(r)
        buckets.setdefault(k, []).append(r)
        labels[k] = text
    rank = {k: i for i, k in enumerate(order)}
    keys = sorted(buckets, key=lambda k: (rank.get(k, len(rank)), -len(buckets[k]), k))
    return [Group(k, labels[k], figures(buckets[k])) for k in keys]


def monthly_stats(
    session: Session,
    month: date,
    *,
    today: date,
    calendar: Calendar,
    site_id: str | None = None,
    tz: ZoneInfo = DEFAULT_TZ,
    category_order: list[str] | None = None,
) -> MonthlyStats:
    rows = list_requests(
        session,
        RequestFilter(month=month, site_id=site_id),
        today=today,
        calendar=calendar,
        tz=tz,
    )
    return MonthlyStats(
        month=month.replace(day=1),
        total=figures(rows),
        by_category=_groups(rows, lambda r: (r.category_code, r.category), category_order or []),
        by_channel=_groups(rows, lambda r: (r.channel, r.channel), []),
        by_area=_groups(rows, lambda r: (r.site, r.site), []),
        by_point=_groups(rows, lambda r: (r.work_point, r.work_point), []),
    )


def trend(
    session: Session,
    last: date,
    months: int,
    *,
    today: date,
    calendar: Calendar,
    site_id: str | None = None,
    tz: ZoneInfo = DEFAULT_TZ,
) -> list[tuple[date, Figures]]:
    """Figures of ``months`` months ending with the one holding ``last``, oldest first."""
    out: list[tuple[date, Figures]] = []
    for first in reversed(recent_months(last, months)):
        rows = list_requests(
            session,
            RequestFilter(month=first, site_id=site_id),
            today=today,
            calendar=calendar,
            tz=tz,
        )
        out.append((first, figures(rows)))
    return out
