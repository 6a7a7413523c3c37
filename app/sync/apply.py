"""Applying a bundle: verify, then merge per DESIGN.md in one transaction with bookkeeping.

* mutable rows merge per field, last writer wins by ``(hlc, node)`` — compared as version
  stamps; an insert of a row that exists (reference data seeded on several nodes) merges the
  same way, and the earliest insert gives the row its creation stamp;
* append-only rows are a union: an insert of a row that exists is a no-op;
* an update whose row has not arrived yet is kept (``deferred_change``) and merged when the
  row's insert comes;
* derived values (request status, stock on hand) are computed from these rows on read, so
  nothing else needs recomputing.

The receiver's head for the sender (``peer``) moves in the same transaction, so applying a
bundle twice, or crashing halfway, changes nothing. A bundle whose start lies beyond the head
is a gap: nothing is applied and the missing range is reported.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import delete, insert, select, update

from app.store import codec, schema
from app.store.database import MAX_FOLLOW_MS, Database, WriteUnit
from app.store.hlc import pack, physical_ms, stamp, to_datetime
from app.store.journal import GENESIS, RemoteWriter, driver_insert
from app.store.models import (
    Change,
    DeferredChange,
    Handout,
    HeldBundle,
    Peer,
    RequestEvent,
    Synced,
    SyncMode,
    Worker,
    model_for_entity,
    table_of,
)
from app.store.types import Milli, UTCDateTime
from app.sync import bundle as bundles
from app.sync.bundle import Bundle, BundleError, Entry, Header
from app.sync.conflicts import detect
from app.sync.keys import HQ, Keys, ensure_keys
from app.sync.upgrade import upgrade_entries

SYNC_AUTHOR = "sync"
_CHUNK = 500


@dataclass
class ApplyResult:
    node_id: str
    seq_from: int
    seq_to: int
    applied: int = 0  # changes newly taken (including digests of out-of-scope ones)
    duplicate: bool = False  # already held: a resend is a no-op
    missing: tuple[int, int] | None = None  # a gap before this bundle: nothing applied
    held: str | None = None  # schema revision of a bundle kept for a newer app
    conflicts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Scope:
    """What this node may hold: HQ everything; a site its own records and shared ones."""

    site_id: str
    everything: bool

    def allows(self, site_id: str) -> bool:
        return self.everything or site_id in (self.site_id, "*")


def scope_of(db: Database) -> Scope:
    node = db.local_node()
    return Scope(node.site_id, node.kind == HQ)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A bundle of 20,000 changes makes a few hundred thousand short-lived, acyclic objects;
    the cycle collector walking them again and again costs a tenth of the apply. It is
    paused for one bundle (whose size is capped) and runs as usual afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def apply_bundle(
    db: Database,
    data: bytes,
    *,
    public_key: str | None = None,
    peer_info: Mapping[str, str] | None = None,
    attachments: Any = None,
) -> ApplyResult:
    """Verify and apply one bundle. ``public_key`` is the sender's key as published next to its
    bundles; it is trusted on first use and must match the key recorded since."""
    keys = ensure_keys(db)
    header = bundles.read_header(data)
    result = ApplyResult(header.node_id, header.seq_from, header.seq_to)
    if header.node_id == keys.node_id:
        result.duplicate = True
        return result
    key = _trusted_key(db, header.node_id, public_key)
    if header.schema not in schema.known_revisions():
        bundles.verify_signature(data, key)  # only what its node signed is kept for later
        _hold(db, header, data, key)
        result.held = header.schema
        return result
    if _held_already(db, header):  # a resend: its signature is checked, its body need not be
        bundles.verify_signature(data, key)
        result.duplicate = True
        return result
    with _collector_paused():
        return _apply(db, data, keys, key, header, result, peer_info, attachments)


def _held_already(db: Database, header: Header) -> bool:
    """Whether this node holds the sender's changes up to the bundle's last one, with the
    same chain hash there: then the bundle is a resend. (A fork goes the long way, and fails.)"""
    with db.read() as session:
        peer = session.get(Peer, header.node_id)
        if peer is None or peer.applied_seq < header.seq_to:
            return False
        if peer.applied_seq == header.seq_to:
            return peer.applied_hash == header.last_hash
        held = session.scalar(
            select(Change.hash).where(Change.node_id == header.node_id, Change.seq == header.seq_to)
        )
        return held == header.last_hash


def _apply(
    db: Database,
    data: bytes,
    keys: Keys,
    key: str,
    header: Header,
    result: ApplyResult,
    peer_info: Mapping[str, str] | None,
    attachments: Any,
) -> ApplyResult:
    bundle = bundles.decode(data, keys, key)
    scope = scope_of(db)
    if any(e.redacted and not e.erased and scope.allows(e.site_id) for e in bundle.entries):
        raise BundleError("bundle.scope")  # another audience's stream: it would skip ours
    entries = upgrade_entries(bundle.entries, header.schema)
    if attachments is not None:
        attachments.store_all(bundle.attachments)
    chain = _chain(bundle)
    with db.write(SYNC_AUTHOR) as unit:
        peer = unit.session.get(Peer, header.node_id)
        applied, applied_hash = (peer.applied_seq, peer.applied_hash) if peer else (0, GENESIS)
        if header.seq_to <= applied:
            _check_overlap(header, chain, applied, applied_hash)
            result.duplicate = True
            return result
        if header.seq_from > applied + 1:
            result.missing = (applied + 1, header.seq_from - 1)
            return result
        _check_overlap(header, chain, applied, applied_hash)
        fresh = [e for e in entries if e.seq > applied]
        unit.journal.head()
        _observe(unit, max((e.hlc for e in fresh if not e.redacted), default=0))
        touched = merge(unit, header.node_id, fresh, chain, scope)
        result.applied = len(fresh)
        result.conflicts = detect(
            unit, touched["worker"], touched["handout_key"], touched["request"]
        )
        apply_deferred(unit)  # a conflict row found here may have a resolution waiting
        _save_peer(unit, header, peer_info, key, bundle)
        unit.session.flush()
    return result


def _trusted_key(db: Database, node_id: str, offered: str | None) -> str:
    with db.read() as session:
        peer = session.get(Peer, node_id)
        known = peer.public_key if peer else None
    if known and offered and known != offered:
        raise BundleError("bundle.key_changed", node=node_id[:8])
    key = known or offered
    if not key:
        raise BundleError("bundle.signature")
    return key


def _hold(db: Database, header: Header, data: bytes, key: str) -> None:
    with db.engine.begin() as conn:
        exists = conn.execute(
            select(HeldBundle.node_id).where(
                HeldBundle.node_id == header.node_id, HeldBundle.seq_from == header.seq_from
            )
        ).first()
        if exists is None:
            conn.execute(
                insert(HeldBundle).values(
                    node_id=header.node_id,
                    seq_from=header.seq_from,
                    seq_to=header.seq_to,
                    schema_revision=header.schema,
                    public_key=key,
                    held_at=datetime.now(UTC),
                    data=data,
                )
            )


def held_bundles(db: Database) -> list[tuple[str, int, int, str]]:
    with db.read() as session:
        rows = session.execute(
            select(
                HeldBundle.node_id,
                HeldBundle.seq_from,
                HeldBundle.seq_to,
                HeldBundle.schema_revision,
            ).order_by(HeldBundle.node_id, HeldBundle.seq_from)
        ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def retry_held(db: Database, attachments: Any = None) -> list[ApplyResult]:
    """After an update: apply what was kept because it came from a newer app."""
    results = []
    with db.read() as session:
        held = session.execute(select(HeldBundle).order_by(HeldBundle.seq_from)).scalars().all()
        items = [(h.node_id, h.seq_from, h.schema_revision, h.public_key, h.data) for h in held]
    known = set(schema.known_revisions())
    for node_id, seq_from, revision, key, data in items:
        if revision not in known:
            continue
        try:
            result = apply_bundle(db, data, public_key=key, attachments=attachments)
        except BundleError:
            result = None  # not a bundle its node wrote: nothing to keep it for
        if result is None or result.held is None:
            with db.engine.begin() as conn:
                conn.execute(
                    delete(HeldBundle).where(
                        HeldBundle.node_id == node_id, HeldBundle.seq_from == seq_from
                    )
                )
        if result is not None:
            results.append(result)
    return results


def _chain(bundle: Bundle) -> dict[int, str]:
    """The chain hash after each change of a decoded bundle, by seq."""
    return dict(
        zip(range(bundle.header.seq_from, bundle.header.seq_to + 1), bundle.hashes, strict=True)
    )


def _check_overlap(
    header: Header, chain: Mapping[int, str], applied: int, applied_hash: str
) -> None:
    """Where a bundle overlaps what we hold, both must be the same chain (no fork, no rewrite)."""
    if header.seq_from == 1 and header.prev_hash != GENESIS:
        raise BundleError("bundle.chain", detail="start")  # a chain begins at the genesis hash
    if applied == 0 or not header.seq_from - 1 <= applied <= header.seq_to:
        return  # no common change to compare
    at = header.prev_hash if applied < header.seq_from else chain[applied]
    if at != applied_hash:
        raise BundleError("bundle.chain", detail=f"fork at {applied}")


def _save_peer(
    unit: WriteUnit, header: Header, info: Mapping[str, str] | None, key: str, bundle: Bundle
) -> None:
    drift = header.created_ms - unit.journal.remote().clock.wall() if header.created_ms else None
    values: dict[str, Any] = {
        "applied_seq": header.seq_to,
        "applied_hash": header.last_hash,
        "last_contact": datetime.now(UTC),
        "drift_ms": drift,
        "last_error": "",
    }
    info = info or {}
    for name in ("site_id", "kind", "tag", "name"):
        if info.get(name):
            values[name] = info[name]
    if info.get("app_version"):
        values["app_version"] = info["app_version"][:20]
    if info.get("schema"):
        values["schema_rev"] = info["schema"][:40]
    if unit.session.get(Peer, header.node_id) is None:
        unit.conn.execute(insert(Peer).values(node_id=header.node_id, public_key=key, **values))
    else:
        unit.conn.execute(update(Peer).where(Peer.node_id == header.node_id).values(**values))


def _observe(unit: WriteUnit, remote_hlc: int) -> None:
    """Follow a remote clock, but not one far ahead of this PC's (its drift is recorded);
    an edit of a row that holds such a version still stamps past it (Journal.update)."""
    clock = unit.journal.remote().clock
    clock.observe(min(remote_hlc, pack(clock.wall() + MAX_FOLLOW_MS, 0)))


# --- the merge --------------------------------------------------------------------------


def merge(
    unit: WriteUnit,
    origin: str,
    entries: Sequence[Entry],
    chain: Mapping[int, str],
    scope: Scope,
) -> dict[str, set[str]]:
    """Merge one sender's consecutive changes (``chain``: the verified chain hash after each,
    by seq); returns what conflict detection should check."""
    writer = unit.journal.remote()
    touched: dict[str, set[str]] = {"worker": set(), "handout_key": set(), "request": set()}
    records: list[tuple[Any, ...]] = []
    inserts: dict[str, list[Entry]] = defaultdict(list)
    updates: list[Entry] = []
    sites = None if scope.everything else {scope.site_id, "*"}
    for e in entries:
        if e.fields is None or (sites is not None and e.site_id not in sites):
            continue
        records.append(
            (
                origin,
                e.seq,
                e.hlc,
                e.entity,
                e.row_id,
                e.site_id,
                e.op,
                e.fields,
                e.author,
                chain[e.seq],
            )
        )
        (inserts[e.entity].append(e) if e.op == "i" else updates.append(e))
    writer.record(records)
    for entity, group in inserts.items():
        _merge_inserts(unit, writer, origin, model_for_entity(entity), group, touched)
    for e in updates:
        _merge_update(unit, writer, origin, e, touched)
    apply_deferred(unit, touched)
    return touched


def _decode(model: type[Synced], e: Entry) -> dict[str, Any]:
    assert e.fields is not None
    return codec.decode(model, orjson.loads(e.fields))


def _touch(
    touched: dict[str, set[str]], model: type[Synced], row_id: str, values: Mapping[str, Any]
) -> None:
    if model is Worker:
        touched["worker"].add(row_id)
    elif model is Handout and values.get("entitlement_key"):
        touched["handout_key"].add(str(values["entitlement_key"]))
    elif model is RequestEvent and values.get("request_id"):
        touched["request"].add(str(values["request_id"]))


def _current(unit: WriteUnit, model: type[Synced], ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    table = table_of(model)
    found: dict[str, dict[str, Any]] = {}
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        rows = unit.conn.execute(select(table).where(table.c.id.in_(ids[i : i + _CHUNK])))
        found.update({r["id"]: dict(r) for r in rows.mappings()})
    return found


def _existing(unit: WriteUnit, model: type[Synced], ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` the table holds already."""
    table = table_of(model)
    if unit.conn.dialect.name == "sqlite":  # one statement, not one bound parameter per id
        found = unit.conn.exec_driver_sql(
            f"SELECT id FROM {table.name} WHERE id IN (SELECT value FROM json_each(?))",
            (orjson.dumps(list(ids)).decode(),),
        )
        return set(found.scalars())
    result: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        result.update(
            unit.conn.scalars(select(table.c.id).where(table.c.id.in_(ids[i : i + _CHUNK])))
        )
    return result


