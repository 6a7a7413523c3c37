"""The request list: every request with its derived stage and where it stands on time.

Stage and due date are derived from the events (app.domain.requests), never stored, so the
list reads the requests that pass the SQL filters (category, channel, team, site, month,
text) and all their events in two queries, then folds each request's events in Python.
A site holds a few thousand requests over its life; that fold is a few milliseconds per
thousand. Stage and time filters apply after the fold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select, tuple_
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.requests import (
    DUE_SOON_DAYS,
    ENDED_STAGES,
    OPEN_STAGES,
    RequestState,
    Stage,
    Timeliness,
    derive_state,
    due_of,
    timeliness,
)
from app.domain.workdays import Calendar
from app.store.models import DerivedRequestState, Request, RequestCategory, Site, Team, Worker
from app.store.requests import events_by_request


class Progress(StrEnum):
    """The stage filter's broad choices; a single Stage may be chosen instead."""

    ALL = "all"
    OPEN = "open"
    ENDED = "ended"


class Timing(StrEnum):
    ALL = "all"
    LATE = "late"  # overdue, or due today / the next working day
    OVERDUE = "overdue"


@dataclass(frozen=True)
class RequestFilter:
    text: str = ""  # number, title, description, contact name or 工点
    progress: Progress = Progress.ALL
    stage: Stage | None = None  # when set, wins over progress
    category_code: str | None = None
    channel: str | None = None
    team_id: str | None = None
    site_id: str | None = None
    month: date | None = None  # any day of the month the request was received in
    timing: Timing = Timing.ALL


@dataclass(frozen=True)
class RequestRow:
    id: str
    number: str
    received_at: datetime
    channel: str
    category_code: str
    category: str  # its stored Chinese name
    urgency: str
    summary: str  # title, or the first words of the description
    who: str  # the worker's or contact's name; "" when anonymous
    anonymous: bool
    phone_masked: str
    team: str
    work_point: str
    site: str
    stage: Stage
    due: date
    timeliness: Timeliness
    satisfaction: str | None
    state: RequestState


def month_bounds(month: date, tz: ZoneInfo = DEFAULT_TZ) -> tuple[datetime, datetime]:
    """The month holding ``month`` as [start, end) instants of local time."""
    first = month.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    return (
        datetime.combine(first, time(), tzinfo=tz),
        datetime.combine(after, time(), tzinfo=tz),
    )


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(query: Select[Any], f: RequestFilter, tz: ZoneInfo) -> Select[Any]:
    query = query.where(Request.deleted.is_(False))
    text = f.text.strip()
    if text:
        like = f"%{_escape(text)}%"
        query = query.where(
            or_(
                *(
                    column.like(like, escape="\\")
                    for column in (
                        Request.number,
                        Request.title,
                        Request.description,
                        Request.contact_name,
                        Request.work_point,
                    )
                )
            )
        )
    if f.category_code:
        query = query.where(Request.category_code == f.category_code)
    if f.channel:
        query = query.where(Request.channel == f.channel)
    if f.team_id:
        worker_ids = select(Worker.id).where(Worker.team_id == f.team_id)
        query = query.where(
            or_(
                Request.team_id == f.team_id,
                Request.team_id.is_(None) & Request.worker_id.in_(worker_ids),
            )
        )
    if f.site_id:
        query = query.where(Request.site_id == f.site_id)
    if f.month is not None:
        start, end = month_bounds(f.month, tz)
        query = query.where(Request.received_at >= start, Request.received_at < end)
    return query


def _keep(f: RequestFilter, stage: Stage, when: Timeliness) -> bool:
    wanted = {
        Progress.ALL: frozenset(Stage),
        Progress.OPEN: OPEN_STAGES,
        Progress.ENDED: ENDED_STAGES,
    }[f.progress]
    if stage not in ({f.stage} if f.stage is not None else wanted):
        return False
    if f.timing is Timing.OVERDUE:
        return when is Timeliness.OVERDUE
    if f.timing is Timing.LATE:
        return when in (Timeliness.OVERDUE, Timeliness.DUE_SOON)
    return True


