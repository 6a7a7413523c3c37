"""A grouped bar chart painted with QPainter: no chart library to ship or to install.

Each group (a category, a month) has one bar per series (received, closed …), a value above
every bar, the group's label below (wrapped in two lines when long), and a legend on top.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.groups: list[tuple[str, list[int]]] = []
        self.title = ""
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self, title: str, series: list[Series], groups: list[tuple[str, list[int]]]
    ) -> None:
        if any(len(values) != len(series) for _, values in groups):
            raise ValueError("every group needs one value per series")
        self.title, self.series, self.groups = title, series, groups
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, 260)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        width, height = self.width(), self.height()
        p.setPen(QColor("#1d3557"))
        p.drawText(QRectF(8, 4, width - 16, line + 4), Qt.AlignmentFlag.AlignLeft, self.title)

        # legend, right-aligned on the title line
        x = width - 8
        for s in reversed(self.series):
            text_w = metrics.horizontalAdvance(s.name)
            x -= text_w
            p.setPen(QColor("#333333"))
            p.drawText(QRectF(x, 4, text_w + 2, line + 4), Qt.AlignmentFlag.AlignLeft, s.name)
            x -= line
            p.fillRect(QRectF(x, 4 + line * 0.2, line * 0.7, line * 0.7), QColor(s.colour))
            x -= 14

        if not self.groups:
            p.setPen(QColor("#888888"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No requests"))
            p.end()
            return

        top = line * 2 + 12
        bottom = height - line * 2 - 10
        left, right = 12, width - 12
        plot_h = max(bottom - top, 10)
        peak = max(max(values) for _, values in self.groups) or 1
        p.setPen(QPen(QColor("#c8ced6"), 1))
        p.drawLine(left, bottom, right, bottom)

        slot = (right - left) / len(self.groups)
        bar_w = max(min(slot * 0.8 / max(len(self.series), 1), 42.0), 3.0)
        for n, (label, values) in enumerate(self.groups):
            start = left + n * slot + (slot - bar_w * len(values)) / 2
            for k, value in enumerate(values):
                h = plot_h * value / peak
                bar = QRectF(start + k * bar_w, bottom - h, bar_w - 2, h)
                p.fillRect(bar, QColor(self.series[k].colour))
                p.setPen(QColor("#333333"))
                p.drawText(
                    QRectF(bar.x() - 10, bar.y() - line - 2, bar_w + 18, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(value),
                )
            p.setPen(QColor("#333333"))
            room = slot - 4
            if max(metrics.horizontalAdvance(word) for word in label.split() or [""]) > room:
                label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(room))
            p.drawText(
                QRectF(left + n * slot + 2, bottom + 4, room, line * 2 + 4),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                label,
            )
        p.end()
