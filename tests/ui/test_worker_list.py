from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.store.database import Database
from app.store.demo import make_demo
from app.store.models import Worker
from app.ui.main_window import MainWindow
from app.ui.worker_list import PAGE_SIZE, WorkerListPage


def _shown(page: WorkerListPage, column: int = 0) -> list[str]:
    model = page.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_list_pages_through_sql_and_searches_as_you_type(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    make_demo(db, workers=450, today=date(2026, 8, 27))
    page = WorkerListPage(db)
    qtbot.addWidget(page)
    page.show()
    assert page.count_label.text() == "共 450 人"
    assert page.model.rowCount() == PAGE_SIZE  # one page, not every row
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 3, 7)] == [
        "姓名",
        "证件号码",
        "在场状态",
    ]
    assert all("********" in text for text in _shown(page, 3))  # masked
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > PAGE_SIZE)

    with db.read() as session:
        someone = session.query(Worker).filter(Worker.deleted.is_(False)).first()
        assert someone is not None
        name, initials, tail = someone.name, someone.name_pinyin.split()[1], someone.id_tail
    page.search.insert(name)  # as an input method commits it (QTest types Latin keys only)
    qtbot.waitUntil(lambda: name in _shown(page) and page.model.total < 450)
    assert all(name in shown for shown in _shown(page))
    page.search.clear()
    qtbot.keyClicks(page.search, initials)
    qtbot.waitUntil(lambda: name in _shown(page))
    page.search.setText(tail)
    page.apply_filter()
    assert name in _shown(page)
    page.search.setText("没有这个人")
    page.apply_filter()
    assert page.model.rowCount() == 0 and page.count_label.text() == "共 0 人"


def test_filters_by_team_and_presence(qtbot: QtBot, zh_app: QApplication, db: Database) -> None:
    make_demo(db, workers=120, today=date(2026, 8, 27))
    page = WorkerListPage(db)
    qtbot.addWidget(page)
    page.team.setCurrentIndex(1)
    team = page.team.currentText()
    assert set(_shown(page, 5)) == {team}
    page.team.setCurrentIndex(0)
    page.presence.setCurrentIndex(page.presence.findText("已退场"))
    left = _shown(page, 7)
    assert left and set(left) == {"已退场"}


def test_the_main_window_has_a_page_for_registration(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    make_demo(db, workers=30, today=date(2026, 8, 27))
    window = MainWindow(db)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["概览", "诉求", "实名制", "物资发放", "公示与打印", "同步", "设置"]
    window.nav.setCurrentRow(2)
    assert window.pages.currentWidget() is window.workers_page
    assert window.workers_page.count_label.text() == "共 30 人"
