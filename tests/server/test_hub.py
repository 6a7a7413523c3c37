"""The server's sync service without HTTP: enrolment codes, tags, expiry, pushes in order."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from app.server.hub import Hub, HubError
from app.store.models import Enrolment, StoredBundle, StreamHead
from tests.server.conftest import Live


def test_each_pc_of_a_site_gets_its_own_tag_and_w_is_the_forms(live_sqlite: Live) -> None:
    hub = Hub(live_sqlite.db)
    tags = [hub.create_enrolment("GQ2").tag for _ in range(24)]
    assert tags == [chr(c) for c in range(ord("A"), ord("Z") + 1) if chr(c) != "W"][:24]
    hub.create_enrolment("GQ2")
    with pytest.raises(HubError) as full:
        hub.create_enrolment("GQ2")
    assert full.value.code == "enrol.tags"
    assert hub.create_enrolment("GQ3").tag == "A"
    with pytest.raises(HubError) as unknown:
        hub.create_enrolment("GQ9")
    assert unknown.value.status == 404 and "GQ9" in unknown.value.message()


def test_an_expired_code_is_refused(live_sqlite: Live) -> None:
    code = live_sqlite.code()
    with live_sqlite.db.engine.begin() as conn:
        conn.execute(update(Enrolment).values(expires_at=datetime.now(UTC) - timedelta(days=1)))
    with pytest.raises(HubError) as expired:
        live_sqlite.hub.enrol(
            code.token, node_id="0" * 8 + "-0000-7000-8000-" + "0" * 12, public_key="ab" * 32
        )
    assert expired.value.code == "enrol.expired"


def test_a_push_that_skips_ahead_or_forks_is_refused(live: Live) -> None:
    """On PostgreSQL a push that continues its stream is stored in one statement; the
    others (the first, a resend, a gap, a fork) take the locking path: both are checked."""
    from app.sync import outbox
    from app.sync.keys import ensure_keys, site_audience
    from tests.server.test_api import add_req
    from tests.sync.conftest import head

    a = live.enrol("gq2-a")
    for n in range(4):
        add_req(a, f"诉求 {n}")
    caller = live.hub.authenticate(_token(a))
    audience = site_audience(a.local_node().site_id)
    later = outbox.build(a, ensure_keys(a), audience, 3, head(a))
    with pytest.raises(HubError) as gap:
        live.hub.push(caller, later)
    assert gap.value.code == "server.gap" and gap.value.params["next"] == 1
    first = outbox.build(a, ensure_keys(a), audience, 1, 2)
    assert live.hub.push(caller, first)["stored"]
    assert not live.hub.push(caller, first)["stored"], "a resend is a no-op"
    assert live.hub.heads(caller) == {audience: 2}

    keys = ensure_keys(a)
    then = outbox.build(a, keys, audience, 3, 4)  # continues the stream
    assert live.hub.push(caller, then)["stored"]
    assert not live.hub.push(caller, then)["stored"]
    assert live.hub.heads(caller) == {audience: 4}
    add_req(a, "诉求 4")
    last = outbox.build(a, keys, audience, 5, head(a))
    key = (StreamHead.node_id == caller.node_id, StreamHead.audience == audience)
    with live.db.engine.begin() as conn:  # the server holds another chain up to 4
        held = conn.execute(select(StreamHead.hash).where(*key)).scalar_one()
        conn.execute(update(StreamHead).where(*key).values(hash="0" * 64))
    with pytest.raises(HubError) as fork:
        live.hub.push(caller, last)
    assert fork.value.code == "server.fork" and fork.value.params["head"] == 4
    with live.db.engine.begin() as conn:
        conn.execute(update(StreamHead).where(*key).values(hash=held))
    assert live.hub.push(caller, last)["stored"]
    assert live.hub.heads(caller) == {audience: head(a)}
    with live.db.engine.connect() as conn:
        ranges = conn.execute(
            select(StoredBundle.seq_from, StoredBundle.seq_to)
            .where(StoredBundle.node_id == caller.node_id, StoredBundle.audience == audience)
            .order_by(StoredBundle.seq_from)
        ).all()
    assert [tuple(r) for r in ranges] == [(1, 2), (3, 4), (5, head(a))]


def _token(db) -> str:  # type: ignore[no-untyped-def]
    from app.sync.http import server_config

    config = server_config(db)
    assert config is not None
    return config.token


def _pulled_whole(live: Live, puller_db, senders, rounds: int):  # type: ignore[no-untyped-def]
    """``rounds`` times, a request added on each sender and synced; then the puller's whole
    pull from nothing, in one answer."""
    from tests.server.conftest import sync
    from tests.server.test_api import add_req

    for n in range(rounds):
        for pc in senders:
            add_req(pc, f"诉求 {n}")
            sync(pc)
    puller = live.hub.authenticate(_token(puller_db))
    whole = live.hub.pull(puller, {})
    assert not whole.more
    return puller, whole


def test_a_pull_cut_at_its_size_goes_on_where_it_stopped(live: Live) -> None:
    """One query serves every sender; a pull cut short says so, and the next one, from the
    cursor the frames moved, goes on: every stored bundle once, each stream in order."""
    from app.sync import bundle as bundles
    from app.sync.keys import SHARED, site_audience

    a, b = live.enrol("gq2-a"), live.enrol("gq2-b")
    c = live.enrol("gq3-c", site="GQ3")
    hub = live.hub
    puller, whole = _pulled_whole(live, b, (a, c), rounds=3)  # several bundles a stream

    have: dict[str, int] = {}
    sliced: list[tuple[str, str, int, int]] = []
    while True:
        part = hub.pull(puller, have, max_bytes=1)  # always one bundle, however large
        assert len(part.frames) == 1 or (not part.more and not part.frames)
        for frame in part.frames:
            header = bundles.read_header(frame.data)
            assert frame.sender["node_id"] == header.node_id
            sliced.append((header.node_id, header.audience, header.seq_from, header.seq_to))
            have[header.node_id] = header.seq_to
        if not part.more:
            break
    in_one = [
        (h.node_id, h.audience, h.seq_from, h.seq_to)
        for h in (bundles.read_header(f.data) for f in whole.frames)
    ]
    assert sliced == in_one and len(set(sliced)) == len(sliced)

    site_a, site_c = a.local_node(), c.local_node()
    for node, audience in (
        (site_a.node_id, site_audience(site_a.site_id)),  # the puller's own site: in full
        (site_c.node_id, SHARED),  # another site: its shared stream only
    ):
        stream = [(f, t) for n, aud, f, t in sliced if n == node]
        assert {aud for n, aud, _f, _t in sliced if n == node} == {audience}
        assert len(stream) >= 3 and stream[0][0] == 1
        assert all(nxt[0] == prev[1] + 1 for prev, nxt in itertools.pairwise(stream))
        assert (
            stream[-1][1]
            == hub.heads(hub.authenticate(_token(a if node == site_a.node_id else c)))[audience]
        )


def test_a_pull_cut_by_size_sends_what_fits_and_says_there_is_more(live: Live) -> None:
    """However the limit falls, a pull sends the stored bundles, in order, whose running
    size stays within it (the first whatever its size), and says there is more exactly
    when some are left."""

    a, b = live.enrol("gq2-a"), live.enrol("gq2-b")
    hub = live.hub
    puller, whole = _pulled_whole(live, b, (a,), rounds=4)
    stored = [f.data for f in whole.frames if f.sender["node_id"] != hub.me.node_id]
    sizes = [len(d) for d in stored]
    assert len(stored) >= 4
    for k in range(1, len(stored)):
        fits = sum(sizes[:k])
        for limit in (fits, fits + sizes[k] - 1):  # exactly full, and one byte short of more
            part = hub.pull(puller, {}, max_bytes=limit)
            assert [f.data for f in part.frames] == stored[:k], (k, limit)
            assert part.more
    first = hub.pull(puller, {}, max_bytes=sizes[0] - 1)  # smaller than the first bundle
    assert [f.data for f in first.frames] == stored[:1] and first.more


def test_the_servers_own_bundle_is_built_again_once_erasure_has_redacted_it(
    live_sqlite: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server keeps its own bundles built for the next puller lacking the same range. A
    long journal goes out in bundles of fixed ranges (20,000 changes; 5 here), which stay
    the same as the head moves on: a purge that drops a change's contents inside one must
    not leave the old contents in that store."""
    from functools import partial

    from app.sync import outbox

    monkeypatch.setattr(outbox, "chunks", partial(outbox.chunks, size=5))
    from sqlalchemy import select

    from app.store.models import Request, RequestEvent
    from app.store.retention import ERASE, Due, RecordKind, purge
    from app.store.users import login
    from app.sync import bundle as bundles
    from tests.server.conftest import ADMIN, PASSWORD
    from tests.server.test_api import add_req

    server = live_sqlite.db
    secret = "工资拖欠三个月 — 张三"
    rid = add_req(server, secret)
    with server.write(ADMIN) as unit:  # erased first, as when a site's erasure arrives
        assert unit.journal.erase(Request, rid, ERASE[Request])
        events = unit.session.scalars(
            select(RequestEvent.id).where(RequestEvent.request_id == rid)
        ).all()
        for event_id in events:
            assert unit.journal.erase(RequestEvent, event_id, ERASE[RequestEvent])
    hq_pc = live_sqlite.enrol("hq-2", site="XMB", kind="hq")
    puller = live_sqlite.hub.authenticate(_token(hq_pc))
    me = server.local_node().node_id

    def contents() -> list[str]:
        frames = [f for f in live_sqlite.hub.pull(puller, {}).frames if f.sender["node_id"] == me]
        assert frames
        keys = live_sqlite.hub.keys
        return [
            e.fields
            for f in frames
            for e in bundles.decode(f.data, keys, keys.public_hex).entries
            if e.row_id == rid and not e.redacted
        ]

    assert any(secret in fields for fields in contents())
    assert contents() == contents()  # built once, then kept
    actor = login(server, ADMIN, PASSWORD)
    today = date.today()
    due = Due(RecordKind.REQUESTS, "request", rid, "", today, today, erased=True)
    assert purge(server, actor, today, [due]).redacted >= 1
    assert not any(secret in fields for fields in contents())


