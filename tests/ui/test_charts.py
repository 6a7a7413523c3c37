"""The bar chart paints a bar per value in its series' colour, and refuses ragged data."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.charts import BarChart, Series


def _colours(chart: BarChart) -> set[str]:
    image = chart.grab().toImage()
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def test_bars_are_painted_in_their_series_colours(qtbot: QtBot, zh_app: QApplication) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(400, 240)
    chart.set_data("按类别", [Series("受理", "#457b9d"), Series("办结", "#2a9d8f")], [])
    empty = _colours(chart)
    chart.set_data(
        "按类别",
        [Series("受理", "#457b9d"), Series("办结", "#2a9d8f")],
        [("生活保障", [3, 1]), ("工资待遇", [2, 0])],
    )
    painted = _colours(chart)
    assert {"#457b9d", "#2a9d8f"} <= painted
    assert painted - empty  # the bars are new pixels, not only the legend's squares
    with pytest.raises(ValueError, match="one value per series"):
        chart.set_data("x", [Series("a", "#000000")], [("g", [1, 2])])
