"""The dialogs of 物资发放: the new-handout form is exercised with the page
(tests/ui/test_handout_page.py); here the stock dialog — in, out, the day's count."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.store.database import Database
from app.store.supplies import balance
from app.ui.handout_dialogs import StockDialog
from tests.ui.test_handout_page import CLERK, DAY, _site


def test_stock_in_out_and_the_days_count(qtbot: QtBot, zh_app: QApplication, db: Database) -> None:
    s = _site(db)
    dialog = StockDialog(db, CLERK, today=DAY)
    qtbot.addWidget(dialog)
    dialog.item.setCurrentIndex(dialog.item.findData(s["melon"]))
    dialog.kind.setCurrentIndex(dialog.kind.findData("loss"))
    dialog.quantity.setValue(1)
    dialog.record()
    assert "原因" in dialog.message.text()  # a loss needs a reason
    dialog.note.setText("摔坏")
    dialog.record()
    assert dialog.message.text() == "已登记。"
    dialog.kind.setCurrentIndex(dialog.kind.findData("count"))
    dialog.quantity.setValue(8)
    dialog.record()
    assert dialog.message.text() == "实盘 8，账面 9，差额 -1。"
    dialog.new_name.setText("矿泉水")
    dialog.new_unit.setText("箱")
    dialog.add_item()
    assert dialog.item.currentText() == "矿泉水" and dialog.table.rowCount() == 3
    with db.read() as session:
        assert balance(session, s["melon"]) == Decimal(8)