def test_a_puller_that_takes_stubs_gets_them_only_where_it_can_check_them(live: Live) -> None:
    """Another site's shared stream of requests carries nothing for a site: the stub of each
    bundle comes in its place, when the bundle starts right after what the puller holds.
    A puller that does not ask (an older app) gets the bundles."""
    from app.sync import bundle as bundles
    from tests.server.conftest import sync
    from tests.server.test_api import add_req

    a, c = live.enrol("gq2-a"), live.enrol("gq3-c", site="GQ3")
    sync(a)
    start = bundles.read_header(live.hub.pull(live.hub.authenticate(_token(c)), {}).frames[0].data)
    for n in range(3):  # three bundles of two changes
        add_req(a, f"诉求 {n}")
        add_req(a, f"建议 {n}")
        sync(a)
    hub, node = live.hub, a.local_node().node_id
    puller = hub.authenticate(_token(c))

    def frames(have: int, stubs: bool) -> list[tuple[bool, int, int]]:
        got = hub.pull(puller, {node: have}, stubs=stubs).frames
        out = []
        for f in got:
            if f.sender["node_id"] == node:
                header = bundles.read_header(f.data)
                out.append((bundles.is_stub(f.data), header.seq_from, header.seq_to))
        return out

    held = start.seq_to
    three = frames(held, stubs=True)
    assert [s for s, _f, _t in three] == [True, True, True]
    assert [s for s, _f, _t in frames(held, stubs=False)] == [False, False, False]
    # holding part of one: that one in full (its middle cannot be checked), then stubs
    _, first, last = three[1]
    assert first < last
    assert frames(first, stubs=True) == [(False, first, last), three[2]]
    # the first bundle carries the site and the shared data: never a stub
    assert next(s for s, _f, _t in frames(0, stubs=True)) is False
    # the second PC of the site gets the requests themselves
    b = live.enrol("gq2-b")
    mate = hub.authenticate(_token(b))
    assert not any(
        bundles.is_stub(f.data)
        for f in hub.pull(mate, {}, stubs=True).frames
        if f.sender["node_id"] == node
    )


