"""概览 at HQ: every work area at a glance — cards of the project's figures, a chart of where
requests pile up, a sortable table of the sites, and the people registered at two sites.

The figures come from :func:`app.store.dashboard.dashboard` (the same service as ``sitedesk
dashboard``) and :func:`app.store.duplicates.cross_site_duplicates` (``sitedesk
duplicates``), counted on a worker thread: the first look at a large HQ folds every request
once (app.store.request_state), later ones take a moment. A site not heard from for a week is
marked as on the 同步 page; overdue requests are in red. Double-click a site for its own
overview and the way into its lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import DEFAULT_TZ, local_today
from app.domain.progress import Progress
from app.domain.requests import Stage
from app.store import settings as site_settings
from app.store.dashboard import Dashboard, SiteFigures, dashboard
from app.store.database import Database
from app.store.duplicates import CrossSiteDuplicate, cross_site_duplicates
from app.store.request_stats import pct_text
from app.store.users import Actor
from app.ui.charts import BarChart, Series
from app.ui.conflict_dialog import ConflictDialog
from app.ui.labels import stage_label
from app.ui.stat_card import StatCard
from app.ui.style import MessageLine, read_only_table
from app.ui.sync_page import STALE_COLOUR
from app.ui.table_model import SORT_ROLE, Index, RowsModel, sorted_table
from app.ui.tasks import ProgressPanel, Task

OVERDUE_COLOUR = "#c1121f"
OPEN_COLOUR = "#457b9d"
CHART_SITES = 12  # the chart shows the sites with the most open requests


@dataclass(frozen=True)
class Loaded:
    board: Dashboard
    duplicates: list[CrossSiteDuplicate]


def load(
    db: Database, today: date, progress: Progress | None = None, now: datetime | None = None
) -> Loaded:
    """Everything the page shows, read without Qt (on the page's worker thread)."""
    board = dashboard(
        db, today=today, calendar=site_settings.calendar(db), now=now, progress=progress
    )
    with db.read() as session:
        return Loaded(board, cross_site_duplicates(session))


class SitesModel(RowsModel):
    """One row per site; numbers sort as numbers, the last contact by its time."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SiteFigures] = []
        self.now: datetime | None = None
        self.headers = [
            self.tr("Work area"),
            self.tr("In\nprogress"),
            self.tr("Overdue"),
            self.tr("Received\nthis month"),
            self.tr("Satisfied %"),
            self.tr("On site"),
            self.tr("Registered"),
            self.tr("Handouts\nthis month"),
            self.tr("Out of\nstock"),
            self.tr("Conflicts"),
            self.tr("Last sync"),
        ]

    def set_rows(self, rows: list[SiteFigures], now: datetime) -> None:
        self.beginResetModel()
        self._rows, self.now = rows, now
        self.endResetModel()

    def row_at(self, row: int) -> SiteFigures:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(s, column, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role == SORT_ROLE:
            return self._key(s, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < column < 10:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.now and s.stale(self.now):
            return QBrush(QColor(STALE_COLOUR))  # nobody has heard from it for a week
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and s.overdue:
            return QBrush(QColor(OVERDUE_COLOUR))
        if role == Qt.ItemDataRole.UserRole:
            return s.site_id
        return None

    def _key(self, s: SiteFigures, column: int) -> Any:
        if column == 0:
            return s.code
        if column == 4:
            return -1.0 if s.satisfaction_pct is None else s.satisfaction_pct
        if column == 10:
            return s.last_contact.isoformat() if s.last_contact else ""
        return self._number(s, column)

    @staticmethod
    def _number(s: SiteFigures, column: int) -> int:
        return (
            0,
            s.open,
            s.overdue,
            s.received_month,
            0,
            s.on_site,
            s.workers,
            s.handouts_month,
            s.items_out,
            s.conflicts,
        )[column]

    def _text(self, s: SiteFigures, column: int, *, tooltip: bool) -> str:
        if column == 0:
            return f"{s.code} {s.name}"
        if column == 4:
            return pct_text(s.satisfaction_pct)
        if column == 10:
            return self._contact(s, tooltip=tooltip)
        return f"{self._number(s, column):,}"

    def _contact(self, s: SiteFigures, *, tooltip: bool) -> str:
        if s.kind == "hq":
            return self.tr("This is HQ")
        if s.last_contact is None:
            return self.tr("Never synced")
        when = s.last_contact.astimezone(DEFAULT_TZ).strftime(
            "%Y-%m-%d %H:%M" if tooltip else "%m-%d %H:%M"
        )
        days = s.days_silent(self.now) if self.now else None
        if days and days >= 1:
            when += " " + self.tr("({d} days ago)").replace("{d}", str(days))
        if tooltip and s.node_problems:
            when += "\n" + self.tr("{n} PCs have a sync problem").replace(
                "{n}", str(s.node_problems)
            )
        return when


class DashboardPage(QWidget):
    """The overview of an HQ node."""

    loaded = Signal()  # the figures are on screen
    open_list = Signal(str, str)  # ("requests" | "workers" | "handouts", site id)

    def __init__(
        self,
        db: Database,
        actor: Actor | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = local_today,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.today = today
        self.task: Task | None = None
        self.board: Dashboard | None = None
        self.duplicates: list[CrossSiteDuplicate] = []
        self._again = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("siteTitle")
        self.subtitle = QLabel(self.tr("Headquarters · all work areas at a glance"))
        self.subtitle.setObjectName("siteSubtitle")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        self.progress = ProgressPanel()
        self.progress.hide()
        top.addWidget(self.progress)
        self.reload_button = QPushButton(self.tr("Count again"))
        self.reload_button.clicked.connect(self.reload)
        top.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)

        cards = QGridLayout()
        cards.setSpacing(10)
        self.sites_card = StatCard(self.tr("Work areas"))
        self.workers_card = StatCard(self.tr("Workers on site"))
        self.open_card = StatCard(self.tr("Requests in progress"))
        self.satisfaction_card = StatCard(self.tr("Satisfied %"))
        self.handout_card = StatCard(self.tr("Handouts this month"))
        self.conflict_card = StatCard(self.tr("Conflicts to decide"))
        for n, card in enumerate(
            (
                self.sites_card,
                self.workers_card,
                self.open_card,
                self.satisfaction_card,
                self.handout_card,
                self.conflict_card,
            )
        ):
            cards.addWidget(card, 0, n)
        layout.addLayout(cards)

        self.tabs = QTabWidget()
        sites = QWidget()
        slay = QVBoxLayout(sites)
        slay.setContentsMargins(0, 6, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        self.chart = BarChart()
        self.chart.setMinimumHeight(160)
        split.addWidget(self.chart)
        self.model = SitesModel(self)
        self.proxy, self.table = sorted_table(self.model, self, 0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.activated.connect(lambda index: self.open_site(index.row()))
        header = self.table.horizontalHeader()
        # the site's name and its last sync as wide as their words; the figures share the rest
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, len(self.model.headers) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        split.addWidget(self.table)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([180, 320])  # the chart above, most of the room for the sites
        slay.addWidget(split, 1)
        self.hint = QLabel(
            self.tr(
                "Double-click a work area for its figures and its lists. Red background: "
                "no sync for over 7 days."
            )
        )
        self.hint.setStyleSheet("color: #555;")
        slay.addWidget(self.hint)
        self.tabs.addTab(sites, self.tr("By work area"))

        dups = QWidget()
        dlay = QVBoxLayout(dups)
        note = QLabel(
            self.tr(
                "The same ID number registered at more than one work area (compared by a "
                "keyed fingerprint, never the number itself). Double-click to decide it in "
                "its conflict: keep one registration, or keep both as different people."
            )
        )
        note.setWordWrap(True)
        dlay.addWidget(note)
        self.dup_table = read_only_table(
            [self.tr("ID number"), self.tr("Registered at"), self.tr("Conflict")], stretch=1
        )
        self.dup_table.cellDoubleClicked.connect(lambda row, _col: self.open_duplicate(row))
        dlay.addWidget(self.dup_table, 1)
        self.tabs.addTab(dups, self.tr("Registered at two sites"))
        layout.addWidget(self.tabs, 1)
        self.message = MessageLine()
        layout.addWidget(self.message)

    # --- loading ----------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.task is not None and self.task.isRunning()

    def reload(self) -> None:
        """Count again on a worker thread; a call while counting counts once more after."""
        if self.loading:
            self._again = True
            return
        db, today = self._db, self.today()
        task = Task(lambda progress: load(db, today, progress), self)
        self.task = task
        task.succeeded.connect(self._show_loaded)
        task.failed.connect(lambda exc: self.message.say(str(exc), error=True))
        task.finished.connect(self._finished)
        self.progress.follow(task, self.tr("Counting…"))
        self.reload_button.setEnabled(False)
        task.start()

    def _finished(self) -> None:
        self.progress.hide()
        self.reload_button.setEnabled(True)
        if self._again:
            self._again = False
            self.reload()

    def _show_loaded(self, result: Loaded) -> None:
        self.show_figures(result.board, result.duplicates)

    def stop(self) -> None:
        if self.task is not None:
            self.task.stop_and_wait()

    # --- showing ----------------------------------------------------------------------

    def show_figures(self, board: Dashboard, duplicates: list[CrossSiteDuplicate]) -> None:
        self.board, self.duplicates = board, duplicates
        total = board.total
        self.title.setText(board.home_name or self.tr("Headquarters"))
        stale = len(board.stale_sites)
        self.sites_card.show_figure(
            sum(s.kind == "site" for s in board.sites),
            self.tr("No sync for over 7 days: {n}").replace("{n}", str(stale))
            if stale
            else self.tr("All synced within 7 days"),
        )
        self.sites_card.value.setStyleSheet("color: #c1121f;" if stale else "")
        self.workers_card.show_figure(
            total.on_site, self.tr("Registered in all: {n}").replace("{n}", f"{total.workers:,}")
        )
        self.open_card.show_figure(
            total.open,
            self.tr("Overdue: {n} · received this month: {m}")
            .replace("{n}", f"{total.overdue:,}")
            .replace("{m}", f"{total.received_month:,}"),
        )
        self.satisfaction_card.show_text(
            pct_text(total.satisfaction_pct),
            self.tr("Of {n} called back").replace("{n}", f"{total.called_back:,}"),
        )
        self.handout_card.show_figure(
            total.handouts_month,
            self.tr("In all: {n} · items out of stock: {m}")
            .replace("{n}", f"{total.handouts:,}")
            .replace("{m}", str(total.items_out)),
        )
        self.conflict_card.show_figure(
            board.conflicts_open,
            self.tr("Registered at two sites: {n}").replace("{n}", str(len(duplicates))),
        )
        self.model.set_rows(board.sites, board.now)
        self._show_chart(board)
        self._show_duplicates(duplicates)
        self.tabs.setTabText(
            1, self.tr("Registered at two sites ({n})").replace("{n}", str(len(duplicates)))
        )
        self.message.setText("")
        self.loaded.emit()

    def _show_chart(self, board: Dashboard) -> None:
        busiest = sorted(
            (s for s in board.sites if s.open), key=lambda s: (-s.open, -s.overdue, s.code)
        )[:CHART_SITES]
        title = self.tr("Requests in progress by work area")
        if len([s for s in board.sites if s.open]) > CHART_SITES:
            title = self.tr("The {n} work areas with the most requests in progress").replace(
                "{n}", str(CHART_SITES)
            )
        self.chart.set_data(
            title,
            [
                Series(self.tr("In progress"), OPEN_COLOUR),
                Series(self.tr("Overdue"), OVERDUE_COLOUR),
            ],
            [(s.name or s.code, [s.open, s.overdue]) for s in busiest],
        )

    def _show_duplicates(self, duplicates: list[CrossSiteDuplicate]) -> None:
        presence = {
            "on_site": self.tr("on site"),
            "left": self.tr("left"),
            "never": self.tr("not entered"),
        }
        self.dup_table.setRowCount(len(duplicates))
        for r, d in enumerate(duplicates):
            places = []
            for x in d.registrations:
                how = presence[x.presence.value]
                if x.team:
                    how = self.tr("{team}, {presence}").replace("{team}", x.team)
                    how = how.replace("{presence}", presence[x.presence.value])
                places.append(
                    self.tr("{code} {site}: {name} ({how})")
                    .replace("{code}", x.site_code)
                    .replace("{site}", x.site_name)
                    .replace("{name}", x.name)
                    .replace("{how}", how)
                )
            where = self.tr("; ").join(places)
            if d.conflict_id is None:
                status = self.tr("Not in the conflicts queue yet")
            elif d.conflict_status == "open":
                status = self.tr("To decide")
            elif d.resolution == "both":
                status = self.tr("Decided: different people")
            else:
                status = self.tr("Decided: one registration kept")
            for c, text in enumerate((d.id_masked, where, status)):
                item = QTableWidgetItem(text)
                if c == 2 and d.conflict_status == "open":
                    item.setForeground(QBrush(QColor(OVERDUE_COLOUR)))
                self.dup_table.setItem(r, c, item)

    # --- drilling down ------------------------------------------------------------------

    def site_at(self, row: int) -> SiteFigures:
        """The site shown in ``row`` of the (sorted) table."""
        return self.model.row_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())

    def open_site(self, row: int) -> SiteDialog | None:
        if self.board is None or not 0 <= row < self.proxy.rowCount():
            return None
        dialog = self.site_dialog(self.site_at(row))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def site_dialog(self, site: SiteFigures) -> SiteDialog:
        assert self.board is not None
        dialog = SiteDialog(site, self.board.now, self)
        dialog.chosen.connect(lambda what: self.open_list.emit(what, site.site_id))
        return dialog

    def open_duplicate(self, row: int) -> None:
        """The duplicate's conflict, side by side; a manager decides it there."""
        dialog = self.conflict_dialog(row)
        if dialog is None:
            return
        dialog.exec()
        if dialog.resolved:
            self.reload()

    def conflict_dialog(self, row: int) -> ConflictDialog | None:
        if not 0 <= row < len(self.duplicates):
            return None
        conflict = self.duplicates[row].conflict_id
        if conflict is None:
            self.message.say(
                self.tr("This one is not in the conflicts queue yet: it appears after a sync.")
            )
            return None
        return ConflictDialog(self._db, conflict, self._actor, self)


class SiteDialog(QDialog):
    """One work area's own overview, from the dashboard, and the way into its lists."""

    chosen = Signal(str)  # "requests" | "workers" | "handouts"

    def __init__(self, site: SiteFigures, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.site = site
        self.setWindowTitle(f"{site.name}（{site.code}）")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        heading = QLabel(f"{site.code} {site.name}")
        heading.setObjectName("siteTitle")
        heading.setStyleSheet("font-size: 18pt; font-weight: bold; color: #1d3557;")
        layout.addWidget(heading)
        stale = site.stale(now)
        contact = (
            self.tr("Last sync: never")
            if site.last_contact is None
            else self.tr("Last sync: {when}").replace(
                "{when}", site.last_contact.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")
            )
        )
        contact += " · " + self.tr("{n} PCs").replace("{n}", str(site.nodes))
        if site.node_problems:
            contact += " · " + self.tr("{n} with a sync problem").replace(
                "{n}", str(site.node_problems)
            )
        self.contact = QLabel(contact)
        self.contact.setStyleSheet("color: #c1121f;" if stale else "color: #555;")
        layout.addWidget(self.contact)

        grid = QGridLayout()
        self.open_card = StatCard(self.tr("Requests in progress"))
        self.open_card.show_figure(
            site.open, self.tr("Overdue: {n}").replace("{n}", str(site.overdue))
        )
        self.month_card = StatCard(self.tr("Received this month"))
        self.month_card.show_figure(
            site.received_month, self.tr("Received in all: {n}").replace("{n}", str(site.requests))
        )
        self.satisfaction_card = StatCard(self.tr("Satisfied %"))
        self.satisfaction_card.show_text(
            pct_text(site.satisfaction_pct),
            self.tr("Of {n} called back").replace("{n}", str(site.called_back)),
        )
        self.workers_card = StatCard(self.tr("Workers on site"))
        self.workers_card.show_figure(
            site.on_site, self.tr("Registered in all: {n}").replace("{n}", str(site.workers))
        )
        self.handout_card = StatCard(self.tr("Supply handouts"))
        self.handout_card.show_figure(
            site.handouts,
            self.tr("This month: {n} · handouts open: {m}")
            .replace("{n}", str(site.handouts_month))
            .replace("{m}", str(site.campaigns_open)),
        )
        self.stock_card = StatCard(self.tr("Items out of stock"))
        self.stock_card.show_figure(
            site.items_out, self.tr("Conflicts to decide: {n}").replace("{n}", str(site.conflicts))
        )
        for n, card in enumerate(
            (
                self.open_card,
                self.month_card,
                self.satisfaction_card,
                self.workers_card,
                self.handout_card,
                self.stock_card,
            )
        ):
            card.setStyleSheet(
                "#statCard { background: #ffffff; border: 1px solid #d0d7de; border-radius: 6px; }"
                " #statValue { font-size: 18pt; font-weight: bold; color: #c1121f; }"
                " #statTitle, #statDetail { color: #555; }"
            )
            grid.addWidget(card, n // 3, n % 3)
        layout.addLayout(grid)

        rows = [(stage, n) for stage in Stage if (n := site.stages.get(stage, 0))]
        self.stages = read_only_table([self.tr("Stage"), self.tr("Requests")], stretch=0)
        self.stages.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a table to read, nothing to pick
        self.stages.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.stages.setRowCount(len(rows))
        for r, (stage, n) in enumerate(rows):
            self.stages.setItem(r, 0, QTableWidgetItem(stage_label(stage)))
            count = QTableWidgetItem(str(n))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.stages.setItem(r, 1, count)
        layout.addWidget(self.stages, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.requests_button = QPushButton(self.tr("Its requests"))
        self.workers_button = QPushButton(self.tr("Its workers"))
        self.handouts_button = QPushButton(self.tr("Its handouts"))
        for button, what in (
            (self.requests_button, "requests"),
            (self.workers_button, "workers"),
            (self.handouts_button, "handouts"),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _checked=False, w=what: self._choose(w))
        layout.addWidget(buttons)

    def _choose(self, what: str) -> None:
        self.accept()
        self.chosen.emit(what)
