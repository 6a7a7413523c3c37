"""Attachment files, stored content-addressed by SHA-256 under the data folder.

Face and ID-card photos are sensitive personal information: their files stay on the site
PC unless the setting ``photos.leave_site`` allows them to travel (app.sync.outbox). Their
rows (name, size, digest) sync like any other, so HQ knows a photo exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.database import WriteUnit
from app.store.files import atomic_write
from app.store.models import Attachment

PURPOSES = frozenset({"head_photo", "id_photo", "signoff", "request"})
# the files that stay on the site unless the setting allows otherwise
PHOTO_PURPOSES = frozenset({"head_photo", "id_photo"})


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> str:
        sha = hashlib.sha256(content).hexdigest()
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, content)
        return sha

    def get(self, sha256: str) -> bytes | None:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def remove(self, sha256: str) -> bool:
        """Delete a file (retention); False when it was not here."""
        try:
            self.path(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def store_all(self, files: Mapping[str, bytes]) -> None:
        for sha, content in files.items():
            if hashlib.sha256(content).hexdigest() != sha:
                raise ValueError(f"attachment content does not match its name {sha}")
            self.put(content)


def add_attachment(
    unit: WriteUnit,
    store: AttachmentStore,
    content: bytes,
    *,
    filename: str,
    mime: str,
    purpose: str,
    owner_entity: str = "",
    owner_id: str = "",
    local_only: bool = False,
) -> str:
    """Store a file and record its row; returns the row's id."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown attachment purpose {purpose!r}")
    sha = store.put(content)
    return unit.journal.insert(
        Attachment,
        {
            "sha256": sha,
            "filename": filename,
            "mime": mime,
            "size": len(content),
            "purpose": purpose,
            "owner_entity": owner_entity,
            "owner_id": owner_id,
            "local_only": local_only,
        },
    )


def attachments_of(
    session: Session, owner_entity: str, owner_ids: Collection[str]
) -> list[Attachment]:
    """The live attachments of some records of one kind, oldest first."""
    if not owner_ids:
        return []
    return list(
        session.scalars(
            select(Attachment)
            .where(
                Attachment.owner_entity == owner_entity,
                Attachment.owner_id.in_(list(owner_ids)),
                Attachment.deleted.is_(False),
            )
            .order_by(Attachment.stamp)
        )
    )
