"""Saving an Excel export from a page: ask where, write it off the UI thread, say what was done.

The export itself is a service of app.store.exports (the same as ``sitedesk export``); a
project's whole request book can take a while at HQ, so it runs on a Task.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from app.store.exports import ExportedBook
from app.ui.style import MessageLine
from app.ui.tasks import Task

translate = QCoreApplication.translate


def ask_xlsx_path(parent: QWidget, title: str, stem: str, today: date) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        title,
        f"{stem}-{today:%Y%m%d}.xlsx",
        translate("Exporting", "Excel workbook (*.xlsx)"),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def busy(task: Task | None) -> bool:
    """Is an export still writing? One at a time: a second would race for the window's close."""
    return task is not None and task.isRunning()


def start_export(parent: QWidget, work: Callable[[], ExportedBook], message: MessageLine) -> Task:
    """Run ``work`` on a Task; the message line says how it went."""

    def done(result: Any) -> None:
        assert isinstance(result, ExportedBook)
        message.say(
            translate("Exporting", "Exported {n} rows to {path}.")
            .replace("{n}", f"{result.rows:,}")
            .replace("{path}", str(result.path))
        )

    def failed(exc: Any) -> None:
        text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        message.say(translate("Exporting", "Not exported:") + f" {text}", error=True)

    task = Task(lambda _progress: work(), parent)
    task.succeeded.connect(done)
    task.failed.connect(failed)
    message.say(translate("Exporting", "Exporting…"))
    task.start()
    return task
