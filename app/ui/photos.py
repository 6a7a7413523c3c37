"""Photos that go with a record (a request, a step): pick them, check them, attach them.

A picker lists the chosen files; nothing is read until the record is saved, and then every
file is read and checked first, so a file gone or too large refuses the save with a reason
instead of leaving the record without its photo.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QListWidget, QPushButton, QWidget

from app.store.attachments import AttachmentStore, add_attachment
from app.store.database import WriteUnit

PICTURE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
MAX_PHOTO_BYTES = 20 * 1024 * 1024


class PhotoError(Exception):
    """A chosen photo cannot be used; the message says why, for the person."""


class PhotoPicker(QWidget):
    def __init__(self, enabled: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths: list[Path] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setMaximumHeight(56)
        self.button = QPushButton(self.tr("Add photos…"))
        self.button.clicked.connect(self.choose)
        self.button.setEnabled(enabled)
        row.addWidget(self.list, 1)
        row.addWidget(self.button)

    def choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Photos"), "", self.tr("Pictures (*.jpg *.jpeg *.png)")
        )
        for name in names:
            self.add(Path(name))

    def add(self, path: Path) -> str | None:
        """Add one file; the reason it was refused, or None."""
        if path.suffix.lower() not in PICTURE_TYPES:
            return self.tr("This file is not a JPEG or PNG picture.")
        if path not in self.paths:
            self.paths.append(path)
            self.list.addItem(path.name)
        return None

    def read(self) -> list[tuple[Path, bytes]]:
        """Every chosen file's content, checked; raises PhotoError with the reason."""
        try:
            contents = [(p, p.read_bytes()) for p in self.paths]
        except OSError as exc:
            raise PhotoError(
                self.tr("A photo cannot be read:") + f" {exc.strerror or exc}"
            ) from exc
        if any(len(data) > MAX_PHOTO_BYTES for _, data in contents):
            raise PhotoError(self.tr("A photo is larger than 20 MB."))
        return contents


def attach_photos(
    unit: WriteUnit,
    store: AttachmentStore | None,
    contents: list[tuple[Path, bytes]],
    *,
    owner_entity: str,
    owner_id: str,
) -> None:
    """Store the photos and record them as the owner's, in the owner's write unit."""
    if store is None:
        return
    for path, data in contents:
        add_attachment(
            unit,
            store,
            data,
            filename=path.name,
            mime=PICTURE_TYPES[path.suffix.lower()],
            purpose="request",
            owner_entity=owner_entity,
            owner_id=owner_id,
        )
