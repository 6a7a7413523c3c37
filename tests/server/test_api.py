"""The HQ server end to end, over real HTTP, on SQLite and on PostgreSQL: push and pull,
scope, authentication, revocation, a cut connection, concurrent pushers and pullers."""

from __future__ import annotations

import itertools
import threading
from datetime import date

import httpx
import pytest
from sqlalchemy import func, select

from app.server.hub import Hub
from app.store.models import Peer, Receipt, Request, StoredBundle, Worker
from app.store.requests import RequestInput, add_request
from app.store.workers import WorkerInput, register_worker
from app.sync import outbox
from app.sync.http import HttpSyncError, server_config
from app.sync.keys import ensure_keys, site_audience
from tests.server.conftest import Live, sync
from tests.sync.conftest import dump, head

TODAY = date(2026, 11, 24)
ID_1 = "11010519491231002X"
ID_2 = "51010719900101123X"


def add_worker(db, name: str, id_number: str) -> str:  # type: ignore[no-untyped-def]
    with db.write("clerk") as unit:
        return register_worker(unit, WorkerInput(name=name, id_number=id_number), today=TODAY).ids[
            0
        ]


def add_req(db, text: str) -> str:  # type: ignore[no-untyped-def]
    with db.write("clerk") as unit:
        return add_request(
            unit,
            RequestInput(channel="phone", category_code="wages", description=text),
            node_tag=db.local_node().tag,
        )


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_two_pcs_of_a_site_and_hq_converge_and_another_site_gets_no_personal_records(
    live: Live,
) -> None:
    a = live.enrol("gq2-a")
    b = live.enrol("gq2-b")
    c = live.enrol("gq3-a", site="GQ3")
    worker = add_worker(a, "王五", ID_1)
    add_req(a, "三月工资未发")
    add_worker(c, "赵六", ID_2)
    for node in (a, b, c, a, b, c):
        sync(node)
    live.settle()
    # the two PCs of GQ2 hold the same GQ2 data; the server holds everyone's
    skip = frozenset({"audit_log", "app_user", "conflict"})
    assert dump(a, skip=skip)["worker"] == dump(b, skip=skip)["worker"]
    assert {w.name for w in _workers(live.db)} == {"王五", "赵六"}
    assert count(b, Request) == 1
    # GQ3 never receives GQ2's workers, nor GQ2 GQ3's
    assert {w.name for w in _workers(c)} == {"赵六"}
    assert {w.name for w in _workers(a)} == {"王五"}
    with c.read() as session:
        assert session.get(Worker, worker) is None
    # the receipts: the server and the other PC of the site hold all of a's changes
    st = _status(a)
    assert st.pending_out == 0
    sync(a)  # b said what it holds at its second pull, after a's last sync
    holds = {r.node_id: r.holds for r in _status(a).receivers}
    assert holds[b.local_node().node_id] == head(a)
    # another site holds a's changes as digests: it confirms nothing, and is not recorded
    assert c.local_node().node_id not in holds


def _workers(db):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return list(session.scalars(select(Worker)))


def _status(db):  # type: ignore[no-untyped-def]
    from app.sync.status import sync_status

    return sync_status(db)


def test_a_node_cannot_push_as_another_nor_outside_its_scope(live: Live) -> None:
    a = live.enrol("gq2-a")
    c = live.enrol("gq3-a", site="GQ3")
    add_worker(a, "王五", ID_1)
    data = outbox.build(a, ensure_keys(a), site_audience(a.local_node().site_id), 1, head(a))
    token_c = server_config(c).token  # type: ignore[union-attr]
    with httpx.Client() as http:
        pushed = http.post(
            f"{live.url}/api/v1/sync/push",
            content=data,
            headers={"Authorization": f"Bearer {token_c}"},
        )
        assert pushed.status_code == 403
        assert pushed.json()["error"]["code"] == "server.not_yours"
        # c may not write a stream for GQ2's audience either
        own = outbox.build(c, ensure_keys(c), site_audience(a.local_node().site_id), 1, head(c))
        refused = http.post(
            f"{live.url}/api/v1/sync/push",
            content=own,
            headers={"Authorization": f"Bearer {token_c}"},
        )
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "server.audience"
        anonymous = http.post(f"{live.url}/api/v1/sync/pull", json={"have": {}})
        assert anonymous.status_code == 401
        assert "凭据" in anonymous.json()["error"]["message"]
        forged = http.get(
            f"{live.url}/api/v1/sync/state", headers={"Authorization": "Bearer not-a-token"}
        )
        assert forged.status_code == 401
    with live.db.read() as session:
        assert session.scalar(select(func.count()).select_from(StoredBundle)) == 0


