"""The server's own copy of the data: stored bundles applied to its HQ store, after the push.

Taking a push is only verifying and storing it (fast, and what the site waits for); merging
it into the server's tables, where HQ's reports and the QR form read from, happens here, in
the background. Several server processes may run this at once: each bundle is applied in
one transaction that re-reads the sender's head, so the second is a no-op.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import select, update

from app.store.database import Database
from app.store.models import Peer, ServerNode, StoredBundle
from app.sync import outbox
from app.sync.apply import apply_bundle
from app.sync.bundle import BundleError
from app.sync.keys import HQ

log = logging.getLogger(__name__)


def apply_stored(db: Database, attachments: Any = None, max_bundles: int = 20) -> int:
    """Apply up to ``max_bundles`` stored bundles the server's store lacks; returns how many
    changes were applied."""
    me = db.local_node()
    with db.engine.connect() as conn:
        nodes = conn.execute(select(ServerNode).order_by(ServerNode.node_id)).all()
        held = {n: s for n, s in conn.execute(select(Peer.node_id, Peer.applied_seq)).all()}
    applied = 0
    budget = max_bundles
    for node in nodes:
        audience = outbox.reading_audience(HQ, me.site_id, node.kind, node.site_id)
        with db.engine.connect() as conn:
            rows = conn.execute(
                select(StoredBundle.data)
                .where(
                    StoredBundle.node_id == node.node_id,
                    StoredBundle.audience == audience,
                    StoredBundle.seq_to > held.get(node.node_id, 0),
                )
                .order_by(StoredBundle.seq_from)
                .limit(budget)
            ).scalars()
            pending = [bytes(r) for r in rows]
        info = {
            "site_id": node.site_id,
            "kind": node.kind,
            "name": node.name,
            "app_version": node.app_version,
            "schema": node.schema_rev,
        }
        for data in pending:
            budget -= 1
            try:
                result = apply_bundle(
                    db, data, public_key=node.public_key, peer_info=info, attachments=attachments
                )
            except BundleError as exc:
                _note_error(db, node.node_id, exc.message())
                break
            if result.held or result.missing:
                break
            applied += result.applied
        if budget <= 0:
            break
    return applied


def _note_error(db: Database, node_id: str, message: str) -> None:
    log.warning("server: a bundle of node %s does not apply: %s", node_id, message)
    with db.engine.begin() as conn:
        conn.execute(
            update(ServerNode).where(ServerNode.node_id == node_id).values(last_error=message)
        )


class Applier:
    """A thread that applies stored bundles whenever woken (a push) and every few seconds."""

    def __init__(self, db: Database, attachments: Any = None, interval: float = 5.0) -> None:
        self.db = db
        self.attachments = attachments
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sitedesk-applier", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until everything stored has been applied (tests, shutdown)."""
        self.wake()
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            try:
                while apply_stored(self.db, self.attachments) and not self._stop.is_set():
                    pass
            except Exception:  # a broken database must not kill the thread: retried later
                log.exception("server: applying stored bundles failed")
            if not self._wake.is_set():
                self._idle.set()
