"""HQ dashboard: 50 sites, each with 2,000 workers and 5,000 requests (100,000 workers,
250,000 requests with about a million steps), handouts, stock and two PCs per site.

The data set is written straight into an HQ database in bulk (as years of syncs would have
left it): requests spread over twenty months, most closed and called back, some open and
overdue, some rejected or extended; workers entered and left; handouts with their stock
movements and counts; a few people registered at two sites.

Figures:

* the first look: every request's events folded once into the derived states
  (app.store.request_state) — what a dashboard without them would do at every look; no target;
* opening the dashboard: the service's queries (app.store.dashboard.dashboard, the derived
  states already up to date), the people registered at two sites, and the page built, filled
  and painted offscreen (app.ui.dashboard_page) — median of 5, target < 1 s;
* the same after a sync brought 200 new steps (the refresh folds those requests again);
* baseline: ``SELECT site_id, COUNT(*) FROM request GROUP BY site_id``, the plainest count of
  the same table.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import orjson
from sqlalchemy import Connection, func, insert, select, text

from app.config import DEFAULT_TZ
from app.domain.requests import REQUEST_CATEGORIES, EventKind
from app.domain.roles import Role
from app.store import request_state
from app.store.database import Database
from app.store.journal import driver_insert, migration_writes, reference_id
from app.store.models import (
    SHARED_SITE,
    CampaignItem,
    CampaignTeam,
    Conflict,
    Handout,
    HandoutCampaign,
    Peer,
    Request,
    RequestEvent,
    Site,
    StockMovement,
    SupplyItem,
    Synced,
    Team,
    Worker,
    WorkerMovement,
    table_of,
)
from app.store.requests import take_step
from app.store.sites import init_node, site_id_for
from bench import median_ms

SITES = int(os.environ.get("BENCH_DASH_SITES", "50"))
WORKERS = int(os.environ.get("BENCH_DASH_WORKERS", "2000"))  # per site
REQUESTS = int(os.environ.get("BENCH_DASH_REQUESTS", "5000"))  # per site
HANDOUTS = 1000  # per site
TODAY = date(2026, 9, 15)
NOW = datetime(2026, 9, 15, 9, 0, tzinfo=DEFAULT_TZ).astimezone(UTC)
FIRST_DAY = date(2025, 1, 6)
TARGET_MS = 1000.0
STEPS_AFTER_SYNC = 200


# --- the data set ---------------------------------------------------------------------------


class _Rows:
    """Whole rows of a synced table, with its defaults and the sync columns filled in."""

    def __init__(self, model: type[Synced], node: str, clock: Iterator[int]) -> None:
        table = table_of(model)
        self.table = table
        self.defaults = {
            c.key: getattr(c.default, "arg", None)
            if c.default is not None and c.default.is_scalar
            else None
            for c in table.columns
        }
        self.node, self.clock = node, clock

    def row(self, row_id: str, site_id: str, when: datetime, **values: Any) -> dict[str, Any]:
        return {
            **self.defaults,
            "id": row_id,
            "site_id": site_id,
            "created_at": when,
            "updated_at": when,
            "updated_by": "bench",
            "deleted": False,
            "stamp": f"{next(self.clock):016x}:{self.node}",
            "field_versions": "{}",
            **values,
        }


def _insert(conn: Connection, rows: list[dict[str, Any]], model: type[Synced]) -> None:
    if rows:
        target = driver_insert(table_of(model), conn.dialect)
        conn.exec_driver_sql(target.sql, target.params(rows))


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=DEFAULT_TZ).astimezone(UTC)


def build(directory: Path) -> Database:
    db = Database.open(f"sqlite:///{directory / 'hq'}.sqlite3")
    init_node(db, site_code="XMB", site_name="项目部", kind="hq", tag="H")
    rng = random.Random(2026)
    clock = iter(range(1 << 40, 1 << 62))
    days = (TODAY - FIRST_DAY).days
    limits = {code.value: d for code, _name, d in REQUEST_CATEGORIES}
    with db.engine.begin() as conn, migration_writes(conn):
        shared = _Rows(SupplyItem, "hq", clock)
        items = [f"item-{n}" for n in range(3)]
        _insert(
            conn,
            [
                shared.row(i, SHARED_SITE, _at(FIRST_DAY), name=name, unit="个")
                for i, name in zip(items, ("西瓜", "绿豆", "白糖"), strict=True)
            ],
            SupplyItem,
        )
        for s in range(SITES):
            code = f"GQ{s + 1}"
            site = site_id_for(code)
            node = f"node-{code}-a"
            rows: dict[type[Synced], _Rows] = {
                m: _Rows(m, node, clock) for m in (Site, Team, Worker, WorkerMovement)
            }
            _insert(
                conn,
                [rows[Site].row(site, SHARED_SITE, _at(FIRST_DAY), code=code, name=f"{code}工区")],
                Site,
            )
            teams = [f"{code}-t{n}" for n in range(17)]
            _insert(
                conn,
                [
                    rows[Team].row(t, site, _at(FIRST_DAY), name=f"隧道{n + 1}队")
                    for n, t in enumerate(teams)
                ],
                Team,
            )
            _workers(conn, rows, rng, s, site, teams)
            _requests(conn, node, clock, rng, code, site, days, limits)
            _handouts(conn, node, clock, rng, code, site, teams, items)
            for pc, hours in (("a", rng.randrange(1, 72)), ("b", rng.randrange(1, 200))):
                silent = timedelta(days=10) if s % 12 == 5 else timedelta(hours=hours)
                conn.execute(
                    insert(Peer).values(
                        node_id=f"node-{code}-{pc}",
                        site_id=site,
                        kind="site",
                        tag=pc.upper(),
                        name=f"{code}-{pc}",
                        public_key="0" * 64,
                        applied_seq=0,
                        last_contact=NOW - silent,
                        last_error="",
                    )
                )
        _conflicts(conn, clock)
    return db


def _workers(
    conn: Connection,
    rows: dict[type[Synced], _Rows],
    rng: random.Random,
    s: int,
    site: str,
    teams: list[str],
) -> None:
    workers, movements = [], []
    for n in range(WORKERS):
        wid = f"w-{s:02d}-{n:05d}"
        # every 200th worker is also registered at the next site: about 500 people twice
        person = f"{(s - 1) % SITES}-{n + 1}" if n % 200 == 7 else f"{s}-{n}"
        joined = FIRST_DAY + timedelta(days=rng.randrange(600))
        workers.append(
            rows[Worker].row(
                wid,
                site,
                _at(joined),
                name="张" + "伟强军平东文辉力明"[n % 9],
                name_pinyin="zhang",
                id_number="sealed",
                id_fingerprint=f"fp-{person}",
                id_masked=f"500101********{n % 10000:04d}",
                id_tail=f"{n % 10000:04d}",
                team_id=teams[n % 17],
                card_code=f"{s:02d}{n:014d}",
            )
        )
        if n % 10:  # nine in ten entered
            movements.append(
                rows[WorkerMovement].row(
                    f"m-{wid}-in", site, _at(joined), worker_id=wid, kind="entry", on_date=joined
                )
            )
            if n % 4 == 0:  # a quarter of them have left
                left = joined + timedelta(days=30)
                movements.append(
                    rows[WorkerMovement].row(
                        f"m-{wid}-out", site, _at(left), worker_id=wid, kind="exit", on_date=left
                    )
                )
    _insert(conn, workers, Worker)
    _insert(conn, movements, WorkerMovement)


def _requests(
    conn: Connection,
    node: str,
    clock: Iterator[int],
    rng: random.Random,
    code: str,
    site: str,
    days: int,
    limits: dict[str, int],
) -> None:
    req_rows, ev_rows = _Rows(Request, node, clock), _Rows(RequestEvent, node, clock)
    requests: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    categories = list(limits)
    for n in range(REQUESTS):
        rid = f"r-{code}-{n:05d}"
        received = _at(FIRST_DAY + timedelta(days=rng.randrange(days)), rng.randrange(8, 18))
        category = rng.choice(categories)
        urgent = rng.random() < 0.03
        requests.append(
            req_rows.row(
                rid,
                site,
                received,
                number=f"{code}-{received:%Y%m%d}-A{n:04d}",
                channel=rng.choice(("qr", "phone", "counter", "box", "patrol")),
                category_code=category,
                urgency="urgent" if urgent else "normal",
                description="诉求内容",
                received_at=received,
                limit_days=0 if urgent else limits[category],
            )
        )
        age = (NOW - received).days
        fate = rng.random()
        closed, rejected = (0.85, 0.93) if age > 20 else (0.3, 0.35)  # recent: mostly open
        if fate < closed:
            kinds = [EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK]
            kinds.append(EventKind.CLOSE)
            if rng.random() < 0.7:
                kinds.append(EventKind.CALLBACK)
        elif fate < rejected:
            kinds = [EventKind.REJECT]
        else:  # still open: stuck somewhere on the line
            kinds = [EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE][: rng.randrange(4)]
            if kinds and rng.random() < 0.1:
                kinds.append(EventKind.EXTEND)
        for k, kind in enumerate(kinds):
            params: dict[str, str] = {}
            if kind is EventKind.CALLBACK:
                grade = rng.choices("ABCD", (40, 35, 15, 10))[0]
                params = {"handler_owned": "false", "satisfaction": grade}
            elif kind in (EventKind.REJECT, EventKind.EXTEND):
                params = {"reason": "基准"} | ({"days": "5"} if kind is EventKind.EXTEND else {})
            at = received + timedelta(hours=6 * (k + 1))
            events.append(
                ev_rows.row(
                    f"e-{rid}-{k}",
                    site,
                    at,
                    request_id=rid,
                    kind=kind.value,
                    at=at,
                    actor="clerk",
                    params=orjson.dumps(params, option=orjson.OPT_SORT_KEYS).decode(),
                )
            )
    _insert(conn, requests, Request)
    _insert(conn, events, RequestEvent)


def _handouts(
    conn: Connection,
    node: str,
    clock: Iterator[int],
    rng: random.Random,
    code: str,
    site: str,
    teams: list[str],
    items: list[str],
) -> None:
    rows = {
        m: _Rows(m, node, clock)
        for m in (HandoutCampaign, CampaignItem, CampaignTeam, Handout, StockMovement)
    }
    day = TODAY - timedelta(days=rng.randrange(60))
    campaign = f"c-{code}"
    _insert(
        conn,
        [rows[HandoutCampaign].row(campaign, site, _at(day), name="防暑降温", on_date=day)],
        HandoutCampaign,
    )
    _insert(
        conn,
        [
            rows[CampaignItem].row(
                f"ci-{code}-{i}",
                site,
                _at(day),
                campaign_id=campaign,
                item_id=i,
                per_head=Decimal(1),
            )
            for i in items
        ],
        CampaignItem,
    )
    _insert(
        conn,
        [
            rows[CampaignTeam].row(f"ct-{t}", site, _at(day), campaign_id=campaign, team_id=t)
            for t in teams
        ],
        CampaignTeam,
    )
    moves = [
        rows[StockMovement].row(
            f"in-{code}-{i}",
            site,
            _at(day),
            item_id=i,
            kind="receive",
            quantity=Decimal(HANDOUTS),
            on_date=day,
        )
        for i in items
    ]
    handouts = []
    for n in range(HANDOUTS):
        item = items[n % 3]
        at = _at(day, 10) + timedelta(seconds=n)
        hid = f"h-{code}-{n:05d}"
        handouts.append(
            rows[Handout].row(
                hid,
                site,
                at,
                campaign_id=campaign,
                item_id=item,
                worker_id=f"w-{code}-{n}",
                quantity=Decimal(1),
                at=at,
                handed_by="clerk",
                entitlement_key=f"{campaign}:{item}:worker:{n}",
            )
        )
        moves.append(
            rows[StockMovement].row(
                f"out-{hid}",
                site,
                at,
                item_id=item,
                kind="handout",
                quantity=Decimal(-1),
                on_date=day,
                handout_id=hid,
            )
        )
    for i in items:  # an evening count: some sites find less than the books say
        counted = Decimal(rng.choice((0, 0, 5, 40, 200)))
        moves.append(
            rows[StockMovement].row(
                f"count-{code}-{i}",
                site,
                _at(day, 20),
                item_id=i,
                kind="stocktake",
                quantity=Decimal(0),
                counted=counted,
                on_date=day,
            )
        )
    _insert(conn, handouts, Handout)
    _insert(conn, moves, StockMovement)


def _conflicts(conn: Connection, clock: Iterator[int]) -> None:
    rows = _Rows(Conflict, "hq", clock)
    found = [
        rows.row(
            reference_id("conflict", f"bench:{n}"),
            site_id_for("XMB"),
            NOW,
            kind="duplicate_worker",
            entity="worker",
            key=f"500101********{n:04d}",
            row_ids=orjson.dumps(sorted([f"w-{n:02d}-00008", f"w-{n + 1:02d}-00007"])).decode(),
        )
        for n in range(min(20, SITES - 1))
    ]
    _insert(conn, found, Conflict)


# --- the timings --------------------------------------------------------------------------


def _plain_count(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.execute(select(Request.site_id, func.count()).group_by(Request.site_id)).all()


# the offscreen platform says this each time a window is shown; it is not about our code
_OFFSCREEN_NOTE = "This plugin does not support propagateSizeHints()"


def _print_qt_message(_kind: object, _context: object, message: str) -> None:
    """Qt's messages on stderr, as Qt prints them, less the offscreen platform's note."""
    if message != _OFFSCREEN_NOTE:
        print(message, file=sys.stderr)


def main() -> bool:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from app.ui.app import make_application
    from app.ui.dashboard_page import DashboardPage, load

    qInstallMessageHandler(_print_qt_message)
    app = QApplication.instance() or make_application(lang="zh")
    with tempfile.TemporaryDirectory(prefix="sitedesk-bench-") as tmp:
        start = time.perf_counter()
        db = build(Path(tmp))
        built_s = time.perf_counter() - start
        with db.read() as session:
            events = session.scalar(text("SELECT count(*) FROM request_event"))
        start = time.perf_counter()
        request_state.refresh(db)
        first_ms = (time.perf_counter() - start) * 1000

        def service() -> Any:
            return load(db, TODAY, now=NOW)

        def open_page() -> None:
            loaded = service()
            page = DashboardPage(db, today=lambda: TODAY)
            page.resize(1100, 700)
            page.show()
            page.show_figures(loaded.board, loaded.duplicates)
            app.processEvents()  # laid out and painted
            if page.proxy.rowCount() != SITES:
                raise RuntimeError(f"{page.proxy.rowCount()} sites shown, not {SITES}")
            page.close()
            page.deleteLater()
            app.processEvents()

        open_page()  # warm the page cache, as a second look would find it
        open_ms = median_ms(open_page)
        service_ms = median_ms(service)
        after_sync: list[float] = []
        ids = [f"r-GQ{s + 1}-{n:05d}" for s in range(SITES) for n in range(0, REQUESTS, 7)]
        picks = random.Random(3)
        for _ in range(3):
            chosen = picks.sample(ids, min(STEPS_AFTER_SYNC, len(ids)))
            with db.write("bench") as unit:  # steps arriving: notes, allowed at every stage
                for rid in chosen:
                    take_step(unit, rid, EventKind.NOTE, note="同步来的备注", role=Role.MANAGER)
            start = time.perf_counter()
            open_page()
            after_sync.append((time.perf_counter() - start) * 1000)
        baseline_ms = median_ms(lambda: _plain_count(db))
        board = service().board
        db.close()
    sync_ms = statistics.median(after_sync)
    ok = open_ms < TARGET_MS and sync_ms < TARGET_MS
    total = board.total
    print(
        f"[dashboard] {SITES} sites × {WORKERS:,} workers × {REQUESTS:,} requests "
        f"({SITES * REQUESTS:,} requests, {events:,} steps), {datetime.now(UTC):%Y-%m-%d}"
    )
    print(f"  data set written in bulk                {built_s:8.1f} s")
    print(
        f"  figures: {total.open:,} open, {total.overdue:,} overdue, {total.on_site:,} on site, "
        f"{total.items_out} items out, {len(board.stale_sites)} stale sites"
    )
    print(f"  baseline: SELECT site_id, COUNT(*) … GROUP BY site_id {baseline_ms:8.1f} ms")
    print(f"  first look: fold every request's steps  {first_ms:8.1f} ms   (once; no target)")
    print(f"  dashboard service (queries only)        {service_ms:8.1f} ms")
    print(
        f"  open the dashboard (service + page)     {open_ms:8.1f} ms   target < {TARGET_MS:.0f} ms"
        f"   {'OK' if open_ms < TARGET_MS else 'MISSED'}"
    )
    print(
        f"  … after a sync of {STEPS_AFTER_SYNC} steps            {sync_ms:8.1f} ms   "
        f"target < {TARGET_MS:.0f} ms   {'OK' if sync_ms < TARGET_MS else 'MISSED'}"
    )
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
