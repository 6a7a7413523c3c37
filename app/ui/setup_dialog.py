"""First start on a PC: make it a node of a work area — with an enrolment code from HQ (it
registers at the HQ server and syncs with it), or by typing the work area in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSysInfo, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import DomainError
from app.store.database import Database
from app.store.demo import make_demo
from app.store.sites import FirstUser, init_node
from app.store.users import Actor, login
from app.sync import wire
from app.sync.enrol import enrol
from app.sync.http import HttpSyncError
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
                "This PC has no data yet. With an enrolment code from HQ, paste, scan or open "
                "it; otherwise enter the work area this PC serves (several PCs of one work "
                "area use the same code)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        # an enrolment code: pasted, typed by a scanner from the sheet's QR, or opened
        self.enrol_code = QLineEdit()
        self.enrol_code.setPlaceholderText(
            self.tr("Paste or scan the code from HQ, or open its file (optional)")
        )
        self.enrol_code.textChanged.connect(self._show_code)
        self.open_code = QPushButton(self.tr("Open file…"))
        self.open_code.clicked.connect(self._open_code)
        row = QHBoxLayout()
        row.addWidget(self.enrol_code, 1)
        row.addWidget(self.open_code)
        self.code_info = QLabel()
        self.code_info.setWordWrap(True)
        form.addRow(self.tr("Enrolment code"), row)
        form.addRow("", self.code_info)
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
        self.resize(520, 500)
        self.actor: Actor | None = None

    def enrolment(self) -> wire.EnrolmentCode | None:
        """The enrolment code entered, if one was (``WireError`` when it is not one)."""
        text = self.enrol_code.text().strip()
        return wire.EnrolmentCode.parse(text) if text else None

    def _show_code(self) -> None:
        try:
            code = self.enrolment()
        except wire.WireError:
            code = None
            self.code_info.setText(self.tr("This is not an enrolment code from HQ."))
        else:
            if code is None:
                self.code_info.clear()
            else:
                until = code.expires_at
                self.code_info.setText(
                    self.tr(
                        "Joins work area {code} {name} through the HQ server {server}; "
                        "the code is valid until {until}."
                    )
                    .replace("{code}", code.site_code)
                    .replace("{name}", code.site_name)
                    .replace("{server}", code.server)
                    .replace("{until}", until.date().isoformat() if until else "—")
                )
        by_hand = code is None
        for field in (self.code, self.name, self.phone, self.tag, self.demo):
            field.setEnabled(by_hand)
        if not by_hand:  # demo data must never reach a real project's server
            self.demo.setChecked(False)

    def _open_code(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open enrolment code"), "", self.tr("Enrolment codes (*.sdenrol)")
        )
        if path:
            self.load_code(Path(path))

    def load_code(self, path: Path) -> None:
        try:
            self.enrol_code.setText(path.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            self.error.setText(self.tr("The file could not be read."))

    def accept(self) -> None:
        """Keep the dialog open with the reason when the input is refused; nothing is lost.
        The first user is logged in when the dialog closes: their password opened the key."""
        if self.password.text() != self.password_again.text():
            self.error.setText(self.tr("The two passwords differ."))
            return
        admin = FirstUser(self.username.text(), self.display_name.text(), self.password.text())
        try:
            code = self.enrolment()
        except wire.WireError:
            self.error.setText(self.tr("This is not an enrolment code from HQ."))
            return
        if code is not None:
            if not self._enrol(code, admin):
                return
        else:
            if not self._init(admin):
                return
        self.actor = login(self._db, admin.username, admin.password)
        if code is None and self.demo.isChecked():
            make_demo(self._db)
        super().accept()

    def _enrol(self, code: wire.EnrolmentCode, admin: FirstUser) -> bool:
        """Register at the HQ server (a few seconds at most, once: the wait cursor shows)."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            enrol(self._db, code, admin, name=QSysInfo.machineHostName())
        except DomainError as exc:
            self.error.setText(exc.message(self._lang).replace("；", "\n"))
            return False
        except HttpSyncError as exc:
            self.error.setText(
                self.tr("Enrolment at the HQ server failed: {reason}").replace("{reason}", str(exc))
            )
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        return True

    def _init(self, admin: FirstUser) -> bool:
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
            return False
        return True