def test_a_site_cannot_pull_another_sites_workers_even_asking_for_them(live: Live) -> None:
    a = live.enrol("gq2-a")
    c = live.enrol("gq3-a", site="GQ3")
    add_worker(a, "王五", ID_1)
    sync(a)
    from app.sync import wire
    from app.sync.bundle import decode

    token_c = server_config(c).token  # type: ignore[union-attr]
    with httpx.Client() as http:
        pulled = http.post(
            f"{live.url}/api/v1/sync/pull",
            json={"have": {}},
            headers={"Authorization": f"Bearer {token_c}"},
        )
    frames = wire.decode_frames(pulled.content)
    from_a = [d for s, d in frames if s["node_id"] == a.local_node().node_id]
    assert from_a, "c receives a's shared stream (site rows, categories)"
    keys = ensure_keys(c)
    for data in from_a:
        bundle = decode(data, keys, ensure_keys(a).public_hex)
        assert bundle.header.audience == "shared"
        assert all(e.redacted for e in bundle.entries if e.entity == "worker")
        assert not any(e.entity == "worker" and e.fields for e in bundle.entries)


def test_revoked_node_and_enrolment_codes_are_refused(live: Live) -> None:
    a = live.enrol("gq2-a")
    sync(a)
    assert Hub(live.db).revoke_node(a.local_node().node_id)
    with pytest.raises(HttpSyncError) as refused:
        sync(a)
    assert refused.value.status == 403
    assert "吊销" in str(refused.value)
    # an enrolment code works once, and not after it was revoked
    code = live.code()
    assert live.hub.revoke_enrolment(code.token)
    from app.store.database import Database
    from app.store.sites import FirstUser
    from app.sync.enrol import enrol

    fresh = Database.open(f"sqlite:///{live.root / 'late.sqlite3'}")
    live.nodes.append(fresh)
    with pytest.raises(HttpSyncError) as late:
        enrol(fresh, code, FirstUser("admin", "站长", "correct-horse"))
    assert late.value.status == 403
    assert not fresh.has_local_node()
    used = live.code()
    live.nodes.append(first := Database.open(f"sqlite:///{live.root / 'first.sqlite3'}"))
    enrol(first, used, FirstUser("admin", "站长", "correct-horse"))
    second = Database.open(f"sqlite:///{live.root / 'second.sqlite3'}")
    live.nodes.append(second)
    with pytest.raises(HttpSyncError) as twice:
        enrol(second, used, FirstUser("admin", "站长", "correct-horse"))
    assert twice.value.status == 409
    assert "只能用一次" in str(twice.value)


class CutAfterServer(httpx.HTTPTransport):
    """The line drops after the server has answered a push, before the site hears it."""

    def __init__(self, cuts: int) -> None:
        super().__init__()
        self.cuts = cuts

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path.endswith(("/push", "/push-many")) and self.cuts > 0:
            response.read()
            self.cuts -= 1
            raise httpx.ReadError("connection reset", request=request)
        return response


def test_connection_cut_after_the_server_commits_loses_nothing_and_doubles_nothing(
    live: Live,
) -> None:
    a = live.enrol("gq2-a")
    b = live.enrol("gq2-b")
    for n in range(30):
        add_req(a, f"诉求 {n}")
    # the call is sent again once, and dropped again: the sync fails
    with httpx.Client(transport=CutAfterServer(cuts=2)) as flaky, pytest.raises(HttpSyncError):
        sync(a, flaky)
    with live.db.read() as session:
        stored = session.scalar(select(func.count()).select_from(StoredBundle))
    # both streams' bundles went in one call, which the server committed before the drop
    assert stored == 2
    sync(a)  # the resend is answered as held; the rest follows
    sync(b)
    live.settle()
    assert count(b, Request) == 30
    assert count(live.db, Request) == 30
    with live.db.read() as session:
        bundles = session.execute(
            select(StoredBundle.audience, StoredBundle.seq_from, StoredBundle.seq_to).where(
                StoredBundle.node_id == a.local_node().node_id
            )
        ).all()
    for audience in {x for x, _, _ in bundles}:
        spans = sorted((f, t) for x, f, t in bundles if x == audience)
        assert spans[0][0] == 1 and spans[-1][1] == head(a)
        assert all(prev[1] + 1 == nxt[0] for prev, nxt in itertools.pairwise(spans))


