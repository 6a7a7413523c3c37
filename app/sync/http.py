"""The HTTP transport: the same bundles as the folder, pushed to and pulled from the HQ server.

One exchange: pull what this node lacks of everyone else, saying what it holds (the cursor
is this node's own ``peer`` heads, so nothing can be skipped); the first answer also says
how far the server holds each of this node's streams and what the other nodes confirmed.
Another site's bundle that holds nothing for this node comes as its stub, and an answer's
stubs are applied in one transaction. Then push what lies beyond the server's heads, oldest
first, several bundles a call, and record the server's receipts. Any step may fail on a bad
line and be run again: a push the server stored but whose answer was lost is answered as
held the next time, a pulled bundle applied twice is a no-op.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from sqlalchemy import insert, select, update

from app import __version__
from app.domain.progress import Progress, report
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.store.journal import read_head
from app.store.models import Peer, Receipt
from app.store.settings import read_raw, write_raw
from app.sync import bundle as bundles
from app.sync import outbox, wire
from app.sync.apply import ApplyResult, Pipeline, Stub, apply_bundle, apply_stubs, retry_held
from app.sync.bundle import BundleError
from app.sync.folder import NodeReport, SyncReport
from app.sync.keys import Keys, ensure_keys
from app.sync.status import record_run

SERVER_URL = "sync.server_url"
SERVER_TOKEN = "sync.server_token"
SERVER_NODE = "sync.server_node"
TIMEOUT = httpx.Timeout(connect=10.0, read=120.0, write=120.0, pool=10.0)
# bundles pushed in one call, at most (the server takes 64 MiB; a call of this size still
# finishes well within the timeouts on a slow line, and a cut one loses little)
PUSH_CALL_BYTES = 8 * 1024 * 1024


class HttpSyncError(RuntimeError):
    """The exchange could not be done (offline, refused …); the message says why, in Chinese.
    ``offline`` is true when the server could not be reached at all (the scheduler backs off)."""

    def __init__(self, message: str, *, offline: bool = False, status: int = 0) -> None:
        super().__init__(message)
        self.offline = offline
        self.status = status


@dataclass(frozen=True)
class ServerConfig:
    url: str
    token: str
    server_node: str = ""


def server_config(db: Database) -> ServerConfig | None:
    """The HQ server this node syncs with, when it was enrolled at one."""
    with db.engine.connect() as conn:
        url = read_raw(conn, SERVER_URL)
        token = read_raw(conn, SERVER_TOKEN)
        node = read_raw(conn, SERVER_NODE) or ""
    return ServerConfig(url, token, node) if url and token else None


def save_server_config(db: Database, config: ServerConfig) -> None:
    with db.engine.begin() as conn:
        write_raw(conn, SERVER_URL, config.url.rstrip("/"))
        write_raw(conn, SERVER_TOKEN, config.token)
        write_raw(conn, SERVER_NODE, config.server_node)


def refusal(response: httpx.Response) -> str:
    """The server's message for a refused call, in Chinese."""
    try:
        error = response.json()["error"]
        return str(error["message"])
    except (ValueError, KeyError, TypeError):
        return f"服务器返回 {response.status_code}。"


# a kept-alive connection the server closed as idle just as a call went out on it (after a
# long apply, say): the call is sent again once, on a new connection
_DROPPED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


