"""The QApplication every window shares: name, version, icon, font and language."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app import __version__
from app.ui.app import make_application


def test_the_application_carries_the_version_and_the_icon(zh_app: QApplication) -> None:
    app = make_application(lang="zh")
    assert app.applicationVersion() == __version__
    icon = app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).width() == 32
