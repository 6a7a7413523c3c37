"""The conflicts queue: what a machine must not decide, kept on both sides for a person.

* ``duplicate_worker`` — the same ID number registered as two workers (two PCs of a site,
  or two sites as HQ sees them);
* ``double_handout`` — the same entitlement handed out twice while two PCs were offline;
* ``request_step`` — a step on a request that was legal where it was taken but collides with
  a step taken elsewhere meanwhile (a site rejects while HQ, offline, accepts and verifies).
  The merged order decides which one takes effect (app.domain.requests.derive_state); the
  other stays in the history, not in effect, until a person has looked at it and, if need
  be, taken the right step by hand.

A conflict's id comes from its kind and rows, so nodes that find the same conflict hold one
row. Resolving is a synced change like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.problems import DomainError, Problem, register_messages
from app.domain.requests import derive_state
from app.store.database import WriteUnit
from app.store.journal import reference_id
from app.store.models import Conflict, Handout, Request, StockMovement, Worker
from app.store.requests import events_by_request
from app.store.supplies import fmt_qty, move_stock

DUPLICATE_WORKER = "duplicate_worker"
DOUBLE_HANDOUT = "double_handout"
REQUEST_STEP = "request_step"

register_messages(
    {
        "conflict.not_found": ("找不到冲突 {ref}。", "Conflict {ref} not found."),
        "conflict.resolved": ("该冲突已处理。", "This conflict is already resolved."),
        "conflict.action": (
            "处理方式“{action}”不适用于此类冲突，可选：{allowed}。",
            "Action '{action}' does not fit this conflict; choose one of: {allowed}.",
        ),
        "conflict.keep": (
            "请指定要保留的记录（冲突中的记录之一）。",
            "Name the record to keep (one of the conflict's records).",
        ),
        "conflict.note": ("请填写处理说明。", "Write a note on the resolution."),
    }
)

ACTIONS = {
    DUPLICATE_WORKER: ("keep", "both"),
    DOUBLE_HANDOUT: ("accept", "return"),
    REQUEST_STEP: ("acknowledge",),
}


def _record(
    unit: WriteUnit, kind: str, entity: str, key: str, row_ids: list[str], site: str
) -> str | None:
    rows = sorted(row_ids)
    conflict_id = reference_id("conflict", f"{kind}:{','.join(rows)}")
    if unit.session.get(Conflict, conflict_id) is not None:
        return None
    unit.journal.insert(
        Conflict,
        {
            "id": conflict_id,
            "site_id": site,
            "kind": kind,
            "entity": entity,
            "key": key,
            "row_ids": orjson.dumps(rows).decode(),
        },
    )
    return conflict_id


def detect(
    unit: WriteUnit,
    worker_ids: Iterable[str],
    handout_keys: Iterable[str],
    request_ids: Iterable[str] = (),
) -> list[str]:
    """Look for conflicts among the rows a merge just touched; returns new conflict ids."""
    found: list[str] = []
    session = unit.session
    touched = set(worker_ids)
    if touched:
        # the same person is the same fingerprint (a keyed HMAC of the number), never the
        # number itself; only the prints of the touched rows are looked at, each from the
        # (id_fingerprint, deleted) index, so a small bundle at a large HQ stays small
        rows_by_print: dict[str, list[Any]] = {}
        for doubled in _doubled_prints(unit, touched):
            for row in session.execute(
                select(Worker.id, Worker.site_id, Worker.id_fingerprint, Worker.id_masked)
                .where(Worker.id_fingerprint.in_(doubled), Worker.deleted.is_(False))
                .order_by(Worker.id)
            ):
                rows_by_print.setdefault(row.id_fingerprint, []).append(row)
        for _print, rows in sorted(rows_by_print.items()):
            if not touched & {r.id for r in rows}:
                continue
            sites = {r.site_id for r in rows}
            site = sites.pop() if len(sites) == 1 else unit.journal.site_id
            made = _record(
                unit, DUPLICATE_WORKER, "worker", rows[0].id_masked, [r.id for r in rows], site
            )
            found += [made] if made else []
    for key in set(handout_keys):
        handouts = session.execute(
            select(Handout.id, Handout.site_id).where(
                Handout.entitlement_key == key,
                Handout.override_reason == "",
                Handout.deleted.is_(False),
            )
        ).all()
        if len(handouts) > 1:
            made = _record(
                unit, DOUBLE_HANDOUT, "handout", key, [r.id for r in handouts], handouts[0].site_id
            )
            found += [made] if made else []
    found += _request_collisions(unit, set(request_ids))
    return found


def _request_collisions(unit: WriteUnit, request_ids: set[str]) -> list[str]:
    """One conflict per step that is not in effect because another node's step won."""
    if not request_ids:
        return []
    found: list[str] = []
    by_request = events_by_request(unit.session, request_ids)
    for rid in sorted(request_ids):
        state = derive_state(by_request.get(rid, []), request_id=rid)
        if not state.collisions:
            continue
        request = unit.session.get(Request, rid)
        if request is None:
            continue
        for event_id in state.collisions:
            made = _record(
                unit, REQUEST_STEP, "request_event", request.number, [event_id], request.site_id
            )
            found += [made] if made else []
    return found


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _doubled_prints(unit: WriteUnit, worker_ids: set[str]) -> Iterator[list[str]]:
    """Batches of the fingerprints of these workers that more than one live worker holds.

    On SQLite one statement answers it, so a bundle of 100,000 new workers reads back only
    the doubles (usually none), not 100,000 prints. Each touched row's print is counted in
    the (id_fingerprint, deleted) index, up to two: a quarter of the time of collecting the
    distinct prints first and grouping the live rows that hold them."""
    if unit.conn.dialect.name == "sqlite":
        found = unit.conn.exec_driver_sql(
            "SELECT DISTINCT w.id_fingerprint FROM worker AS w"
            " WHERE w.id IN (SELECT value FROM json_each(?)) AND w.id_fingerprint != ''"
            " AND (SELECT count(*) FROM (SELECT 1 FROM worker AS o"
            " WHERE o.id_fingerprint = w.id_fingerprint AND o.deleted = 0 LIMIT 2)) > 1",
            (orjson.dumps(sorted(worker_ids)).decode(),),
        )
        yield from _chunks(list(found.scalars()), 500)
        return
    for prints in _chunks(sorted(_prints_of(unit, worker_ids)), 500):
        doubled = list(
            unit.session.scalars(
                select(Worker.id_fingerprint)
                .where(Worker.id_fingerprint.in_(prints), Worker.deleted.is_(False))
                .group_by(Worker.id_fingerprint)
                .having(func.count() > 1)
            )
        )
        if doubled:
            yield doubled


