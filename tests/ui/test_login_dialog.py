from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.store.database import Database
from app.store.sites import FirstUser, init_node
from app.ui.login_dialog import LoginDialog


@pytest.fixture
def node(tmp_path: object, paths: Paths) -> Iterator[Database]:
    """A set-up PC, reopened as at the next start: the data key is locked again."""
    db = Database.open(paths.database_url)
    init_node(
        db, site_code="GQ2", site_name="二工区", admin=FirstUser("wangli", "王丽", "pw-12345678")
    )
    db.close()
    again = Database.open(paths.database_url)
    yield again
    again.close()


def test_the_right_password_opens_the_data_key(
    qtbot: QtBot, zh_app: QApplication, node: Database
) -> None:
    dialog = LoginDialog(node, "二工区")
    qtbot.addWidget(dialog)
    assert node.vault is None
    dialog.username.setText("wangli")
    dialog.password.setText("pw-12345678")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and node.vault is not None


def test_a_wrong_password_says_so_and_stays_open(
    qtbot: QtBot, zh_app: QApplication, node: Database
) -> None:
    dialog = LoginDialog(node, "二工区")
    qtbot.addWidget(dialog)
    dialog.username.setText("wangli")
    dialog.password.setText("guess")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "用户名或密码不正确" in dialog.error.text()
    assert dialog.username.text() == "wangli" and dialog.password.text() == ""
    assert node.vault is None