def list_requests(
    session: Session,
    f: RequestFilter,
    *,
    today: date,
    calendar: Calendar,
    tz: ZoneInfo = DEFAULT_TZ,
    limit: int | None = None,
    derived: bool = False,
) -> list[RequestRow]:
    """Matching requests, newest first.

    ``limit``: the caller shows this many; one more row says there are more. The query is cut
    there when SQL decides every row: with no stage or time filter, or with ``derived`` —
    the derived states up to date (app.store.request_state; the caller checks) decide
    stage and time in SQL, so only the rows shown are folded. That keeps HQ's list of a
    whole project's requests quick."""
    worker = Worker.__table__.alias("w")
    team = Team.__table__.alias("t")
    worker_team = Team.__table__.alias("wt")
    query = (
        select(
            Request,
            RequestCategory.name,
            worker.c.name,
            team.c.name,
            worker_team.c.name,
            Site.code,
            Site.name,
        )
        .outerjoin(
            RequestCategory,
            (RequestCategory.code == Request.category_code) & RequestCategory.deleted.is_(False),
        )
        .outerjoin(worker, worker.c.id == Request.worker_id)
        .outerjoin(team, team.c.id == Request.team_id)
        .outerjoin(worker_team, worker_team.c.id == worker.c.team_id)
        .outerjoin(Site, Site.id == Request.site_id)
        .order_by(Request.received_at.desc(), Request.number.desc())
    )
    query = _where(query, f, tz)
    folded_filter = f.stage is not None or f.progress is not Progress.ALL
    folded_filter = folded_filter or f.timing is not Timing.ALL
    exact = not folded_filter
    if derived and folded_filter:
        narrowed, exact = _derived_ids(session, f, today, calendar, tz)
        query = query.where(Request.id.in_(narrowed))
    if limit is not None and exact:  # a cut in SQL only where SQL decides every row
        query = query.limit(limit + 1)
    found = session.execute(query).all()
    events = events_by_request(session, [r[0].id for r in found])
    rows: list[RequestRow] = []
    for req, category, worker_name, team_name, worker_team_name, site_code, site_name in found:
        state = derive_state(events.get(req.id, []), request_id=req.id)
        due = due_of(req.received_at, req.limit_days, state, calendar, tz)
        when = timeliness(state, due, today, calendar, tz)
        if not _keep(f, state.stage, when):
            continue
        who = "" if req.anonymous else (worker_name or req.contact_name)
        rows.append(
            RequestRow(
                id=req.id,
                number=req.number,
                received_at=req.received_at,
                channel=req.channel,
                category_code=req.category_code,
                category=category or req.category_code,
                urgency=req.urgency,
                summary=req.title or _first_words(req.description),
                who=who,
                anonymous=req.anonymous,
                phone_masked=req.contact_phone_masked,
                team=team_name or worker_team_name or "",
                work_point=req.work_point,
                site=site_name or site_code or "",
                stage=state.stage,
                due=due,
                timeliness=when,
                satisfaction=state.satisfaction,
                state=state,
            )
        )
    return rows


def _derived_ids(
    session: Session, f: RequestFilter, today: date, calendar: Calendar, tz: ZoneInfo
) -> tuple[Select[Any], bool]:
    """The requests whose kept state passes the filter's stage and time choices, and whether
    that decides them exactly (the fold still decides again for each row found).

    Time: an open request is overdue or due soon by its due date, which depends on its day
    of receipt, its limit with extensions, and the calendar: decided once per distinct
    (day, limit) of the open requests, as the HQ overview counts them."""
    d = DerivedRequestState
    stages = {
        Progress.ALL: frozenset(Stage),
        Progress.OPEN: OPEN_STAGES,
        Progress.ENDED: ENDED_STAGES,
    }[f.progress]
    wanted = {f.stage} if f.stage is not None else stages
    query = select(d.request_id).where(d.stage.in_([s.value for s in wanted]))
    if f.timing is Timing.ALL:
        return query, True
    late = {Timeliness.OVERDUE} if f.timing is Timing.OVERDUE else LATE
    pairs = [
        (day, days)
        for day, days in session.execute(
            select(d.received_on, d.limit_days).where(d.is_open.is_(True)).distinct()
        )
        if _open_timeliness(day, days, today, calendar, tz) in late
    ]
    query = query.where(d.is_open.is_(True))
    if len(pairs) > MAX_PAIRS:  # too many to name: open requests, folded all
        return query, False
    return query.where(tuple_(d.received_on, d.limit_days).in_(pairs)), True


LATE = frozenset({Timeliness.OVERDUE, Timeliness.DUE_SOON})
MAX_PAIRS = 5000  # (day, limit) pairs named in one query


def _open_timeliness(
    day: date, limit_days: int, today: date, calendar: Calendar, tz: ZoneInfo
) -> Timeliness:
    """Where an open request received on ``day`` with this limit stands (as timeliness())."""
    due = calendar.due(datetime.combine(day, time(12), tzinfo=tz), limit_days, tz)
    if today > due:
        return Timeliness.OVERDUE
    if calendar.working_days_between(today, due) <= DUE_SOON_DAYS:
        return Timeliness.DUE_SOON
    return Timeliness.ON_TIME


def _first_words(text: str, length: int = 30) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"


def timing_counts(
    session: Session, *, today: date, calendar: Calendar, tz: ZoneInfo = DEFAULT_TZ
) -> Counter[Timeliness]:
    """Open requests by where they stand on time: for the status bar's reminder."""
    rows = list_requests(
        session, RequestFilter(progress=Progress.OPEN), today=today, calendar=calendar, tz=tz
    )
    return Counter(r.timeliness for r in rows)


def categories(session: Session) -> list[tuple[str, str]]:
    """(code, name) of live categories in their order, for the intake form and the filter."""
    return [
        (code, name)
        for code, name in session.execute(
            select(RequestCategory.code, RequestCategory.name)
            .where(RequestCategory.deleted.is_(False))
            .order_by(RequestCategory.sort_order, RequestCategory.code)
        )
    ]
