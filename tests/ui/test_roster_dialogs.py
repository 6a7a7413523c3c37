"""Importing a roster through its preview, and exporting it, in the desktop app."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from stdnum.cn import ric

from app.domain.roles import Role
from app.store.database import Database
from app.store.models import Worker
from app.store.users import Actor
from app.ui.roster_dialogs import RosterExportDialog, RosterImportDialog
from app.ui.worker_list import WorkerListPage
from tests.store.test_roster import TODAY, _good_rows, _xlsx

CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)
MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)


def _count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Worker)) or 0


def _clean_rows() -> list[list[object]]:
    """The fixture's three rows (each with a warning), then one with nothing to say."""
    body = "11010519800101001"
    return [*_good_rows(), [4, "王芳", body + ric.calc_check_digit(body + "0"), "隧道一队", "木工"]]


def _checked(qtbot: QtBot, dialog: RosterImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.checked is not None or bool(dialog.error.text()))
    qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.isFinished())


def test_a_good_roster_is_previewed_and_imported(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    page = WorkerListPage(db, CLERK)
    qtbot.addWidget(page)
    dialog = page.open_import(_xlsx(tmp_path / "r.xlsx", _clean_rows()))
    qtbot.addWidget(dialog)
    _checked(qtbot, dialog)
    assert dialog.table.rowCount() == 4
    assert dialog.table.item(0, 2).text() == "110105********002X"  # masked on screen too
    assert "年龄76岁" in dialog.table.item(0, 5).text()  # a warning: it may be imported
    assert dialog.table.item(3, 5).text() == "正常"
    assert "4 行可以导入" in dialog.summary.text() and "隧道一队" in dialog.summary.text()
    assert not dialog.skip_bad.isVisible()
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "导入 4 人"
    with qtbot.waitSignal(dialog.accepted):
        dialog.import_button.click()
    assert _count(db) == 4
    assert page.count_label.text() == "共 4 人" and page.message.text() == "已导入 4 人。"


def test_wrong_rows_block_the_import_until_the_clerk_skips_them(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    rows = _clean_rows()
    rows[1][2] = 51010719900101  # an ID that Excel stored as a number
    rows[2][2] = "510107198505052234"  # a wrong check digit
    dialog = RosterImportDialog(db, CLERK, _xlsx(tmp_path / "r.xlsx", rows), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    _checked(qtbot, dialog)
    findings = [dialog.table.item(r, 5).text() for r in range(4)]
    assert "年龄" in findings[0] and "数字" in findings[1] and "校验" in findings[2]
    assert findings[3] == "正常"
    assert "2 行有错误" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.only_problems.setChecked(True)
    assert dialog.table.isRowHidden(3) and not dialog.table.isRowHidden(1)
    assert dialog.skip_bad.isVisible()
    dialog.skip_bad.setChecked(True)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "导入 2 人"
    with qtbot.waitSignal(dialog.accepted):
        dialog.import_button.click()
    assert dialog.imported is not None and len(dialog.imported.skipped) == 2
    assert _count(db) == 2


def test_a_file_that_is_no_roster_says_why_in_chinese(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    not_excel = tmp_path / "r.xlsx"
    not_excel.write_text("这不是表格")
    dialog = RosterImportDialog(db, CLERK, not_excel, today=TODAY)
    qtbot.addWidget(dialog)
    _checked(qtbot, dialog)
    assert dialog.checked is None and "r.xlsx" in dialog.error.text()
    assert not dialog.import_button.isEnabled()


def test_the_export_is_masked_for_a_clerk_and_may_be_whole_for_a_manager(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    import_dialog = RosterImportDialog(db, CLERK, _xlsx(tmp_path / "r.xlsx", _good_rows()))
    qtbot.addWidget(import_dialog)
    _checked(qtbot, import_dialog)
    with qtbot.waitSignal(import_dialog.accepted):
        import_dialog.import_button.click()

    clerk = RosterExportDialog(db, CLERK, tmp_path / "masked.xlsx")
    qtbot.addWidget(clerk)
    clerk.show()
    assert not clerk.whole.isVisible()
    clerk.export_button.click()
    assert clerk.task is not None
    qtbot.waitUntil(lambda: clerk.exported is not None)
    assert clerk.message.text() == "已将 3 人写入 masked.xlsx。"
    values = [
        c.value for r in load_workbook(tmp_path / "masked.xlsx").active.iter_rows() for c in r
    ]
    assert "11010519491231002X" not in values

    manager = RosterExportDialog(db, MANAGER, tmp_path / "whole.xlsx")
    qtbot.addWidget(manager)
    manager.show()
    assert manager.whole.isVisible()
    manager.whole.setChecked(True)
    manager.export_button.click()
    qtbot.waitUntil(lambda: manager.exported is not None)
    values = [c.value for r in load_workbook(tmp_path / "whole.xlsx").active.iter_rows() for c in r]
    assert "11010519491231002X" in values
    manager.task.wait()  # type: ignore[union-attr]
    clerk.task.wait()
