"""The request list's filters and the monthly figures, on a data set small enough to count by
hand. The test calendar makes Monday 2026-08-31 a holiday, so time limits cross a weekend and
a holiday; "today" is Thursday 2026-09-10."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.config import DEFAULT_TZ
from app.domain.requests import EventKind, Stage, Timeliness, callback_params
from app.domain.roles import Role
from app.domain.workdays import Calendar
from app.store.database import Database
from app.store.models import Team
from app.store.request_list import (
    Progress,
    RequestFilter,
    Timing,
    list_requests,
    month_bounds,
    timing_counts,
)
from app.store.request_stats import monthly_stats, trend
from app.store.requests import RequestInput, add_request, take_step

CAL = Calendar(holidays=frozenset({date(2026, 8, 31)}))
TODAY = date(2026, 9, 10)
MAIN_LINE = (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK)


def _local(y: int, m: int, d: int, hour: int = 9, minute: int = 30) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=DEFAULT_TZ).astimezone(UTC)


def _add(db: Database, received: datetime, **kw: object) -> str:
    values: dict[str, object] = {
        "channel": "qr",
        "category_code": "living",
        "description": "宿舍空调坏了",
        "received_at": received,
    }
    values.update(kw)
    with db.write("clerk") as unit:
        return add_request(unit, RequestInput(**values), node_tag="A")  # type: ignore[arg-type]


def _steps(
    db: Database, rid: str, start: datetime, *kinds: EventKind, **params: dict[str, str]
) -> None:
    with db.write("clerk") as unit:
        for n, kind in enumerate(kinds):
            take_step(
                unit,
                rid,
                kind,
                params=params.get(kind.value),
                at=start + timedelta(minutes=n),
                role=Role.MANAGER,
            )


@pytest.fixture
def known(db: Database) -> dict[str, str]:
    """Six August requests (and two outside August) whose figures are counted in the tests."""
    with db.write("clerk") as unit:
        team = unit.journal.insert(Team, {"name": "钢筋班"})
    ids = {
        # living, 3 working days: Thu 08-27 → Fri 28, (weekend, holiday 31) → Tue 1, Wed 2
        "on_time": _add(db, _local(2026, 8, 27), team_id=team),
        "late": _add(db, _local(2026, 8, 3), category_code="wages", description="工资拖欠"),
        "urgent": _add(db, _local(2026, 8, 10), category_code="safety", urgency="urgent"),
        "rejected": _add(db, _local(2026, 8, 20), description="已起诉的工伤赔偿"),
        "extended": _add(db, _local(2026, 8, 28), channel="phone", work_point="3号斜井"),
        "last_evening": _add(db, _local(2026, 8, 31, 23, 30), channel="box"),
        "july": _add(db, _local(2026, 7, 31)),
        "september": _add(db, _local(2026, 9, 1, 0, 30)),  # 08-31 16:30 UTC
    }
    _steps(
        db,
        ids["on_time"],
        _local(2026, 9, 2, 10),
        *MAIN_LINE,
        EventKind.CLOSE,
        EventKind.CALLBACK,
        callback=callback_params("A", handler_owned=False),
    )
    _steps(
        db,
        ids["late"],
        _local(2026, 8, 25),
        *MAIN_LINE,
        EventKind.CLOSE,
        EventKind.CALLBACK,
        callback=callback_params("D", handler_owned=False),
    )
    _steps(db, ids["urgent"], _local(2026, 8, 10, 10), EventKind.ACCEPT)
    _steps(
        db, ids["rejected"], _local(2026, 8, 20, 10), EventKind.REJECT, reject={"reason": "诉讼中"}
    )
    _steps(
        db,
        ids["extended"],
        _local(2026, 8, 28, 10),
        EventKind.ACCEPT,
        EventKind.EXTEND,
        extend={"reason": "等待厂家配件", "days": "5"},
    )
    return ids


def _rows(db: Database, f: RequestFilter) -> dict[str, Timeliness]:
    with db.read() as session:
        return {r.id: r.timeliness for r in list_requests(session, f, today=TODAY, calendar=CAL)}


def test_due_dates_cross_the_weekend_the_holiday_and_extensions(
    db: Database, known: dict[str, str]
) -> None:
    with db.read() as session:
        rows = {r.id: r for r in list_requests(session, RequestFilter(), today=TODAY, calendar=CAL)}
    assert rows[known["on_time"]].due == date(2026, 9, 2)
    assert rows[known["on_time"]].timeliness is Timeliness.CLOSED_ON_TIME
    # wages, 13 working days from Mon 08-03: Tue 4 … Thu 20; closed on the 25th
    assert rows[known["late"]].due == date(2026, 8, 20)
    assert rows[known["late"]].timeliness is Timeliness.CLOSED_LATE
    assert rows[known["urgent"]].due == date(2026, 8, 10)  # urgent: the same day
    assert rows[known["urgent"]].timeliness is Timeliness.OVERDUE
    assert rows[known["rejected"]].timeliness is Timeliness.ENDED
    # Fri 08-28 + 3 → Thu 09-03 (the holiday is skipped); + 5 extended → Thu 09-10, today
    assert rows[known["extended"]].due == date(2026, 9, 10)
    assert rows[known["extended"]].timeliness is Timeliness.DUE_SOON
    # received on the holiday evening: counted from Tue 09-01 → due Fri 09-04
    assert rows[known["last_evening"]].due == date(2026, 9, 4)
    assert rows[known["last_evening"]].timeliness is Timeliness.OVERDUE
    assert rows[known["on_time"]].team == "钢筋班"
    assert rows[known["on_time"]].satisfaction == "A"


def test_filters_by_stage_time_category_channel_team_and_text(
    db: Database, known: dict[str, str]
) -> None:
    k = known
    assert set(_rows(db, RequestFilter(timing=Timing.OVERDUE))) == {
        k["urgent"],
        k["last_evening"],
        k["july"],  # living, 3 days from Fri 07-31: long overdue, never accepted
        k["september"],  # Tue 09-01 + 3 → Fri 09-04
    }
    late = set(_rows(db, RequestFilter(timing=Timing.LATE)))
    assert late == set(_rows(db, RequestFilter(timing=Timing.OVERDUE))) | {k["extended"]}
    assert set(_rows(db, RequestFilter(progress=Progress.ENDED))) == {
        k["on_time"],
        k["late"],
        k["rejected"],
    }
    assert set(_rows(db, RequestFilter(stage=Stage.ACCEPTED))) == {k["urgent"], k["extended"]}
    assert set(_rows(db, RequestFilter(category_code="wages"))) == {k["late"]}
    assert set(_rows(db, RequestFilter(channel="phone"))) == {k["extended"]}
    with db.read() as session:
        team = session.query(Team).one().id
    assert set(_rows(db, RequestFilter(team_id=team))) == {k["on_time"]}
    assert set(_rows(db, RequestFilter(text="工资"))) == {k["late"]}
    assert set(_rows(db, RequestFilter(text="斜井"))) == {k["extended"]}
    assert set(_rows(db, RequestFilter(text="100%"))) == set()  # LIKE characters are literal
    assert len(_rows(db, RequestFilter(month=date(2026, 8, 15)))) == 6


def test_months_are_local_months(db: Database, known: dict[str, str]) -> None:
    start, end = month_bounds(date(2026, 8, 15))
    assert start.astimezone(UTC) == datetime(2026, 7, 31, 16, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 8, 31, 16, 0, tzinfo=UTC)
    september = _rows(db, RequestFilter(month=date(2026, 9, 1)))
    assert set(september) == {known["september"]}


def test_monthly_figures_on_the_known_set(db: Database, known: dict[str, str]) -> None:
    with db.read() as session:
        stats = monthly_stats(session, date(2026, 8, 1), today=TODAY, calendar=CAL)
    t = stats.total
    assert (t.received, t.closed, t.closed_on_time, t.rejected, t.open, t.overdue) == (
        6,
        2,
        1,
        1,
        3,
        2,
    )
    assert t.closed_pct == pytest.approx(100 * 2 / 6)
    assert t.on_time_pct == pytest.approx(50.0)
    assert (t.called_back, t.satisfied, t.satisfaction_pct) == (2, 1, pytest.approx(50.0))
    assert t.satisfaction == {"A": 1, "B": 0, "C": 0, "D": 1}

    by_category = {g.key: g.figures for g in stats.by_category}
    assert {k: f.received for k, f in by_category.items()} == {
        "living": 4,
        "wages": 1,
        "safety": 1,
    }
    assert stats.by_category[0].key == "living" and stats.by_category[0].label == "生活保障"
    assert by_category["living"].closed_on_time == 1
    assert by_category["wages"].on_time_pct == 0.0
    assert by_category["safety"].closed_pct == 0.0
    assert {g.key: g.figures.received for g in stats.by_channel} == {"qr": 4, "phone": 1, "box": 1}
    assert {g.key: g.figures.received for g in stats.by_area} == {"二工区": 6}
    assert {g.key: g.figures.received for g in stats.by_point} == {"": 5, "3号斜井": 1}


def test_an_empty_month_has_no_percentages(db: Database) -> None:
    with db.read() as session:
        stats = monthly_stats(session, date(2026, 2, 1), today=TODAY, calendar=CAL)
    assert stats.total.received == 0
    assert stats.total.closed_pct is None and stats.total.satisfaction_pct is None
    assert stats.by_category == []


def test_trend_counts_each_month_once(db: Database, known: dict[str, str]) -> None:
    with db.read() as session:
        months = trend(session, date(2026, 9, 30), 3, today=TODAY, calendar=CAL)
    assert [(m, f.received) for m, f in months] == [
        (date(2026, 7, 1), 1),
        (date(2026, 8, 1), 6),
        (date(2026, 9, 1), 1),
    ]


def test_the_reminder_counts_open_requests_by_time(db: Database, known: dict[str, str]) -> None:
    with db.read() as session:
        counts = timing_counts(session, today=TODAY, calendar=CAL)
    assert counts[Timeliness.OVERDUE] == 4
    assert counts[Timeliness.DUE_SOON] == 1
    assert counts[Timeliness.CLOSED_ON_TIME] == 0
