"""Retention: what is past its keeping period, and erasing it without breaking sync.

Each record kind is kept for a number of years (settings ``retention.*``) counted from its
own start: the worker ledger (用工台账) from the day the works were settled
(``works.settled_on``; until that is set nothing in it is due), a request from the day it
ended (closed, not accepted or merged), a handout from its campaign's day.

Purging *erases* a record: its personal fields are blanked and it becomes a tombstone,
through the journal, so every node that holds it erases it as well and no node brings it
back. The journal's own copies of its earlier changes are redacted (their contents dropped,
their digests kept, so the chain still verifies; app.store.journal.Journal.redact), and the
files of its photos and sheets are deleted from this PC. Each node redacts its own journal
when its own purge runs: run ``sitedesk retention purge`` at HQ as well.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.requests import ENDED_STAGES, derive_state
from app.domain.roles import Permission, require
from app.store import settings
from app.store.attachments import AttachmentStore
from app.store.audit import record
from app.store.database import Database, WriteUnit
from app.store.models import (
    Attachment,
    Handout,
    HandoutCampaign,
    Request,
    RequestEvent,
    Synced,
    Training,
    Worker,
    WorkerMovement,
)
from app.store.requests import events_by_request
from app.store.users import Actor

ERASED_NAME = "（已清除）"


class RecordKind(StrEnum):
    WORKER_LEDGER = "worker_ledger"
    REQUESTS = "requests"
    HANDOUTS = "handouts"


LABELS: Mapping[RecordKind, tuple[str, str]] = {
    RecordKind.WORKER_LEDGER: ("用工台账（人员、进退场、培训、照片）", "worker ledger"),
    RecordKind.REQUESTS: ("诉求记录", "requests"),
    RecordKind.HANDOUTS: ("物资发放记录", "handout records"),
}

# what erasure writes into each table's personal fields (the row also becomes a tombstone)
ERASE: Mapping[type[Synced], Mapping[str, Any]] = {
    Worker: {
        "name": ERASED_NAME,
        "name_pinyin": "",
        "id_number": "",
        "id_fingerprint": "",
        "id_masked": "",
        "id_tail": "",
        "id_issuer": "",
        "address": "",
        "id_valid_from": None,
        "id_valid_to": None,
        "birth_date": None,
        "photo_id": None,
        "mobile": "",
        "mobile_masked": "",
        "political_status": "",
        "education": "",
        "emergency_contact": "",
        "emergency_phone": "",
        "union_joined_on": None,
        "bank_card": "",
        "bank_card_masked": "",
        "bank_name": "",
        "card_code": "",
    },
    WorkerMovement: {"document": "", "note": ""},
    Training: {},
    Attachment: {"filename": ""},
    Request: {
        "contact_name": "",
        "contact_phone": "",
        "contact_phone_masked": "",
        "worker_id": None,
        "title": "",
        "description": ERASED_NAME,
    },
    RequestEvent: {"note": "", "params": "{}"},
    Handout: {"receiver_name": "", "override_reason": ""},
}


@dataclass(frozen=True)
class Policy:
    kind: RecordKind
    years: int
    settled_on: date | None = None  # the worker ledger's start


@dataclass(frozen=True)
class Due:
    """A record past its retention (with its dependents: movements, events, files)."""

    kind: RecordKind
    entity: str
    row_id: str
    label: str  # what a person recognises it by; numbers masked
    start: date  # the day its keeping period began
    until: date  # the last day it had to be kept
    erased: bool  # erased already (here, or by another node's purge)


@dataclass
class PurgeResult:
    erased: Counter[str] = field(default_factory=Counter)  # rows erased now, by table
    redacted: int = 0  # journal changes whose contents were dropped
    files_removed: int = 0


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def policies(db: Database) -> list[Policy]:
    return [
        Policy(
            kind,
            int(settings.get(db, f"retention.{kind.value}")),
            settings.get(db, "works.settled_on") if kind is RecordKind.WORKER_LEDGER else None,
        )
        for kind in RecordKind
    ]


def _local_day(moment: datetime) -> date:
    return moment.astimezone(DEFAULT_TZ).date()


def _is_erased(row: Any, model: type[Synced]) -> bool:
    return bool(row.deleted) and all(getattr(row, k) == v for k, v in ERASE[model].items())


def _due_workers(session: Session, policy: Policy, today: date) -> list[Due]:
    if policy.settled_on is None:
        return []
    until = add_years(policy.settled_on, policy.years)
    if today <= until:
        return []
    return [
        Due(
            policy.kind,
            "worker",
            w.id,
            f"{w.name} {w.id_masked}".strip(),
            policy.settled_on,
            until,
            _is_erased(w, Worker),
        )
        for w in session.scalars(select(Worker).order_by(Worker.name))
    ]


def _due_requests(session: Session, policy: Policy, today: date) -> list[Due]:
    events = events_by_request(session)
    found: list[Due] = []
    for r in session.scalars(select(Request).order_by(Request.received_at)):
        history = events.get(r.id, [])
        if not history or derive_state(history, request_id=r.id).stage not in ENDED_STAGES:
            continue
        ended = _local_day(max(e.at for e in history))
        until = add_years(ended, policy.years)
        if today > until:
            found.append(
                Due(policy.kind, "request", r.id, r.number, ended, until, _is_erased(r, Request))
            )
    return found


def _due_handouts(session: Session, policy: Policy, today: date) -> list[Due]:
    found: list[Due] = []
    rows = session.execute(
        select(Handout, HandoutCampaign.name, HandoutCampaign.on_date)
        .join(HandoutCampaign, HandoutCampaign.id == Handout.campaign_id)
        .order_by(HandoutCampaign.on_date, Handout.at)
    )
    for handout, name, on_date in rows:
        until = add_years(on_date, policy.years)
        if today > until:
            label = f"{name} {on_date.isoformat()} {handout.receiver_name}".strip()
            found.append(
                Due(
                    policy.kind,
                    "handout",
                    handout.id,
                    label,
                    on_date,
                    until,
                    _is_erased(handout, Handout),
                )
            )
    return found


def due(db: Database, today: date, kinds: Iterable[RecordKind] | None = None) -> list[Due]:
    """Every record past its retention on ``today``, erased or not."""
    wanted = set(kinds or RecordKind)
    finders = {
        RecordKind.WORKER_LEDGER: _due_workers,
        RecordKind.REQUESTS: _due_requests,
        RecordKind.HANDOUTS: _due_handouts,
    }
    found: list[Due] = []
    with db.read() as session:
        for policy in policies(db):
            if policy.kind in wanted:
                found += finders[policy.kind](session, policy, today)
    return found


def _dependents(session: Session, entity: str, ids: Sequence[str]) -> dict[type[Synced], list[str]]:
    """The rows that go with these records: their history, their files."""
    out: dict[type[Synced], list[str]] = {}
    if entity == "worker":
        out[WorkerMovement] = _ids(session, WorkerMovement, WorkerMovement.worker_id, ids)
        out[Training] = _ids(session, Training, Training.worker_id, ids)
    elif entity == "request":
        out[RequestEvent] = _ids(session, RequestEvent, RequestEvent.request_id, ids)
    owned = set(ids)
    out[Attachment] = [
        a.id
        for a in session.execute(
            select(Attachment.id, Attachment.owner_id).where(Attachment.owner_entity == entity)
        )
        if a.owner_id in owned
    ]
    return out


def _ids(session: Session, model: type[Synced], column: Any, owners: Sequence[str]) -> list[str]:
    wanted = set(owners)
    return [
        row_id for row_id, owner in session.execute(select(model.id, column)) if owner in wanted
    ]


_MODELS: Mapping[str, type[Synced]] = {"worker": Worker, "request": Request, "handout": Handout}


def purge(
    db: Database,
    actor: Actor,
    today: date,
    found: Sequence[Due],
    attachments: AttachmentStore | None = None,
) -> PurgeResult:
    """Erase what ``due`` found, with its dependents, in one transaction; audited per kind.

    On SQLite the freed and overwritten pages are zeroed (``secure_delete``) and the WAL is
    checkpointed and truncated afterwards, so the erased values do not linger in the file.
    """
    require(actor.role, Permission.PURGE)
    sqlite = db.is_sqlite
    with db.write(actor.username) as unit:
        if sqlite:
            unit.conn.exec_driver_sql("PRAGMA secure_delete = ON")
        result = _erase_all(unit, actor, today, found, attachments)
    if sqlite:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return result


def _erase_all(
    unit: WriteUnit,
    actor: Actor,
    today: date,
    found: Sequence[Due],
    attachments: AttachmentStore | None,
) -> PurgeResult:
    result = PurgeResult()
    by_entity: dict[str, list[str]] = {}
    for d in found:
        by_entity.setdefault(d.entity, []).append(d.row_id)
    targets: dict[type[Synced], list[str]] = {}
    for entity, ids in by_entity.items():
        targets.setdefault(_MODELS[entity], []).extend(ids)
        for model, dep_ids in _dependents(unit.session, entity, ids).items():
            targets.setdefault(model, []).extend(dep_ids)
    shas: set[str] = set()
    for model, ids in targets.items():
        if model is Attachment:
            shas |= set(
                unit.session.scalars(select(Attachment.sha256).where(Attachment.id.in_(ids)))
            )
        for row_id in ids:
            if unit.journal.erase(model, row_id, ERASE[model]):
                result.erased[model.__tablename__] += 1
        result.redacted += unit.journal.redact(model.__tablename__, ids)
    if attachments is not None and shas:
        still_used = set(
            unit.session.scalars(
                select(Attachment.sha256).where(
                    Attachment.sha256.in_(shas), Attachment.deleted.is_(False)
                )
            )
        )
        result.files_removed = sum(attachments.remove(sha) for sha in shas - still_used)
    counts = Counter(d.kind for d in found)
    for kind, n in sorted(counts.items()):
        record(
            unit,
            actor.username,
            "purge",
            kind.value,
            "",
            f"{n} record(s) past retention on {today.isoformat()}",
        )
    return result