def _merge_inserts(
    unit: WriteUnit,
    writer: RemoteWriter,
    origin: str,
    model: type[Synced],
    group: list[Entry],
    touched: dict[str, set[str]],
) -> None:
    existing = _existing(unit, model, [e.row_id for e in group])
    fast = _SqliteRows.for_model(model) if unit.conn.dialect.name == "sqlite" else None
    new_rows: list[Any] = []
    later: list[Entry] = []
    loads, is_worker = orjson.loads, model is Worker
    for e in group:
        if e.row_id in existing:
            later.append(e)
            continue
        existing.add(e.row_id)
        if fast is not None:
            raw = loads(e.fields or "{}")
            new_rows.append(fast.row(raw, e, origin))
            if not is_worker:
                _touch(touched, model, e.row_id, raw)
            continue
        values = _decode(model, e)
        new_rows.append({**values, **_meta(e, origin, to_datetime(e.hlc))})
        _touch(touched, model, e.row_id, values)
    if is_worker:
        touched["worker"].update(e.row_id for e in group)
    if fast is not None:
        writer.insert_driver_rows(fast.sql, new_rows)
    else:
        writer.insert_rows(model, new_rows)
    for e in later:  # a row that exists (here before, or earlier in this batch): merge
        current = _current(unit, model, [e.row_id])[e.row_id]
        _merge_into(unit, writer, origin, model, e, current, touched)


