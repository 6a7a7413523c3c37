"""The HQ server's sync service, without HTTP: enrolment, push, pull, receipts, health.

The server is an HQ node (``sitedesk init --kind hq``) whose database also keeps, as signed,
the bundles other nodes push, to hand them on. Its rules:

* **push**: a bundle is taken only from the node that signed it, for an audience that node
  may write, with every record it carries in full inside that audience; and only when it
  starts right after what the server holds of that stream (``stream_head``, whose row is
  locked while it grows). A bundle the server holds already is a no-op: a site that lost
  the answer sends it again and nothing doubles.
* **pull**: the cursor is the puller's own account of what it holds of every sender (its
  ``peer`` heads), not a global counter. Each sender's stream is gapless and grows only at
  its end, in one transaction with its head, so a pull sees every stream as a prefix that
  ends at a bundle boundary: a push that commits during a pull is simply in the next one.
  (A global sequence number would skip a change whose transaction took its number first
  and committed last.) A puller is sent each sender's stream for its own audience only:
  a site never receives another site's personal records.
* the server's own changes (requests from the QR form, sites it created) are bundled on
  demand from its journal, like any node's.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError

from app import __version__
from app.domain.problems import Problem, register_messages
from app.server.form import FORM_TAG
from app.store.database import Database
from app.store.journal import GENESIS, JournalBypassError, guarded_tables, written_tables
from app.store.models import (
    Change,
    Delivery,
    Enrolment,
    Node,
    Peer,
    Project,
    ServerNode,
    Site,
    StoredBundle,
    StreamHead,
)
from app.store.sites import site_id_for
from app.sync import bundle as bundles
from app.sync import outbox, wire
from app.sync.keys import HQ, SHARED, Keys, ensure_keys, load_public, site_audience

ENROL_DAYS = 14
MAX_PULL_BYTES = 32 * 1024 * 1024  # one pull answers up to this much (always one bundle)
CONTACT_EVERY_S = 10.0  # a node's last contact is written at most this often while unchanged
OWN_CACHE = 64  # the server's own bundles kept built, for pullers lacking the same range
# senders' details kept framed, as pulls give them (a few per node, as its details change)
SENDERS_KEPT = 100_000

register_messages(
    {
        "server.auth": (
            "未认证：缺少或无效的节点凭据。请重新注册本机（扫描总部发放的注册码）。",
            "Not authenticated: the node credentials are missing or wrong; enrol this PC "
            "again with a code from HQ.",
        ),
        "server.revoked": (
            "本机的同步凭据已被总部吊销，请联系总部管理员。",
            "HQ has revoked this PC's credentials: contact the HQ administrator.",
        ),
        "server.not_yours": (
            "同步文件由另一节点签署，本机不能代其上传。",
            "The bundle belongs to another node; a node pushes only its own.",
        ),
        "server.audience": (
            "本机不能上传发往“{audience}”的数据。",
            "This node may not write a stream for {audience}.",
        ),
        "server.scope": (
            "同步文件含有本节点范围之外的记录（工区 {site}），已拒收。",
            "The bundle carries records outside the node's scope (site {site}); refused.",
        ),
        "server.gap": (
            "服务器上该数据流只到第 {head} 条，请从第 {next} 条开始上传。",
            "The server holds this stream up to {head}; push from {next}.",
        ),
        "server.fork": (
            "同步文件与服务器已有的变更链不一致（第 {head} 条处分叉），已拒收。",
            "The bundle does not continue the chain the server holds (fork at {head}).",
        ),
        "server.busy": (
            "服务器正在保存同一数据流的另一份上传，请稍后重试。",
            "The server is storing another push of the same stream; retry shortly.",
        ),
        "enrol.unknown": (
            "注册码无效或已被吊销。请向总部索取新的注册码。",
            "The enrolment code is not valid or was revoked; ask HQ for a new one.",
        ),
        "enrol.used": (
            "此注册码已被另一台电脑使用。每个注册码只能用一次，请向总部索取新的。",
            "This enrolment code was used by another PC; each code works once.",
        ),
        "enrol.expired": (
            "注册码已过期（有效期至 {until}）。请向总部索取新的注册码。",
            "The enrolment code expired on {until}; ask HQ for a new one.",
        ),
        "enrol.site_unknown": (
            "没有代码为“{code}”的工区。请先在总部添加该工区（sitedesk site add）。",
            "No site with code {code}: add it at HQ first.",
        ),
        "enrol.tags": (
            "该工区的 25 个节点标识已全部用完，请吊销不用的注册码或节点。",
            "All 25 node tags of this site are taken: revoke unused codes or nodes.",
        ),
        "enrol.key": ("节点公钥格式不正确。", "The node's public key is malformed."),
    }
)


class HubError(Exception):
    """A refusal with an HTTP status, a problem code and its message."""

    def __init__(self, status: int, code: str, /, **params: Any) -> None:
        self.status = status
        self.code = code
        self.problem = Problem(code, params=params)
        self.params = params
        super().__init__(self.problem.message("en"))

    def message(self, lang: str = "zh") -> str:
        return self.problem.message(lang)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Caller:
    """An authenticated node."""

    node_id: str
    site_id: str
    kind: str
    public_key: str


@dataclass(frozen=True)
class EnrolmentCode:
    token: str
    site_code: str
    site_name: str
    kind: str
    tag: str
    expires_at: datetime


class Frame(NamedTuple):
    """One bundle of a pull, with what the puller needs to know of its sender (a tuple:
    a pull makes one per bundle sent, hundreds at a time)."""

    sender: Mapping[str, str]
    data: bytes


@dataclass
class PullResult:
    frames: list[Frame] = field(default_factory=list)
    more: bool = False


@dataclass(frozen=True)
class NodeHealth:
    node_id: str
    site_id: str
    site_code: str
    kind: str
    name: str
    enrolled_at: datetime
    revoked: bool
    last_contact: datetime | None
    stored: int  # its changes the server holds
    reported: int  # its journal's length, as it last said
    drift_ms: int | None
    error: str
    app_version: str
    schema_rev: str

    @property
    def missing(self) -> tuple[int, int] | None:
        """Changes the node has and the server does not yet: its pending push."""
        return (self.stored + 1, self.reported) if self.reported > self.stored else None


class Hub:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.keys: Keys = ensure_keys(db)
        self.me = db.local_node()
        if self.me.kind != HQ:
            raise RuntimeError("the HQ server runs on an HQ node (sitedesk init --kind hq)")
        # single reads without a transaction around them on PostgreSQL: no BEGIN and ROLLBACK
        # round trips (a statement sees one snapshot; no call here that reads twice needs
        # more). SQLite's transactions cost no round trip, and its connections are set up
        # for explicit BEGINs (app.store.database): they are left as they are.
        self._reader = (
            db.engine if db.is_sqlite else db.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._calls = _CallStatements(db)
        self._own_lock = threading.Lock()
        self._own_cache: OrderedDict[tuple[str, int, int, int], bytes] = OrderedDict()
        self._senders: dict[tuple[Any, ...], wire.Sender] = {}  # see SENDERS_KEPT
        self._contact_lock = threading.Lock()
        self._contacts: dict[str, tuple[float, tuple[Any, ...]]] = {}
        self._sites: dict[str, str] = {}  # node → its site, which never changes
        self._pull_query = text(PULL_SQLITE if db.is_sqlite else PULL_POSTGRES)

    # --- enrolment -------------------------------------------------------------------------

    def create_enrolment(
        self, site_code: str, *, kind: str = "site", created_by: str = "", days: int = ENROL_DAYS
    ) -> EnrolmentCode:
        code = site_code.strip().upper()
        site_id = site_id_for(code)
        with self.db.read() as session:
            site = session.get(Site, site_id)
        if site is None:
            raise HubError(404, "enrol.site_unknown", code=code)
        token = secrets.token_urlsafe(24)
        expires = _now() + timedelta(days=days)
        with self.db.engine.begin() as conn:
            tag = _next_tag(conn, site_id)
            conn.execute(
                insert(Enrolment).values(
                    token_hash=token_hash(token),
                    site_id=site_id,
                    kind=kind,
                    tag=tag,
                    created_at=_now(),
                    created_by=created_by,
                    expires_at=expires,
                )
            )
        return EnrolmentCode(token, code, site.name, kind, tag, expires)

    def revoke_enrolment(self, token: str) -> bool:
        with self.db.engine.begin() as conn:
            done = conn.execute(
                update(Enrolment)
                .where(Enrolment.token_hash == token_hash(token), Enrolment.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
        return bool(done.rowcount)

    def revoke_node(self, node_id: str) -> bool:
        """Refuse a node from now on (a stolen PC, a retired one); what it sent stays."""
        with self.db.engine.begin() as conn:
            done = conn.execute(
                update(ServerNode)
                .where(ServerNode.node_id == node_id, ServerNode.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
        return bool(done.rowcount)

    def enrol(
        self, token: str, *, node_id: str, public_key: str, name: str = "", app_version: str = ""
    ) -> dict[str, Any]:
        """Register a node with the key it made; returns its credentials and the project."""
        try:
            load_public(public_key)
        except ValueError as exc:
            raise HubError(400, "enrol.key") from exc
        secret = secrets.token_urlsafe(32)
        with self.db.engine.begin() as conn:
            row = conn.execute(
                select(Enrolment).where(Enrolment.token_hash == token_hash(token))
            ).first()
            if row is None or row.revoked_at is not None:
                raise HubError(403, "enrol.unknown")
            if row.node_id is not None and row.node_id != node_id:
                raise HubError(409, "enrol.used")
            if row.expires_at < _now():
                raise HubError(403, "enrol.expired", until=row.expires_at.date().isoformat())
            existing = conn.execute(select(ServerNode).where(ServerNode.node_id == node_id)).first()
            if existing is not None and (
                existing.public_key != public_key or row.node_id != node_id
            ):
                raise HubError(409, "enrol.used")
            values = {
                "site_id": row.site_id,
                "kind": row.kind,
                "name": name[:200],
                "public_key": public_key,
                "token_hash": token_hash(secret),
                "enrolled_at": _now(),
                "app_version": app_version[:20],
            }
            if existing is None:  # a retry by the same PC (its answer was lost) gets a new secret
                conn.execute(
                    insert(ServerNode).values(
                        node_id=node_id, reported_head=0, last_error="", schema_rev="", **values
                    )
                )
            else:
                conn.execute(
                    update(ServerNode).where(ServerNode.node_id == node_id).values(**values)
                )
            conn.execute(
                update(Enrolment)
                .where(Enrolment.token_hash == row.token_hash)
                .values(node_id=node_id, used_at=_now())
            )
            site = conn.execute(select(Site).where(Site.id == row.site_id)).one()
            project = conn.execute(select(Project)).one()
        vault = self.db.require_vault()
        return {
            "node_id": node_id,
            "token": secret,
            "kind": row.kind,
            "tag": row.tag,
            "site": {"id": site.id, "code": site.code, "name": site.name},
            "project": {
                "format": "sitedesk-project",
                "version": 1,
                "project_id": project.project_id,
                "name": project.name,
                "key": project.key,
                "data_key": vault.data_key.hex(),
            },
            "server": {"node_id": self.me.node_id, "public_key": self.keys.public_hex},
        }

    def authenticate(self, secret: str) -> Caller:
        if not secret:
            raise HubError(401, "server.auth")
        rows = self._calls.fetch(_AUTHENTICATE, {"token": token_hash(secret)})
        if not rows:
            raise HubError(401, "server.auth")
        node_id, site_id, kind, public_key, revoked_at = rows[0]
        if revoked_at is not None:
            raise HubError(403, "server.revoked")
        return Caller(node_id, site_id, kind, public_key)

    def note_contact(
        self,
        caller: Caller,
        *,
        head: int | None = None,
        client_ms: int | None = None,
        app_version: str = "",
        schema_rev: str = "",
        error: str | None = None,
    ) -> None:
        """Record a call: last contact, the journal length the node reports, its clock and
        version. Written at most every ``CONTACT_EVERY_S`` per node and process while
        nothing else changed: a sync's calls follow each other within a second or two."""
        said = (head, app_version, schema_rev)
        now_s = time.monotonic()
        with self._contact_lock:
            last = self._contacts.get(caller.node_id)
            fresh = last is not None and now_s - last[0] < CONTACT_EVERY_S
            if error is None and fresh and last is not None and last[1] == said:
                return
            self._contacts[caller.node_id] = (now_s, said)
        now = _now()
        self._calls.run(
            _CONTACT,
            {
                "node": caller.node_id,
                "at": now,
                "head": head if head is not None and head >= 0 else None,
                "drift": client_ms - int(now.timestamp() * 1000) if client_ms else None,
                "version": app_version[:20] or None,
                "schema": schema_rev[:40] or None,
                "error": error[:2000] if error is not None else None,
            },
        )

    # --- push ------------------------------------------------------------------------------

    def heads(self, caller: Caller) -> dict[str, int]:
        """How far the server holds each of the caller's streams."""
        return self.streams(caller)[0]

    def push(self, caller: Caller, data: bytes) -> dict[str, Any]:
        """Verify and store one bundle; returns the receipt for its stream."""
        header = bundles.read_header(data)
        if header.node_id != caller.node_id:
            raise HubError(403, "server.not_yours")
        if not outbox.writable_audiences(caller.kind, caller.site_id, header.audience):
            raise HubError(403, "server.audience", audience=header.audience)
        bundle = bundles.decode(data, self.keys, caller.public_key)  # signature, project, chain
        for entry in bundle.entries:
            in_scope = caller.kind == HQ or entry.site_id in (caller.site_id, "*")
            if not entry.redacted and not (
                in_scope and outbox.in_audience(header.audience, entry.site_id)
            ):
                raise HubError(403, "server.scope", site=entry.site_id[:8])
        receipt = {
            "audience": header.audience,
            "seq": header.seq_to,
            "hash": header.last_hash,
            "stored": True,
        }
        if not self.db.is_sqlite and self._append(header, data):
            return receipt
        with self._stream_lock(caller.node_id, header.audience) as (conn, head, last):
            if header.seq_to <= head:  # held already: a resend after a lost answer
                return {"audience": header.audience, "seq": head, "hash": last, "stored": False}
            if header.seq_from != head + 1:
                raise HubError(409, "server.gap", head=head, next=head + 1)
            if header.prev_hash != last:
                raise HubError(409, "server.fork", head=head)
            conn.execute(
                insert(StoredBundle).values(
                    node_id=header.node_id,
                    audience=header.audience,
                    seq_from=header.seq_from,
                    seq_to=header.seq_to,
                    schema_rev=header.schema,
                    received_at=_now(),
                    data=data,
                    stub=bundles.stub_of(data),
                )
            )
            conn.execute(
                update(StreamHead)
                .where(StreamHead.node_id == header.node_id, StreamHead.audience == header.audience)
                .values(seq=header.seq_to, hash=header.last_hash)
            )
        return receipt

    def _append(self, header: bundles.Header, data: bytes) -> bool:
        """PostgreSQL: store a bundle that continues its stream in one statement, which
        moves the stream's head only if it is where the bundle starts (the row locked
        meanwhile) and stores the bundle only if the head moved. False where it did not:
        the stream's first bundle, a resend, a gap or a fork, which the locking path
        sorts out."""
        done = self._calls.run(
            _APPEND,
            {
                "node": header.node_id,
                "audience": header.audience,
                "seq_from": header.seq_from,
                "seq_to": header.seq_to,
                "head": header.seq_from - 1,
                "prev_hash": header.prev_hash,
                "last_hash": header.last_hash,
                "schema": header.schema,
                "at": _now(),
                "data": data,
                "stub": bundles.stub_of(data),
            },
        )
        return bool(done)

    class _Lock:
        def __init__(self, hub: Hub, node_id: str, audience: str) -> None:
            self.hub, self.node_id, self.audience = hub, node_id, audience

        def __enter__(self) -> tuple[Connection, int, str]:
            db = self.hub.db
            self.ctx = db.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
            conn = self.ctx.__enter__()
            self.tx = conn.begin()
            key = (StreamHead.node_id == self.node_id, StreamHead.audience == self.audience)
            query = select(StreamHead.seq, StreamHead.hash).where(*key)
            if not db.is_sqlite:  # SQLite: BEGIN IMMEDIATE has locked the database
                query = query.with_for_update()
            try:
                found = conn.execute(query).first()
                if found is None:  # the stream's first push
                    with conn.begin_nested():
                        conn.execute(
                            insert(StreamHead).values(
                                node_id=self.node_id, audience=self.audience, seq=0, hash=GENESIS
                            )
                        )
                    found = conn.execute(query).one()
                head, last = found
            except IntegrityError as exc:  # another push made the row first
                self.__exit__(type(exc), exc, None)
                raise HubError(409, "server.busy") from exc
            return conn, int(head), str(last)

        def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
            try:
                if kind is None:
                    self.tx.commit()
                else:
                    self.tx.rollback()
            finally:
                self.ctx.__exit__(kind, exc, tb)

    def _stream_lock(self, node_id: str, audience: str) -> Hub._Lock:
        return Hub._Lock(self, node_id, audience)

    # --- pull ------------------------------------------------------------------------------

    def pull(
        self,
        caller: Caller,
        have: Mapping[str, int],
        max_bytes: int = MAX_PULL_BYTES,
        *,
        stubs: bool = False,
    ) -> PullResult:
        """The bundles the caller lacks, each sender's stream for the caller's audience.

        One query for every sender at once, in one snapshot, cut at ``max_bytes`` by the
        database: only the bundles sent are read; the same query says how far the server's
        own journal runs. A caller that takes ``stubs`` gets the stub of a bundle that
        carries nothing for it, where the bundle starts right after what the caller holds
        (it cannot check a stub that overlaps that): most of what a site pulls of the other
        sites' shared streams."""
        held = {n: s for n, s in have.items() if type(s) is int and 0 <= s < 2**62 and len(n) <= 36}
        self._confirm(caller, held)
        result = PullResult()
        reader_hq = caller.kind == HQ
        rows = self._calls.fetch(
            self._pull_query,
            {
                "have": orjson.dumps(held).decode(),
                "caller": caller.node_id,
                "reader_hq": reader_hq,
                "reader_site": caller.site_id,
                "reader_audience": HQ if reader_hq else site_audience(caller.site_id),
                "me": self.me.node_id,
                "limit": max_bytes,
                "stubs": stubs,
            },
        )
        own_head, size = int(rows[0][0]), 0
        senders = self._senders
        frames = result.frames
        for row in rows:  # own head, node, seq_from, bytes, then the sender's details
            node_id, data = row[1], row[3]
            if node_id is None:  # no bundle: the row only says how far HQ's journal runs
                break
            if data is None:  # the first bundle past the cut
                result.more = True
                break
            said = (node_id, *row[4:])
            info = senders.get(said)
            if info is None:
                if len(senders) >= SENDERS_KEPT:  # details that changed leave old entries
                    senders.clear()
                info = senders[said] = wire.Sender(zip(_SENDER_KEYS, said, strict=True))
            frames.append(Frame(info, bytes(data)))
            size += len(data)
        if not result.more:
            self._own_frames(caller, held, own_head, result, size, max_bytes, stubs)
        return result

    def _confirm(self, caller: Caller, held: Mapping[str, int]) -> None:
        """What the caller holds, as a receipt for the senders that count it: those whose
        changes it holds whole (its own site's PCs; every node, for an HQ node). Another
        site holds most of a sender's changes as digests and confirms nothing."""
        sites = self._sites_of([n for n in held if n not in (self.me.node_id, caller.node_id)])
        confirms = {
            n: s
            for n, s in held.items()
            if n in sites and (caller.kind == HQ or sites[n] == caller.site_id)
        }
        if confirms:
            with (
                self.db.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn,
                conn.begin(),
            ):  # a write transaction from the start: SQLite cannot upgrade a reader under load
                self._record_delivery(conn, caller.node_id, confirms)

    def _sites_of(self, node_ids: Sequence[str]) -> dict[str, str]:
        """The site of each enrolled node among ``node_ids``. A node's site never changes:
        it is read once per process, when first asked for."""
        unknown = [n for n in node_ids if n not in self._sites][:10_000]
        if unknown:
            with self._reader.connect() as conn:
                found = conn.execute(
                    select(ServerNode.node_id, ServerNode.site_id).where(
                        ServerNode.node_id.in_(unknown)
                    )
                ).all()
            with self._contact_lock:
                self._sites.update((n, s) for n, s in found)
        return {n: self._sites[n] for n in node_ids if n in self._sites}

    def _own_frames(
        self,
        caller: Caller,
        have: Mapping[str, int],
        head: int,
        result: PullResult,
        size: int,
        limit: int,
        stubs: bool,
    ) -> None:
        """The server's own changes beyond what the caller holds, up to ``head``."""
        if caller.node_id == self.me.node_id:
            return
        held = have.get(self.me.node_id, 0)
        if head <= held:
            return
        audience = outbox.reading_audience(caller.kind, caller.site_id, HQ, self.me.site_id)
        info = {
            "node_id": self.me.node_id,
            "site_id": self.me.site_id,
            "kind": HQ,
            "tag": self.me.tag,
            "name": self.me.name,
            "public_key": self.keys.public_hex,
            "app_version": __version__,
            "schema": self.db.schema_revision(),
        }
        for seq_from, seq_to in outbox.chunks(held + 1, head):
            if result.frames and size >= limit:
                result.more = True
                return
            data = self._own_bundle(audience, seq_from, seq_to)
            if stubs:
                data = bundles.stub_of(data) or data
            result.frames.append(Frame(info, data))
            size += len(data)

    def _own_bundle(self, audience: str, seq_from: int, seq_to: int) -> bytes:
        """The server's own changes ``seq_from..seq_to`` for one audience, built once for
        every puller that lacks the same range. The journal below the head does not change
        but for erasure, which leaves digests alone: a range with more of them is built
        afresh."""
        with self._reader.connect() as conn:
            erased = conn.execute(
                select(func.count())
                .select_from(Change)
                .where(
                    Change.node_id == self.me.node_id,
                    Change.seq >= seq_from,
                    Change.seq <= seq_to,
                    Change.digest.is_not(None),
                )
            ).scalar_one()
        key = (audience, seq_from, seq_to, erased)
        with self._own_lock:  # held while building: pullers arriving together build it once
            data = self._own_cache.get(key)
            if data is None:
                data = outbox.build(self.db, self.keys, audience, seq_from, seq_to)
                self._own_cache[key] = data
                while len(self._own_cache) > OWN_CACHE:
                    self._own_cache.popitem(last=False)
        return data

    def _record_delivery(self, conn: Connection, receiver: str, have: Mapping[str, int]) -> None:
        """What the receiver says it holds, per sender: only what changed is written, in one
        statement per kind."""
        if not have:
            return
        known = {
            s: q
            for s, q in conn.execute(
                select(Delivery.sender_id, Delivery.seq).where(Delivery.receiver_id == receiver)
            ).all()
        }
        now = _now()
        fresh: list[dict[str, Any]] = []
        moved: list[dict[str, Any]] = []
        for sender, seq in list(have.items())[:10_000]:
            if not isinstance(seq, int) or not 0 <= seq < 2**62 or len(sender) > 36:
                continue
            if sender not in known:
                fresh.append({"receiver_id": receiver, "sender_id": sender, "seq": seq, "at": now})
            elif known[sender] != seq:
                moved.append({"r": receiver, "s": sender, "seq": seq, "at": now})
        if fresh:
            conn.execute(insert(Delivery), fresh)
        if moved:
            conn.execute(
                update(Delivery)
                .where(Delivery.receiver_id == bindparam("r"), Delivery.sender_id == bindparam("s"))
                .values(seq=bindparam("seq"), at=bindparam("at")),
                moved,
            )

    def streams(self, caller: Caller) -> tuple[dict[str, int], dict[str, int]]:
        """In one query: how far the server holds each of the caller's streams, and what
        each receiver that holds the caller's changes whole (HQ nodes, the PCs of its site)
        said it holds of its chain; for the server itself, what it stored of every stream."""
        rows = self._calls.fetch(_STREAMS, {"node": caller.node_id})
        heads = {key: seq for kind, key, seq in rows if kind == "head"}
        receipts = {key: seq for kind, key, seq in rows if kind == "receipt"}
        receipts[self.me.node_id] = min(heads.values(), default=0)
        return heads, receipts

    # --- health ----------------------------------------------------------------------------

    def health(self) -> list[NodeHealth]:
        with self.db.engine.connect() as conn:
            nodes = conn.execute(select(ServerNode).order_by(ServerNode.enrolled_at)).all()
            stored: dict[str, int] = {}
            for n, s in conn.execute(select(StreamHead.node_id, StreamHead.seq)).all():
                stored[n] = min(s, stored.get(n, s))
            codes = {i: c for i, c in conn.execute(select(Site.id, Site.code)).all()}
        return [
            NodeHealth(
                node_id=n.node_id,
                site_id=n.site_id,
                site_code=codes.get(n.site_id, "?"),
                kind=n.kind,
                name=n.name,
                enrolled_at=n.enrolled_at,
                revoked=n.revoked_at is not None,
                last_contact=n.last_contact,
                stored=stored.get(n.node_id, 0),
                reported=n.reported_head,
                drift_ms=n.drift_ms,
                error=n.last_error,
                app_version=n.app_version,
                schema_rev=n.schema_rev,
            )
            for n in nodes
        ]

    def enrolments(self) -> Sequence[Any]:
        with self.db.engine.connect() as conn:
            return conn.execute(select(Enrolment).order_by(Enrolment.created_at)).all()

    def forget_expired_enrolments(self) -> int:
        with self.db.engine.begin() as conn:
            done = conn.execute(
                delete(Enrolment).where(
                    Enrolment.node_id.is_(None), Enrolment.expires_at < _now() - timedelta(days=90)
                )
            )
        return int(done.rowcount or 0)


