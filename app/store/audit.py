"""The audit log: who created, changed, deleted, unmasked, exported or printed what, when,
from which node. Append-only and synced to HQ.

Each entry carries a MAC made with the project's data key (app.store.vault), which the
database file does not hold in the clear: someone who edits the file cannot make an altered
entry verify, and every node of the project (HQ included) can check every entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlalchemy import select

from app.store.database import Database, WriteUnit
from app.store.models import AuditEntry
from app.store.vault import Vault

ACTIONS = ("create", "update", "delete", "unmask", "export", "print", "purge")


def _canonical(
    at: datetime, actor: str, node_id: str, action: str, entity: str, row_id: str, detail: str
) -> bytes:
    when = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return orjson.dumps([when, actor, node_id, action, entity, row_id, detail])


def record(
    unit: WriteUnit,
    actor: str,
    action: str,
    entity: str,
    row_id: str = "",
    detail: str = "",
) -> str:
    """Append one audit entry through the journal; needs the data key to sign it."""
    if action not in ACTIONS:
        raise ValueError(action)
    vault = unit.require_vault()
    at = datetime.now(UTC)
    node_id = unit.journal.node_id
    signature = vault.sign(_canonical(at, actor, node_id, action, entity, row_id, detail))
    return unit.journal.insert(
        AuditEntry,
        {
            "at": at,
            "actor": actor,
            "node_id": node_id,
            "action": action,
            "entity": entity,
            "row_id": row_id,
            "detail": detail,
            "signature": signature,
        },
    )


@dataclass(frozen=True)
class AuditView:
    id: str
    at: datetime
    actor: str
    node_id: str
    action: str
    entity: str
    row_id: str
    detail: str
    intact: bool  # the MAC verifies: nobody altered the entry


def entries(
    db: Database,
    vault: Vault,
    *,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 200,
) -> list[AuditView]:
    """The newest entries first, each checked against its MAC."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    with db.read() as session:
        rows = session.scalars(query.limit(limit)).all()
        out = []
        for r in rows:
            expected = vault.sign(
                _canonical(r.at, r.actor, r.node_id, r.action, r.entity, r.row_id, r.detail)
            )
            out.append(
                AuditView(
                    r.id,
                    r.at,
                    r.actor,
                    r.node_id,
                    r.action,
                    r.entity,
                    r.row_id,
                    r.detail,
                    intact=bool(r.signature) and r.signature == expected,
                )
            )
    return out