def _meta(e: Entry, origin: str, when: Any) -> dict[str, Any]:
    """The sync columns of a row created by a received insert."""
    return {
        "id": e.row_id,
        "site_id": e.site_id,
        "created_at": when,
        "updated_at": when,
        "updated_by": e.author,
        "stamp": stamp(e.hlc, origin),
        "field_versions": "{}",
    }


def _sqlite_time(iso: str) -> str:
    """A change's UTC time (``2026-08-26T01:30:00[.ffffff]Z``) as SQLAlchemy stores it on SQLite."""
    micro = iso[20:26] if iso[19] == "." else "000000"
    return f"{iso[:10]} {iso[11:19]}.{micro}"


def _sqlite_milli(text: str) -> int:
    return int(Decimal(text).scaleb(3))


@dataclass(frozen=True)
class _SqliteRows:
    """Received rows straight from their JSON to SQLite's stored form.

    A first sync brings tens of thousands of rows; decoding every value to Python and
    encoding it again costs more than the insert. On SQLite the JSON forms of dates, flags,
    text and integers are already the stored forms; times and quantities are rewritten
    here. tests/sync/test_apply.py checks the stored bytes equal the sender's.
    """

    sql: str
    columns: tuple[str, ...]
    converting: tuple[tuple[str, Any], ...]  # (column, converter) outside the sync columns
    defaults: Mapping[str, Any]
    pick: Any  # operator.itemgetter over ``columns``

    @classmethod
    @cache
    def for_model(cls, model: type[Synced]) -> _SqliteRows:
        from sqlalchemy.dialects import sqlite

        table = table_of(model)
        target = driver_insert(table, sqlite.dialect())
        converting: list[tuple[str, Any]] = []
        for column in table.columns:
            if column.key in _META_COLUMNS:
                continue
            if isinstance(column.type, UTCDateTime):
                converting.append((column.key, _sqlite_time))
            elif isinstance(column.type, Milli):
                converting.append((column.key, _sqlite_milli))
        defaults = {
            c.key: (c.default.arg if c.default is not None and c.default.is_scalar else None)  # type: ignore[attr-defined]
            for c in table.columns
        }
        return cls(
            target.sql, target.columns, tuple(converting), defaults, itemgetter(*target.columns)
        )

    def row(self, raw: Mapping[str, Any], e: Entry, origin: str) -> tuple[Any, ...]:
        when = _sqlite_hlc_time(physical_ms(e.hlc))
        values = {
            **self.defaults,
            **raw,
            "id": e.row_id,
            "site_id": e.site_id,
            "created_at": when,
            "updated_at": when,
            "updated_by": e.author,
            "stamp": f"{e.hlc:016x}:{origin}",
            "field_versions": "{}",
        }
        for name, convert in self.converting:
            value = values[name]
            if value is not None:
                values[name] = convert(value)
        row: tuple[Any, ...] = self.pick(values)
        return row


