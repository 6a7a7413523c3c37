"""The scanner field tells a keyboard-wedge scan (a fast burst ending in Enter) from a person
typing (a key every 100 ms or so), with real key events and real time between them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.scan_field import ScanField, looks_scanned

CODE = "3F9A0C21B7D4E615"  # what a worker card's QR holds


def _field(qtbot: QtBot) -> tuple[ScanField, list[str], list[str]]:
    field = ScanField()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    scans: list[str] = []
    typed: list[str] = []
    field.scanned.connect(scans.append)
    field.typed.connect(typed.append)
    return field, scans, typed


def test_a_fast_burst_ending_in_enter_is_a_scan(qtbot: QtBot, zh_app: QApplication) -> None:
    field, scans, typed = _field(qtbot)
    QTest.keyClicks(field, CODE)  # no delay: as a scanner sends it
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert scans == [CODE] and typed == [] and field.text() == ""
    QTest.keyClicks(field, CODE.lower())
    QTest.keyClick(field, Qt.Key.Key_Enter)  # the keypad's Enter, as some scanners send
    assert scans == [CODE, CODE.lower()]


def test_slow_typing_is_typing_even_when_long(qtbot: QtBot, zh_app: QApplication) -> None:
    field, scans, typed = _field(qtbot)
    QTest.keyClicks(field, "wangwei", delay=120)  # a person, a key every 120 ms
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert scans == [] and typed == ["wangwei"] and field.text() == "wangwei"


def test_a_short_fast_burst_is_not_a_scan(qtbot: QtBot, zh_app: QApplication) -> None:
    field, scans, typed = _field(qtbot)
    QTest.keyClicks(field, "123X")  # the last four of an ID, typed quickly
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert scans == [] and typed == ["123X"]


def test_a_scan_after_some_typing_is_still_read(qtbot: QtBot, zh_app: QApplication) -> None:
    field, scans, typed = _field(qtbot)
    QTest.keyClicks(field, "li", delay=150)
    QTest.qWait(150)
    QTest.keyClicks(field, CODE)
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert scans == [CODE] and typed == []


def test_the_input_method_is_off(qtbot: QtBot, zh_app: QApplication) -> None:
    field, _, _ = _field(qtbot)
    assert not field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


def test_the_rule_on_given_times() -> None:
    fast = [i * 0.004 for i in range(16)]
    assert looks_scanned(fast)
    hiccup = fast[:8] + [t + 0.06 for t in fast[8:]]  # one 64 ms stall of a busy PC
    assert looks_scanned(hiccup)
    assert not looks_scanned([i * 0.1 for i in range(16)])  # a person
    assert not looks_scanned(fast[:8] + [t + 0.2 for t in fast[8:]])  # a pause
    assert not looks_scanned(fast[:5])
