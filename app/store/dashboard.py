"""The HQ dashboard: every site's figures at a glance, counted in SQL, a few queries in all.

Per site: requests open and overdue, received this month, satisfaction; workers registered
and on site; handouts in all and this month, open handout campaigns, items out of stock;
open conflicts; the PCs' last contact. Each figure is one query grouped by site over the whole
project — never a query per site, never the rows themselves in Python. Project totals are the
sums.

The figures are those the site's own screens show, by the same rules:

* a request's stage, extensions and call-back come from its events, folded by the same code
  as the lists; :mod:`app.store.request_state` keeps that fold per request, and
  :func:`dashboard` brings it up to date first;
* overdue is an open request past its due date (:func:`app.domain.requests.due_of` with the
  node's working-day calendar); due dates depend only on the local day of receipt and the
  limit, so they are reckoned once per distinct (day, limit), not per request;
* satisfaction is A/B/C over requests called back (app.store.request_stats);
* on site is "the latest movement is an entry" (app.store.worker_list.on_site_condition);
* stock is the latest count plus what moved after it (app.store.supplies), an item being out
  of stock at a site when that is nothing or less.

A site not heard from for a week (:data:`STALE_AFTER`) is stale, as on the 同步 page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.progress import Progress
from app.domain.requests import OPEN_STAGES, Stage
from app.domain.workdays import Calendar
from app.store import request_state
from app.store.database import Database
from app.store.models import (
    Conflict,
    DerivedRequestState,
    Handout,
    HandoutCampaign,
    Peer,
    ServerNode,
    Site,
    StockMovement,
    SupplyItem,
    Worker,
)
from app.store.request_list import month_bounds
from app.store.request_stats import SATISFIED
from app.store.worker_list import on_site_condition

STALE_AFTER = timedelta(days=7)  # a site whose PCs have not synced for a week: go and look
# the figures that say a site row holds records of its own (HQ's row is shown only then)
_RECORDS = ("requests", "workers", "handouts", "campaigns_open", "items_out")

Add = Callable[..., None]  # add(site_id, figure=n, …): adds to that site's figures


@dataclass(frozen=True)
class SiteFigures:
    site_id: str
    code: str
    name: str
    kind: str = "site"  # site | hq (HQ's own row, shown when it holds records)
    requests: int = 0  # live requests in all
    received_month: int = 0  # received this month (local time)
    open: int = 0
    overdue: int = 0  # open and past the due date
    closed: int = 0
    called_back: int = 0
    satisfied: int = 0  # call-backs A, B or C
    stages: Mapping[Stage, int] = field(default_factory=dict)
    workers: int = 0  # registered (live rows)
    on_site: int = 0
    handouts: int = 0  # handout records
    handouts_month: int = 0
    campaigns_open: int = 0
    items_out: int = 0  # items this site has run out of (nothing or less in stock)
    conflicts: int = 0  # open conflicts recorded for this site
    nodes: int = 0  # PCs of this site this node hears from
    node_problems: int = 0  # of them: a sync error or a missing range
    last_contact: datetime | None = None

    @property
    def satisfaction_pct(self) -> float | None:
        return None if self.called_back == 0 else 100.0 * self.satisfied / self.called_back

    def days_silent(self, now: datetime) -> int | None:
        return None if self.last_contact is None else (now - self.last_contact).days

    def stale(self, now: datetime) -> bool:
        """No PC of the site has been heard from for a week (or ever). HQ's own row never is."""
        if self.kind == "hq":
            return False
        return self.last_contact is None or now - self.last_contact > STALE_AFTER


@dataclass(frozen=True)
class Dashboard:
    today: date
    now: datetime
    home_code: str  # the site (HQ) of this node
    home_name: str
    sites: list[SiteFigures]
    total: SiteFigures
    conflicts_open: int  # all open conflicts, those HQ recorded across sites included

    def site(self, ref: str) -> SiteFigures | None:
        """A site by code (any case) or id."""
        return next((s for s in self.sites if ref in (s.site_id, s.code, s.code.lower())), None)

    @property
    def stale_sites(self) -> list[SiteFigures]:
        return [s for s in self.sites if s.stale(self.now)]


_SUMMED = tuple(
    f.name
    for f in fields(SiteFigures)
    if f.name not in ("site_id", "code", "name", "kind", "stages", "last_contact")
)