def _prints_of(unit: WriteUnit, worker_ids: set[str]) -> set[str]:
    """The ID fingerprints of these workers (live or not: a row deleted here may still be
    doubled by two others)."""
    result: set[str] = set()
    for ids in _chunks(sorted(worker_ids), 500):
        result.update(
            unit.conn.scalars(
                select(Worker.id_fingerprint).where(Worker.id.in_(ids), Worker.id_fingerprint != "")
            )
        )
    return result


@dataclass(frozen=True)
class ConflictView:
    id: str
    kind: str
    key: str
    row_ids: list[str]
    status: str
    resolution: str
    note: str


def list_conflicts(session: Session, *, open_only: bool = True) -> list[ConflictView]:
    query = select(Conflict).where(Conflict.deleted.is_(False)).order_by(Conflict.stamp)
    if open_only:
        query = query.where(Conflict.status == "open")
    return [
        ConflictView(c.id, c.kind, c.key, orjson.loads(c.row_ids), c.status, c.resolution, c.note)
        for c in session.scalars(query)
    ]


def resolve(
    unit: WriteUnit, conflict_id: str, action: str, *, keep: str | None = None, note: str = ""
) -> None:
    """Resolve a conflict by a person's decision; the decision syncs like any change."""
    conflict = unit.session.get(Conflict, conflict_id)
    if conflict is None:
        matches = [
            c for c in unit.session.scalars(select(Conflict)) if c.id.startswith(conflict_id)
        ]
        conflict = matches[0] if len(matches) == 1 else None
    if conflict is None:
        raise DomainError(Problem("conflict.not_found", params={"ref": conflict_id}))
    if conflict.status != "open":
        raise DomainError(Problem("conflict.resolved"))
    allowed = ACTIONS.get(conflict.kind, ())
    if action not in allowed:
        raise DomainError(
            Problem("conflict.action", params={"action": action, "allowed": "、".join(allowed)})
        )
    rows: list[str] = orjson.loads(conflict.row_ids)
    resolution = action
    if conflict.kind == DUPLICATE_WORKER and action == "keep":
        if keep not in rows:
            raise DomainError(Problem("conflict.keep", field="keep"))
        for other in rows:
            if other != keep:
                unit.journal.delete(Worker, other)
        resolution = f"keep:{keep}"
    elif not note.strip() and action in ("both", "accept", "acknowledge"):
        raise DomainError(Problem("conflict.note", field="note"))
    if conflict.kind == DOUBLE_HANDOUT and action == "return":
        handouts = [unit.session.get(Handout, r) for r in rows]
        extra = sorted((h for h in handouts if h is not None), key=lambda h: h.stamp)[1:]
        for h in extra:  # the goods of the later handouts came back into stock
            # the same id wherever this is decided, so two managers deciding it offline
            # return the goods once, not twice
            move_id = reference_id("stock_movement", f"return:{conflict.id}:{h.id}")
            if unit.session.get(StockMovement, move_id) is None:
                move_stock(
                    unit,
                    h.item_id,
                    "return",
                    Decimal(h.quantity),
                    h.at.astimezone(DEFAULT_TZ).date(),
                    note=f"重复发放退回 {conflict.id[:8]}",
                    campaign_id=h.campaign_id,
                    row_id=move_id,
                )
    unit.journal.update(
        Conflict,
        conflict.id,
        {
            "status": "resolved",
            "resolution": resolution,
            "note": note.strip(),
            "resolved_by": unit.journal.author,
        },
    )