class _CallStatements:
    """The statements every sync call makes — authenticate, note the contact, pull, read the
    sync state, append a bundle — each sent alone and committed as it runs.

    On PostgreSQL they go straight through the driver, on a pooled connection switched to
    autocommit for the statement: SQLAlchemy's own work per statement (a Connection, the
    isolation level set and reset on it, result rows) cost about three times the driver's
    (180 µs against 50 µs of CPU for a one-row read), and a site's sync makes seven. The SQL
    is compiled once per statement, and the journal guard's rule is checked then: none of
    these may write a synced table (they touch only the server's bookkeeping). Times are
    passed as the database stores them, naive UTC (``UTCDateTime``). On SQLite they run
    through SQLAlchemy as everything else does."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.direct = not db.is_sqlite
        # by the statement's id, kept alive with it (so the id is never another's)
        self._compiled: dict[int, tuple[Any, str, dict[str, Any]]] = {}

    def fetch(self, statement: Any, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        """The rows of one read, as tuples."""
        if not self.direct:
            with self.db.engine.connect() as conn:
                return conn.execute(statement, params).all()
        sql, given = self._sql(statement)
        with _autocommit_cursor(self.db.engine) as cursor:
            # results in binary: a pull's bundles would otherwise travel as hex, twice the
            # bytes, encoded by the database and decoded here. Prepared at once (see _sql).
            cursor.execute(sql, _stored({**given, **params}), prepare=True, binary=True)
            return list(cursor.fetchall())

    def run(self, statement: Any, params: Mapping[str, Any]) -> int:
        """One write in a transaction of its own; how many rows it changed."""
        if not self.direct:
            with self.db.engine.begin() as conn:
                return int(conn.execute(statement, params).rowcount)
        sql, given = self._sql(statement)
        with _autocommit_cursor(self.db.engine) as cursor:
            cursor.execute(sql, _stored({**given, **params}), prepare=True)
            return int(cursor.rowcount)

    def _sql(self, statement: Any) -> tuple[str, dict[str, Any]]:
        """The statement's SQL for the driver, with the values it binds itself (literals).

        Each runs prepared from its first use on a connection: the driver would otherwise
        plan it anew for its first five runs there, and the database plans a prepared one
        five more times before it settles on a generic plan. With 40 connections that was
        400 plannings of the pull (0.7 ms each) in the first rounds of a busy server."""
        known = self._compiled.get(id(statement))
        if known is None:
            compiled = statement.compile(dialect=self.db.engine.dialect)
            sql = str(compiled)
            hit = written_tables(sql) & guarded_tables()
            if hit:
                raise JournalBypassError(f"write to synced table {sorted(hit)[0]!r} from the hub")
            given = {k: v for k, v in compiled.params.items() if v is not None}
            known = self._compiled[id(statement)] = (statement, sql, given)
        return known[1], known[2]


@contextmanager
def _autocommit_cursor(engine: Engine) -> Iterator[Any]:
    """A driver cursor on a connection of the engine's pool, in autocommit until it goes
    back. A connection that broke meanwhile fails its reset there and is dropped.

    Each connection has PostgreSQL's JIT compiler turned off at its first use here: the
    pull's estimated cost passes JIT's threshold once the server holds a long history, and
    compiling it then took 26 ms of a 31 ms pull that runs in 5 ms without."""
    pooled = engine.raw_connection()
    driver: Any = pooled.driver_connection
    try:
        driver.autocommit = True
        with driver.cursor() as cursor:
            if not pooled.info.get(_NO_JIT):
                cursor.execute("SET jit = off")
                pooled.info[_NO_JIT] = True
            yield cursor
    finally:
        try:
            driver.autocommit = False
        finally:
            pooled.close()


_NO_JIT = "sitedesk_no_jit"


def _stored(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as the database stores them: aware times as naive UTC."""
    return {
        k: v.astimezone(UTC).replace(tzinfo=None) if isinstance(v, datetime) else v
        for k, v in params.items()
    }


