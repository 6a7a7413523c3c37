"""登记诉求: intake of a request from the phone, the counter, the suggestion box, a night
patrol or a visit — from a worker picked from the roster, a named contact, or anonymous.

The form shows the due date as the category and urgency are chosen, in this PC's working-day
calendar. Saving goes through :func:`app.store.requests.add_request`, the same service as
``sitedesk request add``; a refusal keeps everything typed and says why.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.config import DEFAULT_TZ
from app.domain.problems import DomainError
from app.domain.requests import Channel, Urgency
from app.store import settings as site_settings
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.models import Request, RequestCategory, Worker
from app.store.request_list import categories
from app.store.requests import RequestInput, add_request
from app.store.users import Actor
from app.store.worker_list import WorkerFilter, page, teams
from app.ui.labels import category_label, channel_label, urgency_label
from app.ui.photos import PhotoError, PhotoPicker, attach_photos
from app.ui.style import add_error_and_buttons, current_lang

WORKER_MATCHES = 20


def _wall_clock(when: datetime) -> QDateTime:
    return QDateTime(
        QDate(when.year, when.month, when.day), QTime(when.hour, when.minute, when.second)
    )


class RequestFormDialog(QDialog):
    def __init__(
        self,
        db: Database,
        actor: Actor,
        attachments: AttachmentStore | None = None,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._attachments = attachments
        self._lang = current_lang()
        self.request_id: str | None = None
        self.number = ""
        self.setWindowTitle(self.tr("Record a request"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel_label(channel), channel.value)
        self.channel.setCurrentIndex(self.channel.findData(Channel.PHONE.value))
        # wall-clock time at the site (Beijing time), whatever zone this PC is set to
        now = _wall_clock(datetime.now(DEFAULT_TZ))
        self.received = QDateTimeEdit(now)
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received.setCalendarPopup(True)
        self.received.setMaximumDateTime(now.addSecs(300))  # a box opened today, not tomorrow
        row = QHBoxLayout()
        row.addWidget(self.channel, 1)
        row.addWidget(QLabel(self.tr("received")))
        row.addWidget(self.received, 1)
        form.addRow(self.tr("Channel"), row)

        # who: a worker from the roster, a named contact, or nobody
        self.anonymous = QCheckBox(self.tr("Anonymous (no name, no phone kept)"))
        self.worker_search = QLineEdit()
        self.worker_search.setPlaceholderText(
            self.tr("Find the worker: name, pinyin, last 4 of ID or mobile")
        )
        self.worker = QComboBox()
        self.worker.addItem(self.tr("Not from the roster"), None)
        who = QVBoxLayout()
        who.addWidget(self.anonymous)
        pick = QHBoxLayout()
        pick.addWidget(self.worker_search, 1)
        pick.addWidget(self.worker, 1)
        who.addLayout(pick)
        form.addRow(self.tr("Worker"), who)
        self.contact_name = QLineEdit()
        self.contact_name.setMaxLength(50)
        self.contact_phone = QLineEdit()
        self.contact_phone.setMaxLength(20)
        self.contact_phone.setPlaceholderText(self.tr("Mobile, kept sealed"))
        contact = QHBoxLayout()
        contact.addWidget(self.contact_name, 1)
        contact.addWidget(self.contact_phone, 1)
        form.addRow(self.tr("Contact and phone"), contact)
        self.team = QComboBox()
        self.team.addItem(self.tr("No team"), None)
        with db.read() as session:
            for team_id, name in teams(session):
                self.team.addItem(name, team_id)
            self._limits: dict[str, int] = {
                code: days
                for code, days in session.execute(
                    select(RequestCategory.code, RequestCategory.limit_days).where(
                        RequestCategory.deleted.is_(False)
                    )
                )
            }
            category_rows = categories(session)
        self.work_point = QLineEdit()
        self.work_point.setPlaceholderText(self.tr("e.g. No. 3 inclined shaft"))
        place = QHBoxLayout()
        place.addWidget(self.team, 1)
        place.addWidget(self.work_point, 1)
        form.addRow(self.tr("Team and work point"), place)

        self.category = QComboBox()
        for code, name in category_rows:
            self.category.addItem(category_label(code, name), code)
        self.urgency = QComboBox()
        for urgency in Urgency:
            self.urgency.addItem(urgency_label(urgency), urgency.value)
        kind = QHBoxLayout()
        kind.addWidget(self.category, 1)
        kind.addWidget(self.urgency, 1)
        form.addRow(self.tr("Category and urgency"), kind)
        self.due = QLabel()
        form.addRow(self.tr("Time limit"), self.due)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("Optional: a few words"))
        form.addRow(self.tr("Title"), self.title_edit)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("What the worker asks for, in their words"))
        self.description.setMinimumHeight(90)
        form.addRow(self.tr("Request"), self.description)
        self.photos = PhotoPicker(enabled=attachments is not None)
        form.addRow(self.tr("Photos"), self.photos)
        self.error = add_error_and_buttons(self, layout)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.find_workers)
        self.worker_search.textChanged.connect(self._search_timer.start)
        self.worker.currentIndexChanged.connect(self._worker_chosen)
        self.anonymous.toggled.connect(self._anonymous_toggled)
        self.category.currentIndexChanged.connect(self.show_due)
        self.urgency.currentIndexChanged.connect(self.show_due)
        self.received.dateTimeChanged.connect(self.show_due)
        self.show_due()

    # --- who ------------------------------------------------------------------------

    def find_workers(self) -> None:
        self._search_timer.stop()
        text = self.worker_search.text().strip()
        self.worker.blockSignals(True)
        self.worker.clear()
        self.worker.addItem(self.tr("Not from the roster"), None)
        if text:
            with self._db.read() as session:
                found = page(session, WorkerFilter(text=text), 0, WORKER_MATCHES)
            for w in found:
                detail = " · ".join(part for part in (w.team, w.id_masked[-4:]) if part)
                self.worker.addItem(f"{w.name}（{detail}）" if detail else w.name, w.id)
        self.worker.blockSignals(False)
        self.worker.setCurrentIndex(1 if self.worker.count() > 1 else 0)
        self._worker_chosen()

    def _worker_chosen(self) -> None:
        worker_id = self.worker.currentData()
        if worker_id is None:
            return
        with self._db.read() as session:
            w = session.get(Worker, worker_id)
            if w is None:
                return
            self.contact_name.setText(w.name)
            if w.team_id:
                self.team.setCurrentIndex(max(self.team.findData(w.team_id), 0))

    def _anonymous_toggled(self, on: bool) -> None:
        for w in (self.worker_search, self.worker, self.contact_name, self.contact_phone):
            w.setEnabled(not on)
        if on:
            self.worker.setCurrentIndex(0)
            self.contact_name.clear()
            self.contact_phone.clear()

    # --- time limit -----------------------------------------------------------------

    def received_at(self) -> datetime:
        d, t = self.received.date(), self.received.time()
        local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=DEFAULT_TZ)
        return local.astimezone(UTC)

    def show_due(self) -> None:
        code = self.category.currentData()
        if code is None:
            self.due.setText("")
            return
        urgent = self.urgency.currentData() == Urgency.URGENT.value
        days = 0 if urgent else int(self._limits.get(code, 0))
        due = site_settings.calendar(self._db).due(self.received_at(), days, DEFAULT_TZ)
        text = (
            self.tr("{date}, the same day (urgent)")
            if days == 0
            else self.tr("{date} ({n} working days)")
        )
        self.due.setText(text.replace("{date}", f"{due:%Y-%m-%d}").replace("{n}", str(days)))

    # --- save -----------------------------------------------------------------------

    def collected(self) -> RequestInput:
        anonymous = self.anonymous.isChecked()
        return RequestInput(
            channel=str(self.channel.currentData()),
            category_code=str(self.category.currentData() or ""),
            description=self.description.toPlainText(),
            urgency=str(self.urgency.currentData()),
            title=self.title_edit.text(),
            worker_id=None if anonymous else self.worker.currentData(),
            anonymous=anonymous,
            contact_name="" if anonymous else self.contact_name.text().strip(),
            contact_phone="" if anonymous else self.contact_phone.text().strip(),
            team_id=self.team.currentData(),
            work_point=self.work_point.text().strip(),
            received_at=self.received_at(),
        )

    def accept(self) -> None:
        """Save, or keep the dialog open with every reason; nothing typed is lost."""
        try:
            contents = self.photos.read()
        except PhotoError as exc:
            self.error.setText(str(exc))
            return
        try:
            with self._db.write(self._actor.username) as unit:
                request_id = add_request(unit, self.collected(), node_tag=self._db.local_node().tag)
                attach_photos(
                    unit,
                    self._attachments,
                    contents,
                    owner_entity="request",
                    owner_id=request_id,
                )
                row = unit.session.get(Request, request_id)
                number = row.number if row else ""
        except DomainError as exc:
            self.error.setText(exc.message(self._lang))
            return
        self.request_id = request_id
        self.number = number
        super().accept()
