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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson
from sqlalchemy import bindparam, delete, insert, select, update

from app.store import codec, schema
from app.store.database import MAX_FOLLOW_MS, Database, WriteUnit
from app.store.hlc import COUNTER_BITS, pack, stamp, to_datetime
from app.store.journal import GENESIS, RemoteWriter
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
    pipeline: Pipeline | None = None,
) -> ApplyResult:
    """Verify and apply one bundle. ``public_key`` is the sender's key as published next to its
    bundles; it is trusted on first use and must match the key recorded since. ``pipeline`` may
    hold this bundle decoded already (see :class:`Pipeline`)."""
    keys = pipeline.keys if pipeline is not None else ensure_keys(db)
    header = bundles.read_header(data)
    if bundles.is_stub(data):
        (outcome,) = apply_stubs(db, [Stub(data, public_key, peer_info)])
        if isinstance(outcome, BundleError):
            raise outcome
        return outcome
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
        return _apply(db, data, keys, key, header, result, peer_info, attachments, pipeline)


@dataclass(frozen=True)
class Stub:
    """A stub to apply (see bundle.py), with what its transport says of its sender."""

    data: bytes
    public_key: str | None = None
    peer_info: Mapping[str, str] | None = None


def apply_stubs(db: Database, stubs: Sequence[Stub]) -> list[ApplyResult | BundleError]:
    """Apply a run of stubs — in order, several senders' alike — in one transaction: a stub
    carries nothing for this node, and applying it only moves this node's head for its
    sender, as applying the whole bundle would. Each gets its result, or the error that
    refused it (nothing of it applied; the others are not held up).

    A stub must start right where this node holds its sender's chain, with the same hash:
    its chain cannot be checked change by change. One that overlaps what is held only
    partly comes back as missing: its whole bundle is needed, and the next pull sends it."""
    keys = ensure_keys(db)
    scope = scope_of(db)
    outcomes: list[ApplyResult | BundleError] = []
    ready: list[tuple[int, Header, str, Mapping[str, str] | None]] = []
    with db.read() as session:
        known = {n: k for n, k in session.execute(select(Peer.node_id, Peer.public_key)).all()}
    for stub in stubs:
        try:
            header = bundles.read_header(stub.data)
        except BundleError as exc:
            outcomes.append(exc)
            continue
        result = ApplyResult(header.node_id, header.seq_from, header.seq_to)
        outcomes.append(result)
        if header.node_id == keys.node_id:
            result.duplicate = True
            continue
        try:
            key = known.get(header.node_id) or stub.public_key
            if stub.public_key and key != stub.public_key:
                raise BundleError("bundle.key_changed", node=header.node_id[:8])
            if not key:
                raise BundleError("bundle.signature")
            bundles.decode_stub(stub.data, keys, key)
            if any(scope.allows(site) for site in header.hidden):
                raise BundleError("bundle.scope")  # another audience's stream: it would skip ours
        except BundleError as exc:
            outcomes[-1] = exc
            continue
        known[header.node_id] = key
        ready.append((len(outcomes) - 1, header, key, stub.peer_info))
    if not ready:
        return outcomes
    with db.write(SYNC_AUTHOR) as unit:
        # each sender's head, read once and moved here stub by stub; written once at the end
        heads = _heads(unit, {header.node_id for _, header, _, _ in ready})
        stored = set(heads)
        moved: dict[str, tuple[Header, str, dict[str, str]]] = {}  # last stub, key, details
        for at, header, key, info in ready:
            done = outcomes[at]
            assert isinstance(done, ApplyResult)
            applied, applied_hash = heads.get(header.node_id, (0, GENESIS))
            if header.seq_to <= applied:
                if header.seq_to == applied and header.last_hash != applied_hash:
                    outcomes[at] = BundleError("bundle.chain", detail=f"fork at {applied}")
                done.duplicate = True
            elif header.seq_from > applied + 1:
                done.missing = (applied + 1, header.seq_from - 1)
            elif header.seq_from <= applied:
                done.missing = (applied + 1, header.seq_to)  # its whole bundle is needed
            elif header.prev_hash != applied_hash:
                outcomes[at] = BundleError("bundle.chain", detail=f"fork at {applied}")
            else:
                done.applied = header.changes
                heads[header.node_id] = (header.seq_to, header.last_hash)
                said = moved[header.node_id][2] if header.node_id in moved else {}
                said.update((k, v) for k, v in (info or {}).items() if v)
                moved[header.node_id] = (header, key, said)
        for node_id, (header, key, said) in moved.items():
            _save_peer(unit, header, said, key, exists=node_id in stored)
    return outcomes