def test_a_pull_sends_every_bundle_that_ends_beyond_what_the_puller_holds(live: Live) -> None:
    """Whatever a puller holds of a stream — nothing, a bundle's last change, part of a
    bundle, all of it — it gets exactly the stored bundles that end beyond that, in order:
    the pull reads a stream from the bundle holding the next change on, not its history."""
    from app.sync import bundle as bundles
    from app.sync.keys import site_audience
    from tests.server.conftest import sync
    from tests.server.test_api import add_req

    a, b = live.enrol("gq2-a"), live.enrol("gq2-b")
    for n in range(4):  # bundles of one, two, three and four requests
        for k in range(n + 1):
            add_req(a, f"诉求 {n}-{k}")
        sync(a)
    hub, node = live.hub, a.local_node().node_id
    audience = site_audience(a.local_node().site_id)
    with hub.db.engine.connect() as conn:
        stored = conn.execute(
            select(StoredBundle.seq_from, StoredBundle.seq_to)
            .where(StoredBundle.node_id == node, StoredBundle.audience == audience)
            .order_by(StoredBundle.seq_from)
        ).all()
    assert len(stored) >= 4 and stored[0][0] == 1
    puller = hub.authenticate(_token(b))
    for held in range(stored[-1][1] + 2):  # one past the head too
        got = [
            (h.seq_from, h.seq_to)
            for h in (bundles.read_header(f.data) for f in hub.pull(puller, {node: held}).frames)
            if h.node_id == node
        ]
        assert got == [(f, t) for f, t in stored if t > held], held