_META_COLUMNS = frozenset(
    ("id", "site_id", "created_at", "updated_at", "updated_by", "stamp", "field_versions")
)


@lru_cache(maxsize=4096)
def _sqlite_hlc_time(ms: int) -> str:
    """A change's time (its HLC's wall milliseconds) as SQLAlchemy stores it on SQLite."""
    return to_datetime(pack(ms, 0)).strftime("%Y-%m-%d %H:%M:%S.%f")


def _merge_update(
    unit: WriteUnit, writer: RemoteWriter, origin: str, e: Entry, touched: dict[str, set[str]]
) -> None:
    model = model_for_entity(e.entity)
    current = _current(unit, model, [e.row_id]).get(e.row_id)
    if current is None:
        unit.conn.execute(  # a local table: the change itself is already in the journal
            insert(DeferredChange).values(
                node_id=origin, seq=e.seq, entity=e.entity, row_id=e.row_id
            )
        )
        return
    _merge_into(unit, writer, origin, model, e, current, touched)


def _merge_into(
    unit: WriteUnit,
    writer: RemoteWriter,
    origin: str,
    model: type[Synced],
    e: Entry,
    current: Mapping[str, Any],
    touched: dict[str, set[str]],
) -> None:
    """Merge one change into an existing row.

    Updates: per-field last-writer-wins by version stamp, and any update outranks a field's
    insert value, whatever the stamps (a node may insert a row — a conflict it found —
    after another node's update of that row was written). Inserts of a row that exists (the
    same reference row seeded by several nodes, a conflict found by two) rank below every
    update: the earliest insert gives the row its creation stamp and the value of each field
    no update has touched; a later insert changes nothing. ``updated_at``/``updated_by``
    belong to the change with the highest version the row holds. Any order of delivery
    therefore ends in the same row.
    """
    values = _decode(model, e)
    incoming = stamp(e.hlc, origin)
    base: str = current["stamp"]
    if model.__sync__ is SyncMode.APPEND and e.op == "i":
        # a union: the row is there already. Two nodes that wrote the same record (a
        # decision both took, with the id derived from it) keep the earliest copy. (The
        # only update of such a row is retention's erasure, merged like any update below.)
        if incoming < base:
            when = to_datetime(e.hlc)
            writer.update_row(
                model,
                e.row_id,
                {
                    **values,
                    "stamp": incoming,
                    "created_at": when,
                    "updated_at": when,
                    "updated_by": e.author,
                },
            )
        return
    versions: dict[str, str] = orjson.loads(current["field_versions"])
    changes: dict[str, Any] = {}
    if e.op == "i":
        if incoming >= base:
            return  # a later insert of a row we hold: the earlier one stands
        for name, value in values.items():
            if name not in versions:  # never updated: the earliest insert's value
                changes[name] = value
        changes["stamp"] = incoming
        changes["created_at"] = to_datetime(e.hlc)
        if not versions:  # the insert is the row's only version: it is also the latest
            changes["updated_at"] = to_datetime(e.hlc)
            changes["updated_by"] = e.author
    else:
        # a field no update has touched holds an insert's value, which every update outranks
        latest = max(versions.values(), default="")
        for name, value in values.items():
            held = versions.get(name)
            if held is None or incoming > held:
                changes[name] = value
                versions[name] = incoming
        if not changes:
            return
        if incoming > latest:
            changes["updated_at"] = to_datetime(e.hlc)
            changes["updated_by"] = e.author
        changes["field_versions"] = orjson.dumps(versions, option=orjson.OPT_SORT_KEYS).decode()
    writer.update_row(model, e.row_id, changes)
    _touch(touched, model, e.row_id, {**current, **values})


def apply_deferred(unit: WriteUnit, touched: dict[str, set[str]] | None = None) -> None:
    """Merge waiting updates whose row now exists — however it came to exist: a received
    insert, a row this node made itself (a conflict it found, reference data it seeded)."""
    writer = unit.journal.remote()
    touched = (
        touched
        if touched is not None
        else {"worker": set(), "handout_key": set(), "request": set()}
    )
    waiting = unit.conn.execute(select(DeferredChange)).all()
    for w in waiting:
        model = model_for_entity(w.entity)
        current = _current(unit, model, [w.row_id]).get(w.row_id)
        if current is None:
            continue
        change = unit.conn.execute(
            select(Change).where(Change.node_id == w.node_id, Change.seq == w.seq)
        ).one()
        entry = Entry(
            change.seq,
            "",
            change.hlc,
            change.entity,
            change.row_id,
            change.site_id,
            change.op,
            change.author,
            change.fields,
        )
        _merge_into(unit, writer, w.node_id, model, entry, current, touched)
        unit.conn.execute(
            delete(DeferredChange).where(
                DeferredChange.node_id == w.node_id, DeferredChange.seq == w.seq
            )
        )
