"""One request: what was asked, where it stands on time, its whole history, and its next steps.

The timeline lists every event in the sync layer's order. An event that did not take effect
(a step taken at another PC that collided with this one, or a repeat of a step already
taken) is shown greyed with the reason, never hidden: history is never edited.
The step buttons are those the request's stage allows now (app.domain.requests.next_steps);
each opens a small form asking only for what that step needs, and saving goes through
:func:`app.store.requests.take_step`, the same service as ``sitedesk request step``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ, local_today
from app.domain.problems import DomainError
from app.domain.requests import (
    MAX_EXTEND_DAYS,
    P_DAYS,
    P_HANDLER_OWNED,
    P_REASON,
    P_SATISFACTION,
    P_TARGET,
    P_TO,
    REJECT_REASONS,
    SATISFACTION_LABELS,
    TRANSFER_HQ,
    Event,
    EventKind,
    RequestState,
    derive_state,
    due_of,
    next_steps,
    timeliness,
)
from app.domain.roles import Permission, allowed
from app.store import settings as site_settings
from app.store.attachments import AttachmentStore, attachments_of
from app.store.database import Database
from app.store.models import Request, RequestCategory, Team, Worker
from app.store.requests import APPROVALS, events_of, find_request, take_step
from app.store.users import Actor
from app.ui.labels import (
    TIMELINESS_COLOURS,
    category_label,
    channel_label,
    satisfaction_label,
    stage_label,
    step_label,
    timeliness_label,
    urgency_label,
)
from app.ui.photos import PhotoError, PhotoPicker, attach_photos
from app.ui.style import add_error_and_buttons, current_lang

GREY = "#8a8f98"


class StepDialog(QDialog):
    """The form of one step: a note, and the few fields that step needs."""

    def __init__(
        self,
        db: Database,
        request_id: str,
        kind: EventKind,
        actor: Actor,
        attachments: AttachmentStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._request_id = request_id
        self._actor = actor
        self._attachments = attachments
        self.kind = kind
        self.event_id: str | None = None
        self.setWindowTitle(step_label(kind))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.reason_choice: QComboBox | None = None
        self.reason: QLineEdit | None = None
        self.days: QSpinBox | None = None
        self.target: QLineEdit | None = None
        self.to: QComboBox | None = None
        self.grades: QButtonGroup | None = None
        self.handler_owned: QCheckBox | None = None

        if kind is EventKind.REJECT:
            self.reason_choice = QComboBox()
            self.reason_choice.addItem(self.tr("In litigation or arbitration"), "litigation")
            self.reason_choice.addItem(self.tr("Not a matter for the project"), "out_of_scope")
            self.reason_choice.addItem(self.tr("Other (say which below)"), "other")
            form.addRow(self.tr("Reason"), self.reason_choice)
        if kind in (EventKind.EXTEND, EventKind.REOPEN):
            self.reason = QLineEdit()
            form.addRow(self.tr("Reason"), self.reason)
        if kind is EventKind.EXTEND:
            self.days = QSpinBox()
            self.days.setRange(1, MAX_EXTEND_DAYS)
            self.days.setValue(3)
            self.days.setSuffix(self.tr(" working days"))
            form.addRow(self.tr("Extend by"), self.days)
        if kind is EventKind.MERGE:
            self.target = QLineEdit()
            self.target.setPlaceholderText(self.tr("Number of the request it repeats"))
            form.addRow(self.tr("Merge into"), self.target)
        if kind is EventKind.TRANSFER:
            self.to = QComboBox()
            self.to.setEditable(True)
            self.to.addItem(self.tr("Headquarters"), TRANSFER_HQ)
            self.to.setCurrentIndex(-1)
            if (line := self.to.lineEdit()) is not None:
                line.setPlaceholderText(self.tr("Department, or headquarters"))
            form.addRow(self.tr("Transfer to"), self.to)
        if kind is EventKind.CALLBACK:
            self.grades = QButtonGroup(self)
            row = QHBoxLayout()
            for n, grade in enumerate(SATISFACTION_LABELS):
                button = QRadioButton(satisfaction_label(grade))
                self.grades.addButton(button, n)
                row.addWidget(button)
            form.addRow(self.tr("Satisfaction"), row)
            self.handler_owned = QCheckBox(
                self.tr("The handler is to blame (the request is reopened)")
            )
            self.handler_owned.setEnabled(False)
            self.grades.idToggled.connect(lambda *_: self._grade_changed())
            form.addRow("", self.handler_owned)

        self.note = QPlainTextEdit()
        self.note.setMinimumHeight(70)
        self.note.setPlaceholderText(self._note_hint(kind))
        form.addRow(self.tr("Note"), self.note)
        self.photos = PhotoPicker(enabled=attachments is not None)
        form.addRow(self.tr("Photos"), self.photos)
        self.error = add_error_and_buttons(self, layout)

    def _note_hint(self, kind: EventKind) -> str:
        return {
            EventKind.ACCEPT: self.tr("Who will handle it, first contact made …"),
            EventKind.VERIFY: self.tr("What was checked and found"),
            EventKind.HANDLE: self.tr("How it is being handled, and by whom"),
            EventKind.FEEDBACK: self.tr("The result, as told to the worker"),
            EventKind.IMPROVE: self.tr("What was changed so that it does not happen again"),
            EventKind.CLOSE: self.tr("Closing remark"),
            EventKind.CALLBACK: self.tr("What the worker said when called back"),
        }.get(kind, "")

    def _grade_changed(self) -> None:
        assert self.grades is not None and self.handler_owned is not None
        dissatisfied = self.grades.checkedId() == len(SATISFACTION_LABELS) - 1
        self.handler_owned.setEnabled(dissatisfied)
        if not dissatisfied:
            self.handler_owned.setChecked(False)

    def params(self, resolve: Callable[[str], str | None]) -> dict[str, str]:
        """The step's parameters as the service expects them; ``resolve`` maps a request
        number to its id (a merge names the other request by its number)."""
        params: dict[str, str] = {}
        if self.reason_choice is not None:
            code = str(self.reason_choice.currentData())
            extra = self.note.toPlainText().strip()
            params[P_REASON] = extra if code == "other" else REJECT_REASONS[code]
        if self.reason is not None:
            params[P_REASON] = self.reason.text().strip()
        if self.days is not None:
            params[P_DAYS] = str(self.days.value())
        if self.target is not None:
            text = self.target.text().strip()
            params[P_TARGET] = (resolve(text) or text) if text else ""
        if self.to is not None:
            text = self.to.currentText().strip()
            hq = self.to.itemText(0)
            params[P_TO] = TRANSFER_HQ if text in (hq, TRANSFER_HQ) else text
        if self.grades is not None and self.handler_owned is not None:
            grades = list(SATISFACTION_LABELS)
            checked = self.grades.checkedId()
            params[P_SATISFACTION] = grades[checked] if checked >= 0 else ""
            if params[P_SATISFACTION] == "D":
                params[P_HANDLER_OWNED] = "true" if self.handler_owned.isChecked() else "false"
        return params

    def accept(self) -> None:
        try:
            contents = self.photos.read()
        except PhotoError as exc:
            self.error.setText(str(exc))
            return
        try:
            with self._db.write(self._actor.username) as unit:
                session = unit.session

                def resolve(number: str) -> str | None:
                    found = find_request(session, number)
                    return found.id if found else None

                params = self.params(resolve)
                target = params.get(P_TARGET)
                if target and session.get(Request, target) is None:
                    self.error.setText(
                        self.tr("There is no request {number}.").replace("{number}", target)
                    )
                    return
                event_id = take_step(
                    unit,
                    self._request_id,
                    self.kind,
                    note=self.note.toPlainText().strip(),
                    params=params,
                    role=self._actor.role,
                )
                attach_photos(
                    unit,
                    self._attachments,
                    contents,
                    owner_entity="request_event",
                    owner_id=event_id,
                )
        except DomainError as exc:
            self.error.setText(exc.message(current_lang()))
            return
        self.event_id = event_id
        super().accept()


class RequestDetailDialog(QDialog):
    def __init__(
        self,
        db: Database,
        request_id: str,
        actor: Actor | None = None,
        attachments: AttachmentStore | None = None,
        *,
        today: Callable[[], date] = local_today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._attachments = attachments
        self._today = today
        self.request_id = request_id
        self.changed = False
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold; color: #1d3557;")
        self.timing = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.timing)
        layout.addLayout(top)

        body = QGridLayout()
        facts = QGroupBox(self.tr("The request"))
        self.facts = QFormLayout(facts)
        self.fields: dict[str, QLabel] = {}
        for key, text in (
            ("received", self.tr("Received")),
            ("kind", self.tr("Channel and category")),
            ("who", self.tr("From")),
            ("place", self.tr("Team / work point")),
            ("due", self.tr("Time limit")),
            ("satisfaction", self.tr("Call-back")),
            ("description", self.tr("Request")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            self.facts.addRow(text, value)
        self.photos = QHBoxLayout()
        self.facts.addRow(self.tr("Photos"), self.photos)
        body.addWidget(facts, 0, 0)

        history = QGroupBox(self.tr("History"))
        hl = QVBoxLayout(history)
        self.timeline = QTreeWidget()
        self.timeline.setRootIsDecorated(False)
        self.timeline.setHeaderLabels(
            [self.tr("When"), self.tr("Step"), self.tr("By"), self.tr("Details")]
        )
        self.timeline.setWordWrap(True)
        header = self.timeline.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        hl.addWidget(self.timeline)
        body.addWidget(history, 0, 1)
        body.setColumnStretch(0, 2)
        body.setColumnStretch(1, 3)
        layout.addLayout(body, 1)

        self.steps_box = QHBoxLayout()
        layout.addLayout(self.steps_box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.step_buttons: dict[EventKind, QPushButton] = {}
        self.state = RequestState()
        self.reload()

    def reload(self) -> None:
        calendar = site_settings.calendar(self._db)
        with self._db.read() as session:
            r = session.get(Request, self.request_id)
            if r is None:
                self.heading.setText(self.tr("This request no longer exists."))
                return
            events = events_of(session, r.id)
            state = derive_state(events, request_id=r.id)
            category = session.scalar(
                select(RequestCategory.name).where(RequestCategory.code == r.category_code)
            )
            worker = session.get(Worker, r.worker_id) if r.worker_id else None
            team_id = r.team_id or (worker.team_id if worker else None)
            team = session.get(Team, team_id) if team_id else None
            numbers = self._numbers(session, events)
            photos = attachments_of(session, "request", [r.id])
            event_photos = attachments_of(session, "request_event", [e.id for e in events])
            request = (
                r.number,
                r.received_at,
                r.channel,
                r.category_code,
                r.urgency,
                r.limit_days,
                r.anonymous,
                worker.name if worker else r.contact_name,
                r.contact_phone_masked,
                team.name if team else "",
                r.work_point,
                r.title,
                r.description,
            )
        (
            number,
            received,
            channel,
            category_code,
            urgency,
            limit_days,
            anonymous,
            who,
            phone,
            team_name,
            work_point,
            title,
            description,
        ) = request
        self.state = state
        today = self._today()
        due = due_of(received, limit_days, state, calendar, DEFAULT_TZ)
        when = timeliness(state, due, today, calendar, DEFAULT_TZ)
        self.setWindowTitle(self.tr("Request {number}").replace("{number}", number))
        self.heading.setText(f"{number}　{stage_label(state.stage)}")
        mark = timeliness_label(when)
        colour = TIMELINESS_COLOURS.get(when, "#2a6f3e")
        self.timing.setText(mark)
        self.timing.setStyleSheet(f"color: {colour}; font-weight: bold;")

        f = self.fields
        f["received"].setText(received.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M"))
        f["kind"].setText(
            " · ".join(
                (
                    channel_label(channel),
                    category_label(category_code, str(category or category_code)),
                    urgency_label(urgency),
                )
            )
        )
        f["who"].setText(
            self.tr("Anonymous")
            if anonymous
            else " ".join(part for part in (who, phone) if part) or "—"
        )
        f["place"].setText(" · ".join(part for part in (team_name, work_point) if part) or "—")
        limit = (
            self.tr("the same day (urgent)")
            if limit_days == 0
            else self.tr("{n} working days").replace("{n}", str(limit_days))
        )
        extended = (
            self.tr(", extended by {n}").replace("{n}", str(state.extended_days))
            if state.extended_days
            else ""
        )
        f["due"].setText(f"{due:%Y-%m-%d}（{limit}{extended}）")
        f["satisfaction"].setText(
            satisfaction_label(state.satisfaction) if state.satisfaction else "—"
        )
        f["description"].setText((f"{title}\n" if title else "") + description)
        self._show_photos([a.sha256 for a in photos])

        by_event: dict[str, int] = {}
        for a in event_photos:
            by_event[a.owner_id] = by_event.get(a.owner_id, 0) + 1
        self.timeline.clear()
        for e in sorted(events, key=lambda e: (e.order_key, e.id)):
            details = self._details(e, numbers)
            if by_event.get(e.id):
                details += "　" + self.tr("{n} photos").replace("{n}", str(by_event[e.id]))
            item = QTreeWidgetItem(
                [
                    e.at.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M"),
                    step_label(e.kind),
                    e.actor,
                    details,
                ]
            )
            item.setToolTip(3, details)
            if e.id in state.collisions or e.id in state.redundant:
                why = (
                    self.tr("Did not take effect: it collides with a step taken elsewhere")
                    if e.id in state.collisions
                    else self.tr("Did not take effect: the same step was already taken")
                )
                for column in range(4):
                    item.setForeground(column, QBrush(QColor(GREY)))
                    item.setToolTip(column, why)
                not_in_effect = self.tr("not in effect")
                item.setText(1, f"{step_label(e.kind)}（{not_in_effect}）")
            self.timeline.addTopLevelItem(item)
        self._show_steps()

    @staticmethod
    def _numbers(session: Session, events: list[Event]) -> dict[str, str]:
        """Readable numbers of the requests this one was merged into."""
        ids = [e.params[P_TARGET] for e in events if P_TARGET in e.params]
        if not ids:
            return {}
        rows = session.execute(select(Request.id, Request.number).where(Request.id.in_(ids)))
        return {rid: number for rid, number in rows}

    def _details(self, e: Event, numbers: dict[str, str]) -> str:
        p = e.params
        parts: list[str] = []
        if p.get(P_REASON):
            parts.append(self.tr("Reason: {text}").replace("{text}", p[P_REASON]))
        if P_DAYS in p:
            parts.append(self.tr("by {n} working days").replace("{n}", p[P_DAYS]))
        if P_TARGET in p:
            target = numbers.get(p[P_TARGET], p[P_TARGET])
            parts.append(self.tr("into {number}").replace("{number}", target))
        if P_TO in p:
            to = self.tr("Headquarters") if p[P_TO] == TRANSFER_HQ else p[P_TO]
            parts.append(self.tr("to {whom}").replace("{whom}", to))
        if P_SATISFACTION in p:
            parts.append(satisfaction_label(p[P_SATISFACTION]))
            if p.get(P_HANDLER_OWNED) == "true":
                parts.append(self.tr("the handler is to blame: reopened"))
        if e.note and e.note != p.get(P_REASON):
            parts.append(e.note)
        return "；".join(parts)

    def _show_photos(self, digests: list[str]) -> None:
        while self.photos.count():
            item = self.photos.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()
        if not digests:
            self.photos.addWidget(QLabel("—"))
            return
        for sha in digests:
            label = QLabel()
            data = self._attachments.get(sha) if self._attachments else None
            pixmap = QPixmap()
            if data and pixmap.loadFromData(data):
                label.setPixmap(
                    pixmap.scaled(
                        96,
                        96,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            else:
                label.setText(self.tr("(photo not on this PC)"))
            self.photos.addWidget(label)
        self.photos.addStretch(1)

    def _show_steps(self) -> None:
        while self.steps_box.count():
            item = self.steps_box.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()
        self.step_buttons = {}
        if self._actor is None:
            return
        for kind in next_steps(self.state):
            button = QPushButton(step_label(kind))
            if kind in APPROVALS and not allowed(self._actor.role, Permission.APPROVE):
                button.setEnabled(False)
                button.setToolTip(self.tr("Only a site manager may approve this."))
            button.clicked.connect(lambda _=False, k=kind: self.take(k))
            self.step_buttons[kind] = button
            self.steps_box.addWidget(button)
        self.steps_box.addStretch(1)

    def step_dialog(self, kind: EventKind) -> StepDialog:
        assert self._actor is not None
        return StepDialog(self._db, self.request_id, kind, self._actor, self._attachments, self)

    def take(self, kind: EventKind) -> None:
        dialog = self.step_dialog(kind)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.stepped(dialog)

    def stepped(self, dialog: StepDialog) -> None:
        """After a step dialog was accepted: show the new state and say what happened."""
        self.changed = True
        self.reload()
        self.message.setStyleSheet("color: #2a6f3e;")
        self.message.setText(
            self.tr("Done: {step}. The request is now “{stage}”.")
            .replace("{step}", step_label(dialog.kind))
            .replace("{stage}", stage_label(self.state.stage))
        )
