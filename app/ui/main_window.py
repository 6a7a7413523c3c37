"""The main window at this stage: the site, what it holds, and the journal's state.

Everything shown comes from :func:`app.store.info.summary` — the same service as
``sitedesk info`` — so the window never runs SQL of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import DEFAULT_TZ
from app.domain.requests import OPEN_STAGES, Stage, Timeliness
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.info import Summary, summary
from app.store.request_list import timing_counts
from app.store.settings import calendar
from app.store.users import Actor
from app.sync.conflicts import list_conflicts
from app.sync.scheduler import Backoff
from app.sync.status import sync_status
from app.ui.dashboard_page import DashboardPage
from app.ui.handout_page import HandoutPage
from app.ui.labels import stage_label
from app.ui.print_page import PrintPage
from app.ui.request_list import RequestsPage
from app.ui.settings_page import SettingsPage
from app.ui.site_filter import is_hq
from app.ui.stat_card import StatCard
from app.ui.sync_page import SyncPage
from app.ui.worker_list import WorkerListPage

STYLE = """
#siteTitle { font-size: 22pt; font-weight: bold; color: #1d3557; }
#siteSubtitle { color: #555; }
#statCard { background: #ffffff; border: 1px solid #d0d7de; border-radius: 6px; }
#statTitle { color: #555; }
#statValue { font-size: 20pt; font-weight: bold; color: #c1121f; }
#statDetail { color: #666; }
QMainWindow { background: #f4f6f8; }
#nav { background: #1d3557; color: #ffffff; border: none; font-size: 11pt; }
#nav::item { padding: 12px 10px; }
#nav::item:selected { background: #457b9d; }
"""


SYNC_EVERY_MS = 5 * 60 * 1000
SUMMARY_DELAY_MS = 1500
SYNC_FIRST_MS = 3000


class MainWindow(QMainWindow):
    language_changed = Signal(str)  # chosen in 设置: app.ui.app builds the window anew

    def __init__(
        self,
        db: Database,
        actor: Actor | None = None,
        attachments: AttachmentStore | None = None,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        auto_sync: bool = False,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.db = db
        self.attachments = attachments
        self.actor = actor
        self.setWindowTitle(self.tr("SiteDesk"))
        self.setStyleSheet(STYLE)
        self.resize(1100, 680)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(14)
        self.site_title = QLabel()
        self.site_title.setObjectName("siteTitle")
        self.site_subtitle = QLabel()
        self.site_subtitle.setObjectName("siteSubtitle")
        outer.addWidget(self.site_title)
        outer.addWidget(self.site_subtitle)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.workers_card = StatCard(self.tr("Workers on site"))
        self.teams_card = StatCard(self.tr("Labour teams and crews"))
        self.open_card = StatCard(self.tr("Requests in progress"))
        self.closed_card = StatCard(self.tr("Requests closed"))
        self.handout_card = StatCard(self.tr("Supply handouts"))
        self.notice_card = StatCard(self.tr("Notices"))
        cards = (
            self.workers_card,
            self.teams_card,
            self.open_card,
            self.closed_card,
            self.handout_card,
            self.notice_card,
        )
        for n, card in enumerate(cards):
            grid.addWidget(card, n // 3, n % 3)
        outer.addLayout(grid)

        lower = QHBoxLayout()
        self.stage_table = QTableWidget(0, 2)
        self.stage_table.setHorizontalHeaderLabels([self.tr("Stage"), self.tr("Requests")])
        self.stage_table.verticalHeader().setVisible(False)
        self.stage_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.stage_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        lower.addWidget(self.stage_table, 1)
        self.journal_label = QLabel()
        self.journal_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.journal_label.setWordWrap(True)
        lower.addWidget(self.journal_label, 1)
        outer.addLayout(lower, 1)

        # navigation: one page per part of the work (more arrive with their features)
        self.requests_page = RequestsPage(db, actor, attachments)
        # a step taken or a card scanned: the figures and the status bar follow a moment later,
        # once, however many came in a row (a recount reads every request)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_DELAY_MS)
        self._summary_timer.timeout.connect(self.show_summary)
        self.requests_page.changed.connect(self._summary_timer.start)
        self.workers_page = WorkerListPage(db, actor, attachments)
        self.handout_page = HandoutPage(db, actor, attachments)
        self.handout_page.changed.connect(self._summary_timer.start)
        printed = attachments.root.parent / "printed" if attachments is not None else None
        self.print_page = PrintPage(db, actor, attachments, printed)
        self.settings = settings if settings is not None else QSettings()
        self.sync_page = SyncPage(db, attachments, self.settings, actor=actor)
        self.settings_page = SettingsPage(db, actor, self.settings)
        self.sync_page.synced.connect(self.refresh)
        self.settings_page.language_changed.connect(self.language_changed)
        # at HQ the overview is every work area's dashboard; a site's PC shows its own figures
        self.dashboard_page: DashboardPage | None = None
        overview: QWidget = central
        if is_hq(db):
            self.dashboard_page = DashboardPage(db, actor, today=self.requests_page.today)
            self.dashboard_page.loaded.connect(self._show_hq_state)
            self.dashboard_page.open_list.connect(self.open_site_list)
            overview = self.dashboard_page
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.pages = QStackedWidget()
        for title, page in (
            (self.tr("Overview"), overview),
            (self.tr("Requests", "navigation"), self.requests_page),
            (self.tr("Workers"), self.workers_page),
            (self.tr("Supplies"), self.handout_page),
            (self.tr("Notices and printing"), self.print_page),
            (self.tr("Sync"), self.sync_page),
            (self.tr("Settings"), self.settings_page),
        ):
            self.nav.addItem(QListWidgetItem(title))
            self.pages.addWidget(page)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # as wide as the longest title in the style sheet's font (11 pt, 10 px padding a side)
        nav_font = QFont(self.nav.font())
        nav_font.setPointSize(11)
        metrics = QFontMetrics(nav_font)
        widest = max(
            metrics.horizontalAdvance(self.nav.item(n).text()) for n in range(self.nav.count())
        )
        self.nav.setFixedWidth(max(120, widest + 2 * 10 + 16))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(body)

        refresh = QAction(self.tr("&Refresh"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        quit_action = QAction(self.tr("E&xit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(self.tr("&File"))
        menu.addAction(refresh)
        menu.addSeparator()
        menu.addAction(quit_action)
        self.refresh_action = refresh

        self.due_status = QLabel()  # requests overdue or due soon: the clerk's reminder
        self.statusBar().addPermanentWidget(self.due_status)
        self.sync_status = QLabel()
        self.statusBar().addPermanentWidget(self.sync_status)
        self.summary: Summary | None = None
        self.show_summary()

        # the scheduler: try the server and the folder soon after start, then every few
        # minutes, less often while nothing can be reached; a folder that is not there (the
        # stick is in a drawer) is skipped without a word
        self.backoff = Backoff(every_s=SYNC_EVERY_MS / 1000)
        self.scheduler = QTimer(self)
        self.scheduler.setSingleShot(True)
        self.scheduler.timeout.connect(self.sync_if_reachable)
        self._auto_sync = auto_sync
        self.sync_page.synced.connect(self._schedule_next)
        if auto_sync:
            self.scheduler.start(SYNC_FIRST_MS)

    def sync_if_reachable(self) -> None:
        if self.sync_page.reachable():
            self.sync_page.sync()
            self.show_sync_state()
        if not self.sync_page.running:  # nothing started: look again at the usual pace
            self._schedule_next()

    def _schedule_next(self) -> None:
        if self._auto_sync:
            self.scheduler.start(int(self.backoff.after(self.sync_page.last_run) * 1000))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.scheduler.stop()
        if self.dashboard_page is not None:
            self.dashboard_page.stop()
        self.sync_page.stop()  # a running exchange stops between two PCs, whole
        self.print_page.stop()
        self.requests_page.stop()
        self.handout_page.stop()
        super().closeEvent(event)

    def refresh(self) -> None:
        self.show_summary()
        self.requests_page.refresh()
        self.workers_page.refresh()
        self.handout_page.refresh()
        self.print_page.refresh()

    def open_site_list(self, what: str, site_id: str) -> None:
        """From the HQ dashboard: one work area's requests, workers or handouts."""
        page: RequestsPage | WorkerListPage | HandoutPage
        if what == "requests":
            page = self.requests_page
        elif what == "workers":
            page = self.workers_page
        else:
            page = self.handout_page
        page.show_site(site_id)
        self.nav.setCurrentRow(self.pages.indexOf(page))

    def show_summary(self) -> None:
        if self.dashboard_page is not None:
            # HQ: the dashboard counts on its own thread (a project's requests, not a site's)
            self.dashboard_page.reload()
            self.show_sync_state()
            return
        s = summary(self._db)
        self.summary = s
        kind = self.tr("Headquarters") if s.node_kind == "hq" else self.tr("Work area")
        self.site_title.setText(s.site_name)
        self.site_subtitle.setText(
            self.tr("{kind} {code} · this PC: {tag}")
            .replace("{kind}", kind)
            .replace("{code}", s.site_code)
            .replace("{tag}", s.node_tag)
        )
        self.setWindowTitle(self.tr("SiteDesk") + f" — {s.site_name}")
        self.workers_card.show_figure(
            s.workers_on_site,
            self.tr("Registered in all: {n}").replace("{n}", f"{s.count('worker'):,}"),
        )
        self.teams_card.show_figure(
            s.count("team"),
            self.tr("Labour companies: {n}").replace("{n}", str(s.count("labour_company"))),
        )
        stages = s.requests_by_stage
        open_n = sum(n for st, n in stages.items() if st in OPEN_STAGES)
        waiting = stages.get(Stage.RECEIVED, 0)
        self.open_card.show_figure(
            open_n, self.tr("Awaiting acceptance: {n}").replace("{n}", str(waiting))
        )
        self.closed_card.show_figure(
            stages.get(Stage.CLOSED, 0),
            self.tr("Received in all: {n}").replace("{n}", str(s.count("request"))),
        )
        self.handout_card.show_figure(
            s.count("handout"),
            self.tr("Handout campaigns: {n}").replace("{n}", str(s.count("handout_campaign"))),
        )
        self.notice_card.show_figure(s.count("notice"))

        rows = [(st, n) for st in Stage if (n := stages.get(st, 0))]
        self.stage_table.setRowCount(len(rows))
        for r, (st, n) in enumerate(rows):
            self.stage_table.setItem(r, 0, QTableWidgetItem(stage_label(st)))
            count = QTableWidgetItem(str(n))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.stage_table.setItem(r, 1, count)

        when = (
            s.journal_time.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")
            if s.journal_time
            else "—"
        )
        self.journal_label.setText(
            self.tr("Change journal: {seq} changes from this PC ({total} in all), latest {when}.")
            .replace("{seq}", f"{s.journal_seq:,}")
            .replace("{total}", f"{s.changes_total:,}")
            .replace("{when}", when)
            + "\n"
            + self.tr("Database schema: {rev}.").replace("{rev}", s.schema_revision or "—")
        )
        self.show_sync_state()
        self.show_due_state()

    def _show_hq_state(self) -> None:
        """The dashboard has counted: the window's title and the overdue reminder follow."""
        assert self.dashboard_page is not None
        board = self.dashboard_page.board
        if board is None:
            return
        self.setWindowTitle(self.tr("SiteDesk") + f" — {board.home_name}")
        overdue = board.total.overdue
        self.due_status.setText(
            self.tr("Requests: {n} overdue at all work areas").replace("{n}", f"{overdue:,}")
            if overdue
            else self.tr("Requests: none overdue")
        )
        self.due_status.setStyleSheet("color: #c1121f;" if overdue else "")

    def show_due_state(self) -> None:
        """How many open requests are overdue or due today / the next working day."""
        with self._db.read() as session:
            counts = timing_counts(
                session, today=self.requests_page.today(), calendar=calendar(self._db)
            )
        overdue, soon = counts[Timeliness.OVERDUE], counts[Timeliness.DUE_SOON]
        if not (overdue or soon):
            self.due_status.setText(self.tr("Requests: none overdue"))
            self.due_status.setStyleSheet("")
            return
        self.due_status.setText(
            self.tr("Requests: {overdue} overdue, {soon} due soon")
            .replace("{overdue}", str(overdue))
            .replace("{soon}", str(soon))
        )
        self.due_status.setStyleSheet("color: #c1121f;" if overdue else "color: #b35c00;")

    def show_sync_state(self) -> None:
        """Last exchange, what no other PC has confirmed yet, and whether anything is wrong."""
        if self.sync_page.running:
            self.sync_status.setText(self.tr("Sync: syncing…"))
            return
        st = sync_status(self._db)
        pending = f"{st.pending_out:,}"
        if st.last_run is None:
            text = self.tr("Sync: not yet synced · {n} changes to send").replace("{n}", pending)
        else:
            when = st.last_run.astimezone(DEFAULT_TZ).strftime("%m-%d %H:%M")
            text = (
                self.tr("Sync: last {when} · {n} changes not yet confirmed")
                .replace("{when}", when)
                .replace("{n}", pending)
            )
        with self._db.read() as session:
            conflicts = len(list_conflicts(session))
        problems = sum(1 for p in st.peers if p.error or p.missing) + len(st.held) + conflicts
        if problems:
            text += " · " + self.tr("{n} problems").replace("{n}", str(problems))
        last = self.sync_page.last_run
        if last is not None and last.offline:
            text += " · " + self.tr("offline, retrying")
        elif last is not None and last.errors:
            text += " · " + self.tr("last sync failed")
        self.sync_status.setText(text)
