"""Cross-site duplicate workers: one ID number registered as live workers at several sites.

People are the same when the keyed HMAC of their normalised ID number is (``id_fingerprint``,
app.store.vault); the number itself is never compared, and only masked numbers are shown.
Sync puts each such registration in the conflicts queue (``duplicate_worker``, found where the
second one arrives); this list is HQ's view of those across sites, each with the conflict a
person decides it in, if one is recorded here yet. A worker who moved from one site to
another is on it too, until the old registration is dealt with: that is for a person to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store.models import Conflict, Site, Team, Worker
from app.store.worker_list import Presence, latest_movement_kind, presence_of

DUPLICATE_WORKER = "duplicate_worker"  # the conflict kind app.sync.conflicts records
_CHUNK = 500


@dataclass(frozen=True)
class Registration:
    worker_id: str
    site_id: str
    site_code: str
    site_name: str
    name: str
    id_masked: str
    team: str
    presence: Presence
    registered: datetime


@dataclass(frozen=True)
class CrossSiteDuplicate:
    id_masked: str
    registrations: list[Registration]  # by site code, then registration time
    conflict_id: str | None = None  # the conflict these rows are decided in, if recorded here
    conflict_status: str = ""  # open | resolved
    resolution: str = ""  # keep:<row id> | both

    @property
    def site_codes(self) -> list[str]:
        return sorted({r.site_code for r in self.registrations})


def _doubled_prints(session: Session) -> list[str]:
    """Fingerprints of live workers at two sites or more: one pass over the fingerprint index
    in its order (SQLite, left to itself, picks the search index and sorts 100,000 rows)."""
    return list(
        session.scalars(
            select(Worker.id_fingerprint)
            .with_hint(Worker, "INDEXED BY ix_worker_fingerprint_live", "sqlite")
            .where(Worker.deleted.is_(False), Worker.id_fingerprint != "")
            .group_by(Worker.id_fingerprint)
            .having(func.min(Worker.site_id) != func.max(Worker.site_id))
            .order_by(Worker.id_fingerprint)
        )
    )


def count_cross_site(session: Session) -> int:
    """How many people are registered (live) at more than one site."""
    return len(_doubled_prints(session))


def cross_site_duplicates(session: Session, site_id: str | None = None) -> list[CrossSiteDuplicate]:
    """Every person registered at more than one site (those of ``site_id`` when given),
    ordered by the first site's code."""
    prints = _doubled_prints(session)
    rows: dict[str, list[Registration]] = {}
    latest = latest_movement_kind().label("latest")
    for start in range(0, len(prints), _CHUNK):
        for r in session.execute(
            select(
                Worker.id,
                Worker.id_fingerprint,
                Worker.site_id,
                Worker.name,
                Worker.id_masked,
                Worker.created_at,
                Site.code,
                Site.name.label("site_name"),
                Team.name.label("team"),
                latest,
            )
            .outerjoin(Site, Site.id == Worker.site_id)
            .outerjoin(Team, Team.id == Worker.team_id)
            .where(
                Worker.deleted.is_(False),
                Worker.id_fingerprint.in_(prints[start : start + _CHUNK]),
            )
        ):
            rows.setdefault(r.id_fingerprint, []).append(
                Registration(
                    worker_id=r.id,
                    site_id=r.site_id,
                    site_code=r.code or "?",
                    site_name=r.site_name or "",
                    name=r.name,
                    id_masked=r.id_masked,
                    team=r.team or "",
                    presence=presence_of(r.latest),
                    registered=r.created_at,
                )
            )
    decided = _conflicts_by_worker(session)
    out: list[CrossSiteDuplicate] = []
    for group in rows.values():
        if site_id is not None and site_id not in {r.site_id for r in group}:
            continue
        group.sort(key=lambda r: (r.site_code, r.registered, r.worker_id))
        found = [decided[r.worker_id] for r in group if r.worker_id in decided]
        found.sort(key=lambda c: (c.status != "open", c.stamp))  # an open one first
        conflict = found[0] if found else None
        out.append(
            CrossSiteDuplicate(
                id_masked=group[0].id_masked,
                registrations=group,
                conflict_id=conflict.id if conflict else None,
                conflict_status=conflict.status if conflict else "",
                resolution=conflict.resolution if conflict else "",
            )
        )
    out.sort(key=lambda d: (d.site_codes, d.id_masked))
    return out


def _conflicts_by_worker(session: Session) -> dict[str, Conflict]:
    """The duplicate-registration conflicts recorded here, by each worker row they name."""
    by_worker: dict[str, Conflict] = {}
    for c in session.scalars(
        select(Conflict).where(Conflict.kind == DUPLICATE_WORKER, Conflict.deleted.is_(False))
    ):
        for worker_id in orjson.loads(c.row_ids):
            kept = by_worker.get(worker_id)
            if kept is None or (kept.status != "open" and c.status == "open"):
                by_worker[worker_id] = c
    return by_worker
