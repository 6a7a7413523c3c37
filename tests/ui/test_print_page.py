"""公示与打印 in the desktop app: choose a paper, make it off the UI thread, see its pages,
save a copy; a refusal (no form address yet) is said in Chinese and makes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.printing import jobs
from app.store import settings
from app.store.database import Database
from app.store.demo import make_demo
from app.store.users import Actor
from app.ui.print_page import PrintPage

MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)
TODAY = date(2026, 8, 27)


def _page(qtbot: QtBot, db: Database, tmp_path: Path) -> PrintPage:
    page = PrintPage(db, MANAGER, None, tmp_path / "printed", today=lambda: TODAY)
    qtbot.addWidget(page)
    return page


def _make(qtbot: QtBot, page: PrintPage) -> None:
    page.make()
    assert page.task is not None
    qtbot.waitUntil(lambda: page.make_button.isEnabled(), timeout=20000)


def test_make_preview_and_save_a_poster_and_a_sign_off_sheet(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    make_demo(db, workers=40, today=TODAY)
    page = _page(qtbot, db, tmp_path)
    assert [page.papers.item(n).text() for n in range(page.papers.count())] == [
        "扫码海报",
        "服务折页",
        "公示",
        "签收表",
        "工卡",
        "诉求月报",
        "花名册",
    ]
    _make(qtbot, page)  # the poster, before the form address is set
    assert "诉求表单网址" in page.message.text() and page.printed is None
    with db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, "form.base_url", "https://hq.example.cn")
    page.paper_size.setCurrentIndex(1)  # A3
    _make(qtbot, page)
    assert page.printed is not None and page.printed.kind == jobs.Paper.POSTER
    assert page.message.text().startswith("已生成，共 1 页")
    previews = page.preview_box.findChildren(QLabel)
    assert len(previews) == 1 and not previews[0].pixmap().isNull()
    assert page.open_button.isEnabled()

    page.papers.setCurrentRow(3)  # the sign-off sheet of the demo's handout
    assert page.signoff_campaign.count() == 1
    _make(qtbot, page)
    assert page.printed is not None and page.printed.kind == jobs.Paper.SIGNOFF
    assert page.printed.path.parent == tmp_path / "printed"
    copy = tmp_path / "签收表"
    page.save_copy(copy)
    assert (tmp_path / "签收表.pdf").read_bytes() == page.printed.path.read_bytes()
    assert "已保存到" in page.message.text()


def test_a_free_text_notice_needs_its_words(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    page = _page(qtbot, db, tmp_path)
    page.papers.setCurrentRow(2)
    page.notice_kind.setCurrentIndex(page.notice_kind.findData("text"))
    _make(qtbot, page)
    assert page.message.text() == "公示须有标题和正文。"
    page.notice_title.setText("食堂管理制度")
    page.notice_body.setPlainText("饭菜价格公开，每周公布菜单。")
    _make(qtbot, page)
    assert page.printed is not None and page.printed.kind == jobs.Paper.NOTICE
