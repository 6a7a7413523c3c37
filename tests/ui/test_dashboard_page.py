"""The HQ overview: every site's figures, stale sites marked, drill-down into a site's lists,
the site filter of the lists, and the people registered at two sites.

The project is three sites' PCs synced to HQ through a folder (tests/store/multisite); the
expected figures are counted from what each PC recorded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.store.models import Worker
from app.store.sites import add_site, site_id_for
from app.store.users import Actor, login
from app.sync.folder import sync_folder
from app.ui.dashboard_page import DashboardPage
from app.ui.main_window import MainWindow
from app.ui.sync_page import STALE_COLOUR
from tests.store.multisite import PLANS, TODAY, Project, build
from tests.sync.conftest import ADMIN, PASSWORD


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    made = build(tmp_path)
    yield made
    made.close()


@pytest.fixture
def actor(project: Project) -> Actor:
    return login(project.hq, ADMIN, PASSWORD)


def loaded_page(qtbot: QtBot, project: Project, actor: Actor) -> DashboardPage:
    page = DashboardPage(project.hq, actor, today=lambda: TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.reload()
    qtbot.waitUntil(lambda: not page.loading)
    return page


def cells(page: DashboardPage, row: int) -> list[str]:
    return [str(page.proxy.index(row, c).data()) for c in range(page.proxy.columnCount())]


def test_the_page_shows_every_sites_figures(
    qtbot: QtBot, zh_app: QApplication, project: Project, actor: Actor
) -> None:
    page = loaded_page(qtbot, project, actor)
    assert page.title.text() == "项目部"
    assert page.proxy.rowCount() == len(PLANS)
    for row, plan in enumerate(PLANS):  # sorted by code
        got = cells(page, row)
        assert got[0] == f"{plan.code} {plan.name}"
        assert got[1:4] == [str(plan.open), str(plan.overdue), str(plan.received_month)]
        assert got[5:8] == [str(plan.on_site), str(plan.workers), str(plan.handed_now)]
        assert got[8] == str(int(plan.melons_left <= 0))
    assert page.open_card.value.text() == str(sum(p.open for p in PLANS))
    assert str(sum(p.overdue for p in PLANS)) in page.open_card.detail.text()
    grades = [g for p in PLANS for g in p.grades]
    satisfied = 100 * sum(g in "ABC" for g in grades) / len(grades)
    assert page.satisfaction_card.value.text() == f"{satisfied:.1f}%"
    assert page.workers_card.value.text() == str(sum(p.on_site for p in PLANS))
    assert page.conflict_card.value.text() == "1"  # the person registered at GQ2 and GQ3
    # the chart: open and overdue, the busiest sites first
    assert page.chart.groups == [
        (p.name, [p.open, p.overdue])
        for p in sorted(PLANS, key=lambda p: (-p.open, -p.overdue, p.code))
    ]
    assert page.tabs.tabText(1) == "在两个工区登记的人员（1）"
    assert page.dup_table.rowCount() == 1
    assert page.dup_table.item(0, 0).text().endswith("002X")
    assert "GQ2 二工区：二甲" in page.dup_table.item(0, 1).text()
    assert page.dup_table.item(0, 2).text() == "待处理"


def test_a_site_not_heard_from_for_a_week_is_marked(
    qtbot: QtBot, zh_app: QApplication, project: Project, actor: Actor
) -> None:
    with project.hq.write(actor.username) as unit:
        add_site(unit, actor, "GQ5", "五工区")  # no PC has synced yet
    page = loaded_page(qtbot, project, actor)
    backgrounds = {
        cells(page, r)[0]: page.proxy.index(r, 3).data(Qt.ItemDataRole.BackgroundRole)
        for r in range(page.proxy.rowCount())
    }
    assert backgrounds.pop("GQ5 五工区").color().name() == STALE_COLOUR
    assert all(b is None for b in backgrounds.values())
    assert cells(page, 3)[10] == "从未同步"
    assert "超过 7 天未同步：1" in page.sites_card.detail.text()


def test_sites_sort_by_a_figure(
    qtbot: QtBot, zh_app: QApplication, project: Project, actor: Actor
) -> None:
    page = loaded_page(qtbot, project, actor)
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # overdue
    by_overdue = sorted(PLANS, key=lambda p: -p.overdue)
    assert [page.site_at(r).code for r in range(3)] == [p.code for p in by_overdue]
    page.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # registered
    assert [page.site_at(r).workers for r in range(3)] == sorted(p.workers for p in PLANS)


def test_drill_down_into_a_site_and_its_lists(
    qtbot: QtBot, zh_app: QApplication, project: Project, actor: Actor
) -> None:
    window = MainWindow(project.hq, actor)
    qtbot.addWidget(window)
    page = window.dashboard_page
    assert page is not None and window.pages.widget(0) is page
    qtbot.waitUntil(lambda: page.board is not None and not page.loading, timeout=20_000)
    gq3 = next(p for p in PLANS if p.code == "GQ3")
    row = next(r for r in range(page.proxy.rowCount()) if page.site_at(r).code == "GQ3")
    dialog = page.open_site(row)
    assert dialog is not None and dialog.windowTitle() == "三工区（GQ3）"
    assert dialog.workers_card.value.text() == str(gq3.on_site)
    assert dialog.stages.rowCount() == len({"received", "accepted", "closed"})

    dialog.requests_button.click()  # its requests, in the 诉求 list
    requests = window.requests_page
    assert window.pages.currentWidget() is requests
    assert requests.site is not None and requests.site.site_id() == site_id_for("GQ3")
    shown = [requests.model.row_at(r) for r in range(requests.model.rowCount())]
    assert len(shown) == gq3.requests and {r.site for r in shown} == {"三工区"}

    dialog = page.open_site(row)
    assert dialog is not None
    dialog.workers_button.click()
    workers = window.workers_page
    assert window.pages.currentWidget() is workers
    assert workers.model.total == gq3.workers

    dialog = page.open_site(row)
    assert dialog is not None
    dialog.handouts_button.click()
    handouts = window.handout_page
    assert window.pages.currentWidget() is handouts
    assert handouts.campaign.count() == 1  # GQ3's one campaign, not every site's
    window.close()


def test_the_lists_filter_by_site_at_hq(
    qtbot: QtBot, zh_app: QApplication, project: Project, actor: Actor
) -> None:
    window = MainWindow(project.hq, actor)
    qtbot.addWidget(window)
    workers, requests, handouts = window.workers_page, window.requests_page, window.handout_page
    assert workers.site is not None and requests.site is not None and handouts.site is not None
    assert workers.site.itemText(0) == "全部工区"
    assert workers.model.total == sum(p.workers for p in PLANS)
    # which work area a row belongs to, in a column of its own at HQ
    assert not workers.table.isColumnHidden(8) and not requests.table.isColumnHidden(9)
    assert {workers.model.row_at(r).site for r in range(workers.model.rowCount())} == {
        p.name for p in PLANS
    }
    assert handouts.campaign.count() == len(PLANS)
    for plan in PLANS:
        site_id = site_id_for(plan.code)
        workers.site.setCurrentIndex(workers.site.findData(site_id))
        assert workers.model.total == plan.workers
        # the team filter offers that site's teams only
        assert workers.team.count() == 1 + max(plan.handouts, 1)
        requests.site.setCurrentIndex(requests.site.findData(site_id))
        assert requests.proxy.rowCount() == plan.requests
    requests.site.setCurrentIndex(0)
    assert requests.proxy.rowCount() == sum(p.requests for p in PLANS)
    window.close()


def test_hq_lists_the_newest_requests_and_says_there_are_more(
    qtbot: QtBot,
    zh_app: QApplication,
    project: Project,
    actor: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A whole project's requests are too many to fold at every look: HQ shows the newest
    few (2,000; 3 here), narrowed in SQL by the kept stages, and says there are more."""
    from app.store import request_state
    from app.store.request_list import Progress
    from app.ui import request_list

    monkeypatch.setattr(request_list, "HQ_LIST_LIMIT", 3)
    request_state.refresh(project.hq)  # as the overview does
    window = MainWindow(project.hq, actor)
    qtbot.addWidget(window)
    page = window.requests_page
    total = sum(p.requests for p in PLANS)
    assert total > 3
    assert page.proxy.rowCount() == 3 and "最新 3 条" in page.count_label.text()
    page.stage.setCurrentIndex(page.stage.findData(Progress.ENDED.value))
    page.apply_filter()
    ended = [page.model.row_at(r) for r in range(page.model.rowCount())]
    assert ended and all(r.stage.value in ("closed", "rejected", "merged") for r in ended)
    window.close()


