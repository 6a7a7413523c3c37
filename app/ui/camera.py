"""拍照: a head photo from the PC's camera, for the worker form.

The camera's frames go into a video sink; the dialog shows the latest one with a 3:4 frame
drawn over it (the head-photo shape), and 拍照 keeps that frame cut to 3:4 as a JPEG. A PC
without a camera says so and leaves 拍照 off; the clerk can still choose a file.

QtMultimedia is imported here only, when the dialog opens, so starting the app never waits
for camera drivers.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPen, QPixmap
from PySide6.QtMultimedia import (
    QCamera,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PHOTO_W, PHOTO_H = 3, 4  # head photos are portrait, 3:4
JPEG_QUALITY = 90
PREVIEW = (480, 360)


def portrait_crop(image: QImage) -> QImage:
    """The largest centred 3:4 part of ``image``."""
    w, h = image.width(), image.height()
    if w * PHOTO_H > h * PHOTO_W:  # too wide: cut the sides
        cw, ch = h * PHOTO_W // PHOTO_H, h
    else:  # too tall: cut top and bottom
        cw, ch = w, w * PHOTO_H // PHOTO_W
    return image.copy(QRect((w - cw) // 2, (h - ch) // 2, cw, ch))


def jpeg_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "JPEG", JPEG_QUALITY):  # type: ignore[call-overload]  # the stub says bytes, the binding wants str
        raise ValueError("the photo could not be encoded")
    return bytes(buffer.data().data())


class CameraDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Take a photo"))
        self.photo: bytes | None = None  # the JPEG taken, once accepted
        self._last: QImage | None = None
        layout = QVBoxLayout(self)
        self.devices = QComboBox()
        self.cameras = QMediaDevices.videoInputs()
        for device in self.cameras:
            self.devices.addItem(device.description())
        layout.addWidget(self.devices)
        self.view = QLabel()
        self.view.setFixedSize(*PREVIEW)
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setStyleSheet("background: #222; color: #eee;")
        layout.addWidget(self.view)
        self.hint = QLabel(
            self.tr("Face the camera, head and shoulders inside the frame, plain background.")
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        self.take_button = QPushButton(self.tr("Take the photo"))
        self.take_button.setObjectName("primary")
        self.take_button.setEnabled(False)
        self.take_button.clicked.connect(self.take)
        row.addWidget(self.take_button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self.show_frame)
        self.session = QMediaCaptureSession(self)
        self.session.setVideoSink(self.sink)
        self.camera: QCamera | None = None
        if self.cameras:
            self.devices.currentIndexChanged.connect(self.start)
            self.start(0)
        else:
            self.devices.hide()
            self.view.setText(self.tr("No camera found on this PC. Choose a photo file instead."))

    def start(self, index: int) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.camera = QCamera(self.cameras[index], self)
        self.camera.errorOccurred.connect(
            lambda _error, text: self.view.setText(self.tr("The camera failed:") + f" {text}")
        )
        self.session.setCamera(self.camera)
        self.camera.start()

    def show_frame(self, frame: QVideoFrame) -> None:
        image = frame.toImage()
        if image.isNull():
            return
        self._last = image
        shown = image.scaled(
            *PREVIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
        )
        crop = portrait_crop(shown)
        pixmap = QPixmap.fromImage(shown)
        painter = QPainter(pixmap)
        painter.setPen(QPen(Qt.GlobalColor.white, 2, Qt.PenStyle.DashLine))
        painter.drawRect(
            (shown.width() - crop.width()) // 2,
            (shown.height() - crop.height()) // 2,
            crop.width() - 1,
            crop.height() - 1,
        )
        painter.end()
        self.view.setPixmap(pixmap)
        self.take_button.setEnabled(True)

    def take(self) -> None:
        if self._last is None:
            return
        self.photo = jpeg_bytes(portrait_crop(self._last))
        self.accept()

    def done(self, result: int) -> None:
        if self.camera is not None:
            self.camera.stop()
        super().done(result)