def _heads(unit: WriteUnit, node_ids: set[str]) -> dict[str, tuple[int, str]]:
    """How far this node holds each of these senders' chains: seq and hash, for those it
    has heard from."""
    found: dict[str, tuple[int, str]] = {}
    ids = sorted(node_ids)
    for i in range(0, len(ids), _CHUNK):
        rows = unit.conn.execute(
            select(Peer.node_id, Peer.applied_seq, Peer.applied_hash).where(
                Peer.node_id.in_(ids[i : i + _CHUNK])
            )
        )
        found.update((n, (seq, h)) for n, seq, h in rows)
    return found


def _held_already(db: Database, header: Header) -> bool:
    """Whether this node holds the sender's changes up to the bundle's last one, with the
    same chain hash there: then the bundle is a resend. (A fork goes the long way, and fails.)"""
    with db.engine.connect() as conn:
        peer = conn.execute(
            select(Peer.applied_seq, Peer.applied_hash).where(Peer.node_id == header.node_id)
        ).first()
        if peer is None or peer.applied_seq < header.seq_to:
            return False
        if peer.applied_seq == header.seq_to:
            return bool(peer.applied_hash == header.last_hash)
        held = conn.execute(
            select(Change.hash).where(Change.node_id == header.node_id, Change.seq == header.seq_to)
        ).scalar()
        return bool(held == header.last_hash)


@dataclass(frozen=True)
class _Decoded:
    """A bundle verified, decrypted and made ready to merge: everything that needs no
    database (see Pipeline)."""

    bundle: Bundle
    entries: Sequence[Entry]  # brought to this app's schema
    chain: dict[int, str]
    plan: Plan  # for all its entries (a bundle that overlaps what is held makes its own)
    newest: int  # the latest HLC among the changes it carries in full


def _decode_bundle(data: bytes, keys: Keys, key: str, header: Header, scope: Scope) -> _Decoded:
    bundle = bundles.decode(data, keys, key)
    if any(e.redacted and not e.erased and scope.allows(e.site_id) for e in bundle.entries):
        raise BundleError("bundle.scope")  # another audience's stream: it would skip ours
    entries = upgrade_entries(bundle.entries, header.schema)
    chain = _chain(bundle)
    return _Decoded(
        bundle,
        entries,
        chain,
        Plan.of(header.node_id, entries, chain, scope),
        max((e.hlc for e in entries if not e.redacted), default=0),
    )


def _apply(
    db: Database,
    data: bytes,
    keys: Keys,
    key: str,
    header: Header,
    result: ApplyResult,
    peer_info: Mapping[str, str] | None,
    attachments: Any,
    pipeline: Pipeline | None,
) -> ApplyResult:
    scope = scope_of(db)
    decoding = pipeline.take(data, key, scope) if pipeline is not None else None
    # a decoding error raises here just as it would have when decoded inline
    ready = (
        decoding.result()
        if decoding is not None
        else _decode_bundle(data, keys, key, header, scope)
    )
    if attachments is not None:
        attachments.store_all(ready.bundle.attachments)
    with db.write(SYNC_AUTHOR) as unit:
        peer = unit.session.get(Peer, header.node_id)
        applied, applied_hash = (peer.applied_seq, peer.applied_hash) if peer else (0, GENESIS)
        if header.seq_to <= applied:
            _check_overlap(header, ready.chain, applied, applied_hash)
            result.duplicate = True
            return result
        if header.seq_from > applied + 1:
            result.missing = (applied + 1, header.seq_from - 1)
            return result
        _check_overlap(header, ready.chain, applied, applied_hash)
        whole = applied < header.seq_from
        fresh = ready.entries if whole else [e for e in ready.entries if e.seq > applied]
        unit.journal.head()
        newest = ready.newest if whole else max((e.hlc for e in fresh if not e.redacted), default=0)
        _observe(unit, newest)
        touched = merge(
            unit,
            header.node_id,
            fresh,
            ready.chain,
            scope,
            recorded=pipeline.start if pipeline else None,
            plan=ready.plan if whole else None,
        )
        result.applied = len(fresh)
        result.conflicts = detect(
            unit, touched["worker"], touched["handout_key"], touched["request"]
        )
        apply_deferred(unit)  # a conflict row found here may have a resolution waiting
        _save_peer(unit, header, peer_info, key, exists=peer is not None)
        unit.session.flush()
    return result


