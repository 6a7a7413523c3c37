"""A demo project for HQ: a few demo sites' PCs that sync to this HQ through a folder.

``sitedesk demo --hq`` fills an empty data folder with an HQ node that has heard from several
work areas, the way a real HQ comes to hold them: each site is a PC of its own (made in a
scratch folder and thrown away afterwards) that records a demo site's workers, requests and
handouts, then syncs through a shared folder that HQ reads. One person is registered at two
sites, so the conflicts queue and the list of people at two sites have something to show; one
more work area is added at HQ that has no PC yet; and one site's last contact is set back ten
days, as if its PC had not synced since, so stale sites can be seen.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import update

from app.config import DEFAULT_TZ, local_today
from app.domain.requests import EventKind, callback_params
from app.store.database import Database
from app.store.demo import make_demo
from app.store.models import Peer
from app.store.requests import RequestInput, add_request, take_step
from app.store.sites import FirstUser, add_site, init_node, site_id_for
from app.store.users import Actor, login
from app.store.workers import WorkerInput, register_workers
from app.sync.folder import sync_folder
from app.sync.keys import ensure_keys, export_project, import_project

HQ_CODE, HQ_NAME = "XMB", "康渝高铁项目部"
DEMO_SITES = (
    ("GQ1", "康渝高铁一工区"),
    ("GQ2", "康渝高铁二工区"),
    ("GQ3", "康渝高铁三工区"),
    ("GQ4", "康渝高铁四工区"),
    ("GQ5", "康渝高铁五工区"),
    ("GQ6", "康渝高铁六工区"),
)
NO_PC_YET = ("GQ9", "康渝高铁九工区（筹）")
TWICE = ("李娜", "51010719900101123X")  # registered at the first two sites
STALE_DAYS = 10
MAIN_LINE = (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK)


@dataclass(frozen=True)
class DemoProject:
    sites: int
    workers: int
    requests: int


def make_demo_project(
    hq: Database,
    admin: FirstUser,
    *,
    sites: int = 4,
    workers: int = 150,
    today: date | None = None,
) -> DemoProject:
    """Make the empty installation ``hq`` an HQ node holding ``sites`` demo sites."""
    today = today or local_today()
    sites = max(1, min(sites, len(DEMO_SITES)))
    init_node(hq, site_code=HQ_CODE, site_name=HQ_NAME, kind="hq", tag="Z", admin=admin)
    ensure_keys(hq)
    project = export_project(hq)
    made_workers = made_requests = 0
    with tempfile.TemporaryDirectory(prefix="sitedesk-demo-") as scratch:
        folder = Path(scratch) / "share"
        for n, (code, name) in enumerate(DEMO_SITES[:sites]):
            site = Database.open(f"sqlite:///{Path(scratch) / code}.sqlite3")
            try:
                import_project(site, project)
                manager = FirstUser(f"{code.lower()}-admin", f"{name}站长", admin.password)
                result = make_demo(
                    site,
                    workers=workers,
                    seed=2026 + n,
                    today=today,
                    site_code=code,
                    site_name=name,
                    admin=manager,
                    tag=chr(ord("A") + n),
                )
                made_workers += result.workers
                made_requests += result.requests
                made_requests += _vary(site, n, today, chr(ord("A") + n))
                if n < 2:
                    with site.write("demo") as unit:
                        person = WorkerInput(name=TWICE[0], id_number=TWICE[1], entry_date=today)
                        register_workers(unit, [person], today=today)
                    made_workers += 1
                sync_folder(site, folder)
            finally:
                site.close()
        sync_folder(hq, folder)
    actor: Actor = login(hq, admin.username, admin.password)
    with hq.write(actor.username) as unit:
        add_site(unit, actor, *NO_PC_YET)
    if sites > 2:  # the third site's PC has not synced for a while
        with hq.engine.begin() as conn:
            conn.execute(
                update(Peer)
                .where(Peer.site_id == site_id_for(DEMO_SITES[2][0]))
                .values(last_contact=datetime.now(UTC) - timedelta(days=STALE_DAYS))
            )
    return DemoProject(sites, made_workers, made_requests)


def _vary(site: Database, n: int, today: date, tag: str) -> int:
    """Make the demo sites differ: some have a backlog of old requests, some unhappy callers."""
    backlog, unhappy = (2, 7, 4, 11, 0, 5)[n], (0, 2, 1, 3, 1, 0)[n]
    received = datetime.combine(today - timedelta(days=30), time(9), tzinfo=DEFAULT_TZ)
    with site.write("demo") as unit:

        def add(text: str) -> str:
            return add_request(
                unit,
                RequestInput(
                    channel="phone",
                    category_code="wages",
                    description=text,
                    received_at=received.astimezone(UTC),
                ),
                node_tag=tag,
            )

        for _ in range(backlog):
            take_step(unit, add("班组长拖欠上月工资"), EventKind.ACCEPT)
        for _ in range(unhappy):
            rid = add("工资发放不足额")
            for kind in (*MAIN_LINE, EventKind.CLOSE):
                take_step(unit, rid, kind)
            take_step(
                unit, rid, EventKind.CALLBACK, params=callback_params("D", handler_owned=False)
            )
    return backlog + unhappy
