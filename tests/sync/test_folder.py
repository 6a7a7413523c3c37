"""The folder transport under what real folders do: sticks pulled out, late and double files."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.journal import read_head
from app.store.models import Attachment, Team
from app.sync.folder import FolderError, sync_folder
from app.sync.status import sync_status
from tests.sync.conftest import Nodes, dump


def _team(db: Database, name: str) -> str:
    with db.write("clerk") as unit:
        return unit.journal.insert(Team, {"name": name})


def _bundles(folder: Path, db: Database) -> list[Path]:
    return sorted((folder / "nodes" / db.local_node().node_id).rglob("*.sdb"))


def _teams(db: Database) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(Team.name)))


def test_three_pcs_of_a_site_and_hq_converge_through_a_folder(nodes: Nodes, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    a, b, c = nodes.make("a"), nodes.make("b", tag="B"), nodes.make("c", tag="C")
    hq = nodes.make("hq", site="XMB", kind="hq")
    for n, db in enumerate((a, b, c)):
        _team(db, f"队{n}")
    for _ in range(2):
        for db in (a, b, c, hq):
            report = sync_folder(db, folder)
            assert report.errors == []
    assert dump(a) == dump(b) == dump(c)
    assert _teams(hq) == {"队0", "队1", "队2"}
    layout = {p.name for p in (folder / "nodes" / a.local_node().node_id).iterdir()}
    assert layout == {"node.json", "receipts.json", "site-" + a.local_node().site_id, "shared"}


def test_receipts_tell_the_sender_what_arrived(nodes: Nodes, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "甲")
    sync_folder(a, folder)
    assert sync_status(a).pending_out > 0
    sync_folder(b, folder)
    sync_folder(a, folder)
    status = sync_status(a)
    assert status.pending_out == 0
    assert [(r.node_id, r.pending) for r in status.receivers] == [(b.local_node().node_id, 0)]


def test_a_stick_pulled_out_mid_copy(nodes: Nodes, tmp_path: Path) -> None:
    """A bundle cut short is refused, nothing of it applied; its writer rewrites it."""
    folder = tmp_path / "stick"
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "甲")
    sync_folder(a, folder)
    for path in _bundles(folder, a):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    report = sync_folder(b, folder)
    assert "甲" not in _teams(b)
    assert any("不完整" in e for e in report.errors)
    again = sync_folder(a, folder)
    assert again.replaced_damaged == 2
    report = sync_folder(b, folder)
    assert report.errors == [] and "甲" in _teams(b)


def test_cloud_copies_and_late_files(nodes: Nodes, tmp_path: Path) -> None:
    folder = tmp_path / "cloud"
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "甲")
    sync_folder(a, folder)
    _team(a, "乙")
    sync_folder(a, folder)
    stream = folder / "nodes" / a.local_node().node_id / f"site-{a.local_node().site_id}"
    files = sorted(p for p in stream.iterdir())
    assert len(files) == 2
    # the cloud delivered the second file but not yet the first, and a copy of the second
    hidden = tmp_path / "in-transit"
    hidden.mkdir()
    shutil.move(str(files[0]), hidden / files[0].name)
    shutil.copy(files[1], stream / (files[1].stem + " (1).sdb"))
    (stream / ".partial.tmp").write_bytes(b"half")
    report = sync_folder(b, folder)
    (node,) = [n for n in report.nodes if n.node_id == a.local_node().node_id]
    assert node.missing is not None and node.applied == 0
    shutil.move(str(hidden / files[0].name), stream / files[0].name)
    report = sync_folder(b, folder)
    assert report.errors == [] and _teams(b) >= {"甲", "乙"}
    with b.engine.connect() as conn:
        assert read_head(conn, a.local_node().node_id).seq == read_head_a(a)


def read_head_a(a: Database) -> int:
    with a.engine.connect() as conn:
        return read_head(conn, a.local_node().node_id).seq


def test_a_folder_of_another_project_is_refused(nodes: Nodes, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    a = nodes.make("a")
    sync_folder(a, folder)
    marker = folder / "sitedesk-project.json"
    marker.write_bytes(orjson.dumps({"format": 1, "project_id": "someone-else"}))
    with pytest.raises(FolderError, match="另一个项目"):
        sync_folder(a, folder)


def test_attachments_travel_unless_local_only(nodes: Nodes, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    store_a, store_b = AttachmentStore(tmp_path / "att-a"), AttachmentStore(tmp_path / "att-b")
    shared, private = store_a.put(b"signed sheet"), store_a.put(b"id card photo")
    with a.write("clerk") as unit:
        for sha, local in ((shared, False), (private, True)):
            unit.journal.insert(
                Attachment,
                {
                    "sha256": sha,
                    "filename": "x.jpg",
                    "mime": "image/jpeg",
                    "size": 10,
                    "purpose": "signoff" if not local else "id_photo",
                    "local_only": local,
                },
            )
    sync_folder(a, folder, store_a)
    sync_folder(b, folder, store_b)
    assert store_b.get(shared) == b"signed sheet"
    assert store_b.get(private) is None


def test_a_file_held_open_for_a_moment_is_replaced_on_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from app.store import files

    real = os.replace
    failures = iter([True, True, False])

    def flaky(src: object, dst: object) -> None:
        if next(failures):
            raise PermissionError("in use by another process")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "replace", flaky)
    monkeypatch.setattr(files.time, "sleep", lambda _s: None)
    target = tmp_path / "receipts.json"
    files.atomic_write(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert [p.name for p in tmp_path.iterdir()] == ["receipts.json"]


def test_a_file_held_open_for_good_gives_up_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import files

    def locked(src: object, dst: object) -> None:
        raise PermissionError("in use")

    monkeypatch.setattr(files.os, "replace", locked)
    monkeypatch.setattr(files.time, "sleep", lambda _s: None)
    with pytest.raises(PermissionError):
        files.atomic_write(tmp_path / "x.json", b"{}")
    assert list(tmp_path.iterdir()) == []


def test_another_sites_receipt_does_not_count_as_delivery(nodes: Nodes, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    a, other = nodes.make("a"), nodes.make("x", site="GQ3")
    _team(a, "甲")
    for db in (a, other, a):
        sync_folder(db, folder)
    status = sync_status(a)
    assert [r.pending for r in status.receivers] == [0]  # GQ3 holds all of it, as digests
    assert status.pending_out == status.head  # but no one has our records whole yet
    hq = nodes.make("hq", site="XMB", kind="hq", tag="H")
    for db in (hq, a):
        sync_folder(db, folder)
    assert sync_status(a).pending_out == 0


def test_face_and_id_photos_stay_on_the_site_unless_the_setting_allows(
    nodes: Nodes, tmp_path: Path
) -> None:
    from app.store import settings
    from app.store.attachments import add_attachment

    folder = tmp_path / "share"
    a, hq = nodes.make("a"), nodes.make("hq", site="XMB", kind="hq", tag="H")
    store_a, store_hq = AttachmentStore(tmp_path / "att-a"), AttachmentStore(tmp_path / "att-hq")
    with a.write("clerk") as unit:
        for purpose, content in (("head_photo", b"face"), ("signoff", b"sheet")):
            add_attachment(
                unit, store_a, content, filename="x.jpg", mime="image/jpeg", purpose=purpose
            )
    sync_folder(a, folder, store_a)
    sync_folder(hq, folder, store_hq)
    face, sheet = store_a.put(b"face"), store_a.put(b"sheet")
    assert store_hq.get(sheet) == b"sheet"
    assert store_hq.get(face) is None  # the row arrived, the photo did not
    with hq.read() as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 2

    with a.engine.begin() as conn:
        settings.write_raw(conn, "photos.leave_site", "true")
    with a.write("clerk") as unit:
        add_attachment(
            unit, store_a, b"face 2", filename="y.jpg", mime="image/jpeg", purpose="id_photo"
        )
    sync_folder(a, folder, store_a)
    sync_folder(hq, folder, store_hq)
    assert store_hq.get(store_a.put(b"face 2")) == b"face 2"


def test_a_stopped_exchange_keeps_what_it_applied_and_finishes_next_time(
    nodes: Nodes, tmp_path: Path
) -> None:
    from app.domain.progress import Cancelled

    folder = tmp_path / "share"
    a, b, c = nodes.make("a"), nodes.make("b", tag="B"), nodes.make("c", tag="C")
    _team(a, "隧道一队")
    _team(b, "桥梁二队")
    sync_folder(a, folder)
    sync_folder(b, folder)
    told: list[tuple[int, int]] = []

    def stop_after_first(done: int, total: int) -> bool:
        told.append((done, total))
        return done < 1

    with pytest.raises(Cancelled):
        sync_folder(c, folder, progress=stop_after_first)
    assert told == [(0, 2), (1, 2)]
    assert len(_teams(c)) == 1  # one node's bundles, whole
    sync_folder(c, folder)
    assert _teams(c) == {"隧道一队", "桥梁二队"}


def test_each_pc_says_which_version_it_runs(nodes: Nodes, tmp_path: Path) -> None:
    from app import __version__
    from app.store.schema import head_revision

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    folder = tmp_path / "share"
    with a.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "隧道六队"})
    sync_folder(a, folder)
    sync_folder(b, folder)
    (peer,) = sync_status(b).peers
    assert (peer.app_version, peer.schema_rev) == (__version__, head_revision())


def test_receipts_are_written_only_once_what_they_say_is_on_the_disk(
    nodes: Nodes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disk_events: list[str]
) -> None:
    """Bundles are applied without waiting for the disk at each commit
    (app.store.durability), so the receipts must wait for it: a sender that read them and a
    PC that lost the bundles in a power cut would never meet again on those changes."""
    from app.sync import folder as folder_module

    folder = tmp_path / "share"
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    for n in range(3):
        _team(a, f"队{n}")
    sync_folder(a, folder)
    write_file = folder_module.bundles.write_file

    def written(path: Path, data: bytes) -> None:
        disk_events.append(path.name)
        write_file(path, data)

    monkeypatch.setattr(folder_module.bundles, "write_file", written)
    report = sync_folder(b, folder)
    assert report.applied > 0 and "队0" in _teams(b)
    receipts = disk_events.index("receipts.json")
    last_commit = max(i for i, e in enumerate(disk_events) if e == "commit")
    assert "fsync" in disk_events[last_commit:receipts]