class Pipeline:
    """Applying a run of bundles with both cores: the next bundle is decoded in a thread
    while the current one is written.

    Decoding — the signature, decryption, decompression, parsing, and a hash of every change
    for its chain — is about a third of applying a first sync, and it is Python's work.
    Writing is SQLite's, which lets go of Python's interpreter lock while a statement runs.
    So a receiver that knows which bundle it applies next (the next file of a folder, the
    next frame of a pull) hands it to :meth:`prefetch` before it applies the current one,
    and passes this object to :func:`apply_bundle`. The decoding starts when the current
    bundle's journal rows are recorded (:meth:`start`): from there on its apply is a few
    long statements and the commit, which leave the lock free. (The row-by-row insert of the
    journal rows hands the lock over at every row and waits for it back: decoding beside it
    was slower than no thread at all.) :func:`apply_bundle` takes the decoded bundle when it
    is the same bytes with the same key; only a bundle that would be decoded anyway is
    worth prefetching: one with changes past what this node will hold of its sender.

    Use as a context manager: leaving it waits for the thread.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self.keys = ensure_keys(db)  # this node's: the bundles it applies meanwhile use them
        self._decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitedesk-decode")
        self._next: tuple[bytes, str, Header] | None = None  # to decode at the next start()
        self._pending: tuple[bytes, str, Scope, Future[_Decoded]] | None = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._next = self._pending = None
        self._decoder.shutdown(wait=True, cancel_futures=True)

    def prefetch(self, data: bytes, public_key: str | None, after: bytes | None = None) -> None:
        """Decode ``data`` once the bundle applied before it has recorded its changes, if it
        will be applied: from another node, of a schema this app knows, with changes past
        what this node holds of its sender, and past ``after`` (the bundle applied before it,
        when that is from the same sender)."""
        self._next = None
        try:
            header = bundles.read_header(data)
            beyond = bundles.read_header(after).seq_to if after is not None else 0
            if (
                bundles.is_stub(data)  # nothing to decode
                or header.node_id == self.keys.node_id
                or header.schema not in schema.known_revisions()
                or header.seq_to <= beyond
            ):
                return
            with self._db.read() as session:
                peer = session.get(Peer, header.node_id)
                if peer is not None and peer.applied_seq >= header.seq_to:
                    return
            key = _trusted_key(self._db, header.node_id, public_key)
        except BundleError:
            return  # apply_bundle says what is wrong with it, in its turn
        self._next = (data, key, header)

    def start(self) -> None:
        """The current bundle has recorded its changes: decode the next one now."""
        if self._next is not None:
            data, key, header = self._next
            self._next = None
            scope = scope_of(self._db)
            work = self._decoder.submit(_decode_bundle, data, self.keys, key, header, scope)
            self._pending = (data, key, scope, work)

    def take(self, data: bytes, key: str, scope: Scope) -> Future[_Decoded] | None:
        """This bundle, decoding or decoded, if it is the one prefetched and started (else
        None: it is decoded as usual)."""
        pending, self._pending = self._pending, None
        if pending is None or pending[1] != key or pending[2] != scope or pending[0] != data:
            return None
        return pending[3]


def _trusted_key(db: Database, node_id: str, offered: str | None) -> str:
    with db.engine.connect() as conn:
        known = conn.execute(select(Peer.public_key).where(Peer.node_id == node_id)).scalar()
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
    unit: WriteUnit, header: Header, info: Mapping[str, str] | None, key: str, *, exists: bool
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
    if not exists:
        values.update(node_id=header.node_id, public_key=key)
    params = {f"v_{name}": value for name, value in values.items()}
    params["peer_node"] = header.node_id
    unit.conn.execute(_peer_statement(frozenset(values), exists), params)


@cache
def _peer_statement(names: frozenset[str], exists: bool) -> Any:
    """The insert, or the update by ``node_id``, of these peer columns, each a parameter of
    its name after ``v_``: made once per set of names (a sync writes hundreds of peers;
    building the statement each time cost more than running it)."""
    values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in sorted(names)}
    if not exists:
        return insert(Peer).values(values)
    return update(Peer).where(Peer.node_id == bindparam("peer_node")).values(values)


def _observe(unit: WriteUnit, remote_hlc: int) -> None:
    """Follow a remote clock, but not one far ahead of this PC's (its drift is recorded);
    an edit of a row that holds such a version still stamps past it (Journal.update)."""
    clock = unit.journal.remote().clock
    clock.observe(min(remote_hlc, pack(clock.wall() + MAX_FOLLOW_MS, 0)))


# --- the merge --------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What merging a run of one sender's changes writes, worked out from the changes alone
    (no database): the journal rows, and the changes grouped for the merge."""

    records: list[tuple[Any, ...]]  # journal rows, in the change table's column order
    inserts: dict[str, list[Entry]]  # by entity
    updates: list[Entry]

    @classmethod
    def of(
        cls, origin: str, entries: Sequence[Entry], chain: Mapping[int, str], scope: Scope
    ) -> Plan:
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
        return cls(records, dict(inserts), updates)