# A pull: every sender's stream for the puller's audience beyond what it holds, in one query
# and one snapshot. ``have`` is a JSON object {sender: held}; the audience the puller reads of
# each sender is outbox.reading_audience, written in SQL. The bundles come in stream order,
# cut where they pass ``limit`` bytes (always at least one), each with its sender's details;
# the first bundle past the cut comes too, without its bytes: it says there is more. With
# ``stubs``, a bundle's stub is sent in its place where it has one and starts after what the
# puller holds. The first column of every row, and of the one row there is when nothing is
# sent, is how far the server's own journal runs. (Parameters, not a VALUES list: that would
# be compiled anew for every pull, which costs more than the query.)
#
# A row is kept if the bundles before it stay within the limit, or it is one of the first
# two: those sent, and the first past the cut. Its bytes are sent if it is within the limit
# or the first. The bytes chosen for a bundle ride along on PostgreSQL, which carries a
# value stored out of line as a pointer until it is sent; SQLite would carry the bytes
# themselves through the sort, so it reads them after the cut.
_PULL = """
WITH have AS ({have}),
wanted AS (
    SELECT s.node_id AS n, COALESCE(have.h, 0) AS h,
           CASE WHEN :reader_hq THEN
                    CASE WHEN s.kind = '{hq}' THEN '{hq}' ELSE '{site}' || s.site_id END
                WHEN s.kind = '{hq}' OR s.site_id = :reader_site THEN :reader_audience
                ELSE '{shared}' END AS a
    FROM server_node s LEFT JOIN have ON have.n = s.node_id
    WHERE s.node_id <> :caller
),
picked AS (
    SELECT b.node_id, b.audience, b.seq_from,{carried}
           CASE WHEN :stubs AND b.stub IS NOT NULL AND b.seq_from > wanted.h
                THEN 1 ELSE 0 END AS as_stub,
           CASE WHEN :stubs AND b.stub IS NOT NULL AND b.seq_from > wanted.h
                THEN {length}(b.stub) ELSE {length}(b.data) END AS size
    FROM {bundles_wanted}
),
found AS (
    SELECT node_id, audience, seq_from, as_stub, size,{carried_on}
           SUM(size) OVER w AS running, ROW_NUMBER() OVER w AS k
    FROM picked
    WINDOW w AS (ORDER BY node_id, seq_from)
),
sent AS (
    SELECT f.node_id, f.seq_from,
           CASE WHEN f.running <= :limit OR f.k = 1 THEN {data} END AS data,
           s.site_id, s.kind, s.name, s.public_key, s.app_version, s.schema_rev
    FROM found f{join_data}
    JOIN server_node s ON s.node_id = f.node_id
    WHERE f.running - f.size <= :limit OR f.k <= 2
),
own AS (
    SELECT COALESCE(
        (SELECT seq FROM change WHERE node_id = :me ORDER BY seq DESC LIMIT 1), 0
    ) AS own_head
)
SELECT own.own_head, sent.* FROM own LEFT JOIN sent ON 1 = 1
ORDER BY sent.node_id, sent.seq_from
"""
# The stored bundles of each wanted stream that end beyond what the puller holds. A stream's
# bundles are contiguous and do not overlap, so they are the one holding change h + 1 and
# those after it: a range of the primary key (node, audience, seq_from) from that bundle on,
# found by one probe. (Filtering on seq_to alone would read the stream's whole history.)
_BEYOND_HELD = """b.node_id = wanted.n AND b.audience = wanted.a AND b.seq_to > wanted.h
     AND b.seq_from >= COALESCE((
             SELECT x.seq_from FROM stored_bundle x
             WHERE x.node_id = wanted.n AND x.audience = wanted.a AND x.seq_from <= wanted.h + 1
             ORDER BY x.seq_from DESC LIMIT 1
         ), 0)"""
