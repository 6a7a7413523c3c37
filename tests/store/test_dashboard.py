"""The HQ dashboard over a project made by real syncs of three sites' PCs (tests/store/multisite).

The expected figures come from what each site's PC recorded (its plan), counted here; the
dashboard's SQL is never asked twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.requests import EventKind, Stage, Timeliness
from app.domain.roles import Role
from app.store import request_state, supplies, worker_list
from app.store.dashboard import STALE_AFTER, Dashboard, SiteFigures, dashboard
from app.store.models import StockMovement
from app.store.request_list import Progress, RequestFilter, list_requests
from app.store.requests import take_step
from app.store.sites import add_site, site_id_for
from app.store.users import login
from tests.store.multisite import CALENDAR, PLANS, TODAY, Project, SitePlan, build
from tests.sync.conftest import ADMIN, PASSWORD


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    made = build(tmp_path)
    yield made
    made.close()


def board_of(project: Project, now: datetime | None = None) -> Dashboard:
    return dashboard(project.hq, today=TODAY, calendar=CALENDAR, now=now)


def expected(plan: SitePlan) -> dict[str, object]:
    return {
        "code": plan.code,
        "name": plan.name,
        "requests": plan.requests,
        "received_month": plan.received_month,
        "open": plan.open,
        "overdue": plan.overdue,
        "closed": len(plan.grades),
        "called_back": len(plan.grades),
        "satisfied": plan.satisfied,
        "workers": plan.workers,
        "on_site": plan.on_site,
        "handouts": plan.handouts,
        "handouts_month": plan.handed_now,
        "campaigns_open": 1,
        "items_out": int(plan.melons_left <= 0),
        "nodes": 1,
        "node_problems": 0,
    }


def shown(site: SiteFigures) -> dict[str, object]:
    return {key: getattr(site, key) for key in expected(PLANS[0])}


def test_every_site_shows_what_its_pc_recorded(project: Project) -> None:
    board = board_of(project)
    assert [s.code for s in board.sites] == [p.code for p in PLANS]  # HQ's own row holds nothing
    for plan in PLANS:
        site = board.site(plan.code)
        assert site is not None
        assert shown(site) == expected(plan), plan.code
        assert site.stages.get(Stage.REJECTED, 0) == plan.rejected
        assert site.stages.get(Stage.CLOSED, 0) == len(plan.grades)
    assert board.home_code == "XMB" and board.home_name == "项目部"


def test_the_totals_are_the_projects(project: Project) -> None:
    board = board_of(project)
    total = board.total
    for key in ("requests", "open", "overdue", "workers", "on_site", "handouts"):
        assert getattr(total, key) == sum(expected(p)[key] for p in PLANS), key  # type: ignore[misc]
    grades = [g for p in PLANS for g in p.grades]
    assert total.satisfaction_pct == pytest.approx(100 * sum(g in "ABC" for g in grades) / 6)
    # the same ID number at GQ2 and GQ3: HQ found it when the second one arrived
    assert board.conflicts_open == 1


def test_satisfaction_per_site(project: Project) -> None:
    board = board_of(project)
    assert board.site("GQ2").satisfaction_pct == 50.0  # type: ignore[union-attr]  # A, D
    assert board.site("GQ3").satisfaction_pct == 100.0  # type: ignore[union-attr]  # B, C, A
    assert board.site("GQ4").satisfaction_pct == 0.0  # type: ignore[union-attr]  # D


def test_a_step_taken_at_a_site_shows_at_hq_after_the_next_sync(project: Project) -> None:
    before = board_of(project).site("GQ2")
    assert before is not None
    site = project.sites["GQ2"]
    accepted = project.requests["GQ2"][0]  # received 08-03, accepted, overdue
    with site.write("clerk") as unit:
        take_step(unit, accepted, EventKind.VERIFY, role=Role.MANAGER)
        take_step(unit, accepted, EventKind.HANDLE, role=Role.MANAGER)
        take_step(unit, accepted, EventKind.FEEDBACK, role=Role.MANAGER)
        take_step(unit, accepted, EventKind.CLOSE, role=Role.MANAGER)
    assert request_state.refresh(project.hq) == 0  # HQ holds nothing new yet
    project.sync("GQ2")
    assert request_state.refresh(project.hq) == 1  # only the request whose events changed
    after = board_of(project).site("GQ2")
    assert after is not None
    assert (after.open, after.overdue, after.closed) == (
        before.open - 1,
        before.overdue - 1,
        before.closed + 1,
    )
    assert after.satisfaction_pct == before.satisfaction_pct  # not called back yet


def test_a_site_not_heard_from_for_a_week_is_stale(project: Project) -> None:
    actor = login(project.hq, ADMIN, PASSWORD)
    with project.hq.write(actor.username) as unit:
        add_site(unit, actor, "GQ5", "五工区")  # no PC of it has synced yet
    now = datetime.now(UTC)
    board = board_of(project, now)
    gq5 = board.site("GQ5")
    assert gq5 is not None and gq5.site_id == site_id_for("GQ5")
    assert (gq5.requests, gq5.workers, gq5.nodes, gq5.last_contact) == (0, 0, 0, None)
    assert [s.code for s in board.stale_sites] == ["GQ5"]
    synced = [s.last_contact for s in board.sites if s.code != "GQ5"]
    assert all(when is not None and now - when < timedelta(minutes=5) for when in synced)
    later = board_of(project, now + STALE_AFTER + timedelta(hours=1))
    assert [s.code for s in later.stale_sites] == ["GQ2", "GQ3", "GQ4", "GQ5"]


def test_figures_agree_with_the_lists_at_hq(project: Project) -> None:
    """The dashboard counts in SQL; the lists fold row by row: they must say the same."""
    board = board_of(project)
    with project.hq.read() as session:
        for site in board.sites:
            rows = list_requests(
                session,
                RequestFilter(site_id=site.site_id, progress=Progress.OPEN),
                today=TODAY,
                calendar=CALENDAR,
            )
            assert len(rows) == site.open
            assert sum(r.timeliness is Timeliness.OVERDUE for r in rows) == site.overdue
            on_site = worker_list.WorkerFilter(
                site_id=site.site_id, presence=worker_list.Presence.ON_SITE
            )
            assert worker_list.count(session, on_site) == site.on_site
            stocked = set(  # the items this site has ever moved stock of
                session.scalars(
                    select(StockMovement.item_id).where(StockMovement.site_id == site.site_id)
                )
            )
            out = [
                i
                for i in supplies.stock(session, site.site_id)
                if i.id in stocked and i.balance <= 0
            ]
            assert len(out) == site.items_out


def test_a_site_node_sees_only_itself(project: Project) -> None:
    board = dashboard(project.sites["GQ4"], today=TODAY, calendar=CALENDAR)
    gq4 = board.site("GQ4")
    assert gq4 is not None
    mine = {k: v for k, v in shown(gq4).items() if k not in ("nodes", "node_problems")}
    assert mine == {k: v for k, v in expected(PLANS[2]).items() if k in mine}
    assert gq4.nodes == 0  # no other PC of GQ4
    assert {s.code for s in board.sites if s.requests or s.workers} == {"GQ4"}


def test_an_empty_node(db: object) -> None:
    from app.store.database import Database

    assert isinstance(db, Database)
    board = dashboard(db, today=date(2026, 9, 1), calendar=CALENDAR)
    assert [s.code for s in board.sites] == ["GQ2"]
    assert board.total.requests == 0 and board.total.satisfaction_pct is None


def test_stock_counted_at_one_pc_holds_a_handout_made_before_it_at_another(
    tmp_path: Path,
) -> None:
    """PC B hands out 2 of 4 melons offline; PC A counts the 2 left. The count holds B's
    handout when it arrives (2 in stock, not 0); a loss after the count is taken off it."""
    from decimal import Decimal

    from app.store.models import Team
    from app.store.supplies import (
        Entitlement,
        add_item,
        create_campaign,
        hand_out_to_team,
        move_stock,
        reconcile,
    )
    from tests.sync.conftest import Nodes, settle

    nodes = Nodes(tmp_path)
    hq = nodes.make("hq", site="XMB", kind="hq", tag="H")
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    with a.write("clerk") as unit:
        melon = add_item(unit, "西瓜", "个")
        move_stock(unit, melon, "receive", Decimal(4), TODAY)
        team = unit.journal.insert(Team, {"name": "隧道六队"})
        campaign = create_campaign(
            unit,
            name="防暑",
            on_date=TODAY,
            team_ids=[team],
            items=[Entitlement(melon, per_team=Decimal(2))],
        )
    settle(a, b)
    with b.write("clerk") as unit:
        hand_out_to_team(unit, campaign, team)
    with a.write("clerk") as unit:
        reconcile(unit, melon, Decimal(2), TODAY)
    settle(a, b, hq)
    gq2 = dashboard(hq, today=TODAY, calendar=CALENDAR).site("GQ2")
    assert gq2 is not None and gq2.items_out == 0 and gq2.handouts == 1
    with b.write("clerk") as unit:
        move_stock(unit, melon, "loss", Decimal(2), TODAY, note="摔坏")
    settle(a, b, hq)
    gq2 = dashboard(hq, today=TODAY, calendar=CALENDAR).site("GQ2")
    assert gq2 is not None and gq2.items_out == 1
    nodes.close()


@pytest.mark.postgres
def test_the_dashboard_of_an_hq_on_postgres(tmp_path: Path) -> None:
    from app.store.database import Database
    from tests.pg import fresh_pg_database

    with fresh_pg_database() as url:
        made = build(tmp_path, Database.open(url))
        try:
            board = board_of(made)
            for plan in PLANS:
                site = board.site(plan.code)
                assert site is not None and shown(site) == expected(plan), plan.code
            assert board.conflicts_open == 1
        finally:
            made.close()
