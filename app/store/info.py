"""What ``sitedesk info`` and the main window show: node, schema, counts, journal head."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.requests import Stage
from app.store import schema
from app.store.database import Database
from app.store.hlc import to_datetime
from app.store.journal import read_head
from app.store.models import Change, Site, Worker, WorkerMovement, synced_models
from app.store.requests import stage_counts


@dataclass(frozen=True)
class KindCount:
    entity: str
    live: int
    deleted: int


@dataclass(frozen=True)
class Summary:
    node_id: str
    node_tag: str
    node_kind: str
    site_code: str
    site_name: str
    schema_revision: str | None
    schema_head: str
    counts: list[KindCount]
    journal_seq: int
    journal_hash: str
    journal_time: datetime | None
    changes_total: int
    requests_by_stage: dict[Stage, int] = field(default_factory=dict)
    workers_on_site: int = 0

    def count(self, entity: str) -> int:
        return next((c.live for c in self.counts if c.entity == entity), 0)


def workers_on_site(session: Session) -> int:
    """Workers whose latest movement — by its date, then by when it was recorded — is an entry
    (进场): derived from the movement ledger, so a back-dated record counts where it belongs."""
    ranked = (
        select(
            WorkerMovement.worker_id,
            WorkerMovement.kind,
            func.row_number()
            .over(
                partition_by=WorkerMovement.worker_id,
                order_by=(WorkerMovement.on_date.desc(), WorkerMovement.stamp.desc()),
            )
            .label("n"),
        )
        .where(WorkerMovement.deleted.is_(False))
        .subquery()
    )
    query = (
        select(func.count())
        .select_from(ranked)
        .join(Worker, Worker.id == ranked.c.worker_id)
        .where(ranked.c.n == 1, ranked.c.kind == "entry", Worker.deleted.is_(False))
    )
    return session.scalar(query) or 0


def summary(db: Database) -> Summary:
    node = db.local_node()
    with db.read() as session:
        counts = []
        for model in synced_models():
            rows = session.execute(
                select(model.deleted, func.count()).group_by(model.deleted)
            ).all()
            by = {bool(d): n for d, n in rows}
            counts.append(KindCount(model.__tablename__, by.get(False, 0), by.get(True, 0)))
        site = session.get(Site, node.site_id)
        head = read_head(session.connection(), node.node_id)
        total = session.scalar(select(func.count()).select_from(Change)) or 0
        stages = dict(stage_counts(session))
        on_site = workers_on_site(session)
    return Summary(
        node_id=node.node_id,
        node_tag=node.tag,
        node_kind=node.kind,
        site_code=site.code if site else "?",
        site_name=site.name if site else "?",
        schema_revision=schema.current_revision(db.engine),
        schema_head=schema.head_revision(),
        counts=counts,
        journal_seq=head.seq,
        journal_hash=head.hash,
        journal_time=to_datetime(head.hlc) if head.seq else None,
        changes_total=total,
        requests_by_stage=stages,
        workers_on_site=on_site,
    )
