"""The shared part of the list models: counts and headers."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from app.ui.table_model import RowsModel


class Fruit(RowsModel):
    def __init__(self) -> None:
        super().__init__()
        self.headers = ["名称", "数量"]
        self._rows = [("西瓜", 2), ("绿豆", 5), ("白糖", 1)]


def test_rows_columns_and_headers(zh_app: QApplication) -> None:
    model = Fruit()
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    child = model.index(0, 0)
    assert model.rowCount(child) == 0 and model.columnCount(child) == 0  # a list, not a tree
    assert model.rowCount(QModelIndex()) == 3
    assert model.headerData(1, Qt.Orientation.Horizontal) == "数量"
    assert model.headerData(1, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
