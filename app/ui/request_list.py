"""诉求: the list of requests with filters, where each one stands on time, and the way in to
intake, the detail with its timeline, and the monthly figures.

Everything shown comes from app.store.request_list — the same service as
``sitedesk request list`` — so the window and the command line agree on what is overdue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import DEFAULT_TZ, local_today
from app.domain.requests import Channel, Stage, Timeliness
from app.store import request_state
from app.store import settings as site_settings
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.exports import export_requests
from app.store.request_list import (
    Progress,
    RequestFilter,
    RequestRow,
    Timing,
    categories,
    list_requests,
)
from app.store.users import Actor
from app.store.worker_list import teams
from app.ui.exporting import ask_xlsx_path, busy, start_export
from app.ui.labels import (
    TIMELINESS_COLOURS,
    category_label,
    channel_label,
    stage_label,
    timeliness_label,
)
from app.ui.site_filter import SiteFilter, is_hq
from app.ui.style import MessageLine
from app.ui.table_model import SORT_ROLE, Index, RowsModel, sorted_table
from app.ui.tasks import Task

HQ_LIST_LIMIT = 2000  # requests listed at once at HQ, newest first


class RequestTableModel(RowsModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RequestRow] = []
        self.headers = [
            self.tr("Number"),
            self.tr("Received"),
            self.tr("Channel"),
            self.tr("Category"),
            self.tr("Request"),
            self.tr("From"),
            self.tr("Team / work point"),
            self.tr("Stage"),
            self.tr("Due"),
            self.tr("Work area"),  # shown at HQ only
        ]

    def set_rows(self, rows: list[RequestRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> RequestRow:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.summary if column == 4 else self._text(r, column)
        if role == SORT_ROLE:
            if column == 1:
                return r.received_at.isoformat()
            if column == 8:
                return r.due.isoformat()
            return self._text(r, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (7, 8):
            colour = TIMELINESS_COLOURS.get(r.timeliness)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def _text(self, r: RequestRow, column: int) -> str:
        if column == 0:
            return r.number
        if column == 1:
            return r.received_at.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")
        if column == 2:
            return channel_label(r.channel)
        if column == 3:
            return category_label(r.category_code, r.category)
        if column == 4:
            return r.summary
        if column == 5:
            return self.tr("Anonymous") if r.anonymous else r.who
        if column == 6:
            return " · ".join(part for part in (r.team, r.work_point) if part)
        if column == 7:
            return stage_label(r.stage)
        if column == 9:
            return r.site
        # only what needs a look is marked; "in time" and "closed in time" are the norm
        marked = (Timeliness.DUE_SOON, Timeliness.OVERDUE, Timeliness.CLOSED_LATE)
        mark = timeliness_label(r.timeliness) if r.timeliness in marked else ""
        return f"{r.due:%Y-%m-%d}" + (f" {mark}" if mark else "")


class RequestsPage(QWidget):
    """Filters above the list; intake, statistics and the count of what matches around it."""

    changed = Signal()  # a request was added or a step taken: the status bar recounts

    def __init__(
        self,
        db: Database,
        actor: Actor | None = None,
        attachments: AttachmentStore | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = local_today,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._attachments = attachments
        self.today = today
        self.export_task: Task | None = None
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Record a request…"))
        self.add_button.setObjectName("primary")
        self.add_button.setEnabled(actor is not None)
        self.add_button.clicked.connect(self.record_request)
        self.stats_button = QPushButton(self.tr("Monthly figures…"))
        self.stats_button.clicked.connect(self.show_stats)
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setEnabled(actor is not None)
        self.export_button.clicked.connect(self.export)
        bar.addWidget(self.add_button)
        bar.addWidget(self.stats_button)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        self.calendar_note = QLabel()  # the holiday list does not cover this year
        self.calendar_note.setStyleSheet("color: #b35c00;")
        bar.addWidget(self.calendar_note)
        layout.addLayout(bar)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: number, content, contact or work point"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 3)
        # at HQ: every work area's requests, or one area's
        self.site = SiteFilter(db) if is_hq(db) else None
        if self.site is not None:
            bar.addWidget(self.site, 1)
        self.stage = QComboBox()
        self.category = QComboBox()
        self.channel = QComboBox()
        self.team = QComboBox()
        self.timing = QComboBox()
        self.combos = (self.stage, self.timing, self.category, self.channel, self.team)
        for combo in self.combos:
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(7)
            bar.addWidget(combo, 1)
        layout.addLayout(bar)

        self.model = RequestTableModel(self)
        self.proxy, self.table = sorted_table(self.model, self, 1, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self.open_detail)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column in (0, 1, 2, 3, 7, 8):  # codes and dates: as wide as their words
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(9, self.site is None)  # the work area: at HQ only
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        self.count_label = QLabel()
        self.message = MessageLine()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.message)
        layout.addLayout(footer)

        self._fill_choices()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        for combo in self.combos:
            combo.currentIndexChanged.connect(self.apply_filter)
        if self.site is not None:
            self.site.currentIndexChanged.connect(self._site_chosen)
        self.apply_filter()
        for column, width in ((4, 220), (5, 70), (6, 110)):
            self.table.setColumnWidth(column, width)

    def _fill_choices(self) -> None:
        self.stage.addItem(self.tr("All stages"), None)
        self.stage.addItem(self.tr("In progress"), Progress.OPEN.value)
        self.stage.addItem(self.tr("Ended"), Progress.ENDED.value)
        self.stage.insertSeparator(self.stage.count())
        for stage in Stage:
            self.stage.addItem(stage_label(stage), stage.value)
        self.timing.addItem(self.tr("Any time limit"), Timing.ALL.value)
        self.timing.addItem(self.tr("Overdue or due soon"), Timing.LATE.value)
        self.timing.addItem(self.tr("Overdue"), Timing.OVERDUE.value)
        self.channel.addItem(self.tr("All channels"), None)
        for channel in Channel:
            self.channel.addItem(channel_label(channel), channel.value)
        self._fill_lists()

    def _fill_lists(self) -> None:
        """Categories and teams come from the database and may grow with a sync."""
        chosen = (self.category.currentData(), self.team.currentData())
        for combo in (self.category, self.team):
            combo.blockSignals(True)
            combo.clear()
        self.category.addItem(self.tr("All categories"), None)
        self.team.addItem(self.tr("All teams"), None)
        with self._db.read() as session:
            for code, name in categories(session):
                self.category.addItem(category_label(code, name), code)
            for team_id, name in teams(session, self.site_id()):
                self.team.addItem(name, team_id)
        for combo, data in zip((self.category, self.team), chosen, strict=True):
            combo.setCurrentIndex(max(combo.findData(data), 0))
            combo.blockSignals(False)

    def current_filter(self) -> RequestFilter:
        choice = self.stage.currentData()
        stage = Stage(choice) if choice in set(Stage) else None
        progress = Progress(choice) if choice in set(Progress) else Progress.ALL
        return RequestFilter(
            text=self.search.text(),
            progress=progress,
            stage=stage,
            category_code=self.category.currentData(),
            channel=self.channel.currentData(),
            team_id=self.team.currentData(),
            site_id=self.site_id(),
            timing=Timing(self.timing.currentData()),
        )

    def site_id(self) -> str | None:
        return self.site.site_id() if self.site is not None else None

    def _site_chosen(self) -> None:
        self._fill_lists()  # the teams of that area only
        self.apply_filter()

    def show_site(self, site_id: str | None) -> None:
        """At HQ: show one work area's requests (all when None)."""
        if self.site is not None:
            self.site.choose(site_id)

    def apply_filter(self) -> None:
        self._debounce.stop()
        today = self.today()
        calendar = site_settings.calendar(self._db)
        # HQ holds a whole project's requests: the newest HQ_LIST_LIMIT are shown, narrowed
        # in SQL by the kept stages while they are up to date (the overview keeps them so)
        hq = self.site is not None
        limit = HQ_LIST_LIMIT if hq else None
        derived = hq and not request_state.stale(self._db)
        with self._db.read() as session:
            rows = list_requests(
                session,
                self.current_filter(),
                today=today,
                calendar=calendar,
                limit=limit,
                derived=derived,
            )
        more = limit is not None and len(rows) > limit
        rows = rows[:limit] if limit is not None else rows
        self.model.set_rows(rows)
        overdue = sum(r.timeliness is Timeliness.OVERDUE for r in rows)
        soon = sum(r.timeliness is Timeliness.DUE_SOON for r in rows)
        text = self.tr("{n} requests").replace("{n}", f"{len(rows):,}")
        if more:
            text = self.tr(
                "The newest {n} requests (there are more: choose a work area or a filter)"
            ).replace("{n}", f"{len(rows):,}")
        if overdue or soon:
            text += " · " + (
                self.tr("{overdue} overdue, {soon} due soon")
                .replace("{overdue}", str(overdue))
                .replace("{soon}", str(soon))
            )
        self.count_label.setText(text)
        self.calendar_note.setText(
            ""
            if calendar.covers(today.year)
            else self.tr(
                "The holiday list has no holidays for {year}: time limits count weekends only."
                " Add them in Settings."
            ).replace("{year}", str(today.year))
        )

    def request_id_at(self, row: int) -> str:
        """The id of the request shown in ``row`` of the (sorted) table."""
        return str(self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole))

    def record_request(self) -> None:
        from app.ui.request_form import RequestFormDialog

        if self._actor is None:
            return
        dialog = RequestFormDialog(self._db, self._actor, self._attachments, parent=self)
        if dialog.exec() == RequestFormDialog.DialogCode.Accepted:
            self.message.say(
                self.tr("Recorded request {number}.").replace("{number}", dialog.number)
            )
            self.refresh()
            self.changed.emit()

    def open_detail(self, index: QModelIndex) -> None:
        from app.ui.request_detail import RequestDetailDialog

        dialog = RequestDetailDialog(
            self._db,
            self.request_id_at(index.row()),
            self._actor,
            self._attachments,
            today=self.today,
            parent=self,
        )
        dialog.exec()
        if dialog.changed:
            self.apply_filter()
            self.changed.emit()

    def export(self, path: Path | None = None) -> None:
        """Every request this PC holds (at HQ: the project's, or the chosen area's) to Excel."""
        if busy(self.export_task):
            return
        if self._actor is None:
            return
        path = path or ask_xlsx_path(self, self.tr("Export requests"), "requests", self.today())
        if path is None:
            return
        db, actor, today, site_id = self._db, self._actor, self.today(), self.site_id()
        calendar = site_settings.calendar(db)
        self.export_task = start_export(
            self,
            lambda: export_requests(
                db, actor, path, today=today, calendar=calendar, site_id=site_id
            ),
            self.message,
        )

    def stop(self) -> None:
        """On closing: let a running export finish writing its file."""
        if self.export_task is not None:
            self.export_task.wait()

    def show_stats(self) -> None:
        from app.ui.request_stats import RequestStatsDialog

        RequestStatsDialog(self._db, today=self.today(), parent=self).exec()

    def refresh(self) -> None:
        if self.site is not None:
            self.site.refill()
        self._fill_lists()
        self.apply_filter()