def merge(
    unit: WriteUnit,
    origin: str,
    entries: Sequence[Entry],
    chain: Mapping[int, str],
    scope: Scope,
    recorded: Callable[[], None] | None = None,
    plan: Plan | None = None,
) -> dict[str, set[str]]:
    """Merge one sender's consecutive changes (``chain``: the verified chain hash after each,
    by seq); returns what conflict detection should check. ``recorded`` is called once the
    changes are in the journal, before the rows are merged. ``plan``: these changes'
    :class:`Plan`, if it was made already."""
    writer = unit.journal.remote()
    touched: dict[str, set[str]] = {"worker": set(), "handout_key": set(), "request": set()}
    plan = plan or Plan.of(origin, entries, chain, scope)
    writer.record(plan.records)
    if recorded is not None:
        recorded()
    for entity, group in plan.inserts.items():
        _merge_inserts(unit, writer, origin, model_for_entity(entity), group, touched)
    for e in plan.updates:
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
    sqlite = unit.conn.dialect.name == "sqlite"
    new_rows: list[Any] = []
    later: list[Entry] = []
    for e in group:
        if e.row_id in existing:
            later.append(e)
            continue
        existing.add(e.row_id)
        if sqlite:
            new_rows.append(e.seq)
            continue
        values = _decode(model, e)
        new_rows.append({**values, **_meta(e, origin, to_datetime(e.hlc))})
        _touch(touched, model, e.row_id, values)
    if sqlite and new_rows:
        copy = _SqliteCopy.for_model(model)
        seqs = orjson.dumps(new_rows).decode()
        writer.copy_from_journal(copy.sql, (origin, seqs))
        if copy.touch is not None:  # what conflict detection checks, read from the same rows
            found = unit.conn.exec_driver_sql(copy.touch, (origin, seqs)).scalars()
            touched[copy.touch_kind].update(str(v) for v in found if v)
    else:
        writer.insert_rows(model, new_rows)
    if model is Worker:
        touched["worker"].update(e.row_id for e in group)
    # a row that exists (here before, or earlier in this batch): merge, each as it stands
    # after the merges before it (read together, and again where a merge changed it)
    currents = _current(unit, model, {e.row_id for e in later}) if later else {}
    for e in later:
        current = currents.pop(e.row_id, None) or _current(unit, model, [e.row_id])[e.row_id]
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


