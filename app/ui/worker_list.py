"""实名制: the worker list — search as you type, filters, sort — backed by SQL pages.

The model holds the count and the pages already shown; the view asks for more as the clerk
scrolls (``canFetchMore``/``fetchMore``), so 100,000 workers open as fast as 100.
Numbers are shown masked, as everywhere a person looks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import TRADES, label, labels
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.users import Actor
from app.store.worker_list import Order, Presence, WorkerFilter, WorkerRow, count, page, teams
from app.ui.roster_dialogs import RosterExportDialog, RosterImportDialog
from app.ui.site_filter import SiteFilter, is_hq
from app.ui.style import current_lang
from app.ui.table_model import Index, RowsModel

PAGE_SIZE = 200


class WorkerTableModel(RowsModel):
    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._filter = WorkerFilter()
        self._rows: list[WorkerRow] = []
        self._total = 0
        self._today = date.today()
        self._lang = current_lang()
        self.headers = [
            self.tr("Name"),
            self.tr("Gender"),
            self.tr("Age"),
            self.tr("ID number"),
            self.tr("Mobile"),
            self.tr("Team"),
            self.tr("Trade"),
            self.tr("Status"),
            self.tr("Work area"),  # shown at HQ only
        ]
        self.presence_labels = {
            Presence.ON_SITE: self.tr("On site"),
            Presence.LEFT: self.tr("Left"),
            Presence.NEVER: self.tr("Not entered"),
        }

    @property
    def total(self) -> int:
        return self._total

    def set_filter(self, f: WorkerFilter) -> None:
        self.beginResetModel()
        self._filter = f
        with self._db.read() as session:
            self._total = count(session, f)
            self._rows = page(session, f, 0, PAGE_SIZE)
        self.endResetModel()

    def reload(self) -> None:
        self.set_filter(self._filter)

    def row_at(self, row: int) -> WorkerRow:
        return self._rows[row]

    # --- the Qt model ---------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        with self._db.read() as session:
            more = page(session, self._filter, len(self._rows), PAGE_SIZE)
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows += more
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(r, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def _text(self, r: WorkerRow, column: int) -> str:
        if column == 0:
            return r.name
        if column == 1:
            return {"男": self.tr("Male"), "女": self.tr("Female")}.get(r.gender, "")
        if column == 2:
            return str(_age(r.birth_date, self._today)) if r.birth_date else ""
        if column == 3:
            return r.id_masked
        if column == 4:
            return r.mobile_masked
        if column == 5:
            return r.team
        if column == 6:
            return label(TRADES, r.trade_code, self._lang)
        if column == 8:
            return r.site
        return self.presence_labels.get(r.presence, "")


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class WorkerListPage(QWidget):
    """Search box and filters above the list; the count of what matches below."""

    def __init__(
        self,
        db: Database,
        actor: Actor | None = None,
        attachments: AttachmentStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._attachments = attachments
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.register_button = QPushButton(self.tr("Register a worker…"))
        self.register_button.setObjectName("primary")
        self.register_button.clicked.connect(self.register)
        self.import_button = QPushButton(self.tr("Import roster…"))
        self.import_button.clicked.connect(self.import_roster)
        self.export_button = QPushButton(self.tr("Export roster…"))
        self.export_button.clicked.connect(self.export_roster)
        for button in (self.register_button, self.import_button, self.export_button):
            button.setEnabled(actor is not None)  # each is written down under a name
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        bar = QHBoxLayout()  # the search and its filters, on a line of their own
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search: name, pinyin or initials, last 4 of ID or mobile, team")
        )
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 3)
        # at HQ: every work area's workers, or one area's
        self.site = SiteFilter(db) if is_hq(db) else None
        if self.site is not None:
            bar.addWidget(self.site, 1)
        self.team = QComboBox()
        self.trade = QComboBox()
        self.presence = QComboBox()
        self.order = QComboBox()
        for combo in (self.team, self.trade, self.presence, self.order):
            # as wide as a short label: a long trade name must not squeeze the search box
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            bar.addWidget(combo, 1)
        layout.addLayout(bar)
        self.model = WorkerTableModel(db, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.activated.connect(self.open_detail)  # double-click or Enter
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column in (1, 2):  # gender, age: as wide as their words in either language
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(8, self.site is None)  # the work area: at HQ only
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        self.count_label = QLabel()
        self.message = QLabel()  # what the last import or registration did
        self.message.setStyleSheet("color: #2a6f3e;")
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.message)
        layout.addLayout(footer)

        self._fill_choices()
        # a burst of keystrokes makes one query, not one per key
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.team, self.trade, self.presence, self.order):
            combo.currentIndexChanged.connect(self.apply_filter)
        if self.site is not None:
            self.site.currentIndexChanged.connect(lambda _n: self.refresh())
        self.apply_filter()
        for column, width in ((0, 80), (3, 165), (4, 105), (5, 120), (6, 150)):
            self.table.setColumnWidth(column, width)

    def _fill_choices(self) -> None:
        self._fill_teams()
        self.trade.addItem(self.tr("All trades"), None)
        for code, text in labels(TRADES, current_lang()).items():
            self.trade.addItem(text, code)
        for presence, text in (
            (Presence.ALL, self.tr("On site and left")),
            (Presence.ON_SITE, self.tr("On site")),
            (Presence.LEFT, self.tr("Left")),
            (Presence.NEVER, self.tr("Not entered")),
        ):
            self.presence.addItem(text, presence.value)
        for order, text in (
            (Order.NAME, self.tr("By name")),
            (Order.TEAM, self.tr("By team")),
            (Order.NEWEST, self.tr("Newest first")),
        ):
            self.order.addItem(text, order.value)

    def current_filter(self) -> WorkerFilter:
        return WorkerFilter(
            text=self.search.text(),
            team_id=self.team.currentData(),
            site_id=self.site.site_id() if self.site is not None else None,
            trade_code=self.trade.currentData(),
            presence=Presence(self.presence.currentData()),
            order=Order(self.order.currentData()),
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self.count_label.setText(self.tr("{n} workers").replace("{n}", f"{self.model.total:,}"))

    def register(self) -> None:
        from app.ui.worker_form import WorkerFormDialog

        author = self._actor.username if self._actor else ""
        dialog = WorkerFormDialog(self._db, author, self._attachments, parent=self)
        if dialog.exec() == WorkerFormDialog.DialogCode.Accepted:
            self.refresh()

    def open_detail(self, index: QModelIndex) -> None:
        from app.ui.worker_detail import WorkerDetailDialog

        author = self._actor.username if self._actor else ""
        dialog = WorkerDetailDialog(
            self._db, self.model.row_at(index.row()).id, author, parent=self
        )
        dialog.exec()
        if dialog.changed:
            self.apply_filter()

    def import_roster(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import roster"), "", self.tr("Excel rosters (*.xlsx *.xls)")
        )
        if name and self._actor is not None:
            self.open_import(Path(name)).exec()

    def open_import(self, path: Path) -> RosterImportDialog:
        """The import dialog for ``path``; when it is accepted the list shows the new rows."""
        assert self._actor is not None
        dialog = RosterImportDialog(self._db, self._actor, path, parent=self)
        dialog.accepted.connect(lambda: self._imported(dialog))
        return dialog

    def _imported(self, dialog: RosterImportDialog) -> None:
        done = dialog.imported
        if done is None:
            return
        text = self.tr("Imported {n} workers.").replace("{n}", str(len(done.ids)))
        if done.skipped:
            text += " " + self.tr("{n} wrong rows skipped.").replace("{n}", str(len(done.skipped)))
        self.message.setText(text)
        self.refresh()

    def export_roster(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export roster"),
            self.tr("roster") + f"-{date.today():%Y%m%d}.xlsx",
            self.tr("Excel workbook (*.xlsx)"),
        )
        if name and self._actor is not None:
            path = Path(name)
            path = path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")
            RosterExportDialog(self._db, self._actor, path, parent=self).exec()

    def _fill_teams(self) -> None:
        """The teams (of the chosen work area, at HQ), keeping the chosen one if it is there."""
        chosen = self.team.currentData()
        site_id = self.site.site_id() if self.site is not None else None
        self.team.blockSignals(True)
        self.team.clear()
        self.team.addItem(self.tr("All teams"), None)
        with self._db.read() as session:
            for team_id, name in teams(session, site_id):
                self.team.addItem(name, team_id)
        self.team.setCurrentIndex(max(self.team.findData(chosen), 0))
        self.team.blockSignals(False)

    def show_site(self, site_id: str | None) -> None:
        """At HQ: show one work area's workers (all when None)."""
        if self.site is not None:
            self.site.choose(site_id)

    def refresh(self) -> None:
        """New teams may have arrived (a sync, an import): refill that list, keep the choice."""
        self._fill_teams()
        self.apply_filter()