@dataclass(frozen=True)
class Side:
    """One of the records a conflict is about, as facts to set side by side."""

    row_id: str
    facts: list[tuple[str, str]]  # (fact key, value); keys in SIDE_FACTS order


# fact keys a side may carry, in the order they are shown
SIDE_FACTS = (
    "site",
    "name",
    "gender",
    "birth",
    "id",
    "team",
    "trade",
    "status",
    "registered",
    "item",
    "quantity",
    "recipient",
    "handed_at",
    "handed_by",
    "request",
    "step",
    "step_at",
    "step_by",
    "note",
    "stage_now",
)


def sides(session: Session, conflict_id: str) -> list[Side]:
    """The records of a conflict, each as facts a person can compare (numbers masked)."""
    from app.domain.codes import TRADES, label
    from app.domain.requests import EVENT_LABELS, STAGE_LABELS, EventKind
    from app.store.models import Request, RequestEvent, Site, SupplyItem, Team
    from app.store.requests import state_of
    from app.store.worker_record import worker_detail

    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise DomainError(Problem("conflict.not_found", params={"ref": conflict_id}))
    row_ids: list[str] = orjson.loads(conflict.row_ids)
    site_names = {s.id: s.name for s in session.scalars(select(Site))}

    def when(at: Any) -> str:
        return at.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M") if at else ""

    out: list[Side] = []
    for rid in row_ids:
        facts: list[tuple[str, str]] = []
        if conflict.kind == DUPLICATE_WORKER:
            worker = session.get(Worker, rid)
            if worker is None:
                continue
            d = worker_detail(session, rid)
            status = {"on_site": "在场", "left": "已退场", "never": "未进场"}[d.presence.value]
            facts = [
                ("site", site_names.get(worker.site_id, "")),
                ("name", d.name),
                ("gender", {"M": "男", "F": "女"}.get(d.gender, d.gender)),
                ("birth", f"{d.birth_date}" if d.birth_date else ""),
                ("id", d.id_masked),
                ("team", d.team),
                ("trade", label(TRADES, d.trade_code)),
                ("status", status),
                ("registered", when(worker.created_at)),
            ]
        elif conflict.kind == DOUBLE_HANDOUT:
            h = session.get(Handout, rid)
            if h is None:
                continue
            item = session.get(SupplyItem, h.item_id)
            who = session.get(Worker, h.worker_id) if h.worker_id else None
            team = session.get(Team, h.team_id) if h.team_id else None
            facts = [
                ("site", site_names.get(h.site_id, "")),
                ("item", item.name if item else ""),
                ("quantity", f"{fmt_qty(h.quantity)} {item.unit if item else ''}"),
                ("recipient", who.name if who else (team.name if team else "")),
                ("handed_at", when(h.at)),
                ("handed_by", h.handed_by),
            ]
        elif conflict.kind == REQUEST_STEP:
            e = session.get(RequestEvent, rid)
            if e is None:
                continue
            request = session.get(Request, e.request_id)
            kind = EventKind(e.kind) if e.kind in set(EventKind) else None
            facts = [
                ("site", site_names.get(e.site_id, "")),
                ("request", request.number if request else ""),
                ("step", EVENT_LABELS[kind] if kind else e.kind),
                ("step_at", when(e.at)),
                ("step_by", e.actor),
                ("note", e.note),
                ("stage_now", STAGE_LABELS[state_of(session, e.request_id).stage]),
            ]
        out.append(Side(rid, facts))
    return out