# the received changes of one sender, by seq, in a JSON array (one bound parameter)
_CHANGES = "FROM change AS c WHERE c.node_id = ? AND c.seq IN (SELECT value FROM json_each(?))"


@dataclass(frozen=True)
class _SqliteCopy:
    """Received inserts on SQLite, copied by SQLite itself from the journal rows just recorded.

    A first sync brings tens of thousands of rows. Decoding each change's JSON in Python and
    binding every value again cost more than the insert; SQLite reads the values out of
    ``change.fields`` in C, in one statement per table and bundle. On SQLite the JSON forms
    of dates, flags, text and integers are already the stored forms; times and quantities
    are rewritten, and a key the change lacks takes the column's default, as a Python insert
    would. tests/sync/test_apply.py checks the stored bytes equal the sender's.
    """

    sql: str
    touch: str | None  # the statement reading what conflict detection checks, if any
    touch_kind: str

    @classmethod
    @cache
    def for_model(cls, model: type[Synced]) -> _SqliteCopy:
        table = table_of(model)
        names = ", ".join(c.name for c in table.columns)
        values = ", ".join(
            _META_SQL[c.key] if c.key in _META_SQL else _value_sql(c) for c in table.columns
        )
        touch, kind = None, ""
        if model is Handout:
            touch, kind = "entitlement_key", "handout_key"
        elif model is RequestEvent:
            touch, kind = "request_id", "request"
        return cls(
            f"INSERT INTO {table.name} ({names}) SELECT {values} {_CHANGES} ORDER BY c.seq",
            f"SELECT DISTINCT json_extract(c.fields, '$.{touch}') {_CHANGES}" if touch else None,
            kind,
        )


# when a change was made, to the microsecond, as SQLAlchemy stores a time on SQLite
_HLC_TIME = (
    f"strftime('%Y-%m-%d %H:%M:%S', (c.hlc >> {COUNTER_BITS}) / 1000, 'unixepoch')"
    f" || printf('.%06d', (c.hlc >> {COUNTER_BITS}) % 1000 * 1000)"
)
_META_SQL = {
    "id": "c.row_id",
    "site_id": "c.site_id",
    "created_at": _HLC_TIME,
    "updated_at": _HLC_TIME,
    "updated_by": "c.author",
    "stamp": "printf('%016x:%s', c.hlc, c.node_id)",
    "field_versions": "'{}'",
}


def _value_sql(column: Any) -> str:
    """One column's value from the change's JSON, with its default where the key is absent
    (a key present with null stays null), converted to the stored form."""
    path = f"'$.{column.key}'"
    value = f"json_extract(c.fields, {path})"
    default = (
        column.default.arg if column.default is not None and column.default.is_scalar else None
    )
    if default is not None:
        value = (
            f"coalesce({value}, CASE WHEN json_type(c.fields, {path}) IS NULL"
            f" THEN {_literal(default)} END)"
        )
    if isinstance(column.type, UTCDateTime):  # 2026-08-26T01:30:00[.ffffff]Z
        return (
            f"CASE WHEN {value} IS NOT NULL THEN substr({value}, 1, 10) || ' '"
            f" || substr({value}, 12, 8) || '.' || CASE WHEN substr({value}, 20, 1) = '.'"
            f" THEN substr({value}, 21, 6) ELSE '000000' END END"
        )
    if isinstance(column.type, Milli):  # "-2.5" → -2500, exactly: no float on the way
        text = f"ltrim({value}, '-')"
        point = f"instr({text}, '.')"
        return (
            f"CASE WHEN {value} IS NOT NULL THEN"
            f" (CASE WHEN substr({value}, 1, 1) = '-' THEN -1 ELSE 1 END)"
            f" * (CASE WHEN {point} = 0 THEN CAST({text} AS INTEGER) * 1000"
            f" ELSE CAST(substr({text}, 1, {point} - 1) AS INTEGER) * 1000"
            f" + CAST(substr(substr({text}, {point} + 1) || '000', 1, 3) AS INTEGER) END) END"
        )
    return value


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for a default of type {type(value).__name__}")


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
