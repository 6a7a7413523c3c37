"""Attachment files, stored content-addressed by SHA-256 under the data folder."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from app.store.files import atomic_write


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

    def store_all(self, files: Mapping[str, bytes]) -> None:
        for sha, content in files.items():
            if hashlib.sha256(content).hexdigest() != sha:
                raise ValueError(f"attachment content does not match its name {sha}")
            self.put(content)
