"""诉求 page: filters, the time marks, sorting, the calendar warning, and the status bar."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.requests import EventKind
from app.domain.roles import Role
from app.store.database import Database
from app.store.requests import RequestInput, add_request, take_step
from app.store.users import Actor
from app.ui.main_window import MainWindow
from app.ui.request_list import RequestsPage

CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)
TODAY = date(2026, 11, 24)  # Tuesday


def _add(db: Database, day: int, **kw: object) -> str:
    values: dict[str, object] = {
        "channel": "phone",
        "category_code": "living",  # 3 working days
        "description": "宿舍漏雨",
        "received_at": datetime(2026, 11, day, 2, 0, tzinfo=UTC),
    }
    values.update(kw)
    with db.write("clerk") as unit:
        return add_request(unit, RequestInput(**values), node_tag="A")  # type: ignore[arg-type]


def _known(db: Database) -> dict[str, str]:
    ids = {
        "overdue": _add(db, 16, description="食堂饭菜太咸"),  # due Thu 11-19
        "soon": _add(db, 20, channel="box"),  # Fri → due Wed 11-25
        "later": _add(db, 23, category_code="wages", description="十月工资未发"),
        "closed": _add(db, 10),
    }
    with db.write("clerk") as unit:
        for kind in (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE):
            take_step(unit, ids["closed"], kind)
        take_step(unit, ids["closed"], EventKind.FEEDBACK)
        take_step(unit, ids["closed"], EventKind.CLOSE)
    return ids


def _page(qtbot: QtBot, db: Database, today: date = TODAY) -> RequestsPage:
    page = RequestsPage(db, CLERK, today=lambda: today)
    qtbot.addWidget(page)
    return page


def _shown(page: RequestsPage) -> list[str]:
    return [page.request_id_at(r) for r in range(page.proxy.rowCount())]


def _choose(combo: object, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def test_filters_and_time_marks(qtbot: QtBot, zh_app: QApplication, db: Database) -> None:
    ids = _known(db)
    page = _page(qtbot, db)
    assert page.count_label.text() == "共 4 件 · 超期 1 件，即将到期 1 件"
    assert _shown(page) == [ids["later"], ids["soon"], ids["overdue"], ids["closed"]]
    dues = {page.request_id_at(r): page.proxy.index(r, 8).data() for r in range(4)}
    assert dues[ids["overdue"]] == "2026-11-19 已超期"
    assert dues[ids["soon"]] == "2026-11-25 即将到期"
    assert dues[ids["later"]] == "2026-12-10"
    assert page.proxy.index(0, 7).data() == "待受理"
    assert page.proxy.index(0, 8).data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.proxy.index(2, 8).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c1121f"

    _choose(page.timing, "late")
    assert set(_shown(page)) == {ids["overdue"], ids["soon"]}
    _choose(page.timing, "overdue")
    assert _shown(page) == [ids["overdue"]]
    _choose(page.timing, "all")
    _choose(page.stage, "ended")
    assert _shown(page) == [ids["closed"]]
    _choose(page.stage, "received")
    assert len(_shown(page)) == 3
    _choose(page.stage, None)
    _choose(page.category, "wages")
    assert _shown(page) == [ids["later"]]
    _choose(page.category, None)
    _choose(page.channel, "box")
    assert _shown(page) == [ids["soon"]]
    _choose(page.channel, None)
    page.search.setText("太咸")
    qtbot.waitUntil(lambda: _shown(page) == [ids["overdue"]])
    assert page.count_label.text() == "共 1 件 · 超期 1 件，即将到期 0 件"


def test_sorting_by_due_date(qtbot: QtBot, zh_app: QApplication, db: Database) -> None:
    ids = _known(db)
    page = _page(qtbot, db)
    page.table.sortByColumn(8, Qt.SortOrder.AscendingOrder)
    assert _shown(page) == [ids["closed"], ids["overdue"], ids["soon"], ids["later"]]


def test_a_year_without_holidays_is_pointed_out(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    this_year, next_year = _page(qtbot, db), _page(qtbot, db, date(2027, 1, 4))
    assert this_year.calendar_note.text() == ""
    note = next_year.calendar_note.text()
    assert "没有 2027 年的假日" in note and "设置" in note


def test_the_window_has_a_requests_page_and_the_status_bar_reminds(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    window = MainWindow(db, CLERK)
    qtbot.addWidget(window)
    assert window.due_status.text() == "诉求：无超期"
    ids = _known(db)
    window.requests_page.today = lambda: TODAY
    window.refresh()
    window.nav.setCurrentRow(1)
    assert window.pages.currentWidget() is window.requests_page
    assert window.due_status.text() == "诉求：超期 1 件，即将到期 1 件"
    assert len(_shown(window.requests_page)) == len(ids)


def test_the_status_bar_follows_a_step_a_moment_later(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    window = MainWindow(db, CLERK)
    qtbot.addWidget(window)
    window.requests_page.today = lambda: TODAY
    _known(db)
    window.requests_page.changed.emit()  # as a step taken in the detail dialog does
    assert window.due_status.text() == "诉求：无超期"  # not recounted on every change …
    qtbot.waitUntil(  # … but once, shortly after
        lambda: window.due_status.text() == "诉求：超期 1 件，即将到期 1 件", timeout=5000
    )
