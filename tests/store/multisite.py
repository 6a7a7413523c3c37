"""A project of three work areas and HQ, made by the sites' own PCs and synced to HQ.

Each site's PC records its workers, requests, steps, handouts and stock through the same
services a clerk uses; every node syncs through a shared folder, HQ last. Nothing is written
to HQ's database directly. What each site did is a :class:`SitePlan`, and the figures HQ
should show are worked out from the plans here, by counting what was made — not by asking
the database the same questions again.

"Today" is Tuesday 2026-09-15 and the calendar has no holidays (weekends only):

* requests received Monday 2026-08-03 about wages (13 working days) were due 2026-08-20, so
  the ones still open are overdue;
* urgent requests received yesterday (limit 0: the same day) are overdue too;
* requests received yesterday about living conditions (3 working days) are due 09-17, and
  one received Thursday 09-10 is due today: open, not overdue.

Stock: GQ2 hands out all it received; GQ3 counts 2 of its 10 and hands them out (out of stock
only by the count); GQ4 counts 6 of its 20 and hands out 4 (2 left: the count is the balance,
not the difference it records).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from app.config import DEFAULT_TZ
from app.domain.requests import EventKind, callback_params
from app.domain.workdays import Calendar
from app.store.database import Database
from app.store.demo import resident_id
from app.store.models import Team
from app.store.requests import RequestInput, add_request
from app.store.supplies import (
    Entitlement,
    add_item,
    create_campaign,
    hand_out_to_team,
    move_stock,
    reconcile,
)
from app.store.workers import WorkerInput, record_movement, register_workers
from app.sync.folder import sync_folder
from tests.store.requests_data import take_steps
from tests.sync.conftest import Nodes, unlock

TODAY = date(2026, 9, 15)
CALENDAR = Calendar()
SHARED_ID = "11010519491231002X"  # the same person registered at GQ2 and GQ3
MAIN_LINE = (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK)


def local(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=DEFAULT_TZ).astimezone(UTC)


@dataclass(frozen=True)
class SitePlan:
    code: str
    name: str
    tag: str
    on_site: int  # entered and still there (the first is the shared person at GQ2 and GQ3)
    left: int  # entered, then left
    never: int  # registered, never entered
    old_open: int  # wages, received 08-03, still open: overdue
    urgent_open: int  # urgent, received yesterday, accepted only: overdue
    fresh_open: int  # living, received yesterday: open, not yet due
    grades: tuple[str, ...]  # closed requests, each called back with this grade
    rejected: int  # received 08-03, rejected
    handed_now: int  # teams given 2 watermelons on 09-14
    handed_before: int  # teams given 2 watermelons on 08-20
    melons: int  # watermelons received
    counted: int | None = None  # a count after receiving, before any handout
    shares_id: bool = False
    due_today: int = 0  # living, received Thursday 09-10: due today, not overdue

    @property
    def workers(self) -> int:
        return self.on_site + self.left + self.never

    @property
    def open(self) -> int:
        return self.old_open + self.urgent_open + self.fresh_open + self.due_today

    @property
    def overdue(self) -> int:
        return self.old_open + self.urgent_open

    @property
    def requests(self) -> int:
        return self.open + len(self.grades) + self.rejected

    @property
    def received_month(self) -> int:  # September's
        return self.urgent_open + self.fresh_open + self.due_today

    @property
    def satisfied(self) -> int:
        return sum(g in "ABC" for g in self.grades)

    @property
    def handouts(self) -> int:
        return self.handed_now + self.handed_before

    @property
    def melons_left(self) -> int:
        start = self.melons if self.counted is None else self.counted
        return start - 2 * self.handouts


PLANS = (
    SitePlan("GQ2", "二工区", "A", 4, 1, 1, 2, 1, 1, ("A", "D"), 1, 2, 1, 6, shares_id=True),
    SitePlan("GQ3", "三工区", "B", 3, 2, 0, 1, 0, 2, ("B", "C", "A"), 0, 1, 0, 10, 2, True, 1),
    SitePlan("GQ4", "四工区", "C", 2, 0, 2, 0, 2, 0, ("D",), 2, 0, 2, 20, 6),
)


@dataclass
class Project:
    hq: Database
    sites: dict[str, Database]
    folder: Path
    nodes: Nodes
    requests: dict[str, list[str]] = field(default_factory=dict)  # site code → old open ones

    def sync(self, *codes: str) -> None:
        """The named sites' PCs sync (all when none named), then HQ."""
        for code in codes or tuple(self.sites):
            sync_folder(self.sites[code], self.folder)
        sync_folder(self.hq, self.folder)

    def close(self) -> None:
        self.nodes.close()


