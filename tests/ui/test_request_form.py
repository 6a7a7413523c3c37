"""登记诉求 in the desktop app: a worker from the roster, a named contact, or anonymous."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.domain.roles import Role
from app.store.attachments import AttachmentStore, attachments_of
from app.store.database import Database
from app.store.models import Request, Team
from app.store.users import Actor
from app.store.workers import WorkerInput, register_worker
from app.ui.request_form import RequestFormDialog

CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)


def _worker_in_team(db: Database) -> tuple[str, str]:
    with db.write("clerk") as unit:
        team = unit.journal.insert(Team, {"name": "钢筋班"})
        inp = WorkerInput(name="李娜", id_number="51010719900101123X", team_id=team)
        return register_worker(unit, inp, today=date(2026, 11, 24)).ids[0], team


def _requests(db: Database) -> list[Request]:
    with db.read() as session:
        rows = list(session.scalars(select(Request)))
        session.expunge_all()
        return rows


def test_a_request_from_a_worker_picked_from_the_roster(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    worker, team = _worker_in_team(db)
    store = AttachmentStore(tmp_path / "files")
    form = RequestFormDialog(db, CLERK, store)
    qtbot.addWidget(form)
    assert form.windowTitle() == "登记诉求"
    form.worker_search.setText("lina")
    form.find_workers()
    assert form.worker.currentData() == worker and form.worker.currentText().startswith("李娜")
    assert form.contact_name.text() == "李娜" and form.team.currentData() == team
    form.category.setCurrentIndex(form.category.findData("living"))
    assert "3 个工作日" in form.due.text()
    form.urgency.setCurrentIndex(1)
    assert "当日办结（紧急）" in form.due.text()
    form.contact_phone.setText("13800138000")
    form.description.setPlainText("宿舍热水器坏了三天。")
    picture = tmp_path / "heater.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(picture))
    assert form.photos.add(picture) is None
    assert form.photos.add(tmp_path / "notes.txt") == "该文件不是 JPEG 或 PNG 图片。"
    assert form.photos.list.count() == 1
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted, form.error.text()
    (saved,) = _requests(db)
    assert saved.number == form.number and saved.number.startswith("GQ2-")
    assert (saved.worker_id, saved.team_id, saved.urgency) == (worker, team, "urgent")
    assert saved.contact_phone_masked == "138****8000" and "13800138000" not in saved.contact_phone
    with db.read() as session:
        (photo,) = attachments_of(session, "request", [saved.id])
        assert store.get(photo.sha256) == picture.read_bytes()


def test_anonymous_keeps_no_name_and_no_phone(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    _worker_in_team(db)
    form = RequestFormDialog(db, CLERK)
    qtbot.addWidget(form)
    form.worker_search.setText("李")
    form.find_workers()
    form.contact_phone.setText("13800138000")
    form.anonymous.setChecked(True)
    assert not form.contact_name.isEnabled() and form.contact_phone.text() == ""
    form.channel.setCurrentIndex(form.channel.findData("box"))
    form.description.setPlainText("食堂饭菜太咸。")
    form.accept()
    (saved,) = _requests(db)
    assert saved.anonymous and saved.worker_id is None
    assert (saved.contact_name, saved.contact_phone_masked, saved.channel) == ("", "", "box")


def test_a_refused_request_keeps_what_was_typed(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    form = RequestFormDialog(db, CLERK)
    qtbot.addWidget(form)
    form.contact_name.setText("张师傅")
    form.contact_phone.setText("1380013")
    form.accept()
    assert form.result() != QDialog.DialogCode.Accepted
    assert "请填写诉求内容" in form.error.text() and "手机号" in form.error.text()
    assert form.contact_name.text() == "张师傅" and _requests(db) == []
    form.contact_phone.clear()
    form.description.setPlainText("工资卡丢了，想补办。")
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted
    assert [r.contact_name for r in _requests(db)] == ["张师傅"]


def test_a_photo_gone_before_saving_refuses_the_save(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    form = RequestFormDialog(db, CLERK, AttachmentStore(tmp_path / "files"))
    qtbot.addWidget(form)
    picture = tmp_path / "gone.jpg"
    picture.write_bytes(b"\xff\xd8\xff")
    form.photos.add(picture)
    picture.unlink()  # taken off the stick before the clerk pressed OK
    form.description.setPlainText("宿舍漏雨。")
    form.accept()
    assert form.result() != QDialog.DialogCode.Accepted
    assert form.error.text().startswith("照片无法读取：") and _requests(db) == []