def total_of(sites: list[SiteFigures]) -> SiteFigures:
    """The project's figures: sums, the stages added up, the latest contact of any site."""
    stages: dict[Stage, int] = {}
    for s in sites:
        for stage, n in s.stages.items():
            stages[stage] = stages.get(stage, 0) + n
    contacts = [s.last_contact for s in sites if s.last_contact is not None]
    return SiteFigures(
        site_id="",
        code="",
        name="",
        kind="total",
        stages=stages,
        last_contact=max(contacts, default=None),
        **{name: sum(getattr(s, name) for s in sites) for name in _SUMMED},
    )


def dashboard(
    db: Database,
    *,
    today: date,
    calendar: Calendar,
    now: datetime | None = None,
    tz: ZoneInfo = DEFAULT_TZ,
    progress: Progress | None = None,
) -> Dashboard:
    """Bring the derived request states up to date, then count (see :func:`figures`)."""
    request_state.refresh(db, progress)
    with db.read() as session:
        return figures(
            session,
            home_site=db.local_node().site_id,
            today=today,
            calendar=calendar,
            now=now or datetime.now(UTC),
            tz=tz,
        )


def figures(
    session: Session,
    *,
    home_site: str,
    today: date,
    calendar: Calendar,
    now: datetime,
    tz: ZoneInfo = DEFAULT_TZ,
) -> Dashboard:
    """Every site's figures from the rows as they are (derived request states as refreshed)."""
    by_site: dict[str, dict[str, Any]] = {}

    def add(site_id: str, **values: Any) -> None:
        into = by_site.setdefault(site_id, {})
        for key, value in values.items():
            into[key] = into.get(key, 0) + value

    _requests(session, today, add, by_site)
    for site_id, n in _overdue(session, today, calendar, tz):
        add(site_id, overdue=n)
    _workers(session, add)
    _handouts(session, month_bounds(today, tz)[0], add)
    _stock(session, add)
    _conflicts(session, add)
    contacts = _contacts(session, add)

    sites: list[SiteFigures] = []
    known = {s.id: s for s in session.scalars(select(Site).where(Site.deleted.is_(False)))}
    home = known.get(home_site)
    for site_id in sorted(set(known) | set(by_site), key=lambda i: _order(known.get(i), i)):
        row = known.get(site_id)
        values = by_site.get(site_id, {})
        if row is not None and row.kind == "hq" and not any(values.get(k) for k in _RECORDS):
            continue  # HQ's own row holds no records of its own: the total speaks for HQ
        sites.append(
            SiteFigures(
                site_id=site_id,
                code=row.code if row else "?",
                name=row.name if row else site_id[:8],
                kind=row.kind if row else "site",
                stages=values.pop("stages", {}),
                last_contact=contacts.get(site_id),
                **values,
            )
        )
    open_conflicts = (
        session.scalar(
            select(func.count())
            .select_from(Conflict)
            .where(Conflict.status == "open", Conflict.deleted.is_(False))
        )
        or 0
    )
    return Dashboard(
        today=today,
        now=now,
        home_code=home.code if home else "",
        home_name=home.name if home else "",
        sites=sites,
        total=total_of(sites),
        conflicts_open=open_conflicts,
    )


def _order(row: Site | None, site_id: str) -> tuple[int, str]:
    return (0 if row is not None and row.kind == "site" else 1, row.code if row else site_id)


def _requests(session: Session, today: date, add: Add, by_site: dict[str, dict[str, Any]]) -> None:
    """Requests by stage and call-back grade, and how many of each came in this month."""
    d = DerivedRequestState
    month = today.replace(day=1)
    rows = session.execute(
        select(
            d.site_id,
            d.stage,
            d.satisfaction,
            func.count(),
            func.sum(case((d.received_on >= month, 1), else_=0)),
        ).group_by(d.site_id, d.stage, d.satisfaction)
    )
    for site_id, stage_code, grade, n, this_month in rows:
        stage = Stage(stage_code) if stage_code in set(Stage) else None
        add(
            site_id,
            requests=n,
            received_month=int(this_month or 0),
            open=n if stage in OPEN_STAGES else 0,
            closed=n if stage is Stage.CLOSED else 0,
            called_back=n if grade else 0,
            satisfied=n if grade in SATISFIED else 0,
        )
        if stage is not None:
            stages = by_site[site_id].setdefault("stages", {})
            stages[stage] = stages.get(stage, 0) + n


def _overdue(
    session: Session, today: date, calendar: Calendar, tz: ZoneInfo
) -> list[tuple[str, int]]:
    """Open requests past their due date, by site: one due date per distinct (day, limit)."""
    d = DerivedRequestState

    @cache
    def late(received_on: date, limit_days: int) -> bool:
        received = datetime.combine(received_on, time(12), tzinfo=tz)
        return today > calendar.due(received, limit_days, tz)

    counts: dict[str, int] = {}
    for site_id, received_on, limit_days, n in session.execute(
        select(d.site_id, d.received_on, d.limit_days, func.count())
        .where(d.is_open.is_(True))
        .group_by(d.site_id, d.received_on, d.limit_days)
    ):
        if late(received_on, limit_days):
            counts[site_id] = counts.get(site_id, 0) + n
    return sorted(counts.items())


