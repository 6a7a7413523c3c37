"""Start the desktop app: fonts, language, database, first-run setup, main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy.exc import DatabaseError

from app import __version__
from app.config import APP_NAME, Paths, resources_dir
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.schema import SchemaError
from app.store.sites import local_site
from app.store.users import Actor
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import MainWindow
from app.ui.settings_page import saved_language
from app.ui.setup_dialog import SetupDialog
from app.ui.style import current_lang, install_translations, register_fonts

ICON_FILE = "sitedesk.png"  # drawn by installer/make_icon.py, with the .ico of the Windows program


def make_application(argv: list[str] | None = None, lang: str | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / ICON_FILE)))
    register_fonts(app)
    install_translations(app, lang)
    return app


_open_windows: list[MainWindow] = []  # the window on screen (Qt deletes an unowned one)


def open_main_window(
    db: Database,
    actor: Actor | None,
    attachments: AttachmentStore | None,
    *,
    settings: QSettings | None = None,
    auto_sync: bool = True,
) -> MainWindow:
    """The main window; choosing another language in 设置 replaces it by one in that
    language, on the same page, with nothing lost (every edit is saved when it is made)."""
    window = MainWindow(db, actor, attachments, settings=settings, auto_sync=auto_sync)
    window.language_changed.connect(lambda lang: switch_language(window, lang))
    _open_windows[:] = [window]
    return window


def switch_language(window: MainWindow, lang: str) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translations(app, lang)
    new = open_main_window(
        window.db,
        window.actor,
        window.attachments,
        settings=window.settings,
        auto_sync=window.scheduler.isActive(),
    )
    new.setGeometry(window.geometry())
    new.nav.setCurrentRow(window.nav.currentRow())
    new.show()
    window.close()
    window.deleteLater()
    return new


def run_app(paths: Paths, lang: str | None = None) -> int:
    app = make_application(lang=lang or saved_language())
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
            dialog = SetupDialog(db, lang=current_lang())
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            actor = dialog.actor
        else:
            login_dialog = LoginDialog(db, local_site(db).name, lang=current_lang())
            if login_dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            actor = login_dialog.actor
        window = open_main_window(db, actor, AttachmentStore(paths.attachments))
        window.show()
        return app.exec()
    finally:
        db.close()
