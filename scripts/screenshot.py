"""Screenshot the real desktop app on an X display (run under xvfb-run): `make screenshots`.

Starts the app as a clerk would (`sitedesk run` code path, xcb platform), waits until the
main window has painted, grabs the whole screen and saves a PNG.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from app.cli import DEMO_ADMIN, DEMO_PASSWORD
from app.config import Paths
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.models import Worker
from app.store.users import Actor, login
from app.ui.app import make_application
from app.ui.main_window import MainWindow
from app.ui.request_list import RequestsPage


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--page", type=int, default=0, help="navigation row to show")
    parser.add_argument("--import-file", help="show the roster import dialog for this file")
    parser.add_argument("--detail", action="store_true", help="show the first worker's record")
    parser.add_argument(
        "--request", action="store_true", help="show the request with the longest history"
    )
    parser.add_argument("--stats", action="store_true", help="show the monthly request figures")
    parser.add_argument("--intake", action="store_true", help="show the request intake form")
    parser.add_argument(
        "--handout", action="store_true", help="the handout page with a scanned worker's due"
    )
    parser.add_argument(
        "--print", dest="paper", help="the print page with this paper made (poster, cards …)"
    )
    parser.add_argument("--register", action="store_true", help="the registration form")
    parser.add_argument("--camera", action="store_true", help="the camera dialog")
    parser.add_argument("--conflict", action="store_true", help="the first open conflict")
    parser.add_argument("--site", help="at HQ: the dashboard's drill-down into this site")
    parser.add_argument(
        "--duplicates", action="store_true", help="at HQ: the people registered at two sites"
    )
    args = parser.parse_args()
    app = make_application(lang=args.lang)
    paths = Paths(Path(args.data_dir)).ensure()
    db = Database.open(paths.database_url, backup_dir=paths.backups)
    actor = login(db, DEMO_ADMIN, DEMO_PASSWORD)  # the demo's login, as a clerk would
    window = MainWindow(db, actor, AttachmentStore(paths.attachments))
    window.move(0, 0)
    window.nav.setCurrentRow(args.page)
    window.show()
    _counted(window)
    shown: QWidget = window
    if args.duplicates and window.dashboard_page is not None:
        window.dashboard_page.tabs.setCurrentIndex(1)
    if args.conflict:
        shown = _conflict(window, db, actor)
        shown.move(40, 40)
        shown.show()
    elif args.site:
        page = window.dashboard_page
        assert page is not None, "--site needs an HQ data folder (sitedesk demo --hq)"
        row = next(r for r in range(page.proxy.rowCount()) if page.site_at(r).code == args.site)
        dialog = page.open_site(row)
        assert dialog is not None
        dialog.move(40, 40)
        shown = dialog
    elif args.import_file:
        window.nav.setCurrentRow(window.pages.indexOf(window.workers_page))
        shown = window.workers_page.open_import(Path(args.import_file))
        shown.move(40, 40)
        shown.show()
    elif args.detail:
        from app.ui.worker_detail import WorkerDetailDialog

        page = window.workers_page
        window.nav.setCurrentRow(window.pages.indexOf(page))
        shown = WorkerDetailDialog(db, page.model.row_at(0).id, actor.username, parent=page)
        shown.move(40, 40)
        shown.show()

    elif args.handout:
        _scanned(window)
    elif args.paper:
        _made(window, args.paper)
    elif args.register or args.camera:
        shown = _photo_dialogs(window, db, actor, paths, camera=args.camera)
        shown.move(40, 40)
        shown.show()
    elif args.request or args.stats or args.intake:
        page = window.requests_page
        window.nav.setCurrentRow(window.pages.indexOf(page))
        shown = _request_dialog(args, db, actor, paths, page)
        shown.move(40, 40)
        shown.show()

    def grab() -> None:
        screen = QApplication.primaryScreen()
        frame = shown.frameGeometry()
        pixmap = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        ok = pixmap.save(args.out)
        print(f"saved {args.out}" if ok else "failed to save", file=sys.stderr)
        app.quit()

    QTimer.singleShot(1500, grab)
    code = app.exec()
    db.close()
    return code


def _counted(window: MainWindow) -> None:
    """At HQ the overview counts on a worker thread: wait for its figures."""
    page = window.dashboard_page
    if page is None:
        return
    deadline = time.monotonic() + 60
    while (page.board is None or page.loading) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def _conflict(window: MainWindow, db: Database, actor: Actor) -> QWidget:
    from app.sync.conflicts import list_conflicts
    from app.ui.conflict_dialog import ConflictDialog

    window.nav.setCurrentRow(window.pages.indexOf(window.sync_page))
    with db.read() as session:
        first = list_conflicts(session)[0]
    return ConflictDialog(db, first.id, actor, window.sync_page)


def _scanned(window: MainWindow) -> None:
    """Show what the card of a worker who has not had the per-head item yet says is due."""
    from app.store import supplies

    page = window.handout_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    with window.db.read() as session:
        progress = supplies.progress(session, str(page.campaign_id()))
        team = next(t for t in progress.teams if t.heads and not t.heads_done)
        worker = session.scalar(
            select(Worker).where(Worker.team_id == team.team_id).order_by(Worker.name_pinyin)
        )
        assert worker is not None
        code = worker.card_code
    page.auto.setChecked(False)
    page.on_scanned(code)


def _photo_dialogs(
    window: MainWindow, db: Database, actor: Actor, paths: Paths, *, camera: bool
) -> QWidget:
    from app.ui.worker_form import WorkerFormDialog

    page = window.workers_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    if camera:
        from app.ui.camera import CameraDialog

        return CameraDialog(page)
    form = WorkerFormDialog(db, actor.username, AttachmentStore(paths.attachments), parent=page)
    form.name.setText("李娜")
    form.id_number.setText("51010719900101123X")
    return form


def _made(window: MainWindow, paper: str) -> None:
    """Make a paper on the print page (the form address is set first) and wait for it."""
    from app.printing.jobs import Paper
    from app.store import settings

    page = window.print_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    if not settings.get(window.db, "form.base_url"):
        with window.db.write("admin") as unit:
            settings.write_raw(unit.conn, "form.base_url", "https://hq.example.cn")
    page.papers.setCurrentRow(list(Paper).index(Paper(paper)))
    page.make()
    assert page.task is not None
    page.task.wait()
    QApplication.processEvents()


def _request_dialog(
    args: argparse.Namespace, db: Database, actor: Actor, paths: Paths, page: RequestsPage
) -> QWidget:
    if args.stats:
        from app.ui.request_stats import RequestStatsDialog

        return RequestStatsDialog(db, today=page.today(), parent=page)
    if args.intake:
        from app.ui.request_form import RequestFormDialog

        form = RequestFormDialog(db, actor, AttachmentStore(paths.attachments), parent=page)
        form.worker_search.setText(page.model.row_at(0).who[:1] or "王")
        form.find_workers()
        form.description.setPlainText("宿舍热水器坏了三天，晚上下班没有热水洗澡。")
        return form
    from app.ui.request_detail import RequestDetailDialog

    rows = [page.model.row_at(n) for n in range(page.model.rowCount())]
    longest = max(rows, key=lambda r: (len(r.state.applied), r.number))
    return RequestDetailDialog(
        db, longest.id, actor, AttachmentStore(paths.attachments), today=page.today, parent=page
    )


if __name__ == "__main__":
    sys.exit(main())
