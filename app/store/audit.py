"""The audit log: who created, changed, deleted, unmasked, exported or printed what, when,
from which node. Append-only and synced to HQ.

Writes (create, update, delete) are read from the change journal, which already names the
author, node and time of every change and is hash-chained and signed whenever it travels;
the ``audit_log`` table holds everything else — who saw a whole number, exported, printed,
purged, managed users or changed settings. :func:`history` shows both, newest first.

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
from app.store.hlc import to_datetime
from app.store.models import AuditEntry, Change
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
    source: str = "log"  # log: a signed audit entry; journal: a write read from the journal


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


_DELETED = '%"deleted":true%'


def writes(
    db: Database, *, actor: str | None = None, action: str | None = None, limit: int = 200
) -> list[AuditView]:
    """Creates, updates and deletes from the change journal, newest first. The detail names
    the fields written, never their values (which may be personal)."""
    if action not in (None, "create", "update", "delete"):
        return []
    query = (
        select(Change)
        .where(Change.entity != AuditEntry.__tablename__)
        .order_by(Change.hlc.desc(), Change.node_id)
    )
    if actor:
        query = query.where(Change.author == actor)
    if action == "create":
        query = query.where(Change.op == "i")
    elif action == "update":
        query = query.where(Change.op == "u", Change.fields.not_like(_DELETED))
    elif action == "delete":
        query = query.where(Change.op == "u", Change.fields.like(_DELETED))
    with db.read() as session:
        rows = session.scalars(query.limit(limit)).all()
        out = []
        for r in rows:
            names = sorted(orjson.loads(r.fields))
            kind = "create" if r.op == "i" else "delete" if "deleted" in names else "update"
            detail = "（内容已按保存期限清除）" if r.digest else ", ".join(names)
            out.append(
                AuditView(
                    f"{r.node_id}:{r.seq}",
                    to_datetime(r.hlc),
                    r.author,
                    r.node_id,
                    kind,
                    r.entity,
                    r.row_id,
                    detail if kind != "create" else "",
                    intact=True,
                    source="journal",
                )
            )
    return out


def history(
    db: Database,
    vault: Vault,
    *,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 200,
) -> list[AuditView]:
    """Signed audit entries and journal writes together, newest first."""
    both = entries(db, vault, actor=actor, action=action, limit=limit) + writes(
        db, actor=actor, action=action, limit=limit
    )
    return sorted(both, key=lambda e: e.at, reverse=True)[:limit]
