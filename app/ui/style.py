"""Fonts and translations, installed once per QApplication.

The CJK font ships in ``resources/fonts`` and is registered at start, so every PC — and a
headless test machine — renders Chinese the same way. Chinese is the default language;
English is selectable. Qt's own dialogs are translated with ``qtbase_<lang>.qm``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from app.config import resources_dir

FONT_FILE = "wqy-microhei.ttc"
LANGUAGES = {"zh": "zh_CN", "en": "en"}
_installed: list[QTranslator] = []


def register_fonts(app: QApplication) -> str:
    """Register the bundled font and make it the application font; returns its family."""
    path = resources_dir() / "fonts" / FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        raise RuntimeError(f"cannot load the bundled font {path}")
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(family)
    font.setPointSize(10)
    app.setFont(font)
    return family


def install_translations(app: QCoreApplication, lang: str | None) -> str:
    """Install Qt's and SiteDesk's translators for ``lang`` (zh default); returns the locale."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale_name = LANGUAGES.get((lang or "zh")[:2], "zh_CN")
    QLocale.setDefault(QLocale(locale_name))
    if locale_name == "en":
        return locale_name  # source strings are English
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for directory, name in (
        (qt_dir, f"qtbase_{locale_name}"),
        (str(resources_dir() / "i18n"), f"sitedesk_{locale_name}"),
    ):
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            raise RuntimeError(f"translation {name} not found in {directory}")
    return locale_name


def add_error_and_buttons(dialog: QDialog, layout: QBoxLayout) -> QLabel:
    """A dialog's red error line and its OK/Cancel buttons; returns the error line."""
    error = QLabel()
    error.setObjectName("errorText")
    error.setStyleSheet("color: #c1121f;")
    error.setWordWrap(True)
    layout.addWidget(error)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error


def current_lang() -> str:
    """The language the UI was started in ("zh" or "en"), for domain messages."""
    return "en" if QLocale().language() == QLocale.Language.English else "zh"


class MessageLine(QLabel):
    """A line under a form that says what just happened: green when done, red when not."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)

    def say(self, text: str, *, error: bool = False) -> None:
        self.setStyleSheet("color: #c1121f;" if error else "color: #2a6f3e;")
        self.setText(text)


def read_only_table(headers: list[str], stretch: int) -> QTableWidget:
    """A table to read, not edit: whole rows selected, columns as wide as their words, the
    ``stretch`` column taking what is left."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
