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
from app.store.sites import init_node


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


def test_a_receipt_also_waits_for_commits_other_writers_did_not_wait_for(
    db: Database, disk_events: list[str]
) -> None:
    """Another sync (the CLI beside the app) may have committed without waiting for the
    disk; what this one reads and reports must be on the disk all the same."""
    path = str(db.engine.url.database)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA synchronous=NORMAL")
        other.execute("UPDATE peer SET applied_seq = applied_seq")  # a commit of its own
    finally:
        other.close()
    db.make_durable()  # this thread deferred nothing: no flusher to wait for
    assert disk_events == ["fsync"]
    with db.deferred_durability():
        _team(db, "队")
        disk_events.clear()
        db.make_durable()
    assert disk_events and disk_events[-1] == "fsync"


def test_leaving_a_block_within_a_block_still_leaves_everything_on_the_disk(
    db: Database, disk_events: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outer block's flusher may sync the log at any moment; leaving the inner block
    must not count on that, but sync it itself, in the thread that leaves."""
    sync_log = durability.sync_log

    def synced(wal: Path) -> bool:
        if threading.current_thread() is threading.main_thread():
            disk_events.append("fsync by the run")
        return sync_log(wal)

    monkeypatch.setattr(durability, "sync_log", synced)
    with db.deferred_durability():
        with db.deferred_durability():
            _team(db, "队")
        assert "fsync by the run" in disk_events[disk_events.index("commit") :]


def test_the_runs_own_error_is_not_replaced_by_a_failed_flush(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_wal: Path) -> bool:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(durability, "sync_log", broken)
    with pytest.raises(LookupError, match="server gone") as raised, db.deferred_durability():
        _team(db, "队")
        raise LookupError("server gone")
    assert any("Input/output" in note for note in raised.value.__notes__)


def test_the_log_is_found_where_sqlite_opened_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disk_events: list[str]
) -> None:
    """A database named by a relative path is flushed, whatever the working folder is by
    the time the run says what it holds."""
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    relative = Database.open("sqlite:///node.sqlite3")
    try:
        init_node(relative, site_code="GQ2", site_name="二工区", tag="A")
        with relative.deferred_durability():
            monkeypatch.chdir(tmp_path / "elsewhere")
            _team(relative, "队")
            disk_events.clear()
            relative.make_durable()
            assert disk_events.count("fsync") >= 1
    finally:
        relative.close()
    assert not (tmp_path / "elsewhere" / "node.sqlite3").exists()


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
