from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.ui.app import make_application
from app.ui.style import install_translations


@pytest.fixture
def zh_app(qapp: QApplication) -> Iterator[QApplication]:
    """The test QApplication with the bundled font and the Chinese translations."""
    app = make_application(lang="zh")
    yield app
    install_translations(app, "zh")


@pytest.fixture(autouse=True)
def _own_qsettings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test keeps its Qt settings (language, sync folder) in a folder of its own."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        str(tmp_path_factory.mktemp("qsettings")),
    )
    yield
