"""The shared-folder transport: a network share, a USB stick, a cloud-synced directory.

Layout (each node writes only under its own folder, so a cloud service never has two writers
of one file)::

    <folder>/sitedesk-project.json                 which project the folder serves
    <folder>/nodes/<node_id>/node.json             node id, site, kind, tag, public key
    <folder>/nodes/<node_id>/<audience>/<from>-<to>.sdb   bundles, per audience
    <folder>/nodes/<node_id>/receipts.json         what this node holds of every other node

Robustness, by construction rather than by hope:

* a bundle is written under a temporary name, fsynced and renamed, so a reader never sees
  half of one; a file cut short anyway (a USB stick pulled out on a FAT drive) fails to
  verify, is reported, and its writer replaces it at its next sync;
* bundles are found by reading their headers, not by trusting names, so a cloud service's
  "copy (1)" of a file is just a duplicate, and a duplicate applies as a no-op;
* a bundle that arrives before the one it follows is a gap: reported, retried next time;
* a sender counts changes as delivered only when a receiver's receipts say it holds them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
from sqlalchemy import insert, select, update

from app import __version__
from app.domain.progress import Progress, report
from app.store import schema
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.journal import read_head
from app.store.models import Peer, Receipt
from app.sync import bundle as bundles
from app.sync import outbox
from app.sync.apply import Pipeline, apply_bundle, retry_held
from app.sync.bundle import BundleError, Header
from app.sync.keys import Keys, ensure_keys
from app.sync.status import record_run

PROJECT_FILE = "sitedesk-project.json"
SUFFIX = ".sdb"


class FolderError(RuntimeError):
    """The folder cannot be used at all (another project's folder, not writable …)."""


@dataclass
class NodeReport:
    node_id: str
    applied: int = 0
    bundles: int = 0
    missing: tuple[int, int] | None = None
    error: str = ""
    held: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class SyncReport:
    exported_bundles: int = 0
    exported_changes: int = 0
    replaced_damaged: int = 0
    nodes: list[NodeReport] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return sum(n.applied for n in self.nodes)

    @property
    def errors(self) -> list[str]:
        return [f"{n.node_id[:8]}: {n.error}" for n in self.nodes if n.error]


def audience_dir(audience: str) -> str:
    return audience.replace(":", "-")


def bundle_name(seq_from: int, seq_to: int) -> str:
    return f"{seq_from:010d}-{seq_to:010d}{SUFFIX}"


class FolderSync:
    def __init__(self, db: Database, folder: Path, attachments: AttachmentStore | None = None):
        self.db = db
        self.folder = Path(folder)
        self.attachments = attachments
        self.keys: Keys = ensure_keys(db)
        self.me = db.local_node()

    @property
    def nodes_dir(self) -> Path:
        return self.folder / "nodes"

    @property
    def my_dir(self) -> Path:
        return self.nodes_dir / self.me.node_id

    def run(self, progress: Progress | None = None) -> SyncReport:
        """One full exchange: publish ours, apply theirs, write and read receipts.

        ``progress`` is told (nodes read, nodes in the folder). A stop raises Cancelled
        between two nodes: what was applied stays (each bundle is its own transaction), and
        the receipts for it are written at the next exchange."""
        self._check_project()
        result = SyncReport()
        self._publish_node()
        # applied bundles reach the disk beside the next one's work, and all of them before
        # the receipts below say what this node holds (app.store.durability)
        with self.db.deferred_durability():
            retry_held(self.db, self.attachments)
            others = list(self._other_nodes())
            for n, node_dir in enumerate(others):
                report(progress, n, len(others))
                result.nodes.append(self._import_from(node_dir))
        report(progress, len(others), len(others))
        self._export(result)
        self._write_receipts()
        self._read_receipts()
        record_run(self.db, "folder")
        return result

    # --- the folder itself ---------------------------------------------------------------

    def _check_project(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FolderError(f"无法使用同步文件夹 {self.folder}：{exc}") from exc
        marker = self.folder / PROJECT_FILE
        if marker.exists():
            try:
                project = orjson.loads(marker.read_bytes()).get("project_id")
            except (orjson.JSONDecodeError, AttributeError):
                project = None
            if project != self.keys.project_id:
                raise FolderError(
                    "此同步文件夹属于另一个项目，未做任何同步。"
                    " (this sync folder belongs to another project)"
                )
            return
        bundles.write_file(marker, orjson.dumps({"format": 1, "project_id": self.keys.project_id}))

    def _publish_node(self) -> None:
        self.my_dir.mkdir(parents=True, exist_ok=True)
        info = {
            "node_id": self.me.node_id,
            "site_id": self.me.site_id,
            "kind": self.me.kind,
            "tag": self.me.tag,
            "name": self.me.name,
            "public_key": self.keys.public_hex,
            "app_version": __version__,
            "schema": schema.current_revision(self.db.engine),
        }
        target = self.my_dir / "node.json"
        data = orjson.dumps(info, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        if not target.exists() or target.read_bytes() != data:
            bundles.write_file(target, data)

    def _other_nodes(self) -> Iterator[Path]:
        if not self.nodes_dir.exists():
            return
        for path in sorted(self.nodes_dir.iterdir()):
            if path.is_dir() and path.name != self.me.node_id and not path.name.startswith("."):
                yield path

    # --- import ----------------------------------------------------------------------

    def _stream_for(self, sender: dict[str, str], node_dir: Path) -> Path:
        """The one stream of a sender this node reads — no fallback: another audience's
        stream would leave out records this node must receive."""
        audience = outbox.reading_audience(
            self.me.kind, self.me.site_id, sender.get("kind", ""), sender.get("site_id", "")
        )
        return node_dir / audience_dir(audience)

    def _headers(self, stream: Path) -> tuple[list[tuple[Header, Path]], list[str]]:
        found: list[tuple[Header, Path]] = []
        damaged: list[str] = []
        if not stream.is_dir():
            return found, damaged
        for path in stream.iterdir():
            if path.name.startswith(".") or not path.name.endswith(SUFFIX):
                continue  # a writer's temporary file, or something else
            try:
                found.append((bundles.read_header(path.read_bytes()), path))
            except (BundleError, OSError):
                damaged.append(path.name)
        found.sort(key=lambda hp: (hp[0].seq_from, -hp[0].seq_to))
        return found, damaged

    @staticmethod
    def _read(found: list[tuple[Header, Path]], n: int) -> bytes | OSError | None:
        """The n-th bundle's bytes; the error if it cannot be read now (gone since it was
        listed: a writer replaced it, or the stick was pulled), raised in its turn."""
        if n >= len(found):
            return None
        try:
            return found[n][1].read_bytes()
        except OSError as exc:
            return exc

    def _import_from(self, node_dir: Path) -> NodeReport:
        report = NodeReport(node_dir.name)
        try:
            sender = orjson.loads((node_dir / "node.json").read_bytes())
            if sender.get("node_id") != node_dir.name:
                raise ValueError("node.json names another node")
        except (OSError, orjson.JSONDecodeError, ValueError) as exc:
            report.error = f"node.json 无法读取：{exc}"
            return report
        info = {
            k: str(sender.get(k, ""))
            for k in ("site_id", "kind", "tag", "name", "app_version", "schema")
        }
        found, damaged = self._headers(self._stream_for(sender, node_dir))
        key = str(sender.get("public_key", ""))
        with Pipeline(self.db) as pipeline:
            data = self._read(found, 0)
            for n, (header, path) in enumerate(found):
                if header.node_id != node_dir.name:  # a bundle may only stand in its node's folder
                    report.error = f"{path.name}: 同步文件不属于节点 {node_dir.name[-8:]}，已跳过"
                    break
                following = self._read(found, n + 1)
                if isinstance(following, bytes):  # decoded while this one is written
                    pipeline.prefetch(
                        following, key, after=data if isinstance(data, bytes) else None
                    )
                try:
                    if not isinstance(data, bytes):
                        raise data or OSError(path.name)
                    result = apply_bundle(
                        self.db,
                        data,
                        public_key=key,
                        peer_info=info,
                        attachments=self.attachments,
                        pipeline=pipeline,
                    )
                except BundleError as exc:
                    report.error = f"{path.name}: {exc.message()}"
                    break
                except Exception as exc:
                    report.error = f"{path.name}: {type(exc).__name__}: {exc}"
                    break
                data = following
                if result.held:
                    report.held.append(path.name)
                    break
                if result.missing:
                    report.missing = result.missing
                    break
                if not result.duplicate:
                    report.bundles += 1
                    report.applied += result.applied
                    report.conflicts += result.conflicts
        if damaged and not report.error and report.missing is None:
            report.error = f"不完整的同步文件（等待对方重写）：{', '.join(sorted(damaged))}"
        self._note_peer(report)
        return report

    def _note_peer(self, report: NodeReport) -> None:
        with self.db.engine.begin() as conn:
            exists = conn.execute(select(Peer.node_id).where(Peer.node_id == report.node_id))
            if exists.first() is None:
                return  # never applied anything from it: nothing trusted to note against
            conn.execute(
                update(Peer)
                .where(Peer.node_id == report.node_id)
                .values(
                    missing_from=report.missing[0] if report.missing else None,
                    missing_to=report.missing[1] if report.missing else None,
                    last_error=report.error,
                )
            )

    # --- export ----------------------------------------------------------------------

    def _export(self, report: SyncReport) -> None:
        with self.db.engine.connect() as conn:
            head = read_head(conn, self.me.node_id).seq
        self.db.make_durable()  # a change published is never lost here (its seq never reused)
        for audience in outbox.audiences(self.db):
            stream = self.my_dir / audience_dir(audience)
            stream.mkdir(parents=True, exist_ok=True)
            covered = self._covered(stream, report)
            for seq_from, seq_to in outbox.chunks(covered + 1, head):
                data = outbox.build(
                    self.db, self.keys, audience, seq_from, seq_to, self.attachments
                )
                bundles.write_file(stream / bundle_name(seq_from, seq_to), data)
                report.exported_bundles += 1
                report.exported_changes += seq_to - seq_from + 1

    def _covered(self, stream: Path, report: SyncReport) -> int:
        """How far our bundles in this stream reach from seq 1 without a gap; our own damaged
        files (cut short on the way to the stick) are removed so they are written again."""
        found, damaged = self._headers(stream)
        for name in damaged:
            (stream / name).unlink(missing_ok=True)
            report.replaced_damaged += 1
        covered = 0
        for header, path in found:
            if header.node_id != self.me.node_id or header.project_id != self.keys.project_id:
                continue
            try:
                bundles.decode(path.read_bytes(), self.keys, self.keys.public_hex)
            except BundleError:
                path.unlink(missing_ok=True)
                report.replaced_damaged += 1
                continue
            if header.seq_from > covered + 1:
                break
            covered = max(covered, header.seq_to)
        return covered

    # --- receipts --------------------------------------------------------------------

    def _write_receipts(self) -> None:
        with self.db.read() as session:
            peers = session.scalars(select(Peer)).all()
            holds = {p.node_id: {"seq": p.applied_seq, "hash": p.applied_hash} for p in peers}
        target = self.my_dir / "receipts.json"
        try:  # rewritten only when what we hold changed: fewer writes into a synced folder
            if orjson.loads(target.read_bytes()).get("holds") == holds:
                return
        except (OSError, orjson.JSONDecodeError, AttributeError):
            pass
        data = orjson.dumps(
            {"node_id": self.me.node_id, "at": datetime.now(UTC).isoformat(), "holds": holds},
            option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS,
        )
        self.db.make_durable()  # what it says this node holds is on the disk, whoever applied it
        bundles.write_file(target, data)

    def _read_receipts(self) -> None:
        now = datetime.now(UTC)
        for node_dir in self._other_nodes():
            try:
                value = orjson.loads((node_dir / "receipts.json").read_bytes())
                mine = value["holds"].get(self.me.node_id)
            except (OSError, orjson.JSONDecodeError, KeyError, AttributeError):
                continue
            if not mine:
                continue
            with self.db.engine.begin() as conn:
                known = conn.execute(
                    select(Receipt).where(Receipt.receiver_id == node_dir.name)
                ).first()
                values = {"seq": int(mine["seq"]), "hash": str(mine["hash"]), "read_at": now}
                if known is None:
                    conn.execute(insert(Receipt).values(receiver_id=node_dir.name, **values))
                elif known.seq <= values["seq"]:
                    conn.execute(
                        update(Receipt).where(Receipt.receiver_id == node_dir.name).values(**values)
                    )


def sync_folder(
    db: Database,
    folder: Path,
    attachments: AttachmentStore | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    return FolderSync(db, folder, attachments).run(progress)
