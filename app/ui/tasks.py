"""Long work off the UI thread: progress, cancel, and the result back on the UI thread.

The work is a service taking ``progress`` (app.domain.progress). It runs on a QThread; its
signals cross back to the UI thread by Qt's queued connections, so a slot may touch widgets.
A cancelled service raises Cancelled and keeps nothing, which the ``cancelled`` signal says.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.domain.progress import Cancelled, Progress


class Task(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next report; it keeps nothing then."""
        self._stop.set()

    @property
    def cancelling(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        def progress(done: int, total: int) -> bool:
            self.progressed.emit(done, total)
            return not self._stop.is_set()

        try:
            result = self._work(progress)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)

    def stop_and_wait(self) -> None:
        """On closing a window: stop the work and let the thread end before it goes."""
        if self.isRunning():
            self.cancel()
            self.wait()


class ProgressPanel(QWidget):
    """A progress bar with a line of text and a cancel button, for one running Task."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMinimumWidth(240)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.task: Task | None = None
        self.cancel_button.clicked.connect(self._cancel)

    def follow(self, task: Task, text: str) -> None:
        self.task = task
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the work knows its amount
        self.cancel_button.setEnabled(True)
        task.progressed.connect(self._show)
        self.show()

    def _show(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Stopping…"))
