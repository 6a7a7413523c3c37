"""同步 and 设置 in the desktop app: the folder, a sync on a thread, the others' state;
site settings for managers; the language switch."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.domain.roles import Role
from app.store import settings as site_settings
from app.store.models import Team
from app.store.users import Actor
from app.ui import app as ui_app
from app.ui.app import open_main_window
from app.ui.main_window import MainWindow
from app.ui.settings_page import LANGUAGE_KEY, SettingsPage, saved_language
from app.ui.style import install_translations
from app.ui.sync_page import FOLDER_KEY, SyncPage
from tests.sync.conftest import Nodes

MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)
CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[Nodes]:
    made = Nodes(tmp_path)
    yield made
    made.close()


def test_sync_now_exchanges_through_the_folder_and_shows_the_other_pc(
    qtbot: QtBot, zh_app: QApplication, nodes: Nodes, tmp_path: Path
) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    with b.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "桥梁二队"})
    folder = tmp_path / "share"
    folder.mkdir()
    settings = QSettings()
    page_b = SyncPage(b, settings=QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(page_b)
    page_b.set_folder(folder)
    with qtbot.waitSignal(page_b.synced, timeout=20000):
        page_b.sync_button.click()
    page = SyncPage(a, settings=settings)
    qtbot.addWidget(page)
    assert not page.sync_button.isEnabled() and page.folder.placeholderText() == "尚未选择文件夹"
    page.set_folder(folder)
    assert settings.value(FOLDER_KEY) == str(folder)  # kept for the next start
    with qtbot.waitSignal(page.synced, timeout=20000):
        page.sync_button.click()
    assert re.fullmatch(r"已发出 \d+ 条变更，收到 \d+ 条。", page.result.text())
    with a.read() as session:
        assert session.scalars(select(Team.name)).all() == ["桥梁二队"]
    assert page.peers.rowCount() == 1 and page.peers.item(0, 0).text().endswith("B")
    assert "尚未被其他电脑确认" in page.summary.text()


def test_an_unplugged_folder_is_said_and_the_scheduler_skips_it(
    qtbot: QtBot, zh_app: QApplication, nodes: Nodes, tmp_path: Path
) -> None:
    a = nodes.make("a")
    QSettings().setValue(FOLDER_KEY, str(tmp_path / "stick"))  # not plugged in
    window = open_main_window(a, MANAGER, None, auto_sync=False)
    qtbot.addWidget(window)
    window.sync_if_reachable()
    assert window.sync_page.task is None  # quietly skipped
    window.sync_page.sync_button.click()
    assert "U 盘插好了吗" in window.sync_page.result.text()


def test_site_settings_need_a_manager_and_are_checked(
    qtbot: QtBot, zh_app: QApplication, nodes: Nodes
) -> None:
    a = nodes.make("a")
    clerk = SettingsPage(a, CLERK)
    qtbot.addWidget(clerk)
    assert not clerk.save_button.isEnabled()
    page = SettingsPage(a, MANAGER)
    qtbot.addWidget(page)
    row = page.keys.index("retention.requests")
    page.table.setCurrentCell(row, 0)
    assert page.value.text() == "3"
    page.value.setText("很多年")
    page.save_button.click()
    assert "年" in page.message.text() and site_settings.get(a, "retention.requests") == 3
    page.value.setText("5")
    page.save_button.click()
    assert page.message.text() == "已保存。" and site_settings.get(a, "retention.requests") == 5
    assert page.table.item(row, 1).text() == "5"


def test_the_language_switch_rebuilds_the_window_in_english_and_back(
    qtbot: QtBot, zh_app: QApplication, nodes: Nodes
) -> None:
    a = nodes.make("a")
    window = open_main_window(a, MANAGER, None, auto_sync=False)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(6)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["概览", "诉求", "实名制", "物资发放", "公示与打印", "同步", "设置"]
    try:
        page = window.settings_page
        page.language.setCurrentIndex(page.language.findData("en"))
        english = switch_language_result()
        qtbot.addWidget(english)
        assert saved_language() == "en" and QSettings().value(LANGUAGE_KEY) == "en"
        titles = [english.nav.item(i).text() for i in range(english.nav.count())]
        assert titles == [
            "Overview",
            "Requests",
            "Workers",
            "Supplies",
            "Notices and printing",
            "Sync",
            "Settings",
        ]
        assert english.nav.currentRow() == 6  # the same page
        assert english.workers_page.register_button.text() == "Register a worker…"
        assert english.settings_page.table.item(0, 0).text().startswith("Keep")
        english.settings_page.language.setCurrentIndex(0)
        chinese = switch_language_result()
        qtbot.addWidget(chinese)
        assert chinese.nav.item(2).text() == "实名制" and saved_language() == "zh"
    finally:
        install_translations(zh_app, "zh")


def switch_language_result() -> MainWindow:
    """The window that replaced the old one (app.ui.app keeps it on screen)."""
    return ui_app._open_windows[0]


def test_a_pc_not_heard_from_for_a_week_is_marked(
    qtbot: QtBot, zh_app: QApplication, nodes: Nodes
) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from app.store.models import Peer
    from app.ui.sync_page import STALE_COLOUR
    from tests.sync.conftest import settle

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    settle(a, b)
    page = SyncPage(a)
    qtbot.addWidget(page)
    assert page.peers.item(0, 6).text() == ""
    assert page.peers.item(0, 5).text() == "—"  # delivered directly, without a node file
    with a.engine.begin() as conn:  # a bookkeeping table, not synced: written directly
        conn.execute(update(Peer).values(last_contact=datetime.now(UTC) - timedelta(days=9)))
    page.show_status()
    assert page.peers.item(0, 6).text() == "已 9 天未联系"
    assert page.peers.item(0, 0).background().color().name() == STALE_COLOUR


def test_an_enrolled_pc_syncs_with_the_server_off_the_ui_thread(
    qtbot: QtBot, zh_app: QApplication, tmp_path: Path
) -> None:
    from tests.server.conftest import live_server

    with live_server(tmp_path, "sqlite") as live:
        a = live.enrol("gq2-a")
        page = SyncPage(a, settings=QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(page)
        assert live.url in page.server_line.text()
        assert page.sync_button.isEnabled() and page.reachable(), "no folder needed"
        with qtbot.waitSignal(page.synced, timeout=20000):
            page.sync_button.click()
        assert re.fullmatch(r"已发出 \d+ 条变更，收到 \d+ 条。", page.result.text())
        assert page.last_run is not None and not page.last_run.offline
        assert page.peers.rowCount() == 1  # the server itself, as HQ


def test_the_window_backs_off_while_the_server_is_out_of_reach(
    qtbot: QtBot, zh_app: QApplication, nodes: Nodes
) -> None:
    from app.sync.http import ServerConfig, save_server_config
    from tests.server.conftest import free_port

    a = nodes.make("a")
    save_server_config(a, ServerConfig(f"http://127.0.0.1:{free_port()}", "t" * 40))
    window = open_main_window(a, MANAGER, None, auto_sync=True)
    qtbot.addWidget(window)
    window.scheduler.stop()
    for expected in (60_000, 120_000):
        with qtbot.waitSignal(window.sync_page.synced, timeout=20000):
            window.sync_if_reachable()
        assert window.scheduler.isActive() and window.scheduler.interval() == expected
    assert "离线" in window.sync_status.text()
    assert "无法" in window.sync_page.result.text()
