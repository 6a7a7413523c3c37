"""First start on a PC: make it a node of a work area (the full wizard comes later)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import DomainError
from app.store.database import Database
from app.store.demo import make_demo
from app.store.sites import FirstUser, init_node
from app.store.users import Actor, login
from app.ui.style import add_error_and_buttons


class SetupDialog(QDialog):
    def __init__(self, db: Database, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = lang
        self.setWindowTitle(self.tr("Set up this PC"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This PC has no data yet. Enter the work area it serves; "
                "several PCs of one work area use the same code."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("e.g. GQ2"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Work Area 2"))
        self.phone = QLineEdit()
        self.tag = QLineEdit("A")
        self.demo = QCheckBox(self.tr("Fill with demo data (for training)"))
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("e.g. wang.li"))
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Work area code"), self.code)
        form.addRow(self.tr("Work area name"), self.name)
        form.addRow(self.tr("Service phone"), self.phone)
        form.addRow(self.tr("This PC's letter"), self.tag)
        form.addRow(QLabel(self.tr("<b>First user (site manager)</b>")))
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Full name"), self.display_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.password_again)
        form.addRow("", self.demo)
        layout.addLayout(form)
        self.error = add_error_and_buttons(self, layout)
        self.resize(480, 440)
        self.actor: Actor | None = None

    def accept(self) -> None:
        """Keep the dialog open with the reason when the input is refused; nothing is lost.
        The first user is logged in when the dialog closes: their password opened the key."""
        if self.password.text() != self.password_again.text():
            self.error.setText(self.tr("The two passwords differ."))
            return
        admin = FirstUser(self.username.text(), self.display_name.text(), self.password.text())
        try:
            init_node(
                self._db,
                site_code=self.code.text(),
                site_name=self.name.text(),
                tag=self.tag.text(),
                service_phone=self.phone.text(),
                admin=admin,
            )
        except DomainError as exc:
            self.error.setText(exc.message(self._lang).replace("；", "\n"))
            return
        self.actor = login(self._db, admin.username, admin.password)
        if self.demo.isChecked():
            make_demo(self._db)
        super().accept()
