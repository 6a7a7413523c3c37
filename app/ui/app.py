"""Start the desktop app: fonts, language, database, first-run setup, main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy.exc import DatabaseError

from app.config import APP_NAME, Paths
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.schema import SchemaError
from app.store.sites import local_site
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import MainWindow
from app.ui.setup_dialog import SetupDialog
from app.ui.style import install_translations, register_fonts


def make_application(argv: list[str] | None = None, lang: str | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    register_fonts(app)
    install_translations(app, lang)
    return app


def run_app(paths: Paths, lang: str | None = None) -> int:
    app = make_application(lang=lang)
    try:
        db = Database.open(paths.database_url, backup_dir=paths.backups)
    except (SchemaError, DatabaseError, OSError) as exc:
        QMessageBox.critical(
            None,
            app.translate("App", "SiteDesk"),
            app.translate("App", "The database cannot be opened:") + f"\n{exc}",
        )
        return 1
    try:
        if not db.has_local_node():
            dialog = SetupDialog(db, lang=lang or "zh")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            actor = dialog.actor
        else:
            login_dialog = LoginDialog(db, local_site(db).name, lang=lang or "zh")
            if login_dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            actor = login_dialog.actor
        window = MainWindow(db, actor, AttachmentStore(paths.attachments))
        window.show()
        return app.exec()
    finally:
        db.close()