# the bytes a puller gets of a bundle: its stub where it takes one
_CHOSEN = (
    "CASE WHEN :stubs AND b.stub IS NOT NULL AND b.seq_from > wanted.h THEN b.stub ELSE b.data END"
)
# what a puller is told of a sender, as the pull query's last columns give it
_SENDER_KEYS = ("node_id", "site_id", "kind", "name", "public_key", "app_version", "schema")
_AUDIENCES = {"hq": HQ, "site": site_audience(""), "shared": SHARED}
PULL_POSTGRES = _PULL.format(
    have="SELECT key AS n, CAST(value AS bigint) AS h FROM jsonb_each_text(CAST(:have AS jsonb))",
    length="octet_length",
    carried=f"\n           {_CHOSEN} AS data,",
    carried_on=" data,",
    data="f.data",
    join_data="",
    # a subquery per wanted stream (OFFSET 0 keeps the planner from merging it into a join
    # that reads every stored bundle): an index range scan each
    bundles_wanted="wanted CROSS JOIN LATERAL "
    f"(SELECT * FROM stored_bundle b WHERE {_BEYOND_HELD} OFFSET 0) b",
    **_AUDIENCES,
)
PULL_SQLITE = _PULL.format(  # SQLite joins by nested loops over the index anyway
    have="SELECT key AS n, value AS h FROM json_each(:have)",
    length="length",
    carried="",
    carried_on="",
    data="CASE WHEN f.as_stub = 1 THEN b.stub ELSE b.data END",
    join_data="\n    JOIN stored_bundle b\n"
    "      ON b.node_id = f.node_id AND b.audience = f.audience AND b.seq_from = f.seq_from",
    bundles_wanted=f"wanted JOIN stored_bundle b ON {_BEYOND_HELD}",
    **_AUDIENCES,
)