def test_a_call_dropped_once_is_sent_again_and_the_sync_goes_through(live: Live) -> None:
    """As when the server closed a kept-alive connection as idle while the PC applied a
    long pull: the push is sent again at once, answered as held, and the sync succeeds."""
    a = live.enrol("gq2-a")
    for n in range(5):
        add_req(a, f"诉求 {n}")
    transport = CutAfterServer(cuts=1)
    with httpx.Client(transport=transport) as flaky:
        report = sync(a, flaky)
    assert transport.cuts == 0 and report.exported_bundles == 0  # stored by the dropped call
    with live.db.read() as session:
        assert session.scalar(select(func.count()).select_from(StoredBundle)) == 2
    with a.read() as session:
        held = session.scalar(
            select(Receipt.seq).where(Receipt.receiver_id == server_config(a).server_node)  # type: ignore[union-attr]
        )
    assert held == head(a)


def test_concurrent_pushers_and_pullers_skip_nothing(live: Live) -> None:
    pushers = [live.enrol(f"gq2-p{n}") for n in range(3)]
    pullers = [live.enrol(f"gq2-r{n}") for n in range(2)]
    errors: list[BaseException] = []
    gaps: list[object] = []
    done = threading.Event()

    def push(node, n: int) -> None:  # type: ignore[no-untyped-def]
        try:
            for round_ in range(6):
                for k in range(5):
                    add_req(node, f"{n}-{round_}-{k}")
                sync(node)
        except BaseException as exc:
            errors.append(exc)

    def pull(node) -> None:  # type: ignore[no-untyped-def]
        try:
            while not done.is_set():
                report = sync(node)
                gaps.extend(n.missing for n in report.nodes if n.missing)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(p, n)) for n, p in enumerate(pushers)]
    readers = [threading.Thread(target=pull, args=(r,)) for r in pullers]
    for t in threads + readers:
        t.start()
    for t in threads:
        t.join(timeout=300)
    done.set()
    for t in readers:
        t.join(timeout=300)
    assert not errors, errors
    assert not gaps, "a pull handed out a bundle past a change it had not sent"
    for reader in pullers:
        sync(reader)
        with reader.read() as session:
            held = {p.node_id: p.applied_seq for p in session.scalars(select(Peer))}
        for pusher in pushers:
            assert held[pusher.local_node().node_id] == head(pusher)
        assert count(reader, Request) == 3 * 6 * 5


def test_a_server_out_of_database_connections_says_busy_and_the_pc_backs_off(
    live_sqlite: Live,
) -> None:
    """Every connection taken: the call waits its turn for a moment, then gets 503 with
    Retry-After and a JSON error, not a 500; the PC counts it as unreachable (back off)."""
    from app.store.database import Database, make_engine
    from tests.server.conftest import serve

    engine = make_engine(live_sqlite.db.engine.url, pool_size=1, pool_timeout=0.2)
    tight = Database(engine)
    pc = live_sqlite.enrol("gq2-a")
    try:
        with serve(tight, apply_in_background=False) as (url, _app):
            assert httpx.get(f"{url}/healthz").status_code == 200
            with engine.connect():  # the only connection, held
                answer = httpx.get(f"{url}/healthz")
                with pytest.raises(HttpSyncError) as refused:
                    sync_server_at(pc, url)
            assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
            assert answer.json()["error"]["code"] == "server.busy_db"
            assert refused.value.status == 503 and refused.value.offline
            assert "服务器正忙" in str(refused.value)
            assert httpx.get(f"{url}/healthz").status_code == 200
    finally:
        tight.close()


