"""实名制: one worker's record — entry and exit (with re-entry), trainings, agreement.

Everything shown comes from app.store.worker_record, numbers masked; every button calls one
of its services, so the checks (an exit only while on site, hours between 0 and 24, …)
are the same as at the command line, and their messages appear here in the UI's language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import AGREEMENT_TYPES, TRADES, label, labels
from app.domain.problems import DomainError
from app.store.database import Database, WriteUnit
from app.store.worker_list import Presence
from app.store.worker_record import WorkerDetail, add_training, move, set_agreement, worker_detail
from app.ui.style import current_lang, fill_table, read_only_table
from app.ui.worker_form import date_edit, date_value


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = read_only_table(headers, stretch)
    table.setMinimumHeight(120)
    return table


class WorkerDetailDialog(QDialog):
    def __init__(
        self,
        db: Database,
        worker_id: str,
        author: str = "",
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._id = worker_id
        self._author = author
        self._today = today or date.today()
        self._lang = current_lang()
        self.changed = False
        self.detail: WorkerDetail | None = None
        self.resize(760, 720)
        layout = QVBoxLayout(self)

        self.title = QLabel()
        self.title.setObjectName("dialogTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold; color: #1d3557;")
        layout.addWidget(self.title)
        facts = QGridLayout()
        self.facts: dict[str, QLabel] = {}
        for n, (key, text) in enumerate(
            (
                ("id", self.tr("ID number")),
                ("mobile", self.tr("Mobile")),
                ("card", self.tr("Wage card")),
                ("team", self.tr("Team")),
                ("trade", self.tr("Trade")),
                ("status", self.tr("Status")),
            )
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts[key] = value
            facts.addWidget(QLabel(text + self.tr(":")), n // 2, (n % 2) * 2)
            facts.addWidget(value, n // 2, (n % 2) * 2 + 1)
        facts.setColumnStretch(1, 1)
        facts.setColumnStretch(3, 1)
        layout.addLayout(facts)

        # --- 进场 / 退场 -----------------------------------------------------------------
        moves = QGroupBox(self.tr("Entry and exit"))
        mlay = QVBoxLayout(moves)
        self.movements = _table(
            [self.tr("Date"), self.tr("Movement"), self.tr("Note"), self.tr("By")], 2
        )
        mlay.addWidget(self.movements)
        row = QHBoxLayout()
        self.move_date = date_edit(optional=False)
        self.move_date.setDate(QDate(self._today.year, self._today.month, self._today.day))
        self.move_note = QLineEdit()
        self.move_note.setPlaceholderText(self.tr("Note (optional)"))
        self.entry_button = QPushButton(self.tr("Record entry"))
        self.exit_button = QPushButton(self.tr("Record exit"))
        self.entry_button.clicked.connect(lambda: self._move("entry"))
        self.exit_button.clicked.connect(lambda: self._move("exit"))
        row.addWidget(self.move_date)
        row.addWidget(self.move_note, 1)
        row.addWidget(self.entry_button)
        row.addWidget(self.exit_button)
        mlay.addLayout(row)
        layout.addWidget(moves)

        # --- 安全教育培训 ----------------------------------------------------------------
        training = QGroupBox(self.tr("Safety training"))
        tlay = QVBoxLayout(training)
        self.trainings = _table(
            [self.tr("Date"), self.tr("Training"), self.tr("Hours"), self.tr("Trainer")], 1
        )
        tlay.addWidget(self.trainings)
        self.training_total = QLabel()
        tlay.addWidget(self.training_total)
        trow = QHBoxLayout()
        self.training_date = date_edit(optional=False)
        self.training_date.setDate(QDate(self._today.year, self._today.month, self._today.day))
        self.training_name = QLineEdit()
        self.training_name.setPlaceholderText(self.tr("Training, e.g. site induction"))
        self.training_hours = QLineEdit()
        self.training_hours.setPlaceholderText(self.tr("Hours"))
        self.training_hours.setMaximumWidth(70)
        self.trainer = QLineEdit()
        self.trainer.setPlaceholderText(self.tr("Trainer"))
        self.trainer.setMaximumWidth(110)
        self.training_button = QPushButton(self.tr("Add training"))
        self.training_button.clicked.connect(self._add_training)
        for w in (self.training_date, self.training_name, self.training_hours, self.trainer):
            trow.addWidget(w, 1 if w is self.training_name else 0)
        trow.addWidget(self.training_button)
        tlay.addLayout(trow)
        layout.addWidget(training)

        # --- 劳动合同 / 用工书面协议 ---------------------------------------------------------
        agreement = QGroupBox(self.tr("Agreement"))
        alay = QFormLayout(agreement)
        self.agreement_type = QComboBox()
        self.agreement_type.addItem(self.tr("(none yet)"), "")
        for code, text in labels(AGREEMENT_TYPES, self._lang).items():
            self.agreement_type.addItem(text, code)
        period = QHBoxLayout()
        self.agreement_start = date_edit()
        self.agreement_end = date_edit()
        period.addWidget(self.agreement_start)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.agreement_end)
        period.addWidget(QLabel(self.tr("(no end date: open-ended)")))
        period.addStretch(1)
        self.agreement_button = QPushButton(self.tr("Save agreement"))
        self.agreement_button.clicked.connect(self._save_agreement)
        period.addWidget(self.agreement_button)
        alay.addRow(self.tr("Type"), self.agreement_type)
        alay.addRow(self.tr("Period"), period)
        layout.addWidget(agreement)

        self.error = QLabel()
        self.error.setStyleSheet("color: #c1121f;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for button in (self.entry_button, self.exit_button, self.training_button):
            button.setEnabled(bool(author))
        self.agreement_button.setEnabled(bool(author))
        self.reload()

    # --- showing -------------------------------------------------------------------------

    def reload(self) -> None:
        with self._db.read() as session:
            d = worker_detail(session, self._id)
        self.detail = d
        gender = {"M": self.tr("male"), "F": self.tr("female")}.get(d.gender, "")
        born = d.birth_date.isoformat() if d.birth_date else "—"
        self.setWindowTitle(self.tr("Worker: {name}").replace("{name}", d.name))
        self.title.setText(f"{d.name}　{gender}　{born}")
        presence = {
            Presence.ON_SITE: self.tr("On site"),
            Presence.LEFT: self.tr("Left"),
            Presence.NEVER: self.tr("Not entered"),
        }[d.presence]
        for key, text in (
            ("id", d.id_masked),
            ("mobile", d.mobile_masked or "—"),
            ("card", d.bank_card_masked or "—"),
            ("team", d.team or self.tr("(no team)")),
            ("trade", label(TRADES, d.trade_code, self._lang)),
            ("status", presence),
        ):
            self.facts[key].setText(text)
        kinds = {"entry": self.tr("Entry"), "exit": self.tr("Exit")}
        fill_table(
            self.movements,
            [[m.on_date.isoformat(), kinds[m.kind], m.note, m.by] for m in d.movements],
        )
        fill_table(
            self.trainings,
            [
                [t.on_date.isoformat(), t.name, f"{t.hours.normalize():f}", t.trainer]
                for t in d.trainings
            ],
        )
        self.training_total.setText(
            self.tr("{n} trainings, {hours} hours in all")
            .replace("{n}", str(len(d.trainings)))
            .replace("{hours}", f"{d.training_hours.normalize():f}")
        )
        on_site = d.presence is Presence.ON_SITE
        if self._author:
            self.entry_button.setEnabled(not on_site)
            self.exit_button.setEnabled(on_site)
        self.agreement_type.setCurrentIndex(max(self.agreement_type.findData(d.agreement_type), 0))
        for edit, value in (
            (self.agreement_start, d.agreement_start),
            (self.agreement_end, d.agreement_end),
        ):
            edit.setDate(QDate(value.year, value.month, value.day) if value else edit.minimumDate())

    # --- acting ----------------------------------------------------------------------------

    def _write(self, action: Callable[[WriteUnit], object]) -> bool:
        """Run one service in a write unit; its refusal is shown, nothing is lost."""
        self.error.clear()
        try:
            with self._db.write(self._author) as unit:
                action(unit)
        except DomainError as exc:
            self.error.setText(exc.message(self._lang))
            return False
        self.changed = True
        self.reload()
        return True

    def _move(self, kind: str) -> None:
        on = date_value(self.move_date) or self._today
        note = self.move_note.text()
        if self._write(lambda unit: move(unit, self._id, kind, on, note, today=self._today)):
            self.move_note.clear()

    def _add_training(self) -> None:
        on = date_value(self.training_date) or self._today
        hours = self.training_hours.text().strip() or "0"
        name, trainer = self.training_name.text(), self.trainer.text()

        def act(unit: WriteUnit) -> object:
            return add_training(
                unit,
                self._id,
                on_date=on,
                hours=hours,
                name=name,
                trainer=trainer,
                today=self._today,
            )

        if self._write(act):
            for edit in (self.training_name, self.training_hours, self.trainer):
                edit.clear()

    def _save_agreement(self) -> None:
        kind = str(self.agreement_type.currentData())
        start, end = date_value(self.agreement_start), date_value(self.agreement_end)
        self._write(lambda unit: set_agreement(unit, self._id, kind, start, end))
