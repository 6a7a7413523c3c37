"""Long work on a thread: progress reaches the UI thread, and cancel stops it."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.progress import Progress, report
from app.ui.tasks import ProgressPanel, Task


def test_progress_arrives_and_the_result_comes_back(qtbot: QtBot, zh_app: QApplication) -> None:
    def work(progress: Progress) -> str:
        for i in range(5):
            report(progress, i, 5)
        return "done"

    task = Task(work)
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.follow(task, "…")
    with qtbot.waitSignal(task.succeeded) as result:
        task.start()
    assert result.args == ["done"]
    qtbot.waitUntil(lambda: panel.bar.maximum() == 5)
    task.wait()


def test_cancel_stops_the_work_and_says_so(qtbot: QtBot, zh_app: QApplication) -> None:
    started = threading.Event()

    def work(progress: Progress) -> None:
        started.set()
        while True:  # until the person stops it
            report(progress, 1, 2)
            threading.Event().wait(0.005)

    task = Task(work)
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.follow(task, "…")
    task.start()
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled):
        panel.cancel_button.click()
    assert panel.label.text() == "正在停止…" and not panel.cancel_button.isEnabled()
    task.wait()


def test_a_failure_is_handed_to_the_ui_thread(qtbot: QtBot, zh_app: QApplication) -> None:
    def work(progress: Progress) -> None:
        raise ValueError("坏了")

    task = Task(work)
    with qtbot.waitSignal(task.failed) as failed:
        task.start()
    assert isinstance(failed.args[0], ValueError)
    task.wait()
