"""同步: the sync folder, a "sync now" button, and what each other PC holds.

The exchange itself is app.sync.folder.sync_folder on a Task (progress per PC, stop between
two PCs: what was applied stays whole). The window's scheduler calls :meth:`SyncPage.sync`
too, every few minutes and at start, whenever a folder is set and reachable — a USB stick
plugged in is picked up without a click.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import DEFAULT_TZ
from app.domain.progress import Progress
from app.store.attachments import AttachmentStore
from app.store.dashboard import STALE_AFTER  # one rule for both views
from app.store.database import Database
from app.store.users import Actor
from app.sync.conflicts import list_conflicts
from app.sync.http import server_config
from app.sync.scheduler import Run, configured, run_configured
from app.sync.status import sync_status
from app.ui.conflict_dialog import ConflictDialog
from app.ui.labels import conflict_label
from app.ui.style import MessageLine, read_only_table
from app.ui.tasks import ProgressPanel, Task

FOLDER_KEY = "sync/folder"
STALE_COLOUR = "#fde2e1"


class SyncPage(QWidget):
    synced = Signal()  # an exchange ended (well or not): the status bar reads it again

    def __init__(
        self,
        db: Database,
        attachments: AttachmentStore | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._attachments = attachments
        self._settings = settings or QSettings()
        self.task: Task | None = None
        self.last_run: Run | None = None  # the scheduler backs off when it reached nothing
        layout = QVBoxLayout(self)

        server = QGroupBox(self.tr("HQ server"))
        slay = QVBoxLayout(server)
        self.server_line = QLabel()
        self.server_line.setWordWrap(True)
        slay.addWidget(self.server_line)
        layout.addWidget(server)
        self.show_server()

        where = QGroupBox(self.tr("Sync folder"))
        wlay = QVBoxLayout(where)
        hint = QLabel(
            self.tr(
                "A shared folder, a USB stick or a cloud-synced folder that headquarters "
                "and the other PCs of this site also use."
            )
        )
        hint.setWordWrap(True)
        wlay.addWidget(hint)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(self._settings.value(FOLDER_KEY, "") or ""))
        self.folder.setReadOnly(True)
        self.folder.setPlaceholderText(self.tr("No folder chosen yet"))
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("primary")
        self.sync_button.clicked.connect(self.sync)
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.sync_button)
        wlay.addLayout(row)
        self.progress = ProgressPanel()
        self.progress.hide()
        wlay.addWidget(self.progress)
        self.result = MessageLine()
        wlay.addWidget(self.result)
        layout.addWidget(where)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.peers = read_only_table(
            [
                self.tr("PC"),
                self.tr("Last contact"),
                self.tr("Changes received"),
                self.tr("Missing"),
                self.tr("Clock"),
                self.tr("Version"),
                self.tr("Problem"),
            ],
            stretch=6,
        )
        layout.addWidget(self.peers, 1)

        box = QGroupBox(self.tr("Conflicts to decide"))
        blay = QVBoxLayout(box)
        self.conflicts = read_only_table(
            [self.tr("What"), self.tr("About"), self.tr("Records")], stretch=1
        )
        self.conflicts.cellDoubleClicked.connect(lambda row, _col: self.open_conflict(row))
        blay.addWidget(self.conflicts)
        self.conflict_ids: list[str] = []
        layout.addWidget(box, 1)
        self._update_button()
        self.show_status()

    # --- the folder ------------------------------------------------------------------------

    def folder_path(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text) if text else None

    def set_folder(self, path: Path) -> None:
        self.folder.setText(str(path))
        self._settings.setValue(FOLDER_KEY, str(path))
        self._update_button()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the sync folder"), self.folder.text()
        )
        if chosen:
            self.set_folder(Path(chosen))

    def _update_button(self) -> None:
        running = self.task is not None and self.task.isRunning()
        self.sync_button.setEnabled(configured(self._db, self.folder_path()) and not running)

    def show_server(self) -> None:
        config = server_config(self._db)
        if config is None:
            self.server_line.setText(
                self.tr(
                    "This PC is not enrolled at an HQ server. To sync over the internet, "
                    "set it up with an enrolment code from HQ."
                )
            )
        else:
            self.server_line.setText(
                self.tr("Syncs with {url} at start, every few minutes and on demand.").replace(
                    "{url}", config.url
                )
            )

    # --- the exchange ----------------------------------------------------------------------

    def reachable(self) -> bool:
        """Something to sync with: the HQ server, or the folder when it is there now (a USB
        stick may be in a drawer)."""
        if server_config(self._db) is not None:
            return True
        path = self.folder_path()
        return path is not None and path.is_dir()

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.isRunning()

    def sync(self) -> None:
        folder = self.folder_path()
        if self.running or not configured(self._db, folder):
            return
        if folder is not None and not folder.is_dir() and server_config(self._db) is None:
            self.result.say(
                self.tr(
                    "The sync folder {path} cannot be reached: is the stick plugged in?"
                ).replace("{path}", str(folder)),
                error=True,
            )
            return
        db, attachments = self._db, self._attachments

        def work(progress: Progress) -> Run:
            return run_configured(db, folder, attachments, progress)

        task = Task(work, self)
        self.task = task
        task.succeeded.connect(self._done)
        task.failed.connect(self._failed)
        task.cancelled.connect(
            lambda: self.result.say(
                self.tr("Stopped. What arrived so far is kept; the rest comes next time.")
            )
        )
        task.finished.connect(self._finished)
        self.result.clear()
        self.progress.follow(task, self.tr("Syncing…"))
        self._update_button()
        task.start()

    def _failed(self, exc: BaseException) -> None:
        self.last_run = None
        self.result.say(str(exc), error=True)

    def _done(self, run: Run) -> None:
        self.last_run = run
        if run.offline:
            self.result.say(
                "；".join(run.errors)
                or self.tr("Nothing to sync with could be reached; trying again later."),
                error=True,
            )
            return
        text = (
            self.tr("Sent {sent} changes, received {got}.")
            .replace("{sent}", f"{run.sent:,}")
            .replace("{got}", f"{run.received:,}")
        )
        if any(o.transport == "folder" and o.offline for o in run.outcomes):
            text += " " + self.tr("The sync folder is not there now (is the stick plugged in?).")
        if run.errors:
            self.result.say(text + " " + self.tr("Problems: ") + "；".join(run.errors), error=True)
        else:
            self.result.say(text)

    def _finished(self) -> None:
        self.progress.hide()
        self._update_button()
        self.show_status()
        self.synced.emit()

    def show_conflicts(self) -> None:
        with self._db.read() as session:
            items = list_conflicts(session)
        self.conflict_ids = [c.id for c in items]
        self.conflicts.setRowCount(len(items))
        for r, c in enumerate(items):
            cells = [conflict_label(c.kind), c.key, str(len(c.row_ids))]
            for col, text in enumerate(cells):
                self.conflicts.setItem(r, col, QTableWidgetItem(text))

    def open_conflict(self, row: int) -> None:
        """Show a conflict side by side; a manager decides it there."""
        if not 0 <= row < len(self.conflict_ids):
            return
        dialog = self.conflict_dialog(self.conflict_ids[row])
        dialog.exec()
        if dialog.resolved:
            self.show_status()
            self.synced.emit()  # the status bar counts problems again

    def conflict_dialog(self, conflict_id: str) -> ConflictDialog:
        return ConflictDialog(self._db, conflict_id, self._actor, self)

    def stop(self) -> None:
        if self.task is not None:
            self.task.stop_and_wait()

    # --- what the others hold -----------------------------------------------------------------

    def show_status(self) -> None:
        st = sync_status(self._db)
        with self._db.read() as session:
            conflicts = len(list_conflicts(session))
        parts = [
            self.tr("{n} changes of this PC not yet confirmed by another PC.").replace(
                "{n}", f"{st.pending_out:,}"
            )
        ]
        if st.held:
            parts.append(
                self.tr("{n} bundles wait for a newer version of SiteDesk.").replace(
                    "{n}", str(len(st.held))
                )
            )
        if conflicts:
            parts.append(
                self.tr("{n} conflicts wait for a person to decide.").replace("{n}", str(conflicts))
            )
        self.summary.setText(" ".join(parts))
        self.show_conflicts()
        self.peers.setRowCount(len(st.peers))
        now = datetime.now(UTC)
        for r, p in enumerate(st.peers):
            when = (
                p.last_contact.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")
                if p.last_contact
                else "—"
            )
            missing = f"{p.missing[0]}–{p.missing[1]}" if p.missing else ""
            drift = (
                self.tr("{m} min off").replace("{m}", str(round(p.drift_ms / 60000)))
                if p.drift_ms is not None and abs(p.drift_ms) >= 60000
                else self.tr("OK")
            )
            name = " ".join(x for x in (p.name, p.tag) if x) or p.node_id[:8]
            stale = p.last_contact is None or now - p.last_contact > STALE_AFTER
            problem = p.error or (
                self.tr("No contact for {d} days").replace("{d}", str((now - p.last_contact).days))
                if stale and p.last_contact is not None
                else ""
            )
            version = " / ".join(v for v in (p.app_version, p.schema_rev) if v) or "—"
            cells = (name, when, f"{p.applied:,}", missing, drift, version, problem)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if stale:  # a PC not heard from for a week: somebody should go and look
                    item.setBackground(QColor(STALE_COLOUR))
                self.peers.setItem(r, c, item)
