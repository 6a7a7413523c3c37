"""Each request's derived state, kept per request so figures over many requests are SQL counts.

A request's stage, its extensions and its latest call-back come from folding its events
(:func:`app.domain.requests.derive_state`); nothing of it is stored on the synced rows. A
site's lists fold a few thousand histories at a look. HQ holds every site's requests — a
quarter of a million over a project — and a dashboard that folds them all at every look
would take many seconds. So the folded state is kept in ``derived_request_state``, a local
table that is never synced and never written by anything but :func:`refresh`.

Keeping it right needs no hook in the journal or the merge: the change journal is the source
of truth. Every write to a request or a request event, made here or received by sync, is a
change with a per-node sequence number; ``derived_mark`` records how far the table has read
each node's changes, and :func:`refresh` folds again exactly the requests named by the
changes after those marks. With no marks (a new table, or one a migration emptied) it
folds every request.

The due date is not kept: it depends on the working-day calendar, which a manager may
change. What it depends on is kept instead — the local day of receipt and the limit in
working days including approved extensions — so overdue requests are counted per distinct
(day, limit) with the calendar of the day (:mod:`app.store.dashboard`).

:func:`refresh` holds the write lock while it works, so two refreshes never interleave and a
row never ends up older than its mark. A first refresh at a large HQ takes a while (once);
later ones fold only what the last syncs brought.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.progress import Progress, report
from app.domain.requests import derive_state
from app.store.database import Database
from app.store.journal import read_head
from app.store.models import (
    Change,
    DerivedMark,
    DerivedRequestState,
    Peer,
    Request,
    RequestEvent,
)
from app.store.requests import events_by_request

MARK = "request_state"
REFRESH_AUTHOR = "system"
_CHUNK = 500  # requests folded per query of events (events_by_request reads all beyond 500)
_ENTITIES = (Request.__tablename__, RequestEvent.__tablename__)


def _heads(session: Session, local_node: str) -> dict[str, int]:
    """How far this node holds each node's changes: its own journal and every peer's."""
    heads = {node: seq for node, seq in session.execute(select(Peer.node_id, Peer.applied_seq))}
    heads[local_node] = read_head(session.connection(), local_node).seq
    return heads


def _marks(session: Session) -> dict[str, int]:
    return dict(
        session.execute(
            select(DerivedMark.node_id, DerivedMark.seq).where(DerivedMark.name == MARK)
        ).all()
    )


def stale(db: Database) -> bool:
    """Whether changes arrived or were made since the last refresh (a read, no lock)."""
    node = db.local_node().node_id
    with db.read() as session:
        marks = _marks(session)
        if not marks:
            return True
        return any(seq > marks.get(n, 0) for n, seq in _heads(session, node).items())


def refresh(db: Database, progress: Progress | None = None) -> int:
    """Fold again the requests whose rows changed since the last refresh (all of them the
    first time); returns how many were folded. Cheap when nothing changed: no lock is taken."""
    if not stale(db):
        return 0
    node = db.local_node().node_id
    with db.write(REFRESH_AUTHOR) as unit:
        session, conn = unit.session, unit.conn
        heads = _heads(session, node)
        marks = _marks(session)
        if marks:
            ids = sorted(_changed_requests(session, marks, heads))
            folded = _fold(session, conn, ids, progress)
        else:
            conn.execute(delete(DerivedRequestState))
            folded = _fold_all(session, conn, progress)
        _save_marks(conn, marks, heads)
    return folded


def _changed_requests(session: Session, marks: dict[str, int], heads: dict[str, int]) -> set[str]:
    """The requests named by the changes after the marks: their own rows and their events'."""
    requests: set[str] = set()
    events: set[str] = set()
    for node, head in heads.items():
        after = marks.get(node, 0)
        if head <= after:
            continue
        for entity, row_id in session.execute(
            select(Change.entity, Change.row_id).where(
                Change.node_id == node,
                Change.seq > after,
                Change.seq <= head,
                Change.entity.in_(_ENTITIES),
            )
        ):
            (requests if entity == Request.__tablename__ else events).add(row_id)
    for chunk in _chunks(sorted(events)):
        requests.update(
            session.scalars(
                select(RequestEvent.request_id).where(RequestEvent.id.in_(chunk)).distinct()
            )
        )
    return requests


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fold_all(session: Session, conn: Connection, progress: Progress | None) -> int:
    ids = list(
        session.scalars(select(Request.id).where(Request.deleted.is_(False)).order_by(Request.id))
    )
    return _fold(session, conn, ids, progress)


def _fold(session: Session, conn: Connection, ids: Sequence[str], progress: Progress | None) -> int:
    """Replace the derived rows of ``ids``: live requests get their state, others none."""
    done = 0
    report(progress, 0, len(ids))
    for chunk in _chunks(ids):
        conn.execute(delete(DerivedRequestState).where(DerivedRequestState.request_id.in_(chunk)))
        rows = list(_states(session, chunk))
        if rows:
            conn.execute(insert(DerivedRequestState), rows)
        done += len(chunk)
        report(progress, done, len(ids))
    return len(ids)


def _states(
    session: Session, ids: Sequence[str], tz: ZoneInfo = DEFAULT_TZ
) -> Iterable[dict[str, Any]]:
    events = events_by_request(session, ids)
    for rid, site_id, received_at, limit_days in session.execute(
        select(Request.id, Request.site_id, Request.received_at, Request.limit_days).where(
            Request.id.in_(ids), Request.deleted.is_(False)
        )
    ):
        state = derive_state(events.get(rid, []), request_id=rid)
        yield {
            "request_id": rid,
            "site_id": site_id,
            "stage": state.stage.value,
            "is_open": state.is_open,
            "received_on": received_at.astimezone(tz).date(),
            "limit_days": limit_days + state.extended_days,
            "satisfaction": state.satisfaction,
        }


def _save_marks(conn: Connection, marks: dict[str, int], heads: dict[str, int]) -> None:
    for node, seq in heads.items():
        if node not in marks:
            conn.execute(insert(DerivedMark).values(name=MARK, node_id=node, seq=seq))
        elif marks[node] != seq:
            conn.execute(
                update(DerivedMark)
                .where(DerivedMark.name == MARK, DerivedMark.node_id == node)
                .values(seq=seq)
            )
