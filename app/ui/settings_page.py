"""设置: this PC's language (kept the Qt way, in QSettings), and the site's settings
(app.store.settings: retention years, settlement date, photos) for those allowed to change
them — each change is audited by the service, old value to new."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.domain.problems import DomainError
from app.domain.roles import Permission, allowed
from app.store import settings as site_settings
from app.store.database import Database
from app.store.users import Actor
from app.ui.style import MessageLine, current_lang

LANGUAGE_KEY = "ui/language"


def saved_language(settings: QSettings | None = None) -> str:
    """The language chosen on this PC ("zh" unless English was chosen)."""
    value = str((settings or QSettings()).value(LANGUAGE_KEY, "zh") or "zh")
    return value if value in ("zh", "en") else "zh"


class SettingsPage(QWidget):
    language_changed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._settings = settings or QSettings()
        self._lang = current_lang()
        layout = QVBoxLayout(self)

        pc = QGroupBox(self.tr("This PC"))
        form = QFormLayout(pc)
        self.language = QComboBox()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(self._lang))
        self.language.currentIndexChanged.connect(self._choose_language)
        form.addRow(self.tr("Language"), self.language)
        # what support asks first: which version, and where this PC keeps its data
        self.version = QLabel(f"SiteDesk {__version__}")
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Version"), self.version)
        self.data_file = QLabel(db.engine.url.database or db.engine.url.render_as_string())
        self.data_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_file.setWordWrap(True)
        form.addRow(self.tr("Database"), self.data_file)
        layout.addWidget(pc)

        site = QGroupBox(self.tr("Site settings"))
        slay = QVBoxLayout(site)
        self.may_change = actor is not None and allowed(actor.role, Permission.CHANGE_SETTINGS)
        note = QLabel(
            self.tr("Changes are written to the audit log.")
            if self.may_change
            else self.tr("Only a site manager may change these.")
        )
        slay.addWidget(note)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Value")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda row, *_: self._pick(row))
        slay.addWidget(self.table, 1)
        edit = QHBoxLayout()
        self.value = QLineEdit()
        self.value.setPlaceholderText(self.tr("New value: years, a date (2026-08-26) or yes/no"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        edit.addWidget(self.value, 1)
        edit.addWidget(self.save_button)
        slay.addLayout(edit)
        self.message = MessageLine()
        slay.addWidget(self.message)
        layout.addWidget(site, 1)
        for w in (self.value, self.save_button):
            w.setEnabled(self.may_change)
        self.keys: list[str] = []
        self._values: list[object] = []
        self.reload()

    def _choose_language(self) -> None:
        lang = str(self.language.currentData())
        self._settings.setValue(LANGUAGE_KEY, lang)
        self._settings.sync()
        if lang != self._lang:
            self.language_changed.emit(lang)

    def reload(self) -> None:
        values = site_settings.all_values(self._db)
        self.keys = [d.key for d, _ in values]
        self._values = [value for _, value in values]
        self.table.setRowCount(len(values))
        for r, (d, value) in enumerate(values):
            text = d.label_en if self._lang == "en" else d.label_zh
            self.table.setItem(r, 0, QTableWidgetItem(text))
            self.table.setItem(r, 1, QTableWidgetItem(self._display(value)))

    def _display(self, value: object) -> str:
        if self._lang != "en":
            return site_settings.display(value)
        if value is None or value == "":
            return "not set"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return site_settings.display(value)

    def _pick(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            value = self._values[row]
            self.value.setText("" if value is None or value == "" else self._display(value))

    def save(self) -> None:
        row = self.table.currentRow()
        if self._actor is None or not 0 <= row < len(self.keys):
            self.message.say(self.tr("Choose a setting first."), error=True)
            return
        key = self.keys[row]
        try:
            with self._db.write(self._actor.username) as unit:
                site_settings.change(unit, self._actor, key, self.value.text())
        except DomainError as exc:
            self.message.say(exc.message(self._lang), error=True)
            return
        self.reload()
        self.table.setCurrentCell(row, 1)
        self.message.say(self.tr("Saved."))
