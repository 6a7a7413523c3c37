"""设置: this PC's version and database file, for whoever helps the clerk on the phone."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from app import __version__
from app.config import Paths
from app.store.database import Database
from app.ui.settings_page import SettingsPage


def _row_label(page: SettingsPage, field: QLabel) -> str:
    form = field.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    return label.text()


def test_this_pc_shows_the_version_and_where_the_data_is(
    qtbot: QtBot, zh_app: QApplication, db: Database, paths: Paths
) -> None:
    page = SettingsPage(db)
    qtbot.addWidget(page)
    assert page.version.text() == f"SiteDesk {__version__}"
    assert _row_label(page, page.version) == "程序版本"
    assert page.data_file.text() == str(paths.database)
    assert _row_label(page, page.data_file) == "数据文件"
