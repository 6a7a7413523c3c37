"""A titled figure with a line of detail below it: the cards of the overview pages."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class StatCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = QLabel(title)
        self.title.setObjectName("statTitle")
        self.value = QLabel("—")
        self.value.setObjectName("statValue")
        self.detail = QLabel("")
        self.detail.setObjectName("statDetail")
        self.detail.setWordWrap(True)
        for w in (self.title, self.value, self.detail):
            layout.addWidget(w)

    def show_figure(self, value: int, detail: str = "") -> None:
        self.show_text(f"{value:,}", detail)

    def show_text(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