def call(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One call to the server. Every call of the protocol may be sent twice (a push the
    server holds already is answered as held; pulls and enrolment are idempotent), so one
    dropped on the way is sent again once."""
    try:
        try:
            response = client.request(method, url, **kwargs)
        except _DROPPED:
            response = client.request(method, url, **kwargs)
    except httpx.TransportError as exc:
        raise HttpSyncError(
            f"无法连接同步服务器（{type(exc).__name__}），稍后自动重试。", offline=True
        ) from exc
    if response.status_code >= 400:
        # busy or rate-limited: like a line that is down, the scheduler backs off
        busy = response.status_code in (429, 502, 503, 504)
        raise HttpSyncError(refusal(response), status=response.status_code, offline=busy)
    return response


class HttpSync:
    def __init__(
        self,
        db: Database,
        config: ServerConfig,
        attachments: AttachmentStore | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self.attachments = attachments
        self.keys: Keys = ensure_keys(db)
        self.me = db.local_node()
        self.client = client or httpx.Client(timeout=TIMEOUT)
        self._own_client = client is None
        self._many = True  # the server takes several bundles a call (push-many)

    def _headers(self) -> dict[str, str]:
        with self.db.engine.connect() as conn:
            head = read_head(conn, self.me.node_id).seq
        return {
            "Authorization": f"Bearer {self.config.token}",
            wire.HEAD: str(head),
            wire.CLOCK: str(int(time.time() * 1000)),
            wire.VERSION: __version__,
            wire.SCHEMA: self.db.schema_revision(),
        }

    def _url(self, path: str) -> str:
        return f"{self.config.url.rstrip('/')}{path}"

    def run(self, progress: Progress | None = None) -> SyncReport:
        try:
            return self._run(progress)
        finally:
            if self._own_client:
                self.client.close()

    def _run(self, progress: Progress | None) -> SyncReport:
        """Pull (the first answer brings the server's sync state), then push what the server
        lacks: two calls when there is something to push, one when not. What this PC made
        while applying (a conflict it found) goes up in the same sync."""
        result = SyncReport()
        # applied bundles reach the disk beside the next one's work, and all of them before a
        # pull says what this PC holds or a push sends a change it made (app.store.durability)
        with self.db.deferred_durability():
            retry_held(self.db, self.attachments)
            pulled = self._pull(result, progress)
        state = pulled or self._state()  # an older server: ask for it
        self._take_state(state)
        held = self._push(state["heads"], result)
        # who holds what of ours: the other nodes as the server knew at the start (they pull
        # on their own schedule); the server itself as its answers to our pushes said
        receipts = {k: int(v) for k, v in state["receipts"].items()}
        if held and self.config.server_node:
            receipts[self.config.server_node] = min(held.values())
        self._receipts(receipts)
        record_run(self.db, "http")
        return result

    def _state(self) -> dict[str, Any]:
        response = call(
            self.client, "GET", self._url("/api/v1/sync/state"), headers=self._headers()
        )
        value: dict[str, Any] = response.json()
        return value

    def _take_state(self, value: dict[str, Any]) -> None:
        if value.get("server_node_id") and value["server_node_id"] != self.config.server_node:
            self.config = ServerConfig(self.config.url, self.config.token, value["server_node_id"])
            save_server_config(self.db, self.config)

    # --- push ------------------------------------------------------------------------------

    def _push(self, heads: dict[str, int], result: SyncReport) -> dict[str, int]:
        """Push every stream beyond the server's head, several bundles a call; returns how far
        the server holds each stream it has."""
        with self.db.engine.connect() as conn:
            mine = read_head(conn, self.me.node_id).seq
        self.db.make_durable()  # a change sent out is never lost here (its seq never reused)
        held_now = {a: int(s) for a, s in heads.items()}
        group: list[tuple[int, bytes]] = []  # (changes, bundle)
        for audience in outbox.audiences(self.db):
            held = int(heads.get(audience, 0))
            for seq_from, seq_to in outbox.chunks(held + 1, mine):
                data = outbox.build(
                    self.db, self.keys, audience, seq_from, seq_to, self.attachments
                )
                if group and sum(len(d) for _, d in group) + len(data) > PUSH_CALL_BYTES:
                    self._send(group, held_now, result)
                    group = []
                group.append((seq_to - seq_from + 1, data))
        if group:
            self._send(group, held_now, result)
        return held_now

    def _send(
        self, group: list[tuple[int, bytes]], held_now: dict[str, int], result: SyncReport
    ) -> None:
        answers: list[dict[str, Any]] = []
        if self._many:
            try:
                response = call(
                    self.client,
                    "POST",
                    self._url("/api/v1/sync/push-many"),
                    content=wire.encode_frames(({}, data) for _, data in group),
                    headers={**self._headers(), "Content-Type": wire.FRAMES_TYPE},
                )
                answers = list(response.json()["receipts"])
            except HttpSyncError as exc:
                if exc.status not in (404, 405):
                    raise
                self._many = False  # a server from before several bundles a call
        if not self._many:
            for _, data in group:
                response = call(
                    self.client,
                    "POST",
                    self._url("/api/v1/sync/push"),
                    content=data,
                    headers={**self._headers(), "Content-Type": wire.BUNDLE_TYPE},
                )
                answers.append(response.json())
        for (changes, _), answer in zip(group, answers, strict=True):
            held_now[str(answer.get("audience", ""))] = int(answer.get("seq", 0))
            if answer.get("stored"):
                result.exported_bundles += 1
                result.exported_changes += changes

    # --- pull ------------------------------------------------------------------------------

    def _have(self) -> dict[str, int]:
        with self.db.engine.connect() as conn:
            have = {n: s for n, s in conn.execute(select(Peer.node_id, Peer.applied_seq)).all()}
        self.db.make_durable()  # what it says it holds is on the disk, whoever applied it
        return have

    def _pull(self, result: SyncReport, progress: Progress | None) -> dict[str, Any] | None:
        """Pull until there is no more; returns the sync state the first answer brought (None
        from a server that does not send it)."""
        reports: dict[str, NodeReport] = {}
        stuck: set[str] = set()
        rounds = 0
        state: dict[str, Any] | None = None
        while True:
            have = self._have()
            response = call(
                self.client,
                "POST",
                self._url("/api/v1/sync/pull"),
                json={"have": have, "state": rounds == 0, "stubs": True},
                headers=self._headers(),
            )
            if rounds == 0 and response.headers.get(wire.STATE):
                try:
                    state = orjson.loads(response.headers[wire.STATE])
                except orjson.JSONDecodeError:
                    state = None
            try:
                frames = wire.decode_frames(response.content)
            except wire.WireError as exc:
                raise HttpSyncError(f"服务器的回复不完整（{exc}），稍后重试。") from exc
            progressed = False
            # the answer's stubs, applied together in one transaction: a sender's stubs only
            # go first when one of its bundles with contents follows them (a stream is
            # applied in order; different senders' streams do not wait for each other)
            run: list[tuple[dict[str, str], bytes]] = []
            in_run: set[str] = set()
            with Pipeline(self.db) as pipeline:
                for n, (sender, data) in enumerate(frames):
                    report(progress, n, len(frames))
                    node_id = sender.get("node_id", "")
                    if node_id in stuck:
                        continue
                    if _is_stub(data):
                        run.append((sender, data))
                        in_run.add(node_id)
                        continue
                    if node_id in in_run:
                        progressed |= self._apply_stubs(run, reports, stuck)
                        run, in_run = [], set()
                        if node_id in stuck:
                            continue
                    if n + 1 < len(frames):  # decoded while this one is written
                        following, data_next = frames[n + 1]
                        same = following.get("node_id", "") == node_id
                        pipeline.prefetch(
                            data_next, following.get("public_key") or None, data if same else None
                        )
                    rep = reports.setdefault(node_id, NodeReport(node_id))
                    if not self._apply(sender, data, rep, pipeline):
                        stuck.add(node_id)
                    elif rep.applied:
                        progressed = True
            if run:
                progressed |= self._apply_stubs(run, reports, stuck)
            rounds += 1
            if response.headers.get(wire.MORE) != "1" or not progressed or rounds > 10_000:
                break
        result.nodes.extend(reports.values())
        return state if isinstance(state, dict) and "heads" in state else None

    def _apply_stubs(
        self,
        run: list[tuple[dict[str, str], bytes]],
        reports: dict[str, NodeReport],
        stuck: set[str],
    ) -> bool:
        """Apply a run of pulled stubs in one transaction; True when one moved a head."""
        outcomes = apply_stubs(
            self.db,
            [
                Stub(data, sender.get("public_key") or None, _peer_info(sender))
                for sender, data in run
            ],
        )
        progressed = False
        for (sender, _), outcome in zip(run, outcomes, strict=True):
            node_id = sender.get("node_id", "")
            if node_id in stuck:  # an earlier stub of its stream was refused
                continue
            rep = reports.setdefault(node_id, NodeReport(node_id))
            if not _took(rep, outcome):
                stuck.add(node_id)
            elif rep.applied:
                progressed = True
        return progressed

    def _apply(
        self, sender: dict[str, str], data: bytes, rep: NodeReport, pipeline: Pipeline
    ) -> bool:
        """Apply one pulled bundle; False when its sender's stream must wait (a gap, a bundle
        for a newer app, a refusal)."""
        try:
            outcome: ApplyResult | BundleError = apply_bundle(
                self.db,
                data,
                public_key=sender.get("public_key") or None,
                peer_info=_peer_info(sender),
                attachments=self.attachments,
                pipeline=pipeline,
            )
        except BundleError as exc:
            outcome = exc
        return _took(rep, outcome)

    # --- receipts --------------------------------------------------------------------------

    def _receipts(self, receipts: dict[str, int]) -> None:
        """What the server and every receiver hold of this node's changes."""
        now = datetime.now(UTC)
        with self.db.engine.begin() as conn:
            for receiver, seq in receipts.items():
                if receiver == self.me.node_id:
                    continue
                known = conn.execute(
                    select(Receipt.seq).where(Receipt.receiver_id == receiver)
                ).first()
                values = {"seq": int(seq), "hash": "", "read_at": now}
                if known is None:
                    conn.execute(insert(Receipt).values(receiver_id=receiver, **values))
                elif known[0] <= int(seq):
                    conn.execute(
                        update(Receipt).where(Receipt.receiver_id == receiver).values(**values)
                    )


def _peer_info(sender: dict[str, str]) -> dict[str, str]:
    """What the server says of a sender, as the peer table keeps it."""
    info = {k: sender.get(k, "") for k in ("site_id", "kind", "tag", "name", "app_version")}
    info["schema"] = sender.get("schema", "")
    return info


def _is_stub(data: bytes) -> bool:
    try:
        return bundles.is_stub(data)
    except BundleError:
        return False  # applying it says what is wrong with it


def _took(rep: NodeReport, outcome: ApplyResult | BundleError) -> bool:
    """Count one pulled bundle's outcome in its sender's report; False when its sender's
    stream must wait (a gap, a bundle for a newer app, a refusal)."""
    if isinstance(outcome, BundleError):
        rep.error = outcome.message()
        return False
    if outcome.held:
        rep.held.append(f"{outcome.seq_from}-{outcome.seq_to}")
        return False
    if outcome.missing:
        rep.missing = outcome.missing
        return False
    if not outcome.duplicate:
        rep.bundles += 1
        rep.applied += outcome.applied
        rep.conflicts += outcome.conflicts
    return True


def sync_server(
    db: Database,
    config: ServerConfig | None = None,
    attachments: AttachmentStore | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> SyncReport:
    config = config or server_config(db)
    if config is None:
        raise HttpSyncError("本机尚未注册到同步服务器：请先用总部发放的注册码注册。")
    return HttpSync(db, config, attachments, client).run(progress)
