"""实名制: the roster in Excel — import with a preview, export masked unless allowed.

Both run their work on a Task (app.ui.tasks) with progress and cancel. The import shows
every row as the registration form would judge it, before anything is saved; nothing is
imported while a row is wrong unless the clerk ticks "skip the wrong rows".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import TRADES, label
from app.domain.masking import mask_id
from app.domain.problems import DomainError, join_messages
from app.domain.progress import Progress
from app.domain.roles import Permission, allowed
from app.store.database import Database
from app.store.roster import Exported, Imported, Preview, RosterRow, export_roster, import_rows
from app.store.roster import preview as preview_roster
from app.store.users import Actor
from app.ui.style import MessageLine, current_lang
from app.ui.tasks import ProgressPanel, Task

ERROR_COLOUR = QColor("#c1121f")
WARNING_COLOUR = QColor("#b26a00")


def _explain(exc: BaseException, lang: str) -> str:
    if isinstance(exc, DomainError):
        return exc.message(lang)
    return str(exc) or type(exc).__name__


class RosterImportDialog(QDialog):
    """Check a roster file, show each row's findings, then import it in one transaction."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        path: Path,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._path = path
        self._today = today or date.today()
        self._lang = current_lang()
        self.checked: Preview | None = None
        self.imported: Imported | None = None
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Import a roster"))
        self.resize(900, 560)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("File: {name}").replace("{name}", path.name))
        title.setObjectName("dialogTitle")
        layout.addWidget(title)
        self.progress = ProgressPanel()
        layout.addWidget(self.progress)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Row"),
                self.tr("Name"),
                self.tr("ID number"),
                self.tr("Team"),
                self.tr("Trade"),
                self.tr("Findings"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.only_problems = QCheckBox(self.tr("Show only rows with findings"))
        self.only_problems.toggled.connect(self._filter_rows)
        self.skip_bad = QCheckBox()
        self.skip_bad.toggled.connect(self._update_buttons)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.skip_bad)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c1121f;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.only_problems.hide()
        self.skip_bad.hide()
        self.start_preview()

    # --- checking ----------------------------------------------------------------------

    def start_preview(self) -> None:
        db, path, today = self._db, self._path, self._today

        def work(progress: Progress) -> Preview:
            return preview_roster(db, path, today=today, progress=progress)

        self._run(work, self.tr("Checking the rows…"), self._previewed)

    def _previewed(self, checked: Preview) -> None:
        self.checked = checked
        rows = checked.rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self._fill_row(r, row)
        self.table.resizeRowsToContents()
        good, bad = len(checked.good), len(checked.bad)
        text = (
            self.tr("{n} rows: {good} can be imported, {bad} have errors.")
            .replace("{n}", str(len(rows)))
            .replace("{good}", str(good))
            .replace("{bad}", str(bad))
        )
        if checked.new_teams:
            text += ("" if self._lang == "zh" else " ") + self.tr(
                "New teams will be made: {teams}."
            ).replace("{teams}", "、".join(checked.new_teams))
        self.summary.setText(text)
        self.only_problems.setVisible(any(r.problems for r in rows))
        self.skip_bad.setText(
            self.tr("Skip the {bad} wrong rows and import the {good} right ones")
            .replace("{bad}", str(bad))
            .replace("{good}", str(good))
        )
        self.skip_bad.setVisible(bad > 0 and good > 0)
        self._update_buttons()

    def _fill_row(self, r: int, row: RosterRow) -> None:
        values = row.values
        number = str(values.get("id_number") or "")
        trade = str(values.get("trade_code") or "")
        cells = [
            str(row.line),
            str(values.get("name") or ""),
            mask_id(number) if number else "",
            str(values.get("team") or ""),
            label(TRADES, trade, self._lang),
            join_messages(row.problems, self._lang) or self.tr("OK"),
        ]
        colour = ERROR_COLOUR if not row.ok else WARNING_COLOUR if row.problems else None
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if colour is not None and c == 5:
                item.setForeground(QBrush(colour))
            self.table.setItem(r, c, item)

    def _filter_rows(self, only: bool) -> None:
        if self.checked is None:
            return
        for r, row in enumerate(self.checked.rows):
            self.table.setRowHidden(r, only and not row.problems)

    def _update_buttons(self) -> None:
        checked = self.checked
        running = self.task is not None and self.task.isRunning()
        if checked is None or running:
            self.import_button.setEnabled(False)
            return
        good, bad = len(checked.good), len(checked.bad)
        n = good if (bad == 0 or self.skip_bad.isChecked()) else 0
        self.import_button.setText(self.tr("Import {n} workers").replace("{n}", str(good)))
        self.import_button.setEnabled(n > 0)

    # --- importing ---------------------------------------------------------------------

    def start_import(self) -> None:
        checked = self.checked
        if checked is None:
            return
        db, actor, today, skip = self._db, self._actor, self._today, self.skip_bad.isChecked()

        def work(progress: Progress) -> Imported:
            return import_rows(db, actor, checked, today=today, skip_bad=skip, progress=progress)

        self._run(work, self.tr("Importing…"), self._imported)

    def _imported(self, done: Imported) -> None:
        self.imported = done
        self.accept()

    # --- running -----------------------------------------------------------------------

    def _run(self, work: Any, text: str, on_done: Any) -> None:
        self.error.clear()
        task = Task(work, self)
        self.task = task
        task.succeeded.connect(on_done)
        task.failed.connect(self._failed)
        task.cancelled.connect(self._cancelled)
        task.finished.connect(self._finished)
        self.progress.follow(task, text)
        self._update_buttons()
        task.start()

    def _finished(self) -> None:
        self.progress.hide()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(_explain(exc, self._lang))

    def _cancelled(self) -> None:
        self.error.setText(self.tr("Stopped: nothing was imported."))

    def done(self, result: int) -> None:  # closing (any way) stops the work first
        if self.task is not None:
            self.task.stop_and_wait()
        super().done(result)


class RosterExportDialog(QDialog):
    """Write the roster to an .xlsx file: masked, or whole numbers for an allowed role."""

    def __init__(
        self, db: Database, actor: Actor, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._path = path
        self._lang = current_lang()
        self.exported: Exported | None = None
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Export the roster"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("To file: {name}").replace("{name}", str(path))))
        self.whole = QCheckBox(
            self.tr("Whole ID, phone and card numbers (written to the audit log)")
        )
        self.whole.setVisible(allowed(actor.role, Permission.UNMASK))
        layout.addWidget(self.whole)
        note = QLabel(self.tr("Otherwise the numbers are masked, as in the list."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.progress = ProgressPanel()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def start(self) -> None:
        db, actor, path, whole = self._db, self._actor, self._path, self.whole.isChecked()

        def work(progress: Progress) -> Exported:
            return export_roster(db, actor, path, whole_numbers=whole, progress=progress)

        task = Task(work, self)
        self.task = task
        task.succeeded.connect(self._exported)
        task.failed.connect(lambda exc: self._say(_explain(exc, self._lang), error=True))
        task.cancelled.connect(
            lambda: self._say(self.tr("Stopped: no file was written."), error=True)
        )
        task.finished.connect(self.progress.hide)
        self.export_button.setEnabled(False)
        self.message.clear()
        self.progress.follow(task, self.tr("Exporting…"))
        task.start()

    def _exported(self, done: Exported) -> None:
        self.exported = done
        self._say(
            self.tr("{n} workers written to {name}.")
            .replace("{n}", f"{done.count:,}")
            .replace("{name}", done.path.name)
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.say(text, error=error)
        self.export_button.setEnabled(error)

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.stop_and_wait()
        super().done(result)
