"""月度统计: the month's request figures as cards, tables by group, and two charts.

The figures come from :func:`app.store.request_stats.monthly_stats` — the same service as
``sitedesk request stats`` — and read as its docstring says (the month's intake, counted by
where each request stands now).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.store import settings as site_settings
from app.store.database import Database
from app.store.request_stats import (
    Figures,
    Group,
    MonthlyStats,
    monthly_stats,
    recent_months,
    trend,
)
from app.store.request_stats import pct_text as pct
from app.ui.charts import BarChart, Series
from app.ui.labels import category_label, channel_label
from app.ui.style import read_only_table

MONTHS_BACK = 12
TREND_MONTHS = 6
RECEIVED_COLOUR = "#457b9d"
CLOSED_COLOUR = "#2a9d8f"
ON_TIME_COLOUR = "#e9c46a"


class RequestStatsDialog(QDialog):
    def __init__(self, db: Database, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today
        self.stats: MonthlyStats | None = None
        self.setWindowTitle(self.tr("Monthly request figures"))
        self.resize(980, 700)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Month")))
        self.month = QComboBox()
        for first in recent_months(today, MONTHS_BACK):
            self.month.addItem(f"{first:%Y-%m}", first)
        top.addWidget(self.month)
        self.note = QLabel(
            self.tr("Requests received in the month, counted by where they stand today.")
        )
        self.note.setStyleSheet("color: #555;")
        top.addWidget(self.note, 1)
        layout.addLayout(top)

        cards = QGridLayout()
        self.cards: dict[str, tuple[QLabel, QLabel]] = {}
        for n, (key, title) in enumerate(
            (
                ("received", self.tr("Received")),
                ("closed", self.tr("Closed %")),
                ("on_time", self.tr("In time %")),
                ("satisfaction", self.tr("Satisfied %")),
                ("overdue", self.tr("Open and overdue")),
            )
        ):
            box = QWidget()
            box.setObjectName("statCard")
            box.setStyleSheet(
                "#statCard { background: #ffffff; border: 1px solid #d0d7de; border-radius: 6px; }"
            )
            bl = QVBoxLayout(box)
            head = QLabel(title)
            head.setStyleSheet("color: #555;")
            value = QLabel("—")
            value.setStyleSheet("font-size: 18pt; font-weight: bold; color: #1d3557;")
            detail = QLabel()
            detail.setStyleSheet("color: #666;")
            for w in (head, value, detail):
                bl.addWidget(w)
            cards.addWidget(box, 0, n)
            self.cards[key] = (value, detail)
        layout.addLayout(cards)

        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        for key, title in (
            ("category", self.tr("By category")),
            ("channel", self.tr("By channel")),
            ("area", self.tr("By work area")),
            ("point", self.tr("By work point")),
        ):
            table = read_only_table(
                [
                    "",
                    self.tr("Received"),
                    self.tr("Closed"),
                    self.tr("Closed %"),
                    self.tr("In time %"),
                    self.tr("Not accepted"),
                    self.tr("Open"),
                    self.tr("Overdue"),
                    self.tr("Satisfied %"),
                ],
                stretch=0,
            )
            table.setAlternatingRowColors(True)
            self.tables[key] = table
            self.tabs.addTab(table, title)
        self.category_chart = BarChart()
        self.trend_chart = BarChart()
        charts = QHBoxLayout()
        charts.addWidget(self.category_chart, 3)
        charts.addWidget(self.trend_chart, 2)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(charts, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.month.currentIndexChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        month: date = self.month.currentData()
        calendar = site_settings.calendar(self._db)
        with self._db.read() as session:
            stats = monthly_stats(session, month, today=self._today, calendar=calendar)
            months = trend(session, month, TREND_MONTHS, today=self._today, calendar=calendar)
        self.stats = stats
        t = stats.total
        self._card("received", str(t.received), "")
        self._card(
            "closed",
            pct(t.closed_pct),
            self.tr("{n} closed, {r} not accepted")
            .replace("{n}", str(t.closed))
            .replace("{r}", str(t.rejected)),
        )
        self._card(
            "on_time",
            pct(t.on_time_pct),
            self.tr("{n} of {m} closed")
            .replace("{n}", str(t.closed_on_time))
            .replace("{m}", str(t.closed)),
        )
        grades = " ".join(f"{g}:{n}" for g, n in t.satisfaction.items())
        self._card(
            "satisfaction",
            pct(t.satisfaction_pct),
            self.tr("{n} called back").replace("{n}", str(t.called_back)) + f"（{grades}）",
        )
        self._card("overdue", str(t.overdue), self.tr("{n} still open").replace("{n}", str(t.open)))
        self._fill("category", stats.by_category, lambda g: category_label(g.key, g.label))
        self._fill("channel", stats.by_channel, lambda g: channel_label(g.key))
        self._fill("area", stats.by_area, lambda g: g.label or "—")
        self._fill("point", stats.by_point, lambda g: g.label or self.tr("(no work point)"))

        received, closed, on_time = (
            Series(self.tr("Received"), RECEIVED_COLOUR),
            Series(self.tr("Closed"), CLOSED_COLOUR),
            Series(self.tr("Closed in time"), ON_TIME_COLOUR),
        )
        self.category_chart.set_data(
            self.tr("By category"),
            [received, closed, on_time],
            [
                (
                    category_label(g.key, g.label),
                    [g.figures.received, g.figures.closed, g.figures.closed_on_time],
                )
                for g in stats.by_category
            ],
        )
        self.trend_chart.set_data(
            self.tr("Last {n} months").replace("{n}", str(TREND_MONTHS)),
            [received, closed],
            [
                (
                    QLocale().monthName(m.month, QLocale.FormatType.ShortFormat),
                    [f.received, f.closed],
                )
                for m, f in months
            ],
        )

    def _card(self, key: str, value: str, detail: str) -> None:
        label, line = self.cards[key]
        label.setText(value)
        line.setText(detail)

    def _fill(self, key: str, groups: list[Group], name: Callable[[Group], str]) -> None:
        table = self.tables[key]
        table.setRowCount(len(groups))
        for r, g in enumerate(groups):
            f: Figures = g.figures
            cells = [
                str(name(g)),
                str(f.received),
                str(f.closed),
                pct(f.closed_pct),
                pct(f.on_time_pct),
                str(f.rejected),
                str(f.open),
                str(f.overdue),
                pct(f.satisfaction_pct),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)
