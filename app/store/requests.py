"""Worker requests (诉求): intake, steps appended as events, status derived from them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.people import check_mobile
from app.domain.problems import DomainError, Problem, register_messages
from app.domain.requests import (
    Channel,
    Event,
    EventKind,
    RequestState,
    Stage,
    Urgency,
    check_step,
    derive_state,
)
from app.domain.roles import Permission, Role, require
from app.store.database import WriteUnit
from app.store.hlc import parse_stamp
from app.store.models import Request, RequestCategory, RequestEvent, Site
from app.store.sealing import seal

register_messages(
    {
        "intake.description_required": ("请填写诉求内容。", "Describe the request."),
        "intake.category_unknown": ("诉求类别“{code}”不存在。", "Unknown category {code}."),
        "intake.channel_unknown": ("反映渠道“{code}”无效。", "Unknown channel {code}."),
        "intake.not_found": ("找不到诉求 {ref}。", "Request {ref} not found."),
    }
)


@dataclass(frozen=True)
class RequestInput:
    channel: str
    category_code: str
    description: str
    urgency: str = Urgency.NORMAL.value
    title: str = ""
    worker_id: str | None = None
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    team_id: str | None = None
    work_point: str = ""
    received_at: datetime | None = None


def next_number(session: Session, site_code: str, tag: str, received: datetime) -> str:
    """``<site>-<YYYYMMDD>-<node tag><nnn>``: unique across nodes because the tag is the node's.

    Counted inside the write transaction, which holds the write lock.
    """
    day = received.astimezone(DEFAULT_TZ).strftime("%Y%m%d")
    prefix = f"{site_code}-{day}-{tag}"
    count = session.scalar(select(func.count()).where(Request.number.like(f"{prefix}%"))) or 0
    return f"{prefix}{count + 1:03d}"


def add_request(
    unit: WriteUnit,
    inp: RequestInput,
    *,
    node_tag: str,
    site_id: str | None = None,
    row_id: str | None = None,
) -> str:
    """Record a request; ``site_id`` when HQ records one for a site (the QR form on the
    server), ``row_id`` when the caller fixes the id (a form submitted twice is one request)."""
    problems: list[Problem] = []
    if not inp.description.strip():
        problems.append(Problem("intake.description_required", field="description"))
    if inp.channel not in set(Channel):
        problems.append(Problem("intake.channel_unknown", params={"code": inp.channel}))
    category = unit.session.scalar(
        select(RequestCategory).where(
            RequestCategory.code == inp.category_code, RequestCategory.deleted.is_(False)
        )
    )
    if category is None:
        problems.append(Problem("intake.category_unknown", params={"code": inp.category_code}))
    phone, found = check_mobile(inp.contact_phone, required=False, field="contact_phone")
    problems += found
    if problems:
        raise DomainError(problems)
    assert category is not None
    site_id = site_id or unit.journal.site_id
    site = unit.session.get(Site, site_id)
    received = inp.received_at or datetime.now(UTC)
    limit = 0 if inp.urgency == Urgency.URGENT.value else category.limit_days
    vault = unit.require_vault()
    return unit.journal.insert(
        Request,
        seal(
            Request,
            {
                **({"id": row_id} if row_id else {}),
                "site_id": site_id,
                "number": next_number(
                    unit.session, site.code if site else "SD", node_tag, received
                ),
                "channel": inp.channel,
                "worker_id": None if inp.anonymous else inp.worker_id,
                "anonymous": inp.anonymous,
                # anonymous means anonymous: no name and no phone kept, whoever typed them
                "contact_name": "" if inp.anonymous else inp.contact_name.strip(),
                "contact_phone": "" if inp.anonymous else phone,
                "team_id": inp.team_id,
                "work_point": inp.work_point,
                "category_code": inp.category_code,
                "urgency": inp.urgency,
                "title": inp.title.strip(),
                "description": inp.description.strip(),
                "received_at": received,
                "limit_days": limit,
            },
            vault,
        ),
    )


def _event(row: Any) -> Event:
    """An event from a request_event row (an ORM row, or a row of the columns below)."""
    return Event(
        id=row.id,
        kind=EventKind(row.kind),
        at=row.at,
        order_key=parse_stamp(row.stamp),
        actor=row.actor,
        note=row.note,
        params=orjson.loads(row.params),
    )


KNOWN_KINDS = frozenset(k.value for k in EventKind)


def events_of(session: Session, request_id: str) -> list[Event]:
    """The request's events this app understands (a newer PC may know more kinds)."""
    rows = session.scalars(select(RequestEvent).where(RequestEvent.request_id == request_id))
    return [_event(r) for r in rows if r.kind in KNOWN_KINDS]


