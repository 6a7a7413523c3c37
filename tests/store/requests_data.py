"""A month of requests small enough to count by hand, shared by the request list's and the
monthly figures' tests. The test calendar makes Monday 2026-08-31 a holiday, so time limits
cross a weekend and a holiday; "today" is Thursday 2026-09-10."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.config import DEFAULT_TZ
from app.domain.requests import EventKind, callback_params
from app.domain.roles import Role
from app.domain.workdays import Calendar
from app.store.database import Database, WriteUnit
from app.store.models import Team
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


def take_steps(
    unit: WriteUnit, rid: str, start: datetime, *kinds: EventKind, **params: dict[str, str]
) -> None:
    """A manager takes these steps of a request, a minute apart from ``start``; ``params``
    by step kind."""
    for n, kind in enumerate(kinds):
        take_step(
            unit,
            rid,
            kind,
            params=params.get(kind.value),
            at=start + timedelta(minutes=n),
            role=Role.MANAGER,
        )


def _steps(
    db: Database, rid: str, start: datetime, *kinds: EventKind, **params: dict[str, str]
) -> None:
    with db.write("clerk") as unit:
        take_steps(unit, rid, start, *kinds, **params)


def known_requests(db: Database) -> dict[str, str]:
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
