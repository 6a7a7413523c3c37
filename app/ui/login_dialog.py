"""Logging in: the password opens the data key that personal numbers are sealed with."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import DomainError
from app.store.database import Database
from app.store.users import Actor, login
from app.ui.style import add_error_and_buttons


class LoginDialog(QDialog):
    def __init__(
        self, db: Database, site_name: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = lang
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Log in"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("SiteDesk — {site}").replace("{site}", site_name)))
        form = QFormLayout()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.error = add_error_and_buttons(self, layout)
        self.resize(360, 180)

    def accept(self) -> None:
        try:
            self.actor = login(self._db, self.username.text(), self.password.text())
        except DomainError as exc:
            self.error.setText(exc.message(self._lang))
            self.password.clear()
            self.password.setFocus()
            return
        super().accept()