def state_of(session: Session, request_id: str) -> RequestState:
    return derive_state(events_of(session, request_id), request_id=request_id)


APPROVALS = frozenset({EventKind.EXTEND, EventKind.REOPEN})


def take_step(
    unit: WriteUnit,
    request_id: str,
    kind: EventKind,
    *,
    note: str = "",
    params: Mapping[str, str] | None = None,
    at: datetime | None = None,
    role: Role | str = Role.CLERK,
) -> str:
    """Append one step after checking it is legal now; history is never edited.

    An extension of the time limit and a reopen are approvals: they need the APPROVE
    permission (a site manager), so ``role`` is the role of the person taking the step.
    """
    params = dict(params or {})
    if kind in APPROVALS:
        require(role, Permission.APPROVE)
    if unit.session.get(Request, request_id) is None:
        raise DomainError(Problem("intake.not_found", params={"ref": request_id}))
    state = state_of(unit.session, request_id)
    problems = check_step(state, kind, params, note, request_id=request_id)
    if problems:
        raise DomainError(problems)
    return unit.journal.insert(
        RequestEvent,
        {
            "request_id": request_id,
            "kind": kind.value,
            "at": at or datetime.now(UTC),
            "actor": unit.journal.author,
            "note": note,
            "params": orjson.dumps(params, option=orjson.OPT_SORT_KEYS).decode(),
        },
    )


def find_request(session: Session, ref: str) -> Request | None:
    """By id or by readable number."""
    return session.get(Request, ref) or session.scalar(select(Request).where(Request.number == ref))


def events_by_request(
    session: Session, ids: Collection[str] | None = None
) -> dict[str, list[Event]]:
    """The known events of the requests ``ids`` (all requests when None).

    Up to ``EVENTS_BY_ID`` ids are read by id, 500 to a query (HQ lists the newest few
    thousand of a quarter of a million); a longer list reads every event instead: one scan
    beats many lookups.
    """
    # the columns an event needs, not ORM objects: a project's million steps are read at HQ
    query = select(*_EVENT_COLUMNS).where(RequestEvent.kind.in_(KNOWN_KINDS))
    if ids is not None and len(ids) <= EVENTS_BY_ID:
        wanted = list(ids)
        queries = [
            query.where(RequestEvent.request_id.in_(wanted[n : n + 500]))
            for n in range(0, len(wanted), 500)
        ]
    else:
        queries = [query]
    by_request: dict[str, list[Event]] = {}
    for q in queries:
        for row in session.execute(q):
            by_request.setdefault(row.request_id, []).append(_event(row))
    return by_request


EVENTS_BY_ID = 5000


_EVENT_COLUMNS = (
    RequestEvent.id,
    RequestEvent.request_id,
    RequestEvent.kind,
    RequestEvent.at,
    RequestEvent.stamp,
    RequestEvent.actor,
    RequestEvent.note,
    RequestEvent.params,
)


def stage_counts(session: Session) -> Counter[Stage]:
    """Requests per derived stage."""
    by_request = events_by_request(session)
    counts: Counter[Stage] = Counter()
    for rid in session.scalars(select(Request.id).where(Request.deleted.is_(False))):
        counts[derive_state(by_request.get(rid, []), request_id=rid).stage] += 1
    return counts
