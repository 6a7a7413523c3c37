"""The worker list: search as you type, filters and sort, one page at a time in SQL.

A site may hold 100,000 workers over the years; the list never loads them into Python.
It asks for a count and for the rows of the visible page (app.ui.worker_list pages through
it). Search text is matched by its shape:

* Chinese: the name, or the team's name;
* Latin letters: the pinyin search key (full pinyin and initials, app.domain.pinyin);
* digits (and X): the ID number's last four, or the mobile number's last four.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app.domain.codes import TRADES
from app.store.models import Site, Team, Worker, WorkerMovement


class Presence(StrEnum):
    ALL = "all"
    ON_SITE = "on_site"  # latest movement is an entry
    LEFT = "left"  # latest movement is an exit
    NEVER = "never"  # registered, no entry yet


class Order(StrEnum):
    NAME = "name"  # by pinyin: the order a Chinese reader expects
    TEAM = "team"
    NEWEST = "newest"


@dataclass(frozen=True)
class WorkerFilter:
    text: str = ""
    team_id: str | None = None
    site_id: str | None = None  # at HQ: one work area's workers
    trade_code: str | None = None
    presence: Presence = Presence.ALL
    order: Order = Order.NAME
    descending: bool = False


@dataclass(frozen=True)
class WorkerRow:
    id: str
    name: str
    gender: str  # 男 | 女 | ""
    birth_date: date | None
    id_masked: str
    mobile_masked: str
    team: str
    trade: str  # its Chinese label
    presence: Presence
    trade_code: str = ""
    site: str = ""  # the work area's name (HQ lists every area's workers)


def _latest_kind() -> Any:
    m = WorkerMovement
    return (
        select(m.kind)
        .where(m.worker_id == Worker.id, m.deleted.is_(False))
        .order_by(m.on_date.desc(), m.stamp.desc())
        .limit(1)
        .correlate(Worker)
        .scalar_subquery()
    )


def latest_movement_kind() -> Any:
    """A column on Worker: the kind of their latest movement (entry, exit) or NULL."""
    return _latest_kind()


def presence_of(kind: str | None) -> Presence:
    return (
        Presence.ON_SITE if kind == "entry" else Presence.LEFT if kind == "exit" else Presence.NEVER
    )


def on_site_condition() -> Any:
    """A condition on Worker: on site now (their latest movement is an entry)."""
    return _latest_kind() == "entry"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_condition(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    like = f"%{_escape(text)}%"
    if text.isascii() and text.replace(" ", "").isalpha():
        return Worker.name_pinyin.like(f"%{_escape(text.lower().replace(' ', ''))}%", escape="\\")
    upper = text.upper()
    if upper.rstrip("X").isdigit() and len(upper) <= 4:
        tail = f"%{_escape(upper)}"
        return or_(
            Worker.id_tail.like(tail, escape="\\"), Worker.mobile_masked.like(tail, escape="\\")
        )
    team_ids = select(Team.id).where(Team.name.like(like, escape="\\"))
    return or_(Worker.name.like(like, escape="\\"), Worker.team_id.in_(team_ids))


def _where(query: Select[Any], f: WorkerFilter) -> Select[Any]:
    query = query.where(Worker.deleted.is_(False))
    condition = _text_condition(f.text)
    if condition is not None:
        query = query.where(condition)
    if f.team_id:
        query = query.where(Worker.team_id == f.team_id)
    if f.site_id:
        query = query.where(Worker.site_id == f.site_id)
    if f.trade_code:
        query = query.where(Worker.trade_code == f.trade_code)
    if f.presence is not Presence.ALL:
        latest = _latest_kind()
        query = query.where(
            {
                Presence.ON_SITE: latest == "entry",
                Presence.LEFT: latest == "exit",
                Presence.NEVER: latest.is_(None),
            }[f.presence]
        )
    return query


def count(session: Session, f: WorkerFilter) -> int:
    return session.scalar(_where(select(func.count()).select_from(Worker), f)) or 0


def page(session: Session, f: WorkerFilter, offset: int, limit: int) -> list[WorkerRow]:
    latest = _latest_kind().label("latest")
    query = select(
        Worker.id,
        Worker.name,
        Worker.gender,
        Worker.birth_date,
        Worker.id_masked,
        Worker.mobile_masked,
        Worker.trade_code,
        Team.name.label("team"),
        Site.name.label("site"),
        latest,
    )
    query = query.outerjoin(Team, and_(Team.id == Worker.team_id))
    query = query.outerjoin(Site, Site.id == Worker.site_id)
    query = _where(query, f)
    orders: dict[Order, list[Any]] = {
        Order.NAME: [Worker.name_pinyin, Worker.name],
        Order.TEAM: [Team.name, Worker.name_pinyin],
        Order.NEWEST: [Worker.created_at],
    }
    keys = orders[f.order]
    descending = f.descending != (f.order is Order.NEWEST)
    query = query.order_by(*(k.desc() if descending else k for k in keys), Worker.id)
    rows = session.execute(query.offset(offset).limit(limit))
    return [
        WorkerRow(
            r.id,
            r.name,
            {"M": "男", "F": "女"}.get(r.gender, ""),
            r.birth_date,
            r.id_masked,
            r.mobile_masked,
            r.team or "",
            TRADES.get(r.trade_code, r.trade_code),
            presence_of(r.latest),
            r.trade_code,
            r.site or "",
        )
        for r in rows
    ]


def teams(session: Session, site_id: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of live teams (of one work area when ``site_id`` is given), for filters."""
    query = select(Team.id, Team.name).where(Team.deleted.is_(False))
    if site_id:
        query = query.where(Team.site_id == site_id)
    return [(r.id, r.name) for r in session.execute(query.order_by(Team.name))]
