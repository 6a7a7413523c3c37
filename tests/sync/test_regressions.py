"""Scenarios a review of the sync engine found diverging or losing data; each now converges."""

from __future__ import annotations

import shutil
import struct
from datetime import date
from pathlib import Path

import orjson
from sqlalchemy import select

from app.store.database import Database
from app.store.journal import GENESIS, change_digest, link_hash
from app.store.models import Conflict, Peer, RequestCategory, Site, StockMovement, Team
from app.store.supplies import hand_out_to_team
from app.store.workers import WorkerInput, register_worker
from app.sync import bundle as bundles
from app.sync.bundle import MAGIC, Bundle, Entry, Header
from app.sync.conflicts import list_conflicts, resolve
from app.sync.folder import audience_dir, sync_folder
from app.sync.keys import SHARED, ensure_keys, site_audience
from tests.sync.conftest import Nodes, bundle_for, deliver, dump, head, heat_relief, settle

TODAY = date(2026, 8, 26)


def _team(db: Database, name: str = "队") -> str:
    with db.write("clerk") as unit:
        return unit.journal.insert(Team, {"name": name})


def _leader(db: Database, team: str) -> str:
    with db.read() as session:
        row = session.get(Team, team)
        assert row is not None
        return row.leader_name


def test_an_edit_after_a_restart_outranks_what_the_row_holds(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    team = _team(a)
    settle(a, b)
    real = b.clock._now_ms
    b.clock._now_ms = lambda: real() + 10 * 60 * 1000  # B's clock ten minutes ahead
    with b.write("clerk") as unit:
        unit.journal.update(Team, team, {"leader_name": "B的"})
    deliver(b, a)
    url = a.engine.url.render_as_string(hide_password=False)
    a.close()
    a2 = Database.open(url)  # A restarts: its clock must still come after B's edit
    nodes.all.append(a2)
    with a2.write("clerk") as unit:
        unit.journal.update(Team, team, {"leader_name": "A的"})
    settle(a2, b)
    assert _leader(a2, team) == _leader(b, team) == "A的"
    assert dump(a2) == dump(b)


def test_an_edit_after_a_clock_far_ahead_still_wins_everywhere(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    team = _team(a)
    settle(a, b)
    real = b.clock._now_ms
    b.clock._now_ms = lambda: real() + 3 * 24 * 3600 * 1000  # three days ahead
    with b.write("clerk") as unit:
        unit.journal.update(Team, team, {"leader_name": "B的"})
    deliver(b, a)
    with a.write("clerk") as unit:  # a person at A corrects it afterwards
        unit.journal.update(Team, team, {"leader_name": "A的"})
    settle(a, b)
    assert _leader(a, team) == _leader(b, team) == "A的"
    assert dump(a) == dump(b)


def test_a_pc_installed_later_does_not_revert_edited_reference_data(nodes: Nodes) -> None:
    a, hq = nodes.make("a"), nodes.make("hq", site="XMB", kind="hq", tag="H")
    settle(a, hq)
    with hq.read() as session:
        category = session.scalars(select(RequestCategory).order_by(RequestCategory.code)).first()
        assert category is not None
        site_id = a.local_node().site_id
    with hq.write("admin") as unit:
        unit.journal.update(RequestCategory, category.id, {"limit_days": 2})
        unit.journal.update(Site, site_id, {"service_phone": "023-12345678"})
    settle(a, hq)
    b = nodes.make("b", tag="B")  # re-seeds the same rows with later stamps
    settle(a, hq, b)
    for db in (a, hq, b):
        with db.read() as session:
            row, site = session.get(RequestCategory, category.id), session.get(Site, site_id)
            assert row is not None and site is not None
            assert (row.limit_days, site.service_phone) == (2, "023-12345678")
    assert dump(a) == dump(b)


def _register(db: Database) -> str:
    with db.write("clerk") as unit:
        return register_worker(
            unit, WorkerInput(name="王五", id_number="51010719900101123X"), today=TODAY
        ).ids[0]


def _status(db: Database, conflict_id: str) -> str:
    with db.read() as session:
        row = session.get(Conflict, conflict_id)
        return row.status if row else "absent"


def test_a_resolution_waiting_for_its_conflict_is_applied_when_this_node_finds_it(
    nodes: Nodes,
) -> None:
    a, b, c = nodes.make("a"), nodes.make("b", tag="B"), nodes.make("c", tag="C")
    settle(a, b, c)
    _register(a)
    first = head(a)
    _register(b)
    deliver(b, a)  # A finds the conflict
    deliver(a, b)
    with b.read() as session:
        (conflict,) = list_conflicts(session)
    with b.write("manager") as unit:
        resolve(unit, conflict.id, "both", note="两个人")
    real = c.clock._now_ms
    c.clock._now_ms = lambda: real() - 3600_000  # C's clock an hour behind
    deliver(a, c, 1, first)
    deliver(b, c)  # the resolution arrives before the conflict; C then finds it itself
    settle(a, b, c)
    assert (
        _status(a, conflict.id) == _status(b, conflict.id) == _status(c, conflict.id) == "resolved"
    )
    assert dump(a) == dump(b) == dump(c)


def test_two_managers_returning_the_same_double_handout_return_it_once(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    campaign, team = heat_relief(a)
    settle(a, b)
    for db in (a, b):
        with db.write("clerk") as unit:
            hand_out_to_team(unit, campaign, team)
    settle(a, b)
    with a.read() as session:
        (conflict,) = list_conflicts(session)
    for db in (a, b):  # decided on both PCs while offline
        with db.write("manager") as unit:
            resolve(unit, conflict.id, "return", note="收回")
    settle(a, b)
    with a.read() as session:
        returns = session.scalars(select(StockMovement).where(StockMovement.kind == "return")).all()
    assert len(returns) == 1
    assert dump(a) == dump(b)


def test_another_audiences_bundle_in_a_site_stream_is_refused_and_nothing_lost(
    nodes: Nodes, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "隧道六队")
    sync_folder(a, share)
    node_dir = share / "nodes" / a.local_node().node_id
    (site_file,) = (node_dir / audience_dir(site_audience(a.local_node().site_id))).glob("*.sdb")
    (shared_file,) = (node_dir / SHARED).glob("*.sdb")
    original = site_file.read_bytes()
    shutil.copy(shared_file, site_file)  # a careless copy: needs no key
    report = sync_folder(b, share)
    assert any("不是写给本机" in e for e in report.errors)
    with b.read() as session:
        assert session.get(Peer, a.local_node().node_id) is None  # nothing taken from it
    site_file.write_bytes(original)
    report = sync_folder(b, share)
    assert report.errors == []
    with b.read() as session:
        assert "隧道六队" in set(session.scalars(select(Team.name)))


def test_a_bundle_in_another_nodes_folder_is_not_taken_as_that_node(
    nodes: Nodes, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    y, a, b = nodes.make("y", tag="Y"), nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "真队")
    sync_folder(a, share)
    sync_folder(y, share)
    ka, ky = ensure_keys(a), ensure_keys(y)
    good = bundles.decode(bundle_for(a, b), ka, ka.public_hex)
    entries, prev = [], GENESIS
    for e in good.entries:
        fields = e.fields.replace("真队", "假队") if e.fields else None
        digest = (
            e.digest
            if fields is None
            else change_digest(
                a.local_node().node_id,
                e.seq,
                e.hlc,
                e.entity,
                e.row_id,
                e.site_id,
                e.op,
                e.author,
                fields.encode(),
            )
        )
        entries.append(
            Entry(e.seq, digest, e.hlc, e.entity, e.row_id, e.site_id, e.op, e.author, fields)
        )
        prev = link_hash(prev, digest)
    forged = bundles.encode(
        Bundle(Header(**{**good.header.__dict__, "last_hash": prev}), entries), ky
    )
    stream = (
        share
        / "nodes"
        / y.local_node().node_id
        / audience_dir(site_audience(y.local_node().site_id))
    )
    (stream / "0000009999-0000009999.sdb").write_bytes(forged)
    sync_folder(b, share)
    with b.read() as session:
        assert "假队" not in set(session.scalars(select(Team.name)))
        peer = session.get(Peer, a.local_node().node_id)
        assert peer is None or peer.public_key == ka.public_hex


def test_a_junk_file_does_not_stop_anyone_syncing(nodes: Nodes, tmp_path: Path) -> None:
    share = tmp_path / "share"
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "甲")
    sync_folder(a, share)
    stream = (
        share
        / "nodes"
        / a.local_node().node_id
        / audience_dir(site_audience(a.local_node().site_id))
    )
    header = orjson.dumps(
        {
            "audience": "x",
            "created_ms": 0,
            "format": 1,
            "last_hash": "",
            "node_id": "n",
            "prev_hash": "",
            "project_id": "p",
            "schema": "0002",
            "seq_from": "1",
            "seq_to": "9",
        }
    )
    (stream / "junk.sdb").write_bytes(
        struct.pack(">8sHI", MAGIC, 1, len(header)) + header + struct.pack(">Q", 0) + b"\0" * 64
    )
    report = sync_folder(b, share)
    with b.read() as session:
        assert "甲" in set(session.scalars(select(Team.name)))
    assert any("不完整" in e for e in report.errors)
    sync_folder(a, share)  # the writer removes the file it cannot read as its own
