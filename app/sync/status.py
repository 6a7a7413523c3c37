"""Sync health of this node: what it has sent and had confirmed, what it holds of others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from app.store.database import Database
from app.store.journal import read_head
from app.store.models import Peer, Receipt, Setting
from app.store.settings import write_raw
from app.sync.apply import held_bundles


@dataclass(frozen=True)
class ReceiverStatus:
    node_id: str
    holds: int  # how many of our changes it says it holds
    pending: int  # ours it does not hold yet
    read_at: datetime


@dataclass(frozen=True)
class PeerStatus:
    node_id: str
    site_id: str
    kind: str
    tag: str
    name: str
    applied: int  # its changes we hold
    last_contact: datetime | None
    missing: tuple[int, int] | None
    drift_ms: int | None
    error: str
    app_version: str = ""
    schema_rev: str = ""


LAST_RUN = "sync.last_run"


def record_run(db: Database, transport: str) -> None:
    """Remember when this node last completed an exchange (a local setting, not synced)."""
    value = f"{datetime.now(UTC).isoformat()} {transport}"
    with db.engine.begin() as conn:
        write_raw(conn, LAST_RUN, value)


@dataclass(frozen=True)
class SyncStatus:
    node_id: str
    head: int
    pending_out: int  # changes no receiver has confirmed yet
    receivers: list[ReceiverStatus]
    peers: list[PeerStatus]
    held: list[tuple[str, int, int, str]]
    last_run: datetime | None = None  # when this node last completed an exchange


def sync_status(db: Database) -> SyncStatus:
    me = db.local_node()
    with db.read() as session:
        head = read_head(session.connection(), me.node_id).seq
        receipts = session.scalars(select(Receipt).order_by(Receipt.receiver_id)).all()
        receivers = [
            ReceiverStatus(r.receiver_id, r.seq, max(0, head - r.seq), r.read_at) for r in receipts
        ]
        peers = [
            PeerStatus(
                p.node_id,
                p.site_id,
                p.kind,
                p.tag,
                p.name,
                p.applied_seq,
                p.last_contact,
                (p.missing_from, p.missing_to)
                if p.missing_from is not None and p.missing_to is not None
                else None,
                p.drift_ms,
                p.last_error,
                p.app_version,
                p.schema_rev,
            )
            for p in session.scalars(select(Peer).order_by(Peer.kind, Peer.tag, Peer.node_id))
        ]
        last = session.scalar(select(Setting.value).where(Setting.key == LAST_RUN))
    # only a receiver that holds our changes whole (HQ, or a PC of our site) confirms them;
    # another site holds the digests of most of them
    whole = {p.node_id for p in peers if p.kind == "hq" or p.site_id == me.site_id}
    confirmed = max((r.holds for r in receivers if r.node_id in whole), default=0)
    last_run = datetime.fromisoformat(last.split(" ")[0]) if last else None
    return SyncStatus(
        me.node_id, head, head - confirmed, receivers, peers, held_bundles(db), last_run
    )
