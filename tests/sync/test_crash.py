"""Crash test: the sync process is killed (SIGKILL, a real subprocess) at random points of
writing, export and apply, many times. Afterwards nothing is lost, duplicated or half-applied.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.store.database import Database
from app.store.journal import GENESIS, change_digest, link_hash
from app.store.models import Change, Peer, Team
from app.sync import bundle as bundles
from app.sync.folder import sync_folder
from app.sync.keys import ensure_keys
from tests.sync.conftest import dump

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL")]

ADD_TEAMS = """
import sys
from app.store.database import Database
from app.store.models import Team
db = Database.open(sys.argv[1])
with db.write("crash") as unit:
    unit.journal.insert_many(Team, [{"name": f"{sys.argv[2]}-{n}"} for n in range(3000)])
db.close()
"""


def _cli(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--data-dir", str(data_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class _Killer:
    """SIGKILLs a process at a random moment of its run.

    How long a run lasts depends on the machine, so each kind of run learns its own duration
    from the runs that finished, and the kill lands somewhere inside it.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.duration: dict[str, float] = {}

    def run(self, kind: str, proc: subprocess.Popen[bytes]) -> bool:
        """Returns whether the process was killed before it finished."""
        started = time.monotonic()
        expected = self.duration.get(kind, 1.0)
        deadline = started + self.rng.uniform(0.05, 1.2) * expected
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.duration[kind] = time.monotonic() - started
                return False
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def _check_node(path: Path, origin: str | None) -> None:
    db = Database.open(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        me = db.local_node().node_id
        with db.read() as session:
            # the own journal is a gap-free, verifying chain, and matches the rows
            mine = session.scalars(
                select(Change).where(Change.node_id == me).order_by(Change.seq)
            ).all()
            prev = GENESIS
            for n, c in enumerate(mine, start=1):
                assert c.seq == n
                args = (c.node_id, c.seq, c.hlc, c.entity, c.row_id, c.site_id, c.op, c.author)
                assert chain_hash(prev, *args, c.fields.encode()) == c.hash
                prev = c.hash
            if origin is None:
                return
            # what was applied from the other node is exactly changes 1..applied_seq
            peer = session.get(Peer, origin)
            held = session.scalars(
                select(Change.seq).where(Change.node_id == origin).order_by(Change.seq)
            ).all()
            applied = peer.applied_seq if peer else 0
            assert list(held) == list(range(1, applied + 1))
            teams_from_origin = session.scalar(
                select(func.count())
                .select_from(Change)
                .where(Change.node_id == origin, Change.entity == "team", Change.op == "i")
            )
            own_teams = session.scalar(
                select(func.count())
                .select_from(Change)
                .where(Change.node_id == me, Change.entity == "team", Change.op == "i")
            )
            assert session.scalar(select(func.count()).select_from(Team)) == (
                teams_from_origin or 0
            ) + (own_teams or 0)
    finally:
        db.close()


def _check_folder(folder: Path, a_dir: Path) -> None:
    """Every bundle a reader can see is whole: half-written ones only exist as temp files."""
    db = Database.open(f"sqlite:///{a_dir / 'sitedesk.sqlite3'}")
    try:
        keys = ensure_keys(db)
        for path in (folder / "nodes" / keys.node_id).rglob("*.sdb"):
            bundles.decode(path.read_bytes(), keys, keys.public_hex)
    finally:
        db.close()


def test_killing_sync_anywhere_loses_and_duplicates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(20260826)
    a_dir, b_dir, folder = tmp_path / "a", tmp_path / "b", tmp_path / "share"
    run = [sys.executable, "-m", "app.cli"]
    admin = ["--admin", "admin", "--admin-name", "管理员"]
    monkeypatch.setenv("SITEDESK_PASSWORD", "correct-horse")
    monkeypatch.setenv("SITEDESK_USER", "admin")
    subprocess.run(
        [
            *run,
            "--data-dir",
            str(a_dir),
            "init",
            "--site-code",
            "GQ2",
            "--site-name",
            "二工区",
            *admin,
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*run, "--data-dir", str(a_dir), "project", "export", str(tmp_path / "p.json")],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run,
            "--data-dir",
            str(b_dir),
            "init",
            "--site-code",
            "GQ2",
            "--site-name",
            "二工区",
            "--tag",
            "B",
            "--join",
            str(tmp_path / "p.json"),
            *admin,
        ],
        check=True,
        capture_output=True,
    )
    a_db, b_db = a_dir / "sitedesk.sqlite3", b_dir / "sitedesk.sqlite3"
    a_id = Database.open(f"sqlite:///{a_db}").local_node().node_id
    killer = _Killer(rng)
    kills = round_no = 0
    while round_no < 10 or (kills < 10 and round_no < 40):
        writer = subprocess.Popen(
            [sys.executable, "-c", ADD_TEAMS, f"sqlite:///{a_db}", f"r{round_no}"]
        )
        kills += killer.run("write", writer)
        _check_node(a_db, None)
        if rng.random() < 0.3:  # sometimes force a full re-export, to be killed in the middle
            for path in (folder / "nodes" / a_id).rglob("*.sdb") if folder.exists() else []:
                path.unlink()
        kills += killer.run("export", _cli(a_dir, "sync", "--folder", str(folder)))
        _check_node(a_db, None)
        if folder.exists():
            _check_folder(folder, a_dir)
        kills += killer.run("apply", _cli(b_dir, "sync", "--folder", str(folder)))
        _check_node(b_db, a_id)
        round_no += 1
    assert kills >= 10, "the random kills should interrupt real work many times"
    for _ in range(2):
        for data_dir in (a_dir, b_dir):
            assert _cli(data_dir, "sync", "--folder", str(folder)).wait(timeout=300) == 0
    a, b = Database.open(f"sqlite:///{a_db}"), Database.open(f"sqlite:///{b_db}")
    try:
        assert dump(a) == dump(b)
        report = sync_folder(b, folder)
        assert report.applied == 0 and report.errors == []
    finally:
        a.close()
        b.close()


def chain_hash(prev: str, *change: object) -> str:
    """The chain hash of a change given its fields after ``prev`` (``fields`` as bytes last)."""
    *parts, fields = change
    return link_hash(prev, change_digest(*parts, fields))  # type: ignore[arg-type]
