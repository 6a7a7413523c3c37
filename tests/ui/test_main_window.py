from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.requests import Stage
from app.store.database import Database
from app.store.demo import make_demo
from app.store.info import summary
from app.ui.main_window import MainWindow
from app.ui.style import install_translations


def test_window_shows_the_site_and_its_counts(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    make_demo(db, today=date(2026, 8, 27))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    expected = summary(db)
    assert window.site_title.text() == "二工区"
    assert "GQ2" in window.site_subtitle.text() and "工区代码" in window.site_subtitle.text()
    assert window.workers_card.value.text() == f"{expected.workers_on_site:,}"
    assert window.teams_card.value.text() == "17"
    assert window.stage_table.rowCount() == len(Stage)
    labels = {window.stage_table.item(r, 0).text() for r in range(window.stage_table.rowCount())}
    assert {"待受理", "整改提升", "不予受理"} <= labels
    assert "同步：尚未同步" in window.sync_status.text()


def test_refresh_picks_up_new_data(qtbot: QtBot, zh_app: QApplication, db: Database) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.teams_card.value.text() == "0"
    make_demo(db, workers=10, today=date(2026, 8, 27))
    window.refresh_action.trigger()
    assert window.teams_card.value.text() == "17"


def test_english_is_selectable(qtbot: QtBot, zh_app: QApplication, db: Database) -> None:
    install_translations(zh_app, "en")
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.workers_card.title.text() == "Workers on site"
    install_translations(zh_app, "zh")
    window2 = MainWindow(db)
    qtbot.addWidget(window2)
    assert window2.workers_card.title.text() == "在场工人"


def test_status_bar_shows_the_last_sync_and_what_is_unconfirmed(
    qtbot: QtBot, zh_app: QApplication, tmp_path: Path
) -> None:
    from app.store.models import Team
    from app.sync.folder import sync_folder
    from tests.sync.conftest import Nodes

    made = Nodes(tmp_path)
    a, b = made.make("a"), made.make("b", tag="B")
    with a.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "隧道六队"})
    sync_folder(a, tmp_path / "share")
    sync_folder(b, tmp_path / "share")
    window = MainWindow(b)
    qtbot.addWidget(window)
    assert "同步：最近" in window.sync_status.text()
    assert "未确认送达" in window.sync_status.text()
    made.close()
