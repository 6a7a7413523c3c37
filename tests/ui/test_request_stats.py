"""月度统计 in the desktop app: the cards, the tables by group and the charts agree with the
service on a small known month."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.requests import EventKind, callback_params
from app.store.database import Database
from app.store.requests import RequestInput, add_request, take_step
from app.ui.request_stats import RequestStatsDialog

TODAY = date(2026, 11, 24)


def _month(db: Database) -> None:
    """November: three living requests (one closed in time, called back B), one wages."""
    with db.write("clerk") as unit:
        ids = [
            add_request(
                unit,
                RequestInput(
                    channel="box" if n < 3 else "phone",
                    category_code="living" if n < 3 else "wages",
                    description="内容",
                    received_at=datetime(2026, 11, 2 + n, 2, 0, tzinfo=UTC),
                ),
                node_tag="A",
            )
            for n in range(4)
        ]
        for kind in (
            EventKind.ACCEPT,
            EventKind.VERIFY,
            EventKind.HANDLE,
            EventKind.FEEDBACK,
            EventKind.CLOSE,
        ):
            take_step(unit, ids[0], kind, at=datetime(2026, 11, 3, 2, 0, tzinfo=UTC))
        take_step(unit, ids[0], EventKind.CALLBACK, params=callback_params("B", False))


def _row(table: object, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]  # type: ignore[attr-defined]


def test_the_month_in_cards_tables_and_charts(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    _month(db)
    dialog = RequestStatsDialog(db, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.month.currentText() == "2026-11" and dialog.month.count() == 12
    assert dialog.cards["received"][0].text() == "4"
    assert dialog.cards["closed"][0].text() == "25.0%"
    assert dialog.cards["on_time"][0].text() == "100.0%"
    assert dialog.cards["satisfaction"][0].text() == "100.0%"
    # the open living ones are long past 3 days; wages (13 days from Thu 11-05) is due today
    assert dialog.cards["overdue"][0].text() == "2"
    table = dialog.tables["category"]
    assert _row(table, 0) == ["生活保障", "3", "1", "33.3%", "100.0%", "0", "2", "2", "100.0%"]
    assert _row(table, 1) == ["工资待遇", "1", "0", "0.0%", "—", "0", "1", "0", "—"]
    assert [_row(dialog.tables["channel"], r)[0] for r in range(2)] == ["意见箱", "电话"]
    assert dialog.category_chart.groups == [("生活保障", [3, 1, 1]), ("工资待遇", [1, 0, 0])]
    assert [values for _, values in dialog.trend_chart.groups][-1] == [4, 1]
    assert dialog.trend_chart.groups[-1][0] == "11月"
    dialog.month.setCurrentIndex(1)  # October: nothing
    assert dialog.cards["received"][0].text() == "0"
    assert dialog.cards["closed"][0].text() == "—" and dialog.tables["category"].rowCount() == 0
