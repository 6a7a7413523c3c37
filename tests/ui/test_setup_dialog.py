from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.store.database import Database
from app.store.info import summary
from app.store.users import list_users
from app.sync.http import server_config
from app.ui.setup_dialog import SetupDialog
from tests.server.conftest import Live, live_server, sync


@pytest.fixture
def fresh(
    qtbot: QtBot, zh_app: QApplication, tmp_path: Path
) -> Iterator[tuple[SetupDialog, Database]]:
    """The setup dialog on a data folder that has no node yet, and that folder's database."""
    db = Database.open(Paths(tmp_path / "fresh").ensure().database_url)
    dialog = SetupDialog(db)
    qtbot.addWidget(dialog)
    yield dialog, db
    db.close()


def test_bad_input_keeps_the_dialog_open_with_the_reason(
    fresh: tuple[SetupDialog, Database],
) -> None:
    dialog, db = fresh
    dialog.code.setText("工区二")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "工区代码" in dialog.error.text() and "请填写工区名称" in dialog.error.text()
    assert dialog.code.text() == "工区二"  # what the clerk typed is kept
    assert not db.has_local_node()


def _first_user(dialog: SetupDialog, again: str = "correct-horse") -> None:
    dialog.username.setText("wangli")
    dialog.display_name.setText("王丽")
    dialog.password.setText("correct-horse")
    dialog.password_again.setText(again)


def test_good_input_sets_up_the_node_with_demo_data(fresh: tuple[SetupDialog, Database]) -> None:
    dialog, db = fresh
    dialog.code.setText("gq5")
    dialog.name.setText("五工区")
    _first_user(dialog)
    dialog.demo.setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    s = summary(db)
    assert s.site_code == "GQ5" and s.count("worker") >= 300
    assert dialog.actor is not None and dialog.actor.role == "manager"
    assert [u.username for u in list_users(db)] == ["wangli"]


def test_a_short_or_mistyped_password_is_refused(fresh: tuple[SetupDialog, Database]) -> None:
    dialog, db = fresh
    dialog.code.setText("GQ5")
    dialog.name.setText("五工区")
    _first_user(dialog, again="correct-hose")
    dialog.accept()
    assert "两次输入的密码不一致" in dialog.error.text() and not db.has_local_node()
    dialog.password.setText("short")
    dialog.password_again.setText("short")
    dialog.accept()
    assert "密码至少需要 8 位" in dialog.error.text() and not db.has_local_node()
    assert dialog.username.text() == "wangli"  # what the clerk typed is kept


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Live]:
    (tmp_path / "hq").mkdir()
    with live_server(tmp_path / "hq", "sqlite") as live:
        yield live


def test_an_enrolment_code_joins_the_site_at_the_hq_server(
    fresh: tuple[SetupDialog, Database], server: Live, tmp_path: Path
) -> None:
    dialog, db = fresh
    code_file = tmp_path / "GQ2.sdenrol"
    code_file.write_text(server.code("GQ2").to_text(), encoding="utf-8")
    dialog.demo.setChecked(True)
    dialog.load_code(code_file)
    assert "GQ2" in dialog.code_info.text() and server.url in dialog.code_info.text()
    assert not dialog.code.isEnabled() and not dialog.tag.isEnabled()
    assert not dialog.demo.isChecked(), "no demo data on a PC of a real project"

    _first_user(dialog)
    dialog.password.setText("short")  # refused before the one-time code is spent
    dialog.password_again.setText("short")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "密码" in dialog.error.text() and not db.has_local_node()

    _first_user(dialog)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert summary(db).site_code == "GQ2" and summary(db).count("worker") == 0
    config = server_config(db)
    assert config is not None and config.url == server.url
    assert dialog.actor is not None and dialog.actor.role == "manager"
    assert sync(db).nodes is not None  # the PC syncs with the server it joined


def test_text_that_is_not_a_code_is_refused(
    fresh: tuple[SetupDialog, Database], server: Live
) -> None:
    dialog, db = fresh
    dialog.enrol_code.setText('{"server": "https://hq.example.cn"}')
    assert "不是" in dialog.code_info.text() and dialog.code.isEnabled()
    _first_user(dialog)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "注册码" in dialog.error.text() and not db.has_local_node()
    used = server.code("GQ2")
    server.hub.revoke_enrolment(used.token)
    dialog.enrol_code.setText(used.to_text())
    dialog.accept()
    assert "注册码" in dialog.error.text() and "吊销" in dialog.error.text()
    assert not db.has_local_node()