def build(root: Path, hq_database: Database | None = None) -> Project:
    """The project in ``root``; HQ on its own SQLite file unless another database is given."""
    nodes = Nodes(root)
    if hq_database is None:
        hq = unlock(nodes.make("hq", site="XMB", kind="hq", tag="H"))
    else:
        hq = unlock(nodes.adopt(hq_database, site="XMB", kind="hq", tag="H"))
    project = Project(hq, {}, root / "share", nodes)
    for n, plan in enumerate(PLANS):
        db = unlock(nodes.make(plan.code.lower(), site=plan.code, tag=plan.tag))
        project.sites[plan.code] = db
        project.requests[plan.code] = _fill(db, plan, random.Random(n))
    project.sync()
    return project


def _fill(db: Database, plan: SitePlan, rng: random.Random) -> list[str]:
    with db.write("clerk") as unit:
        teams = unit.journal.insert_many(
            Team, [{"name": f"{plan.name}{i + 1}队"} for i in range(max(plan.handouts, 1))]
        )
        people = []
        for i in range(plan.workers):
            number = (
                SHARED_ID
                if plan.shares_id and i == 0
                else resident_id(rng, date(1980 + i, 3, 1 + i), male=True)
            )
            people.append(WorkerInput(name=plan.name[0] + "甲乙丙丁戊己庚辛"[i], id_number=number))
        ids = register_workers(unit, people, today=TODAY).ids
        for i, wid in enumerate(ids):
            if i < plan.on_site + plan.left:
                record_movement(unit, wid, "entry", date(2026, 8, 1))
            if plan.on_site <= i < plan.on_site + plan.left:
                record_movement(unit, wid, "exit", date(2026, 9, 1))

        def add(received: datetime, category: str, urgency: str = "normal") -> str:
            return add_request(
                unit,
                RequestInput(
                    channel="qr",
                    category_code=category,
                    description=f"{plan.name}的诉求",
                    urgency=urgency,
                    received_at=received,
                ),
                node_tag=plan.tag,
            )

        def steps(rid: str, start: datetime, *kinds: EventKind, **params: dict[str, str]) -> None:
            take_steps(unit, rid, start, *kinds, **params)

        august, yesterday = date(2026, 8, 3), TODAY - timedelta(days=1)
        old = [add(local(august), "wages") for _ in range(plan.old_open)]
        for rid in old[:1]:
            steps(rid, local(august, 10), EventKind.ACCEPT)
        for _ in range(plan.urgent_open):
            steps(add(local(yesterday), "safety", "urgent"), local(yesterday, 10), EventKind.ACCEPT)
        for _ in range(plan.fresh_open):
            add(local(yesterday), "living")
        for _ in range(plan.due_today):
            add(local(date(2026, 9, 10)), "living")
        for grade in plan.grades:
            steps(
                add(local(august), "wages"),
                local(date(2026, 8, 10)),
                *MAIN_LINE,
                EventKind.CLOSE,
                EventKind.CALLBACK,
                callback=callback_params(grade, handler_owned=False),
            )
        for _ in range(plan.rejected):
            steps(
                add(local(august), "legal"),
                local(august, 11),
                EventKind.REJECT,
                reject={"reason": "已进入诉讼程序"},
            )

        melon = add_item(unit, "西瓜", "个")
        move_stock(unit, melon, "receive", Decimal(plan.melons), date(2026, 8, 1))
        if plan.counted is not None:
            reconcile(unit, melon, Decimal(plan.counted), date(2026, 8, 2), note="坏了几个")
        campaign = create_campaign(
            unit,
            name="防暑降温",
            on_date=date(2026, 8, 20),
            team_ids=teams,
            items=[Entitlement(melon, per_team=Decimal(2))],
        )
        for i, team in enumerate(teams[: plan.handouts]):
            when = local(date(2026, 8, 20)) if i < plan.handed_before else local(yesterday)
            hand_out_to_team(unit, campaign, team, receiver_name="队长", at=when)
    return old
