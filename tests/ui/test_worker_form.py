"""The registration form: checks as the clerk types, a duplicate shown before saving, and a
refusal that keeps everything typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.domain.roles import Role
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.models import Attachment, Team, Worker, WorkerMovement
from app.store.users import Actor
from app.ui.worker_form import WorkerFormDialog
from app.ui.worker_list import WorkerListPage

TODAY = date(2026, 11, 24)


def _form(qtbot: QtBot, db: Database, tmp_path: Path) -> WorkerFormDialog:
    dialog = WorkerFormDialog(db, "wang", AttachmentStore(tmp_path / "att"), today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_the_id_is_checked_on_every_keystroke(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    dialog = _form(qtbot, db, tmp_path)
    qtbot.keyClicks(dialog.id_number, "11010519491231002")
    assert "应为18位" in dialog.id_status.text()
    qtbot.keyClicks(dialog.id_number, "x")
    assert "男" not in dialog.id_status.text()
    assert "女" in dialog.id_status.text() and "1949-12-31" in dialog.id_status.text()
    assert "76 岁" in dialog.id_status.text() and "年龄" in dialog.id_status.text()  # warns
    dialog.id_number.setText("360426199101010072")
    assert "校验" in dialog.id_status.text()


def test_a_registration_saves_the_worker_the_entry_and_the_photo(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    with db.write("clerk") as unit:
        team = unit.journal.insert(Team, {"name": "隧道一队"})
    photo = tmp_path / "face.png"
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#88aacc"))
    assert image.save(str(photo))
    dialog = _form(qtbot, db, tmp_path)
    qtbot.keyClicks(dialog.id_number, "51010719900101123X")
    dialog.name.setText("张伟")
    dialog.team.setCurrentIndex(dialog.team.findData(team))
    qtbot.keyClicks(dialog.mobile, "13800138000")
    dialog.set_photo(photo)
    assert dialog.photo_label.pixmap() is not None and not dialog.photo_label.pixmap().isNull()
    dialog.accept()
    assert dialog.result() == WorkerFormDialog.DialogCode.Accepted, dialog.error.text()
    with db.read() as session:
        worker = session.get(Worker, dialog.worker_id)
        assert worker is not None and worker.name == "张伟" and worker.team_id == team
        assert worker.mobile_masked == "138****8000" and worker.gender == "M"
        movement = session.scalars(select(WorkerMovement)).one()
        assert movement.kind == "entry" and movement.worker_id == worker.id
        attachment = session.scalars(select(Attachment)).one()
        assert worker.photo_id == attachment.id and attachment.purpose == "head_photo"
    assert AttachmentStore(tmp_path / "att").get(attachment.sha256) == photo.read_bytes()

    again = _form(qtbot, db, tmp_path)
    again.id_number.setText("51010719900101123x")
    assert "已登记为“张伟”" in again.id_status.text()  # before saving


def test_a_refusal_keeps_what_was_typed(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    dialog = _form(qtbot, db, tmp_path)
    dialog.id_number.setText("51010719900101123X")
    dialog.mobile.setText("12345")
    dialog.mobile.editingFinished.emit()
    assert "手机号码" in dialog.contact_status.text()
    dialog.accept()
    assert dialog.result() != WorkerFormDialog.DialogCode.Accepted
    assert "姓名" in dialog.error.text() and "手机号码" in dialog.error.text()
    assert dialog.id_number.text() == "51010719900101123X" and dialog.mobile.text() == "12345"
    with db.read() as session:
        assert session.scalars(select(Worker)).first() is None
    not_a_picture = tmp_path / "x.png"
    not_a_picture.write_bytes(b"no")
    dialog.set_photo(not_a_picture)
    assert "图片" in dialog.error.text()


CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)


def test_the_list_registers_through_the_form(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path, monkeypatch
) -> None:
    page = WorkerListPage(db, CLERK, AttachmentStore(tmp_path / "att"))
    qtbot.addWidget(page)
    assert page.register_button.isEnabled() and page.register_button.text() == "登记新人员…"

    def fill_and_save(dialog: WorkerFormDialog) -> int:
        dialog.name.setText("李娜")
        dialog.id_number.setText("11010519491231002X")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(WorkerFormDialog, "exec", fill_and_save)
    page.register()
    assert page.count_label.text() == "共 1 人"
    assert not WorkerListPage(db).register_button.isEnabled()  # nobody logged in
