"""物资发放: hand out a campaign's goods — scan a worker card, or pick a team — and watch
what is still to hand out.

A scan records the worker's per-head entitlement at once (one step, as relief
distributions do it); a second scan of the same card is refused with the time of the first
handout, and only a reason typed in the override box hands out again. A team chosen in the
progress table gets its per-team entitlement with the 发放 button. Every handout goes
through app.store.supplies — the same services as ``sitedesk handout`` — so the refusal holds
on every PC once sync has brought the first handout.

The confirmation line and the recipient panel change at once; the progress tables follow a
moment later (they count every team's workers), so a queue of workers is not slowed down.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import DEFAULT_TZ, local_today
from app.domain.problems import DomainError
from app.store import supplies, worker_record
from app.store.attachments import AttachmentStore, add_attachment, attachments_of
from app.store.database import Database
from app.store.exports import export_handouts
from app.store.models import Team, Worker
from app.store.supplies import fmt_qty as fmt
from app.store.users import Actor
from app.ui.exporting import ask_xlsx_path, busy, start_export
from app.ui.scan_field import ScanField
from app.ui.site_filter import SiteFilter, is_hq
from app.ui.style import MessageLine, current_lang, read_only_table
from app.ui.tasks import Task

PROGRESS_DELAY_MS = 400
SHEET_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
}


class HandoutPage(QWidget):
    changed = Signal()

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
        self._lang = current_lang()
        self.recipient: tuple[str, str] | None = None  # ("team" | "worker", id)
        self._closed: dict[str, bool] = {}
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        # at HQ: every work area's handouts, or one area's
        self.site = SiteFilter(db) if is_hq(db) else None
        if self.site is not None:
            bar.addWidget(self.site)
        bar.addWidget(QLabel(self.tr("Handout")))
        self.campaign = QComboBox()
        self.campaign.setMinimumContentsLength(18)
        self.campaign.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        bar.addWidget(self.campaign, 1)
        self.new_button = QPushButton(self.tr("New handout…"))
        self.new_button.clicked.connect(self.new_campaign)
        self.stock_button = QPushButton(self.tr("Stock…"))
        self.stock_button.clicked.connect(self.show_stock)
        self.sheet_button = QPushButton(self.tr("Attach the signed sheet…"))
        self.sheet_button.setToolTip(
            self.tr("A photo of the sign-off sheet with the signatures: the proof of the handout")
        )
        self.sheet_button.clicked.connect(self.choose_sheet_photo)
        self.close_button = QPushButton(self.tr("Close this handout"))
        self.close_button.clicked.connect(self.close_campaign)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("This handout's records, to an Excel workbook"))
        self.export_button.clicked.connect(self.export)
        self.export_task: Task | None = None
        for b in (
            self.new_button,
            self.stock_button,
            self.sheet_button,
            self.export_button,
            self.close_button,
        ):
            b.setEnabled(actor is not None)
            bar.addWidget(b)
        layout.addLayout(bar)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold; color: #1d3557;")
        left.addWidget(self.summary)
        self.teams = read_only_table(
            [self.tr("Team"), self.tr("Per team"), self.tr("Per head")], stretch=0
        )
        self.teams.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.teams.itemSelectionChanged.connect(self._team_chosen)
        left.addWidget(self.teams, 2)
        self.items = read_only_table(
            [
                self.tr("Item"),
                self.tr("Due"),
                self.tr("Handed out"),
                self.tr("To go"),
                self.tr("In stock"),
            ],
            stretch=0,
        )
        left.addWidget(self.items, 1)
        body.addLayout(left, 3)

        right = QGroupBox(self.tr("Hand out"))
        rl = QVBoxLayout(right)
        self.scan = ScanField()
        self.scan.setPlaceholderText(
            self.tr("Scan a worker card, or type a name or the last 4 of the ID and press Enter")
        )
        self.scan.setMinimumHeight(34)
        self.scan.scanned.connect(self.on_scanned)
        self.scan.typed.connect(self.on_typed)
        rl.addWidget(self.scan)
        self.auto = QCheckBox(self.tr("Hand out as soon as a card is scanned"))
        self.auto.setChecked(True)
        rl.addWidget(self.auto)
        self.who = QLabel(self.tr("Nobody chosen yet"))
        self.who.setStyleSheet("font-size: 16pt; font-weight: bold; color: #1d3557;")
        self.who.setWordWrap(True)
        rl.addWidget(self.who)
        self.due = read_only_table([self.tr("Entitled to"), self.tr("Status")], stretch=0)
        rl.addWidget(self.due, 1)
        self.receiver = QLineEdit()
        self.receiver.setPlaceholderText(self.tr("Who signs for the team (name)"))
        rl.addWidget(self.receiver)
        self.override = QLineEdit()
        self.override.setPlaceholderText(
            self.tr("Already handed out? Only with a reason, e.g. the first ones were spoilt")
        )
        rl.addWidget(self.override)
        self.hand_button = QPushButton(self.tr("Hand out"))
        self.hand_button.setObjectName("primary")
        self.hand_button.setMinimumHeight(36)
        self.hand_button.clicked.connect(self.hand_out)
        rl.addWidget(self.hand_button)
        self.message = MessageLine()
        rl.addWidget(self.message)
        body.addWidget(right, 2)
        layout.addLayout(body, 1)

        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self.show_progress)
        self.campaign.currentIndexChanged.connect(self._campaign_chosen)
        if self.site is not None:
            self.site.currentIndexChanged.connect(lambda _n: self.fill_campaigns())
        self.fill_campaigns()

    # --- campaigns ------------------------------------------------------------------

    def campaign_id(self) -> str | None:
        data = self.campaign.currentData()
        return str(data) if data else None

    def fill_campaigns(self, choose: str | None = None) -> None:
        chosen = choose or self.campaign_id()
        with self._db.read() as session:
            rows = supplies.campaigns(session, self.site.site_id() if self.site else None)
        self._closed = {c.id: c.closed for c in rows}
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in sorted(rows, key=lambda c: c.closed):  # open ones first, newest first
            text = f"{c.on_date:%Y-%m-%d} {c.name}"
            if c.closed:
                text += " " + self.tr("(closed)")
            self.campaign.addItem(text, c.id)
        if not rows:
            self.campaign.addItem(self.tr("No handouts yet: create one"), None)
        index = self.campaign.findData(chosen) if chosen else 0
        self.campaign.setCurrentIndex(max(index, 0))
        self.campaign.blockSignals(False)
        self._campaign_chosen()

    def _campaign_chosen(self) -> None:
        self.recipient = None
        self.who.setText(self.tr("Nobody chosen yet"))
        self.due.setRowCount(0)
        self.message.setText("")
        cid = self.campaign_id()
        open_ = cid is not None and not self._closed.get(cid, False)
        for w in (self.scan, self.hand_button, self.close_button, self.override, self.receiver):
            w.setEnabled(open_ and self._actor is not None)
        if cid is not None and not open_:
            self.message.say(self.tr("This handout is closed; it can no longer be handed out."))
        self.show_progress()

    def show_progress(self) -> None:
        self._progress_timer.stop()
        cid = self.campaign_id()
        if cid is None:
            self.teams.setRowCount(0)
            self.items.setRowCount(0)
            self.summary.setText("")
            return
        with self._db.read() as session:
            p = supplies.progress(session, cid)
            sheets = len(attachments_of(session, "handout_campaign", [cid]))
        summary = (
            self.tr("{done} of {n} teams done")
            .replace("{done}", str(p.teams_done))
            .replace("{n}", str(len(p.teams)))
        )
        if sheets:
            summary += " · " + self.tr("{n} signed sheets attached").replace("{n}", str(sheets))
        self.summary.setText(summary)
        selected = self.recipient[1] if self.recipient and self.recipient[0] == "team" else None
        self.teams.blockSignals(True)
        self.teams.setRowCount(len(p.teams))
        for r, t in enumerate(p.teams):
            name = QTableWidgetItem(("✓ " if t.done else "") + t.team)
            name.setData(Qt.ItemDataRole.UserRole, t.team_id)
            per_team = f"{t.team_items_done}/{t.team_items_due}" if t.team_items_due else "—"
            per_head = f"{t.heads_done}/{t.heads}" if t.heads else "—"
            row = (name, QTableWidgetItem(per_team), QTableWidgetItem(per_head))
            for c, cell in enumerate(row):
                if t.done:
                    cell.setForeground(Qt.GlobalColor.darkGreen)
                self.teams.setItem(r, c, cell)
            if t.team_id == selected:
                self.teams.selectRow(r)
        self.teams.blockSignals(False)
        self.items.setRowCount(len(p.items))
        for r, i in enumerate(p.items):
            cells = [
                f"{i.item}（{i.unit}）",
                fmt(i.due),
                fmt(i.handed),
                fmt(i.remaining),
                fmt(i.in_stock),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c == 4 and i.in_stock < i.remaining:
                    item.setForeground(Qt.GlobalColor.red)
                    item.setToolTip(self.tr("Not enough in stock for what is still to go"))
                self.items.setItem(r, c, item)

    # --- choosing a recipient -------------------------------------------------------

    def _team_chosen(self) -> None:
        rows = self.teams.selectionModel().selectedRows()
        if not rows:
            return
        cell = self.teams.item(rows[0].row(), 0)
        if cell is not None:
            self.choose(("team", str(cell.data(Qt.ItemDataRole.UserRole))))

    def choose(self, recipient: tuple[str, str]) -> list[supplies.DueLine]:
        """Show who is chosen and what they are entitled to; returns those lines."""
        cid = self.campaign_id()
        if cid is None:
            return []
        kind, rid = recipient
        self.recipient = recipient
        self.override.clear()
        with self._db.read() as session:
            if kind == "team":
                team = session.get(Team, rid)
                lines = supplies.due_for_team(session, cid, rid)
                title = team.name if team else rid
            else:
                worker = session.get(Worker, rid)
                lines = supplies.due_for_worker(session, cid, rid)
                team = session.get(Team, worker.team_id) if worker and worker.team_id else None
                title = " · ".join(
                    p for p in (worker.name if worker else rid, team.name if team else "") if p
                )
        self.receiver.setVisible(kind == "team")
        self.who.setText(title)
        self.show_lines(lines)
        return lines

    def show_lines(self, lines: list[supplies.DueLine]) -> None:
        self.due.setRowCount(len(lines))
        for r, line in enumerate(lines):
            self.due.setItem(
                r, 0, QTableWidgetItem(f"{line.item} {fmt(line.quantity)} {line.unit}")
            )
            if line.handed_at is None:
                status = QTableWidgetItem(self.tr("To hand out"))
            else:
                when = line.handed_at.astimezone(DEFAULT_TZ).strftime("%m-%d %H:%M")
                status = QTableWidgetItem(
                    self.tr("Handed out {when} by {who}")
                    .replace("{when}", when)
                    .replace("{who}", line.handed_by)
                )
                status.setForeground(Qt.GlobalColor.darkGreen)
            self.due.setItem(r, 1, status)
        if not lines:
            self.due.setRowCount(1)
            self.due.setItem(0, 0, QTableWidgetItem(self.tr("Nothing in this handout")))
            self.due.setItem(0, 1, QTableWidgetItem(""))

    def on_scanned(self, code: str) -> None:
        """A card was scanned: find its worker and, in the usual mode, hand out at once."""
        try:
            with self._db.read() as session:
                worker = supplies.worker_by_card(session, code)
                worker_id = worker.id
        except DomainError as exc:
            self.message.say(exc.message(self._lang), error=True)
            return
        self.choose(("worker", worker_id))
        if self.auto.isChecked():
            self.hand_out()

    def on_typed(self, text: str) -> None:
        """A name or the last four of an ID typed by hand: show that worker."""
        try:
            with self._db.read() as session:
                worker_id = worker_record.find_worker(session, text)
        except DomainError as exc:
            self.message.say(exc.message(self._lang), error=True)
            return
        self.scan.clear()
        self.choose(("worker", worker_id))
        self.message.setText("")

    # --- handing out ----------------------------------------------------------------

    def hand_out(self) -> None:
        cid = self.campaign_id()
        if cid is None or self._actor is None:
            return
        if self.recipient is None:
            self.message.say(self.tr("Scan a card or choose a team first."), error=True)
            return
        kind, rid = self.recipient
        try:
            with self._db.write(self._actor.username) as unit:
                if kind == "team":
                    supplies.hand_out_to_team(
                        unit,
                        cid,
                        rid,
                        receiver_name=self.receiver.text(),
                        override_reason=self.override.text(),
                    )
                else:
                    supplies.hand_out_to_worker(
                        unit, cid, rid, override_reason=self.override.text()
                    )
        except DomainError as exc:
            self.message.say(exc.message(self._lang), error=True)
            self.scan.setFocus()
            return
        lines = self.choose(self.recipient)
        given = "、".join(f"{line.item} {fmt(line.quantity)} {line.unit}" for line in lines)
        self.message.say(
            self.tr("Handed out to {who}: {what}.")
            .replace("{who}", self.who.text())
            .replace("{what}", given)
        )
        self.scan.setFocus()
        self._progress_timer.start()
        self.changed.emit()

    def choose_sheet_photo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Photo of the signed sheet"),
            "",
            self.tr("Pictures or PDF (*.jpg *.jpeg *.png *.pdf)"),
        )
        if name:
            self.attach_sheet(Path(name))

    def attach_sheet(self, path: Path) -> None:
        """Keep a photo (or scan) of the signed sign-off sheet with the campaign."""
        cid = self.campaign_id()
        if cid is None or self._actor is None or self._attachments is None:
            return
        mime = SHEET_TYPES.get(path.suffix.lower())
        if mime is None:
            self.message.say(self.tr("Choose a JPEG, PNG or PDF file."), error=True)
            return
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.message.say(
                self.tr("The file cannot be read:") + f" {exc.strerror or exc}", error=True
            )
            return
        with self._db.write(self._actor.username) as unit:
            add_attachment(
                unit,
                self._attachments,
                content,
                filename=path.name,
                mime=mime,
                purpose="signoff",
                owner_entity="handout_campaign",
                owner_id=cid,
            )
        self.message.say(self.tr("The signed sheet is kept with this handout."))
        self.show_progress()
        self.changed.emit()

    def export(self, path: Path | None = None) -> None:
        """This campaign's handouts (every campaign's when none is chosen) to Excel."""
        if busy(self.export_task):
            return
        if self._actor is None:
            return
        path = path or ask_xlsx_path(self, self.tr("Export handouts"), "handouts", self.today())
        if path is None:
            return
        db, actor, campaign = self._db, self._actor, self.campaign_id()
        self.export_task = start_export(
            self, lambda: export_handouts(db, actor, path, campaign_id=campaign), self.message
        )

    def stop(self) -> None:
        """On closing: let a running export finish writing its file."""
        if self.export_task is not None:
            self.export_task.wait()

    def new_campaign(self) -> None:
        from app.ui.handout_dialogs import CampaignDialog

        if self._actor is None:
            return
        dialog = CampaignDialog(self._db, self._actor, today=self.today(), parent=self)
        if dialog.exec() == CampaignDialog.DialogCode.Accepted:
            self.fill_campaigns(dialog.campaign_id)
            self.changed.emit()

    def show_stock(self) -> None:
        from app.ui.handout_dialogs import StockDialog

        if self._actor is None:
            return
        StockDialog(self._db, self._actor, today=self.today(), parent=self).exec()
        self.show_progress()
        self.changed.emit()

    def close_campaign(self, *, confirm: bool = True) -> None:
        cid = self.campaign_id()
        if cid is None or self._actor is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Close this handout"),
                self.tr("After closing, nothing more can be handed out in it. Close it?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        with self._db.write(self._actor.username) as unit:
            supplies.close_campaign(unit, cid)
        self.fill_campaigns(cid)
        self.changed.emit()

    def show_site(self, site_id: str | None) -> None:
        """At HQ: show one work area's handouts (all when None)."""
        if self.site is not None:
            self.site.choose(site_id)

    def refresh(self) -> None:
        if self.site is not None:
            self.site.refill()
        self.fill_campaigns()