_AUTHENTICATE = select(
    ServerNode.node_id,
    ServerNode.site_id,
    ServerNode.kind,
    ServerNode.public_key,
    ServerNode.revoked_at,
).where(ServerNode.token_hash == bindparam("token"))

_APPEND = text("""
WITH moved AS (
    UPDATE stream_head SET seq = :seq_to, hash = :last_hash
    WHERE node_id = :node AND audience = :audience AND seq = :head AND hash = :prev_hash
    RETURNING node_id
)
INSERT INTO stored_bundle (node_id, audience, seq_from, seq_to, schema_rev, received_at, data,
                           stub)
SELECT :node, :audience, :seq_from, :seq_to, :schema, :at, :data, :stub FROM moved
""").bindparams(
    bindparam("at", type_=StoredBundle.__table__.c.received_at.type),
    bindparam("data", type_=StoredBundle.__table__.c.data.type),
    bindparam("stub", type_=StoredBundle.__table__.c.stub.type),
)

# a node's call: when, and what it said of itself (a value it did not send is kept)
_CONTACT = text("""
UPDATE server_node SET last_contact = :at,
    reported_head = COALESCE(:head, reported_head),
    drift_ms = COALESCE(:drift, drift_ms),
    app_version = COALESCE(:version, app_version),
    schema_rev = COALESCE(:schema, schema_rev),
    last_error = COALESCE(:error, last_error)
WHERE node_id = :node
""").bindparams(
    bindparam("at", type_=ServerNode.__table__.c.last_contact.type),
    bindparam("head", type_=ServerNode.__table__.c.reported_head.type),
    bindparam("drift", type_=ServerNode.__table__.c.drift_ms.type),
    bindparam("version", type_=ServerNode.__table__.c.app_version.type),
    bindparam("schema", type_=ServerNode.__table__.c.schema_rev.type),
    bindparam("error", type_=ServerNode.__table__.c.last_error.type),
)

_STREAMS = union_all(
    select(literal("head"), StreamHead.audience, StreamHead.seq).where(
        StreamHead.node_id == bindparam("node")
    ),
    select(literal("receipt"), Delivery.receiver_id, Delivery.seq).where(
        Delivery.sender_id == bindparam("node")
    ),
)


def _next_tag(conn: Connection, site_id: str) -> str:
    """The next free node tag of a site: its request numbers carry it, so two PCs of one
    site must not share one (W is the QR form's)."""
    used = {FORM_TAG}
    used |= set(conn.execute(select(Enrolment.tag).where(Enrolment.site_id == site_id)).scalars())
    used |= set(conn.execute(select(Peer.tag).where(Peer.site_id == site_id)).scalars())
    used |= set(conn.execute(select(Node.tag).where(Node.site_id == site_id)).scalars())
    for candidate in (chr(c) for c in range(ord("A"), ord("Z") + 1)):
        if candidate not in used:
            return candidate
    raise HubError(409, "enrol.tags")
