"""处理冲突 in the desktop app: a conflict made by two real PCs, its records side by side on the
同步 page, a clerk who may only look, and a manager's decision that reaches the other PC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.store.database import Database
from app.store.models import Worker
from app.store.users import Actor
from app.store.workers import WorkerInput, register_worker
from app.sync.conflicts import list_conflicts
from app.ui.conflict_dialog import DIFFERS
from app.ui.sync_page import SyncPage
from tests.sync.conftest import Nodes, settle

MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)
CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)
TODAY = date(2026, 8, 26)
ID = "51010719900101123X"


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[Nodes]:
    made = Nodes(tmp_path)
    yield made
    made.close()


def _twins(nodes: Nodes) -> tuple[Database, Database, str, str]:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    with a.write("clerk") as unit:
        first = register_worker(unit, WorkerInput(name="李娜", id_number=ID), today=TODAY).ids[0]
    with b.write("clerk") as unit:  # B had not heard of A's registration
        second = register_worker(unit, WorkerInput(name="李那", id_number=ID), today=TODAY).ids[0]
    settle(a, b)
    return a, b, first, second


def test_a_duplicate_is_shown_side_by_side_and_decided(
    qtbot: QtBot, zh_app: QApplication, nodes: Nodes
) -> None:
    a, b, first, second = _twins(nodes)
    page = SyncPage(a, actor=MANAGER)
    qtbot.addWidget(page)
    assert page.conflicts.rowCount() == 1
    assert page.conflicts.item(0, 0).text() == "同一证件号码重复登记"
    assert page.conflicts.item(0, 1).text() == "510107********123X"
    dialog = page.conflict_dialog(page.conflict_ids[0])
    qtbot.addWidget(dialog)
    labels = [dialog.table.verticalHeaderItem(r).text() for r in range(dialog.table.rowCount())]
    name_row = labels.index("姓名")
    names = {dialog.table.item(name_row, c).text() for c in range(2)}
    assert names == {"李娜", "李那"}  # a typo at one PC
    assert dialog.table.item(name_row, 0).background().color().name() == DIFFERS
    assert dialog.table.item(labels.index("性别"), 0).text() == "男"
    assert dialog.table.item(labels.index("证件号码"), 0).text() == "510107********123X"
    dialog.buttons["both"].click()  # different people need a note
    assert "处理说明" in dialog.message.text()
    keep = next(k for k in dialog.buttons if k.endswith(first))
    dialog.note.setText("同一人，已核对身份证原件")
    dialog.buttons[keep].click()
    assert dialog.resolved and not dialog.buttons["both"].isEnabled()
    assert dialog.message.text().startswith("已处理")
    settle(a, b)
    with b.read() as session:
        assert list_conflicts(session) == []
        gone = session.get(Worker, second)
        assert gone is not None and gone.deleted


def test_a_clerk_may_look_but_not_decide(qtbot: QtBot, zh_app: QApplication, nodes: Nodes) -> None:
    a, _b, _first, _second = _twins(nodes)
    page = SyncPage(a, actor=CLERK)
    qtbot.addWidget(page)
    dialog = page.conflict_dialog(page.conflict_ids[0])
    qtbot.addWidget(dialog)
    assert dialog.buttons and not any(b.isEnabled() for b in dialog.buttons.values())
    assert dialog.buttons["both"].toolTip() == "须由站点负责人处理。"


def test_the_status_bar_counts_conflicts_as_problems(
    qtbot: QtBot, zh_app: QApplication, nodes: Nodes
) -> None:
    from app.ui.main_window import MainWindow

    a, _b, _first, _second = _twins(nodes)
    window = MainWindow(a, MANAGER)
    qtbot.addWidget(window)
    assert window.sync_status.text().endswith("1 个问题")
