"""A line edit that tells a USB barcode scanner from a person typing.

A scanner in keyboard-wedge mode "types" the code it read as a fast burst of key presses
ending in Enter, a few milliseconds apart; a person types a key every 100 ms or more. So
on Enter the field looks at the keys typed since the field was last empty or since the last
pause: enough of them, all close together, is a scan (``scanned``); anything else is text
typed by hand (``typed``), e.g. a name to search for.

The input method is off on this field: a Chinese IME would swallow the scanner's letters
into a pinyin candidate window instead of passing them through.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

MIN_SCAN_LENGTH = 6  # worker cards carry 16 characters; shorter bursts are someone typing
MAX_MEAN_GAP = 0.025  # seconds between keys, on average over the burst
MAX_GAP = 0.080  # no single gap longer: one hiccup of a busy PC is tolerated, a person is not


def looks_scanned(keys: list[float]) -> bool:
    """Do keys arriving at these times (seconds) look like a scanner's burst?"""
    if len(keys) < MIN_SCAN_LENGTH:
        return False
    gaps = [b - a for a, b in itertools.pairwise(keys)]
    return max(gaps) <= MAX_GAP and sum(gaps) / len(gaps) <= MAX_MEAN_GAP


class ScanField(QLineEdit):
    scanned = Signal(str)
    typed = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._times: list[float] = []  # when each key of the current burst arrived
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        now = self._clock()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
            return
        if event.text() and event.text().isprintable():
            if self._times and now - self._times[-1] > MAX_GAP:
                self._times = []  # a pause: whatever came before was typed by hand
            if not self.text():
                self._times = []
            self._times.append(now)
        super().keyPressEvent(event)

    def _finish(self) -> None:
        text = self.text().strip()
        burst = self._times
        self._times = []
        if not text:
            return
        if looks_scanned(burst) and len(burst) >= len(text):
            self.clear()  # ready for the next card at once
            self.scanned.emit(text)
        elif looks_scanned(burst):
            # a scan after some typed characters: the scan is the last len(burst) keys
            code = text[-len(burst) :]
            self.clear()
            self.scanned.emit(code)
        else:
            self.typed.emit(text)
