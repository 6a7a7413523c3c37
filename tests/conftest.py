"""Fixtures shared by every test: a private data folder and a fresh node database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never need a display in tests, and must find no user settings of the machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.config import ENV_DATA_DIR, Paths
from app.store import vault
from app.store.database import Database
from app.store.sites import init_node


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test may touch a clerk's real data folder."""
    data_dir = tmp_path_factory.mktemp("data")
    monkeypatch.setenv(ENV_DATA_DIR, str(data_dir))
    return data_dir


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Password hashing is memory-hard on purpose; tests make hundreds of logins. The cost is
    stored in each hash, so hashes made here still verify by their own parameters."""
    monkeypatch.setattr(vault, "SCRYPT_N", 2**10)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "node").ensure()


@pytest.fixture
def db(paths: Paths) -> Iterator[Database]:
    """A node of work area GQ2 (二工区) on its own SQLite file, schema at head."""
    database = Database.open(paths.database_url, backup_dir=paths.backups)
    init_node(database, site_code="GQ2", site_name="二工区", tag="A")
    yield database
    database.close()


@pytest.fixture
def disk_events(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What a sync run does towards the disk, in order (app.store.durability): ``commit``
    when one of its write units tells the flusher it committed, ``fsync`` once a write-ahead
    log is synced (by the flusher or by ``make_durable``; no other file's fsync counts). A
    test may append its own events to the list."""
    from app.store import durability

    events: list[str] = []
    committed, sync_log = durability.Flusher.committed, durability.sync_log

    def told(self: durability.Flusher) -> None:
        events.append("commit")
        committed(self)

    def synced(wal: Path) -> bool:
        done = sync_log(wal)
        if done:
            events.append("fsync")
        return done

    monkeypatch.setattr(durability.Flusher, "committed", told)
    monkeypatch.setattr(durability, "sync_log", synced)
    return events