def test_every_reader_takes_of_each_sender_the_stream_its_audience_rule_names(
    live: Live,
) -> None:
    """The pull query picks each sender's stream in SQL: it must pick what
    outbox.reading_audience says, for HQ and site readers alike, and leave out no sender."""
    from app.sync import bundle as bundles
    from app.sync.outbox import reading_audience
    from tests.server.conftest import sync
    from tests.server.test_api import add_req

    hq_pc = live.enrol("hq-2", site="XMB", kind="hq")
    a, b = live.enrol("gq2-a"), live.enrol("gq2-b")
    c = live.enrol("gq3-c", site="GQ3")
    pcs = (hq_pc, a, b, c)
    for pc in pcs:  # HQ PCs write streams for HQ, everyone and each site from the start
        if pc is not hq_pc:
            add_req(pc, "宿舍漏雨")
        sync(pc)
    nodes = {pc.local_node().node_id: pc.local_node() for pc in pcs}
    me = live.hub.me
    nodes[me.node_id] = me
    hub = live.hub
    for reader in (hq_pc, a, c):
        caller = hub.authenticate(_token(reader))
        got: dict[str, set[str]] = {}
        for frame in hub.pull(caller, {}).frames:
            header = bundles.read_header(frame.data)
            assert frame.sender["node_id"] == header.node_id
            got.setdefault(header.node_id, set()).add(header.audience)
        expected = {
            node_id: {reading_audience(caller.kind, caller.site_id, n.kind, n.site_id)}
            for node_id, n in nodes.items()
            if node_id != caller.node_id
        }
        assert got == expected, reader.local_node().name


def test_a_pull_tells_each_sender_as_the_server_knows_it_now(live: Live) -> None:
    """A server keeps senders' details framed between pulls: once a PC reports a new app
    version, the next pull says so (and every frame of the PC says the same)."""
    a, b = live.enrol("gq2-a"), live.enrol("gq2-b")
    puller, whole = _pulled_whole(live, b, (a,), rounds=2)
    node = a.local_node().node_id
    before = [f.sender for f in whole.frames if f.sender["node_id"] == node]
    assert len(before) >= 2 and all(s == before[0] for s in before)
    hub = live.hub
    hub.note_contact(hub.authenticate(_token(a)), app_version="9.9.9")
    again = hub.pull(puller, {})
    after = [f.sender for f in again.frames if f.sender["node_id"] == node]
    assert [s["app_version"] for s in after] == ["9.9.9"] * len(before)
    assert [{**s, "app_version": ""} for s in after] == [{**before[0], "app_version": ""}] * len(
        before
    )
