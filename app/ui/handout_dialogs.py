"""The dialogs of 物资发放: a new handout campaign, and the stock (in, out, the day's count).

Both save through app.store.supplies, like ``sitedesk campaign add`` and ``sitedesk stock``;
a refusal keeps the form as it was and says why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import DomainError
from app.store import supplies
from app.store.database import Database
from app.store.exports import export_stock
from app.store.requests import find_request
from app.store.supplies import fmt_qty as fmt
from app.store.users import Actor
from app.store.worker_list import teams
from app.ui.exporting import ask_xlsx_path, busy, start_export
from app.ui.style import MessageLine, add_error_and_buttons, current_lang, read_only_table
from app.ui.tasks import Task


def _amount() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(3)
    box.setRange(0, 100000)
    box.setSpecialValueText("—")  # 0: not handed out this way
    return box


def _to_decimal(box: QDoubleSpinBox) -> Decimal | None:
    value = Decimal(str(round(box.value(), 3)))
    return value if value > 0 else None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CampaignDialog(QDialog):
    """新建发放: reason, date, place, recipients, and what each team or head receives."""

    def __init__(
        self, db: Database, actor: Actor, *, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.campaign_id: str | None = None
        self.setWindowTitle(self.tr("New handout"))
        self.resize(640, 600)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Heat relief"))
        self.on_date = QDateEdit(_qdate(today))
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("yyyy-MM-dd")
        self.place = QLineEdit()
        self.reason = QLineEdit()
        self.request = QLineEdit()
        self.request.setPlaceholderText(self.tr("Number of the request that asked for it, if any"))
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Date"), self.on_date)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Caused by request"), self.request)
        layout.addLayout(form)

        body = QHBoxLayout()
        who = QGroupBox(self.tr("Recipients"))
        wl = QVBoxLayout(who)
        self.teams = QListWidget()
        with db.read() as session:
            for team_id, name in teams(session):
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, team_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.teams.addItem(item)
            stock = supplies.stock(session, db.local_node().site_id)
        toggle = QHBoxLayout()
        all_button = QPushButton(self.tr("All"))
        none_button = QPushButton(self.tr("None"))
        all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        toggle.addWidget(all_button)
        toggle.addWidget(none_button)
        toggle.addStretch(1)
        wl.addLayout(toggle)
        wl.addWidget(self.teams)
        body.addWidget(who, 2)

        what = QGroupBox(self.tr("Items: how much per team and per head"))
        il = QVBoxLayout(what)
        self.amounts = QTableWidget(len(stock), 4)
        self.amounts.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("In stock"), self.tr("Per team"), self.tr("Per head")]
        )
        self.amounts.verticalHeader().setVisible(False)
        header = self.amounts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.item_ids: list[str] = []
        for r, i in enumerate(stock):
            label = QTableWidgetItem(f"{i.name}（{i.unit}）")
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.amounts.setItem(r, 0, label)
            have = QTableWidgetItem(fmt(i.balance))
            have.setFlags(have.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.amounts.setItem(r, 1, have)
            self.amounts.setCellWidget(r, 2, _amount())
            self.amounts.setCellWidget(r, 3, _amount())
            self.item_ids.append(i.id)
        il.addWidget(self.amounts)
        hint = QLabel(self.tr("Per head: each worker of a chosen team who is on site."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        il.addWidget(hint)
        body.addWidget(what, 3)
        layout.addLayout(body, 1)
        self.error = add_error_and_buttons(self, layout)

    def _check_all(self, state: Qt.CheckState) -> None:
        for n in range(self.teams.count()):
            item = self.teams.item(n)
            if item is not None:
                item.setCheckState(state)

    def set_amount(self, item_id: str, *, per_team: float = 0, per_head: float = 0) -> None:
        row = self.item_ids.index(item_id)
        for column, value in ((2, per_team), (3, per_head)):
            box = self.amounts.cellWidget(row, column)
            assert isinstance(box, QDoubleSpinBox)
            box.setValue(value)

    def entitlements(self) -> list[supplies.Entitlement]:
        out = []
        for row, item_id in enumerate(self.item_ids):
            team_box, head_box = self.amounts.cellWidget(row, 2), self.amounts.cellWidget(row, 3)
            assert isinstance(team_box, QDoubleSpinBox) and isinstance(head_box, QDoubleSpinBox)
            per_team, per_head = _to_decimal(team_box), _to_decimal(head_box)
            if per_team is not None or per_head is not None:
                out.append(supplies.Entitlement(item_id, per_team, per_head))
        return out

    def chosen_teams(self) -> list[str]:
        out = []
        for n in range(self.teams.count()):
            item = self.teams.item(n)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def accept(self) -> None:
        d = self.on_date.date()
        try:
            with self._db.write(self._actor.username) as unit:
                request_id = None
                if self.request.text().strip():
                    found = find_request(unit.session, self.request.text().strip())
                    if found is None:
                        self.error.setText(
                            self.tr("There is no request {number}.").replace(
                                "{number}", self.request.text().strip()
                            )
                        )
                        return
                    request_id = found.id
                campaign = supplies.create_campaign(
                    unit,
                    name=self.name.text(),
                    on_date=date(d.year(), d.month(), d.day()),
                    items=self.entitlements(),
                    team_ids=self.chosen_teams(),
                    reason=self.reason.text().strip(),
                    place=self.place.text().strip(),
                    request_id=request_id,
                )
        except DomainError as exc:
            self.error.setText(exc.message(current_lang()))
            return
        self.campaign_id = campaign
        super().accept()


class StockDialog(QDialog):
    """库存: each item's balance, and one form for stock in, out and the day's count."""

    def __init__(
        self, db: Database, actor: Actor, *, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._today = today
        self.setWindowTitle(self.tr("Stock"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.table = read_only_table([self.tr("Item"), self.tr("In stock")], stretch=0)
        layout.addWidget(self.table, 1)

        move = QGroupBox(self.tr("Record"))
        form = QFormLayout(move)
        self.kind = QComboBox()
        for kind, text in (
            ("receive", self.tr("Received into stock")),
            ("loss", self.tr("Lost or damaged")),
            ("return", self.tr("Returned into stock")),
            ("count", self.tr("End-of-day count (the figure counted)")),
        ):
            self.kind.addItem(text, kind)
        self.item = QComboBox()
        self.quantity = QDoubleSpinBox()
        self.quantity.setDecimals(3)
        self.quantity.setRange(0, 1_000_000)
        self.note = QLineEdit()
        form.addRow(self.tr("What"), self.kind)
        form.addRow(self.tr("Item"), self.item)
        form.addRow(self.tr("Quantity"), self.quantity)
        form.addRow(self.tr("Note"), self.note)
        self.save_button = QPushButton(self.tr("Record"))
        self.save_button.clicked.connect(self.record)
        form.addRow("", self.save_button)
        layout.addWidget(move)

        new = QGroupBox(self.tr("A new item"))
        nl = QHBoxLayout(new)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Name, e.g. watermelon"))
        self.new_unit = QLineEdit()
        self.new_unit.setPlaceholderText(self.tr("Unit, e.g. piece"))
        self.new_spec = QLineEdit()
        self.new_spec.setPlaceholderText(self.tr("Size or pack (optional)"))
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(self.add_item)
        for w in (self.new_name, self.new_unit, self.new_spec, add):
            nl.addWidget(w)
        layout.addWidget(new)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self.export_button = QPushButton(self.tr("Export stock…"))
        self.export_button.clicked.connect(self.export)
        self.export_task: Task | None = None
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        with self._db.read() as session:
            rows = supplies.stock(session, self._db.local_node().site_id)
        chosen = self.item.currentData()
        self.item.clear()
        self.table.setRowCount(len(rows))
        for r, i in enumerate(rows):
            spec = f"（{i.spec}）" if i.spec else ""
            self.table.setItem(r, 0, QTableWidgetItem(f"{i.name}{spec}"))
            balance = QTableWidgetItem(f"{fmt(i.balance)} {i.unit}")
            balance.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 1, balance)
            self.item.addItem(i.name, i.id)
        self.item.setCurrentIndex(max(self.item.findData(chosen), 0))

    def record(self) -> None:
        item_id = self.item.currentData()
        if item_id is None:
            self.message.say(self.tr("Add an item first."), error=True)
            return
        kind = str(self.kind.currentData())
        quantity = Decimal(str(round(self.quantity.value(), 3)))
        try:
            with self._db.write(self._actor.username) as unit:
                if kind == "count":
                    done = supplies.reconcile(
                        unit, item_id, quantity, self._today, note=self.note.text()
                    )
                    diff = done.difference
                    text = (
                        self.tr("Counted {n}: matches the books.")
                        if not diff
                        else self.tr("Counted {n}; the books said {books}: difference {diff}.")
                    )
                    said = (
                        text.replace("{n}", fmt(done.counted))
                        .replace("{books}", fmt(done.on_books))
                        .replace("{diff}", ("+" if diff > 0 else "") + fmt(diff))
                    )
                else:
                    supplies.move_stock(
                        unit, item_id, kind, quantity, self._today, note=self.note.text()
                    )
                    said = self.tr("Recorded.")
        except DomainError as exc:
            self.message.say(exc.message(current_lang()), error=True)
            return
        self.note.clear()
        self.quantity.setValue(0)
        self.reload()
        self.message.say(said)

    def export(self, path: Path | None = None) -> None:
        """This work area's balances and every movement, to Excel."""
        if busy(self.export_task):
            return
        path = path or ask_xlsx_path(self, self.tr("Export stock"), "stock", self._today)
        if path is None:
            return
        db, actor, site = self._db, self._actor, self._db.local_node().site_id
        self.export_task = start_export(
            self, lambda: export_stock(db, actor, path, site_id=site), self.message
        )

    def done(self, result: int) -> None:
        if self.export_task is not None:
            self.export_task.wait()  # the file is written whole before the dialog goes
        super().done(result)

    def add_item(self) -> None:
        try:
            with self._db.write(self._actor.username) as unit:
                supplies.add_item(
                    unit, self.new_name.text(), self.new_unit.text(), self.new_spec.text().strip()
                )
        except DomainError as exc:
            self.message.say(exc.message(current_lang()), error=True)
            return
        name = self.new_name.text().strip()
        for w in (self.new_name, self.new_unit, self.new_spec):
            w.clear()
        self.reload()
        self.item.setCurrentIndex(self.item.findText(name))
        self.message.say(self.tr("Added {name}.").replace("{name}", name))