def _workers(session: Session, add: Add) -> None:
    for site_id, n, on_site in session.execute(
        select(
            Worker.site_id,
            func.count(),
            func.sum(case((on_site_condition(), 1), else_=0)),
        )
        .where(Worker.deleted.is_(False))
        .group_by(Worker.site_id)
    ):
        add(site_id, workers=n, on_site=int(on_site or 0))


def _handouts(session: Session, month_start: datetime, add: Add) -> None:
    for site_id, n, this_month in session.execute(
        select(
            Handout.site_id,
            func.count(),
            func.sum(case((Handout.at >= month_start, 1), else_=0)),
        )
        .where(Handout.deleted.is_(False))
        .group_by(Handout.site_id)
    ):
        add(site_id, handouts=n, handouts_month=int(this_month or 0))
    for site_id, n in session.execute(
        select(HandoutCampaign.site_id, func.count())
        .where(HandoutCampaign.deleted.is_(False), HandoutCampaign.closed.is_(False))
        .group_by(HandoutCampaign.site_id)
    ):
        add(site_id, campaigns_open=n)


def _stock(session: Session, add: Add) -> None:
    """Items each site has none of: its latest count plus what moved after, in SQL."""
    m = StockMovement.__table__.alias("m")
    c = StockMovement.__table__.alias("c")
    last = (
        select(c.c.site_id, c.c.item_id, func.max(c.c.stamp).label("stamp"))
        .where(c.c.deleted.is_(False), c.c.kind == "stocktake", c.c.counted.is_not(None))
        .group_by(c.c.site_id, c.c.item_id)
        .subquery("last_count")
    )
    # quantities are integers of thousandths in storage: the sum stays exact
    moved = case(
        (last.c.stamp.is_(None), m.c.quantity),
        (m.c.stamp > last.c.stamp, m.c.quantity),
        (m.c.stamp == last.c.stamp, m.c.counted),
        else_=0,
    )
    balances = (
        select(m.c.site_id, m.c.item_id, func.sum(moved).label("balance"))
        .outerjoin(last, and_(last.c.site_id == m.c.site_id, last.c.item_id == m.c.item_id))
        .where(m.c.deleted.is_(False))
        .group_by(m.c.site_id, m.c.item_id)
        .subquery("balance")
    )
    for site_id, n in session.execute(
        select(balances.c.site_id, func.count())
        .join(SupplyItem, SupplyItem.id == balances.c.item_id)
        .where(SupplyItem.deleted.is_(False), balances.c.balance <= 0)
        .group_by(balances.c.site_id)
    ):
        add(site_id, items_out=n)


def _conflicts(session: Session, add: Add) -> None:
    for site_id, n in session.execute(
        select(Conflict.site_id, func.count())
        .where(Conflict.status == "open", Conflict.deleted.is_(False))
        .group_by(Conflict.site_id)
    ):
        add(site_id, conflicts=n)


def _contacts(session: Session, add: Add) -> dict[str, datetime]:
    """Each site's PCs as this node knows them: the peers it applies changes from and, on
    the HQ server, the PCs enrolled there. The latest contact of any of them counts."""
    latest: dict[str, datetime] = {}
    peers = select(
        Peer.site_id,
        func.count(),
        func.max(Peer.last_contact),
        func.sum(case((or_(Peer.last_error != "", Peer.missing_from.is_not(None)), 1), else_=0)),
    ).group_by(Peer.site_id)
    enrolled = (
        select(
            ServerNode.site_id,
            func.count(),
            func.max(ServerNode.last_contact),
            func.sum(case((ServerNode.last_error != "", 1), else_=0)),
        )
        .where(ServerNode.revoked_at.is_(None))
        .group_by(ServerNode.site_id)
    )
    seen: dict[str, int] = {}
    for query in (peers, enrolled):
        for site_id, n, when, problems in session.execute(query):
            if not site_id:
                continue
            seen[site_id] = max(seen.get(site_id, 0), n)
            add(site_id, node_problems=int(problems or 0))
            if when is not None and (site_id not in latest or when > latest[site_id]):
                latest[site_id] = when
    for site_id, n in seen.items():
        add(site_id, nodes=n)
    return latest