def sync_server_at(db, url: str):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from app.sync.http import sync_server

    config = server_config(db)
    assert config is not None
    return sync_server(db, replace(config, url=url))


class Recording(httpx.HTTPTransport):
    """Records the calls of a sync; ``old=True`` answers as a server from before push-many
    and the state in the pull answer."""

    def __init__(self, old: bool = False) -> None:
        super().__init__()
        self.old = old
        self.calls: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1/sync/")
        self.calls.append(path)
        if self.old and path == "push-many":
            return httpx.Response(404, json={"detail": "Not Found"})
        response = super().handle_request(request)
        if self.old and "x-sitedesk-state" in response.headers:
            response.read()
            headers = {k: v for k, v in response.headers.items() if k != "x-sitedesk-state"}
            headers.pop("content-length", None)
            return httpx.Response(response.status_code, headers=headers, content=response.content)
        return response


def test_a_sync_is_one_pull_and_one_push_and_only_a_pull_when_nothing_is_new(live: Live) -> None:
    a = live.enrol("gq2-a")
    b = live.enrol("gq2-b")
    for n in range(5):
        add_req(a, f"诉求 {n}")
    with httpx.Client(transport=Recording()) as client:
        report = sync(a, client)
        assert report.exported_bundles == 2  # both streams, in one call
        assert client._transport.calls == ["pull", "push-many"]  # type: ignore[attr-defined]
    with httpx.Client(transport=Recording()) as client:
        sync(a, client)
        assert client._transport.calls == ["pull"]  # type: ignore[attr-defined]
    sync(b)
    assert count(b, Request) == 5
    with live.db.read() as session:  # the server's receipt for a's changes, from the answer
        assert server_config(a) is not None

    with a.read() as session:
        held = session.scalar(
            select(Receipt.seq).where(Receipt.receiver_id == server_config(a).server_node)  # type: ignore[union-attr]
        )
    assert held == head(a)


def test_a_sync_with_a_server_from_before_push_many_takes_the_old_calls(live: Live) -> None:
    a = live.enrol("gq2-a")
    b = live.enrol("gq2-b")
    for n in range(5):
        add_req(a, f"诉求 {n}")
    with httpx.Client(transport=Recording(old=True)) as client:
        report = sync(a, client)
        calls = client._transport.calls  # type: ignore[attr-defined]
    assert calls == ["pull", "state", "push-many", "push", "push"]
    assert report.exported_bundles == 2
    sync(b)
    assert count(b, Request) == 5


def test_push_many_stores_in_order_and_stops_at_a_refusal(live: Live) -> None:
    from app.sync import wire

    a = live.enrol("gq2-a")
    b = live.enrol("gq2-b")
    add_req(a, "诉求")
    add_req(b, "诉求")
    mine = outbox.build(a, ensure_keys(a), site_audience(a.local_node().site_id), 1, head(a))
    theirs = outbox.build(b, ensure_keys(b), site_audience(b.local_node().site_id), 1, head(b))
    token = server_config(a).token  # type: ignore[union-attr]
    with httpx.Client() as http:
        answer = http.post(
            f"{live.url}/api/v1/sync/push-many",
            content=wire.encode_frames(iter([({}, mine), ({}, theirs)])),
            headers={"Authorization": f"Bearer {token}", "Content-Type": wire.FRAMES_TYPE},
        )
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "server.not_yours"
        damaged = http.post(
            f"{live.url}/api/v1/sync/push-many",
            content=b"not frames",
            headers={"Authorization": f"Bearer {token}", "Content-Type": wire.FRAMES_TYPE},
        )
        assert damaged.status_code == 422
    with live.db.read() as session:
        stored = session.execute(select(StoredBundle.node_id, StoredBundle.seq_to)).all()
    assert stored == [(a.local_node().node_id, head(a))]  # the first, before the refusal


