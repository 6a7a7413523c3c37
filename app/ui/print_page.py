"""公示与打印: choose a paper, fill in what it needs, see it, print it.

Each paper is made by app.printing.jobs — the same services as ``sitedesk print`` — on a
worker thread (a thousand cards take a few seconds), written into the data folder's
``printed`` folder (the papers may carry names and masked numbers: they stay where the data
is), and shown as page images. 打印 opens the PDF in the system's viewer, which prints it on
any printer the PC knows; 另存为 copies it elsewhere (a USB stick for the print shop).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import DEFAULT_TZ, local_today
from app.domain.problems import DomainError, Problem
from app.printing import jobs
from app.printing.base import Printed
from app.store import supplies
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.request_stats import recent_months
from app.store.users import Actor
from app.store.worker_list import teams
from app.ui.style import MessageLine, current_lang
from app.ui.tasks import Task

PREVIEW_PAGES = 4
PREVIEW_WIDTH = 560


def render_pages(path: Path, pages: int, width: int) -> list[QImage]:
    """The first ``pages`` pages of a PDF as images ``width`` pixels wide."""
    images = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in range(min(pages, len(pdf))):
            page = pdf[n]
            bitmap = page.render(scale=width / page.get_width(), rev_byteorder=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888
                if bitmap.n_channels == 3
                else QImage.Format.Format_RGBA8888,
            )
            images.append(image.copy())  # the buffer goes with the bitmap
    finally:
        pdf.close()
    return images


class PrintPage(QWidget):
    def __init__(
        self,
        db: Database,
        actor: Actor | None = None,
        attachments: AttachmentStore | None = None,
        out_dir: Path | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = local_today,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._attachments = attachments
        self._out_dir = out_dir or Path(tempfile.mkdtemp(prefix="sitedesk-printed-"))
        self.today = today
        self.task: Task | None = None
        self.printed: Printed | None = None
        layout = QHBoxLayout(self)

        left = QVBoxLayout()
        self.papers = QListWidget()
        self.paper_keys = list(jobs.Paper)
        for paper in self.paper_keys:
            self.papers.addItem(self._paper_label(paper))
        self.papers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.papers.setStyleSheet("QListWidget::item { padding: 7px 6px; }")
        self.papers.ensurePolished()
        self.papers.setFixedWidth(self.papers.sizeHintForColumn(0) + 36)
        left.addWidget(self.papers)
        layout.addLayout(left)

        middle = QVBoxLayout()
        self.options = QStackedWidget()
        self.paper_size = QComboBox()
        self.paper_size.addItem("A4", "A4")
        self.paper_size.addItem("A3", "A3")
        self.notice_kind = QComboBox()
        for kind, text in (
            ("handout", self.tr("Results of a handout")),
            ("requests", self.tr("Requests handled in a month")),
            ("text", self.tr("Free text (rules, announcements)")),
            ("wage_board", self.tr("Wage-rights board")),
        ):
            self.notice_kind.addItem(text, kind)
        self.notice_campaign = QComboBox()
        self.signoff_campaign = QComboBox()
        self.notice_month = QComboBox()
        self.report_month = QComboBox()
        for combo in (self.notice_month, self.report_month):
            for first in recent_months(today(), 12):
                combo.addItem(f"{first:%Y-%m}", first)
        self.notice_title = QLineEdit()
        self.notice_body = QPlainTextEdit()
        self.notice_body.setPlaceholderText(self.tr("The body of the notice"))
        self.notice_body.setMaximumHeight(110)
        self.notice_start = QDateEdit()
        self.notice_start.setCalendarPopup(True)
        self.notice_start.setDisplayFormat("yyyy-MM-dd")
        d = today()
        self.notice_start.setDate(QDate(d.year, d.month, d.day))
        self.notice_days = QSpinBox()
        self.notice_days.setRange(1, 30)
        self.notice_days.setValue(5)
        self.notice_days.setSuffix(self.tr(" working days"))
        self.notice_issuer = QLineEdit()
        self.notice_issuer.setPlaceholderText(self.tr("Default: this work area"))
        self.card_team = QComboBox()

        for paper in self.paper_keys:
            self.options.addWidget(self._options_for(paper))
        middle.addWidget(self.options)
        buttons = QHBoxLayout()
        self.make_button = QPushButton(self.tr("Make and preview"))
        self.make_button.setObjectName("primary")
        self.make_button.clicked.connect(self.make)
        self.open_button = QPushButton(self.tr("Print…"))
        self.open_button.setToolTip(self.tr("Opens the PDF in this PC's viewer, to print it"))
        self.open_button.clicked.connect(self.open_printed)
        self.save_button = QPushButton(self.tr("Save as…"))
        self.save_button.clicked.connect(self.save_as)
        for b in (self.make_button, self.open_button, self.save_button):
            buttons.addWidget(b)
        middle.addLayout(buttons)
        self.message = MessageLine()
        middle.addWidget(self.message)
        middle.addStretch(1)
        layout.addLayout(middle, 2)

        self.preview = QScrollArea()
        self.preview.setWidgetResizable(True)
        self.preview_box = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_box)
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview.setWidget(self.preview_box)
        self.preview.setMinimumWidth(PREVIEW_WIDTH + 40)
        layout.addWidget(self.preview, 3)

        self.papers.currentRowChanged.connect(self.options.setCurrentIndex)
        self.papers.setCurrentRow(0)
        self.make_button.setEnabled(actor is not None)
        self.open_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.refresh()

    def _paper_label(self, paper: jobs.Paper) -> str:
        return {
            jobs.Paper.POSTER: self.tr("QR poster"),
            jobs.Paper.LEAFLET: self.tr("Leaflet"),
            jobs.Paper.NOTICE: self.tr("Notice"),
            jobs.Paper.SIGNOFF: self.tr("Sign-off sheet"),
            jobs.Paper.CARDS: self.tr("Worker cards"),
            jobs.Paper.REPORT: self.tr("Monthly report"),
            jobs.Paper.ROSTER: self.tr("Roster"),
        }[paper]

    def _options_for(self, paper: jobs.Paper) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        hint = QLabel()
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        if paper is jobs.Paper.POSTER:
            form.addRow(self.tr("Paper size"), self.paper_size)
            hint.setText(self.tr("The QR opens this work area's request form; A3 for a wall."))
        elif paper is jobs.Paper.LEAFLET:
            hint.setText(self.tr("A4, printed on both sides and folded in three."))
        elif paper is jobs.Paper.NOTICE:
            form.addRow(self.tr("Kind"), self.notice_kind)
            form.addRow(self.tr("Handout"), self.notice_campaign)
            form.addRow(self.tr("Month"), self.notice_month)
            form.addRow(self.tr("Title"), self.notice_title)
            form.addRow(self.tr("Body"), self.notice_body)
            form.addRow(self.tr("Posted from"), self.notice_start)
            form.addRow(self.tr("For"), self.notice_days)
            form.addRow(self.tr("Issued by"), self.notice_issuer)
            hint.setText(self.tr("ID numbers are printed masked; phone numbers never."))
        elif paper is jobs.Paper.SIGNOFF:
            form.addRow(self.tr("Handout"), self.signoff_campaign)
            hint.setText(self.tr("One section per team, the workers on site pre-filled."))
        elif paper is jobs.Paper.CARDS:
            form.addRow(self.tr("Team"), self.card_team)
            hint.setText(self.tr("Eight cards to an A4 sheet, with cut marks."))
        elif paper is jobs.Paper.REPORT:
            form.addRow(self.tr("Month"), self.report_month)
        else:
            hint.setText(self.tr("Every registered worker, numbers masked."))
        form.addRow(hint)
        return box

    def refresh(self) -> None:
        """Campaigns and teams may have changed (a new handout, a sync)."""
        with self._db.read() as session:
            rows = supplies.campaigns(session)
            team_rows = teams(session)
        for combo in (self.notice_campaign, self.signoff_campaign):
            chosen = combo.currentData()
            combo.clear()
            for c in rows:
                combo.addItem(f"{c.on_date:%Y-%m-%d} {c.name}", c.id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
        chosen = self.card_team.currentData()
        self.card_team.clear()
        self.card_team.addItem(self.tr("Everyone on site"), None)
        for team_id, name in team_rows:
            self.card_team.addItem(name, team_id)
        self.card_team.setCurrentIndex(max(self.card_team.findData(chosen), 0))

    def current_paper(self) -> jobs.Paper:
        return self.paper_keys[max(self.papers.currentRow(), 0)]

    def job(self) -> Callable[[], Printed]:
        """The print job for what is chosen now, to run on the worker thread."""
        assert self._actor is not None
        db, actor, paper = self._db, self._actor, self.current_paper()
        stamp = datetime.now(DEFAULT_TZ).strftime("%Y%m%d-%H%M%S")
        out = self._out_dir / f"{paper.value}-{stamp}.pdf"
        today = self.today()
        if paper is jobs.Paper.POSTER:
            size = str(self.paper_size.currentData())
            return lambda: jobs.print_poster(db, actor, out, size=size)
        if paper is jobs.Paper.LEAFLET:
            return lambda: jobs.print_leaflet(db, actor, out)
        if paper is jobs.Paper.SIGNOFF:
            campaign = self.signoff_campaign.currentData()
            if campaign is None:
                raise DomainError(Problem("print.no_campaign", params={"ref": "—"}))
            return lambda: jobs.print_signoff(db, actor, str(campaign), out)
        if paper is jobs.Paper.CARDS:
            team = self.card_team.currentData()
            store = self._attachments
            return lambda: jobs.print_cards(db, actor, out, attachments=store, team_id=team)
        if paper is jobs.Paper.REPORT:
            month: date = self.report_month.currentData()
            return lambda: jobs.print_report(db, actor, month, out, today=today)
        if paper is jobs.Paper.ROSTER:
            return lambda: jobs.print_roster(db, actor, out, today=today)
        return self._notice_job(out)

    def _notice_job(self, out: Path) -> Callable[[], Printed]:
        assert self._actor is not None
        db, actor = self._db, self._actor
        q = self.notice_start.date()
        start = date(q.year(), q.month(), q.day())
        days = self.notice_days.value()
        issuer = self.notice_issuer.text().strip() or None
        kind = str(self.notice_kind.currentData())
        if kind == "handout":
            campaign = self.notice_campaign.currentData()
            if campaign is None:
                raise DomainError(Problem("print.no_campaign", params={"ref": "—"}))
            return lambda: jobs.print_handout_notice(
                db, actor, str(campaign), out, start=start, days=days, issuer=issuer
            )
        if kind == "requests":
            month: date = self.notice_month.currentData()
            return lambda: jobs.print_requests_notice(
                db, actor, month, out, start=start, days=days, issuer=issuer
            )
        title, body = self.notice_title.text(), self.notice_body.toPlainText()
        if kind == "wage_board":
            title = title or "维权信息告示牌"
            body = body or jobs.wage_board_body()
        return lambda: jobs.print_text_notice(
            db,
            actor,
            title,
            body,
            out,
            start=start,
            days=days,
            issuer=issuer,
            kind=kind if kind == "wage_board" else "free",
        )

    def make(self) -> None:
        if self._actor is None or (self.task is not None and self.task.isRunning()):
            return
        try:
            work = self.job()
        except DomainError as exc:
            self.message.say(exc.message(current_lang()), error=True)
            return
        self._out_dir.mkdir(parents=True, exist_ok=True)
        self.task = Task(lambda _progress: work(), self)
        self.task.succeeded.connect(self._made)
        self.task.failed.connect(self._failed)
        self.make_button.setEnabled(False)
        self.message.say(self.tr("Making the paper…"))
        self.task.start()

    def _made(self, printed: Any) -> None:
        assert isinstance(printed, Printed)
        self.make_button.setEnabled(True)
        self.printed = printed
        self.show_preview(printed)
        self.open_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.message.say(
            self.tr("Made a PDF of {n} page(s). Print opens it in the PDF viewer.").replace(
                "{n}", str(printed.pages)
            )
        )

    def _failed(self, exc: Any) -> None:
        self.make_button.setEnabled(True)
        if isinstance(exc, DomainError):
            self.message.say(exc.message(current_lang()), error=True)
        else:
            self.message.say(self.tr("The paper could not be made:") + f" {exc}", error=True)

    def show_preview(self, printed: Printed) -> None:
        while self.preview_layout.count():
            item = self.preview_layout.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()
        try:
            images = render_pages(printed.path, PREVIEW_PAGES, PREVIEW_WIDTH)
        except (OSError, pdfium.PdfiumError) as exc:  # the file is there; only no preview
            self.preview_layout.addWidget(QLabel(self.tr("No preview:") + f" {exc}"))
            return
        for image in images:
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("border: 1px solid #c0c0c0; background: white;")
            self.preview_layout.addWidget(page)
        if printed.pages > PREVIEW_PAGES:
            more = QLabel(
                self.tr("… and {n} more pages").replace("{n}", str(printed.pages - PREVIEW_PAGES))
            )
            self.preview_layout.addWidget(more)

    def open_printed(self) -> None:
        if self.printed is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.printed.path)))

    def save_as(self) -> None:
        if self.printed is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the PDF"), self.printed.path.name, self.tr("PDF files (*.pdf)")
        )
        if name:
            self.save_copy(Path(name))

    def save_copy(self, target: Path) -> None:
        assert self.printed is not None
        target = target if target.suffix.lower() == ".pdf" else target.with_suffix(".pdf")
        try:
            shutil.copyfile(self.printed.path, target)
        except OSError as exc:
            self.message.say(self.tr("Not saved:") + f" {exc.strerror or exc}", error=True)
            return
        self.message.say(self.tr("Saved to {path}.").replace("{path}", str(target)))

    def stop(self) -> None:
        if self.task is not None:
            self.task.stop_and_wait()
