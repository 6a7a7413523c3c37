"""登记新人员: the real-name registration form, checked as the clerk types.

The ID number is checked on every keystroke (checksum, date, region); a good one fills in
gender, birth date and age, warns on the age limits, and says at once when the person is
registered already — here, or at another site once sync has brought their record. Phone and
card are checked when the clerk leaves the field. Saving goes through
:func:`app.store.workers.register_worker`, the same service as roster import and the CLI; a
refusal keeps everything typed and says why.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import (
    AGREEMENT_TYPES,
    EDUCATION,
    ETHNICITIES,
    POLITICAL_STATUS,
    TRADES,
    labels,
)
from app.domain.idnumbers import IdType, check_id
from app.domain.masking import mask_id
from app.domain.people import AgeLimits, age_on, check_age, check_bank_card, check_mobile
from app.domain.problems import DomainError, Problem, join_messages
from app.store.attachments import AttachmentStore, add_attachment
from app.store.database import Database
from app.store.models import Worker
from app.store.worker_list import teams
from app.store.workers import WorkerInput, find_by_id_number, register_worker
from app.ui.style import add_error_and_buttons, current_lang

OK_STYLE = "color: #2b7a0b;"
WARN_STYLE = "color: #b35c00;"
ERROR_STYLE = "color: #c1121f;"
PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def _combo(items: dict[str, str], first: str | None = None) -> QComboBox:
    combo = QComboBox()
    for code, label in items.items():
        combo.addItem(label, code)
    if first is not None:
        combo.setCurrentIndex(max(combo.findData(first), 0))
    return combo


def date_edit(optional: bool = True) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if optional:  # the minimum shows as empty: "not given"
        edit.setMinimumDate(QDate(1900, 1, 1))
        edit.setSpecialValueText(" ")
        edit.setDate(edit.minimumDate())
    else:
        edit.setDate(QDate.currentDate())
    return edit


def date_value(edit: QDateEdit) -> date | None:
    if edit.date() == edit.minimumDate() and edit.specialValueText():
        return None
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class WorkerFormDialog(QDialog):
    def __init__(
        self,
        db: Database,
        author: str,
        attachments: AttachmentStore | None = None,
        *,
        today: date | None = None,
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._author = author
        self._attachments = attachments
        self._today = today or date.today()
        self._lang = lang or current_lang()
        self._photo: tuple[str, str, bytes] | None = None  # file name, type, content
        self.worker_id: str | None = None
        self.setWindowTitle(self.tr("Register a worker"))
        layout = QVBoxLayout(self)
        # the form scrolls inside the dialog: on a 768-pixel laptop screen the buttons stay
        # in sight, below it
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll, 1)

        # --- identity -----------------------------------------------------------------
        identity = QGroupBox(self.tr("Identity"))
        form = QFormLayout(identity)
        self.name = QLineEdit()
        self.id_type = _combo(
            {
                IdType.RESIDENT.value: self.tr("Resident ID card"),
                IdType.HMT_RESIDENCE.value: self.tr("Residence permit (HK, Macao, Taiwan)"),
                IdType.FOREIGN_PR.value: self.tr("Foreign permanent resident ID card"),
                IdType.PASSPORT.value: self.tr("Passport"),
                IdType.OTHER.value: self.tr("Other"),
            }
        )
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(30)
        self.id_status = QLabel()
        self.id_status.setWordWrap(True)
        self.ethnicity = _combo(labels(ETHNICITIES, self._lang), "01")
        self.id_issuer = QLineEdit()
        self.address = QLineEdit()
        self.valid_from = date_edit()
        self.valid_to = date_edit()
        self.long_term = QCheckBox(self.tr("Long-term"))
        valid = QHBoxLayout()
        valid.addWidget(self.valid_from)
        valid.addWidget(QLabel("—"))
        valid.addWidget(self.valid_to)
        valid.addWidget(self.long_term)
        valid.addStretch(1)
        form.addRow(self.tr("Name *"), self.name)
        form.addRow(self.tr("ID type *"), self.id_type)
        form.addRow(self.tr("ID number *"), self.id_number)
        form.addRow("", self.id_status)
        form.addRow(self.tr("Ethnicity"), self.ethnicity)
        form.addRow(self.tr("Issued by"), self.id_issuer)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Valid"), valid)
        grid.addWidget(identity, 0, 0, 2, 1)

        # --- photo --------------------------------------------------------------------
        photo_box = QGroupBox(self.tr("Head photo"))
        photo_layout = QVBoxLayout(photo_box)
        self.photo_label = QLabel(self.tr("No photo"))
        self.photo_label.setFixedSize(120, 150)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #c0c0c0; background: #fafafa;")
        self.photo_button = QPushButton(self.tr("Choose a file…"))
        self.photo_button.clicked.connect(self.choose_photo)
        self.camera_button = QPushButton(self.tr("Take with the camera…"))
        self.camera_button.clicked.connect(self.take_photo)
        photo_layout.addWidget(self.photo_label, 0, Qt.AlignmentFlag.AlignHCenter)
        photo_layout.addWidget(self.photo_button)
        photo_layout.addWidget(self.camera_button)
        grid.addWidget(photo_box, 0, 1)

        # --- work ---------------------------------------------------------------------
        work = QGroupBox(self.tr("Team and trade"))
        wform = QFormLayout(work)
        self.team = QComboBox()
        self.team.addItem(self.tr("(choose a team)"), None)
        with db.read() as session:
            for team_id, team_name in teams(session):
                self.team.addItem(team_name, team_id)
        self.trade = _combo(labels(TRADES, self._lang), "1000")
        self.role = _combo(
            {"worker": self.tr("Construction worker"), "manager": self.tr("Manager")}
        )
        self.leader = QCheckBox(self.tr("Team leader"))
        self.entry_date = date_edit(optional=False)
        wform.addRow(self.tr("Team"), self.team)
        wform.addRow(self.tr("Trade *"), self.trade)
        wform.addRow(self.tr("Role *"), self.role)
        wform.addRow("", self.leader)
        wform.addRow(self.tr("Entry date"), self.entry_date)
        grid.addWidget(work, 1, 1)

        # --- contact, pay, agreement ----------------------------------------------------
        other = QGroupBox(self.tr("Contact, pay and agreement"))
        oform = QFormLayout(other)
        self.mobile = QLineEdit()
        self.mobile.setMaxLength(20)
        self.emergency_contact = QLineEdit()
        self.emergency_phone = QLineEdit()
        self.bank_card = QLineEdit()
        self.bank_card.setMaxLength(30)
        self.bank_name = QLineEdit()
        self.insurance = QCheckBox(self.tr("Injury insurance bought"))
        self.political = _combo(labels(POLITICAL_STATUS, self._lang), "13")
        self.education = _combo(labels(EDUCATION, self._lang), "70")
        self.agreement = _combo({"": self.tr("(none yet)"), **labels(AGREEMENT_TYPES, self._lang)})
        self.agreement_start = date_edit()
        self.agreement_end = date_edit()
        period = QHBoxLayout()
        period.addWidget(self.agreement_start)
        period.addWidget(QLabel("—"))
        period.addWidget(self.agreement_end)
        period.addStretch(1)
        self.contact_status = QLabel()
        self.contact_status.setWordWrap(True)
        oform.addRow(self.tr("Mobile"), self.mobile)
        oform.addRow(self.tr("Emergency contact"), self.emergency_contact)
        oform.addRow(self.tr("Emergency phone"), self.emergency_phone)
        oform.addRow(self.tr("Wage card number"), self.bank_card)
        oform.addRow(self.tr("Bank"), self.bank_name)
        oform.addRow("", self.insurance)
        oform.addRow(self.tr("Political status"), self.political)
        oform.addRow(self.tr("Education"), self.education)
        oform.addRow(self.tr("Agreement"), self.agreement)
        oform.addRow(self.tr("Agreement period"), period)
        oform.addRow("", self.contact_status)
        grid.addWidget(other, 2, 0, 1, 2)

        self.error = add_error_and_buttons(self, layout)
        self._fit_screen(body)
        self.id_number.textChanged.connect(self.check_id_now)
        self.id_type.currentIndexChanged.connect(self.check_id_now)
        for edit in (self.mobile, self.emergency_phone, self.bank_card):
            edit.editingFinished.connect(self.check_contact)
        self.long_term.toggled.connect(lambda on: self.valid_to.setEnabled(not on))
        self.check_id_now()

    # --- checks as you type -----------------------------------------------------------

    def _message(self, problems: list[Problem] | tuple[Problem, ...]) -> str:
        return join_messages(problems, self._lang)

    def check_id_now(self) -> None:
        """Checksum, birth date and gender, the age rule, and a registration that exists."""
        raw = self.id_number.text()
        if not raw.strip():
            self.id_status.setText("")
            return
        id_type = IdType(self.id_type.currentData())
        checked = check_id(id_type, raw, today=self._today)
        errors = [p for p in checked.problems if p.is_error]
        if errors:
            self._show(self.id_status, self._message(errors), ERROR_STYLE)
            return
        parts = []
        if checked.gender is not None and checked.birth_date is not None:
            gender = self.tr("male") if checked.gender.value == "M" else self.tr("female")
            parts.append(
                self.tr("{gender}, born {date}, {age} years")
                .replace("{gender}", gender)
                .replace("{date}", checked.birth_date.isoformat())
                .replace("{age}", str(age_on(checked.birth_date, self._today)))
            )
        warnings = list(checked.problems)
        if checked.birth_date is not None and checked.gender is not None:
            warnings += check_age(
                checked.birth_date, checked.gender, today=self._today, limits=AgeLimits()
            )
        existing = self._registered(checked.normalized)
        if existing is not None:
            text = (
                self.tr("Already registered as {name} ({masked}).")
                .replace("{name}", existing)
                .replace("{masked}", mask_id(checked.normalized))
            )
            self._show(self.id_status, text, ERROR_STYLE)
            return
        if warnings:
            parts.append(self._message(warnings))
        self._show(self.id_status, "；".join(parts), WARN_STYLE if warnings else OK_STYLE)

    def _registered(self, number: str) -> str | None:
        vault = self._db.vault
        if vault is None:
            return None
        with self._db.read() as session:
            found: Worker | None = find_by_id_number(session, vault, number)
            return found.name if found is not None else None

    def check_contact(self) -> None:
        problems: list[Problem] = []
        problems += check_mobile(self.mobile.text(), required=False)[1]
        problems += check_mobile(
            self.emergency_phone.text(), required=False, field="emergency_phone"
        )[1]
        problems += check_bank_card(self.bank_card.text())[1]
        style = ERROR_STYLE if any(p.is_error for p in problems) else WARN_STYLE
        self._show(self.contact_status, self._message(problems), style)

    @staticmethod
    def _show(label: QLabel, text: str, style: str) -> None:
        label.setText(text)
        label.setStyleSheet(style)

    def _fit_screen(self, body: QWidget) -> None:
        """As large as the form wants, but never taller than the screen it opens on."""
        screen = self.screen().availableGeometry() if self.screen() else None
        want = body.sizeHint()
        width = want.width() + 40
        height = want.height() + 110  # the error line and the buttons
        if screen is not None:
            width = min(width, screen.width() - 40)
            height = min(height, screen.height() - 60)
        self.resize(width, height)

    # --- photo -----------------------------------------------------------------------

    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Head photo"), "", self.tr("Pictures (*.jpg *.jpeg *.png)")
        )
        if path:
            self.set_photo(Path(path))

    def take_photo(self) -> None:
        try:
            from app.ui.camera import CameraDialog  # QtMultimedia loads only when needed
        except ImportError as exc:  # its libraries are missing on this PC
            self.error.setText(self.tr("The camera cannot be used on this PC:") + f" {exc}")
            return
        dialog = CameraDialog(self)
        if dialog.exec() == CameraDialog.DialogCode.Accepted and dialog.photo is not None:
            self.set_photo_data(dialog.photo, "camera.jpg", "image/jpeg")

    def set_photo(self, path: Path) -> None:
        mime = PHOTO_TYPES.get(path.suffix.lower())
        try:
            data = path.read_bytes() if mime else b""
        except OSError as exc:
            self.error.setText(self.tr("The photo cannot be read:") + f" {exc.strerror or exc}")
            return
        if mime is None or not self.set_photo_data(data, path.name, mime):
            self.error.setText(self.tr("This file is not a JPEG or PNG picture."))

    def set_photo_data(self, data: bytes, name: str, mime: str) -> bool:
        """Use these bytes as the head photo; False when they are not a picture."""
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return False
        self._photo = (name, mime, data)
        self.photo_label.setPixmap(
            pixmap.scaled(
                self.photo_label.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        return True

    # --- saving ------------------------------------------------------------------------

    def collected(self) -> WorkerInput:
        long_term = self.long_term.isChecked()
        return WorkerInput(
            name=self.name.text(),
            id_number=self.id_number.text(),
            id_type=self.id_type.currentData(),
            team_id=self.team.currentData(),
            is_team_leader=self.leader.isChecked(),
            trade_code=self.trade.currentData(),
            role=self.role.currentData(),
            id_issuer=self.id_issuer.text().strip(),
            ethnicity_code=self.ethnicity.currentData(),
            address=self.address.text().strip(),
            id_valid_from=date_value(self.valid_from),
            id_valid_to=None if long_term else date_value(self.valid_to),
            id_long_term=long_term,
            mobile=self.mobile.text(),
            political_status=self.political.currentData(),
            education=self.education.currentData(),
            emergency_contact=self.emergency_contact.text().strip(),
            emergency_phone=self.emergency_phone.text(),
            bank_card=self.bank_card.text(),
            bank_name=self.bank_name.text().strip(),
            injury_insurance=self.insurance.isChecked(),
            agreement_type=self.agreement.currentData(),
            agreement_start=date_value(self.agreement_start),
            agreement_end=date_value(self.agreement_end),
            entry_date=date_value(self.entry_date),
        )

    def accept(self) -> None:
        """Save, or keep the dialog open with every reason; nothing typed is lost."""
        try:
            with self._db.write(self._author) as unit:
                done = register_worker(unit, self.collected(), today=self._today)
                (worker_id,) = done.ids
                if self._photo is not None and self._attachments is not None:
                    name, mime, data = self._photo
                    photo_id = add_attachment(
                        unit,
                        self._attachments,
                        data,
                        filename=name,
                        mime=mime,
                        purpose="head_photo",
                        owner_entity="worker",
                        owner_id=worker_id,
                    )
                    unit.journal.update(Worker, worker_id, {"photo_id": photo_id})
        except DomainError as exc:
            self.error.setText(exc.message(self._lang))
            return
        except OSError as exc:  # the photo could not be stored (disk full, no permission)
            self.error.setText(self.tr("The photo cannot be saved:") + f" {exc.strerror or exc}")
            return
        self.worker_id = worker_id
        super().accept()
