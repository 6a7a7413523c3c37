"""拍照: the camera dialog shows what the camera sends, keeps a 3:4 JPEG, and the worker form
uses it as the head photo. There is no camera on a test machine: the frames are handed to the
dialog's video sink, where a camera's frames arrive."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.models import Attachment, Worker
from app.ui.camera import CameraDialog, portrait_crop
from app.ui.worker_form import WorkerFormDialog


def _frame(width: int = 640, height: int = 480) -> QVideoFrame:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    return QVideoFrame(image)


def test_a_pc_without_a_camera_says_so(qtbot: QtBot, zh_app: QApplication) -> None:
    dialog = CameraDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "拍照"
    if not dialog.cameras:  # the test machine
        assert "未找到摄像头" in dialog.view.text()
    assert not dialog.take_button.isEnabled()  # nothing seen yet, nothing to take


def test_a_frame_is_shown_and_taken_as_a_portrait_jpeg(qtbot: QtBot, zh_app: QApplication) -> None:
    dialog = CameraDialog()
    qtbot.addWidget(dialog)
    dialog.sink.setVideoFrame(_frame())
    assert dialog.take_button.isEnabled() and not dialog.view.pixmap().isNull()
    dialog.take()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.photo is not None
    photo = QImage.fromData(dialog.photo, "JPEG")
    assert (photo.width(), photo.height()) == (360, 480)  # the centre 3:4 of 640 × 480
    assert dialog.photo[:3] == b"\xff\xd8\xff"


def test_portrait_crop_of_tall_and_wide_images() -> None:
    wide = QImage(800, 300, QImage.Format.Format_RGB32)
    tall = QImage(300, 800, QImage.Format.Format_RGB32)
    assert portrait_crop(wide).size().toTuple() == (225, 300)
    assert portrait_crop(tall).size().toTuple() == (300, 400)


def test_the_worker_form_saves_a_camera_photo(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    store = AttachmentStore(tmp_path / "att")
    form = WorkerFormDialog(db, "wang", store, today=date(2026, 8, 26))
    qtbot.addWidget(form)
    camera = CameraDialog()
    qtbot.addWidget(camera)
    camera.sink.setVideoFrame(_frame())
    camera.take()
    assert camera.photo is not None
    assert form.set_photo_data(camera.photo, "camera.jpg", "image/jpeg")
    assert not form.set_photo_data(b"not a picture", "x.jpg", "image/jpeg")
    form.name.setText("李娜")
    form.id_number.setText("51010719900101123X")
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted, form.error.text()
    with db.read() as session:
        worker = session.scalars(select(Worker)).one()
        photo = session.get(Attachment, worker.photo_id)
        assert photo is not None and photo.mime == "image/jpeg"
        assert store.get(photo.sha256) == camera.photo
