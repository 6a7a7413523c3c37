"""A worker's record in the desktop app: entry, exit and re-entry, training, agreement."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.store.database import Database
from app.store.worker_record import worker_detail
from app.store.workers import WorkerInput, register_worker
from app.ui.worker_detail import WorkerDetailDialog

TODAY = date(2026, 11, 24)


def _worker(db: Database) -> str:
    with db.write("clerk") as unit:
        inp = WorkerInput(name="李娜", id_number="51010719900101123X", mobile="13800138000")
        return register_worker(unit, inp, today=TODAY).ids[0]


def _cells(table: object, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]  # type: ignore[attr-defined]


def test_entry_exit_and_re_entry_from_the_record(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    wid = _worker(db)
    dialog = WorkerDetailDialog(db, wid, "wang", today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "人员：李娜"
    assert dialog.facts["id"].text() == "510107********123X"
    assert (
        dialog.facts["mobile"].text() == "138****8000" and dialog.facts["status"].text() == "未进场"
    )
    assert dialog.entry_button.isEnabled() and not dialog.exit_button.isEnabled()
    dialog.move_date.setDate(QDate(2026, 8, 1))
    dialog.entry_button.click()
    assert dialog.facts["status"].text() == "在场" and dialog.exit_button.isEnabled()
    dialog.move_date.setDate(QDate(2026, 7, 1))  # before the entry: refused, said why
    dialog.exit_button.click()
    assert "不能早于" in dialog.error.text() and dialog.movements.rowCount() == 1
    dialog.move_date.setDate(QDate(2026, 9, 30))
    dialog.exit_button.click()
    dialog.move_date.setDate(QDate(2026, 10, 8))
    dialog.move_note.setText("节后返场")
    dialog.entry_button.click()
    assert dialog.error.text() == ""
    assert _cells(dialog.movements, 1) == ["进场", "退场", "进场"]
    assert _cells(dialog.movements, 2)[2] == "节后返场" and _cells(dialog.movements, 3)[0] == "wang"
    assert dialog.changed


def test_training_and_agreement_are_checked_and_saved(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    wid = _worker(db)
    dialog = WorkerDetailDialog(db, wid, "wang", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.training_name.setText("三级安全教育")
    dialog.training_hours.setText("30")
    dialog.training_button.click()
    assert "学时" in dialog.error.text() and dialog.trainings.rowCount() == 0
    assert dialog.training_name.text() == "三级安全教育"  # nothing typed is lost
    dialog.training_hours.setText("8")
    dialog.training_button.click()
    assert _cells(dialog.trainings, 1) == ["三级安全教育"] and _cells(dialog.trainings, 2) == ["8"]
    assert dialog.training_total.text() == "共 1 次，合计 8 学时"
    dialog.agreement_type.setCurrentIndex(dialog.agreement_type.findData("contract"))
    dialog.agreement_start.setDate(QDate(2026, 9, 1))
    dialog.agreement_end.setDate(QDate(2026, 8, 1))
    dialog.agreement_button.click()
    assert "结束日期不能早于" in dialog.error.text()
    dialog.agreement_end.setDate(dialog.agreement_end.minimumDate())  # open-ended
    dialog.agreement_button.click()
    with db.read() as session:
        d = worker_detail(session, wid)
    assert d.agreement_type == "contract" and d.agreement_start == date(2026, 9, 1)
    assert d.agreement_end is None


def test_without_a_login_the_record_is_read_only(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    dialog = WorkerDetailDialog(db, _worker(db), "", today=TODAY)
    qtbot.addWidget(dialog)
    buttons = (
        dialog.entry_button,
        dialog.exit_button,
        dialog.training_button,
        dialog.agreement_button,
    )
    assert not any(b.isEnabled() for b in buttons)