def test_a_site_pc_has_no_site_filter_and_its_own_overview(
    qtbot: QtBot, zh_app: QApplication, project: Project
) -> None:
    site = project.sites["GQ2"]
    window = MainWindow(site, login(site, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    assert window.dashboard_page is None
    assert window.requests_page.site is None and window.workers_page.site is None
    assert window.handout_page.site is None
    assert window.workers_page.table.isColumnHidden(8)
    assert window.requests_page.table.isColumnHidden(9)
    assert window.site_title.text() == "二工区"
    window.close()


def test_a_duplicate_is_decided_at_hq_and_reaches_the_sites(
    qtbot: QtBot, zh_app: QApplication, project: Project, actor: Actor
) -> None:
    page = loaded_page(qtbot, project, actor)
    (dup,) = page.duplicates
    kept, other = dup.registrations  # GQ2's, GQ3's
    dialog = page.conflict_dialog(0)
    assert dialog is not None
    qtbot.addWidget(dialog)
    labels = [dialog.table.verticalHeaderItem(r).text() for r in range(dialog.table.rowCount())]
    row = labels.index("工区")
    assert {dialog.table.item(row, c).text() for c in range(2)} == {"二工区", "三工区"}
    dialog.note.setText("同一人，已调往二工区，三工区登记作废")
    dialog.buttons[f"keep:{kept.worker_id}"].click()
    assert dialog.resolved
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.reload()
    assert page.dup_table.rowCount() == 0 and page.tabs.tabText(1).endswith("（0）")
    assert page.conflict_card.value.text() == "0"
    sync_folder(project.hq, project.folder)  # HQ publishes the decision …
    sync_folder(project.sites["GQ3"], project.folder)  # … and GQ3's PC applies it
    with project.sites["GQ3"].read() as session:
        gone = session.get(Worker, other.worker_id)
        assert gone is not None and gone.deleted
