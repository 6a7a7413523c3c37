"""The request list: due dates across a weekend and a holiday, where each request stands on
time, and the filters, on the hand-counted month of tests/store/requests_data.py."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.domain.requests import Stage, Timeliness
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
from tests.store.requests_data import CAL, TODAY


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


def test_the_reminder_counts_open_requests_by_time(db: Database, known: dict[str, str]) -> None:
    with db.read() as session:
        counts = timing_counts(session, today=TODAY, calendar=CAL)
    assert counts[Timeliness.OVERDUE] == 4
    assert counts[Timeliness.DUE_SOON] == 1
    assert counts[Timeliness.CLOSED_ON_TIME] == 0


FILTERS = (
    RequestFilter(),
    RequestFilter(progress=Progress.OPEN),
    RequestFilter(progress=Progress.ENDED),
    RequestFilter(stage=Stage.ACCEPTED),
    RequestFilter(timing=Timing.OVERDUE),
    RequestFilter(timing=Timing.LATE),
    RequestFilter(progress=Progress.OPEN, category_code="living"),
)


def _ids(db: Database, f: RequestFilter, today: date = TODAY, **kwargs: object) -> list[str]:
    with db.read() as session:
        rows = list_requests(session, f, today=today, calendar=CAL, **kwargs)  # type: ignore[arg-type]
    return [r.id for r in rows]


def test_the_kept_stages_narrow_the_list_to_exactly_what_the_fold_finds(
    db: Database, known: dict[str, str]
) -> None:
    """HQ's list narrows stage and time in SQL by the derived states; the rows, and their
    order, are those of the full fold — and a cut at ``limit`` keeps the newest."""
    from app.store import request_state

    request_state.refresh(db)
    assert not request_state.stale(db)
    for f in FILTERS:
        whole = _ids(db, f)
        assert _ids(db, f, derived=True) == whole, f
        cut = _ids(db, f, derived=True, limit=2)
        assert cut[:3] == whole[:3] and (len(cut) > 2) == (len(whole) > 2), f
    everything = _ids(db, RequestFilter())
    assert len(everything) > 4
    assert _ids(db, RequestFilter(), limit=3) == everything[:4]  # one more says "more"
    assert (
        _ids(db, RequestFilter(progress=Progress.OPEN), derived=True, limit=1)
        == [i for i in _ids(db, RequestFilter(progress=Progress.OPEN))][:2]
    )
    # time as the calendar makes it, on other days too: the day before the extended
    # request's due date (due soon: one working day left), a weekend, weeks before
    for day in (date(2026, 9, 9), date(2026, 9, 5), date(2026, 8, 24), date(2026, 8, 10)):
        for f in (RequestFilter(timing=Timing.OVERDUE), RequestFilter(timing=Timing.LATE)):
            whole = _ids(db, f, day)
            assert _ids(db, f, day, derived=True) == whole, (day, f)
            cut = _ids(db, f, day, derived=True, limit=1)
            assert cut[:2] == whole[:2] and (len(cut) > 1) == (len(whole) > 1), (day, f)
    # a stage filter without up-to-date states folds everything, then cuts nothing away
    assert _ids(db, RequestFilter(progress=Progress.ENDED), limit=1) == _ids(
        db, RequestFilter(progress=Progress.ENDED)
    )