class Frames(httpx.HTTPTransport):
    """Notes, per sender, whether each frame a pull brings is a stub."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, bool]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        from app.sync import bundle as bundles
        from app.sync import wire

        response = super().handle_request(request)
        if request.url.path.endswith("/pull"):
            response.read()
            for sender, data in wire.decode_frames(response.content):
                self.seen.append((sender["node_id"], bundles.is_stub(data)))
        return response


def test_another_sites_shared_stream_arrives_as_stubs_and_the_sites_converge(
    live: Live,
) -> None:
    a = live.enrol("gq2-a")
    c = live.enrol("gq3-a", site="GQ3")
    for node in (a, c, a, c):
        sync(node)
    for n in range(3):
        add_req(a, f"诉求 {n}")
        sync(a)
    transport = Frames()
    with httpx.Client(transport=transport) as client:
        report = sync(c, client)
    node = a.local_node().node_id
    assert [stub for sender, stub in transport.seen if sender == node] == [True] * 3
    assert not any(r.error or r.missing for r in report.nodes)
    with c.read() as session:
        peer = session.get(Peer, node)
        assert peer is not None and peer.applied_seq == head(a)
    assert count(c, Request) == 0  # GQ2's requests stay with GQ2
    b = live.enrol("gq2-b")
    transport = Frames()
    with httpx.Client(transport=transport) as client:
        sync(b, client)
    assert not any(stub for sender, stub in transport.seen if sender == node)
    assert count(b, Request) == 3
    add_req(c, "宿舍漏雨")  # and GQ3's new request reaches neither GQ2 PC, whose heads move
    sync(c)
    sync(a)
    with a.read() as session:
        peer = session.get(Peer, c.local_node().node_id)
        assert peer is not None and peer.applied_seq == head(c)
    assert count(a, Request) == 3


def test_an_answers_stubs_are_applied_together_and_each_stream_in_order(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two PCs of GQ2 each sent a bundle with contents for every site (their seeded reference
    data) and then bundles that hold nothing for GQ3: GQ3's pull gets, per sender, the one
    and then stubs. The stubs of both senders are applied in one transaction, after each
    sender's bundle before them."""
    from app.sync import http as http_module

    writers = [live.enrol("gq2-a"), live.enrol("gq2-b")]
    reader = live.enrol("gq3-a", site="GQ3")
    for node in writers:
        sync(node)
        for n in range(2):
            add_req(node, f"诉求 {n}")
            sync(node)
    runs: list[int] = []
    real = http_module.apply_stubs

    def counted(db, stubs):  # type: ignore[no-untyped-def]
        runs.append(len(stubs))
        return real(db, stubs)

    monkeypatch.setattr(http_module, "apply_stubs", counted)
    transport = Frames()
    with httpx.Client(transport=transport) as client:
        report = sync(reader, client)
    ids = [w.local_node().node_id for w in writers]
    seen = [(ids.index(n), stub) for n, stub in transport.seen if n in ids]
    assert seen == [(0, False), (0, True), (0, True), (1, False), (1, True), (1, True)]
    assert runs == [4]
    assert not any(r.error or r.missing for r in report.nodes)
    for w in writers:
        assert peer_head(reader, w) == head(w)


def peer_head(db, of) -> int:  # type: ignore[no-untyped-def]
    with db.read() as session:
        peer = session.get(Peer, of.local_node().node_id)
        return 0 if peer is None else int(peer.applied_seq)


class Calls(httpx.HTTPTransport):
    """Notes each call to the server in ``events``, beside the commits and fsyncs."""

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.events.append(request.url.path.rsplit("/", 1)[-1])
        return super().handle_request(request)


def test_a_pc_tells_the_server_nothing_it_applied_before_it_is_on_the_disk(
    live: Live, disk_events: list[str]
) -> None:
    """Pulled bundles are applied without waiting for the disk at each commit
    (app.store.durability): every call after them — the next pull's ``have``, a push of a
    conflict found while applying — waits until they are on the disk."""
    writer, reader = live.enrol("gq2-a"), live.enrol("gq2-b")
    for n in range(3):
        add_req(writer, f"诉求 {n}")
    sync(writer)
    events = disk_events
    with httpx.Client(transport=Calls(events)) as client:
        report = sync(reader, client)
    assert not any(r.error or r.missing for r in report.nodes)
    assert peer_head(reader, writer) == head(writer)
    calls = [i for i, e in enumerate(events) if e not in ("commit", "fsync")]
    assert "commit" in events and len(calls) > 1
    for at in calls:
        commits = [i for i in range(at) if events[i] == "commit"]
        if commits:
            assert "fsync" in events[commits[-1] : at], events[: at + 1]
