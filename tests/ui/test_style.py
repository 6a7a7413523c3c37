"""The shared look: fonts, translations, the message line under a form."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.ui.style import MessageLine


def test_a_message_line_is_green_when_done_and_red_when_not(zh_app: QApplication) -> None:
    line = MessageLine()
    line.say("已保存。")
    assert line.text() == "已保存。" and "2a6f3e" in line.styleSheet()
    line.say("出错了", error=True)
    assert "c1121f" in line.styleSheet()
