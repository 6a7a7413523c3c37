"""A sync run's commits reach the disk beside its work, and all of them before it says so."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.store import durability
from app.store.database import Database
from app.store.models import Team


def _pragmas(db: Database) -> tuple[int, int]:
    """(synchronous, wal_autocheckpoint) of the connection a write unit gets."""
    with db.write("clerk") as unit:
        sync = unit.conn.exec_driver_sql("PRAGMA synchronous").scalar_one()
        every = unit.conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()
    return sync, every


def _team(db: Database, name: str) -> None:
    with db.write("clerk") as unit:
        unit.journal.insert(Team, {"name": name})


def test_only_the_runs_own_write_units_skip_waiting_for_the_disk(db: Database) -> None:
    full, normal = 2, 1
    assert _pragmas(db) == (full, 1000)
    elsewhere: list[tuple[int, int]] = []
    with db.deferred_durability():
        assert _pragmas(db) == (normal, 0)
        # a clerk saving a form meanwhile, on the UI's thread, still waits for the disk
        clerk = threading.Thread(target=lambda: elsewhere.append(_pragmas(db)))
        clerk.start()
        clerk.join()
        assert _pragmas(db) == (normal, 0)
    assert elsewhere == [(full, 1000)]
    assert _pragmas(db) == (full, 1000)  # the pooled connection is set back


def test_every_commit_is_on_the_disk_when_the_run_says_what_it_holds(
    db: Database, disk_events: list[str]
) -> None:
    events = disk_events
    with db.deferred_durability():
        for n in range(3):
            _team(db, f"队{n}")
        db.make_durable()
        assert "commit" in events
        assert events[-1] == "fsync"  # the last commit told of, then the log synced after it
        events.clear()
        _team(db, "队3")
    assert events[0] == "commit" and events[-1] == "fsync"


def test_leaving_the_run_leaves_its_rows_in_the_database_file(db: Database, tmp_path: Path) -> None:
    """The background checkpoints copied the log into the file: a copy of the file alone,
    without its log, holds every row."""
    with db.deferred_durability():
        for n in range(5):
            _team(db, f"队{n}")
    path = Path(str(db.engine.url.database))
    alone = tmp_path / "alone.sqlite3"
    shutil.copyfile(path, alone)
    with sqlite3.connect(alone) as copy:
        names = {r[0] for r in copy.execute("SELECT name FROM team")}
    assert {f"队{n}" for n in range(5)} <= names
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Team)) == len(names)


def test_a_disk_that_fails_is_reported_not_hidden(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_fd: int) -> Any:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(durability.os, "fsync", broken)
    with pytest.raises(OSError, match="Input/output"), db.deferred_durability():
        _team(db, "队")


def test_nothing_to_flush_in_memory() -> None:
    memory = Database.open("sqlite://")
    try:
        with memory.deferred_durability():
            memory.make_durable()
    finally:
        memory.close()
