"""Bundles: round trip, and every kind of bad bundle refused with nothing applied."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import orjson
import pytest
from sqlalchemy import event, func, select

from app.store.database import Database
from app.store.journal import read_head
from app.store.models import Change, Peer, Team
from app.sync import bundle as bundles
from app.sync import outbox
from app.sync.apply import ApplyResult, Stub, apply_bundle, apply_stubs
from app.sync.bundle import ERASED, Bundle, BundleError, Entry, Header
from app.sync.keys import SHARED, ensure_keys, site_audience
from tests.sync.conftest import Nodes


def _head(db: Database) -> int:
    with db.engine.connect() as conn:
        return read_head(conn, db.local_node().node_id).seq


def _bundle(db: Database, first: int = 1, last: int | None = None) -> bytes:
    keys = ensure_keys(db)
    return outbox.build(db, keys, site_audience(db.local_node().site_id), first, last or _head(db))


def _changes(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Change)).scalar() or 0


@pytest.fixture
def pair(nodes: Nodes) -> tuple[Database, Database]:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    with a.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "隧道六队"})
    return a, b


def test_round_trip_applies_every_change(pair: tuple[Database, Database]) -> None:
    a, b = pair
    data = _bundle(a)
    header = bundles.read_header(data)
    assert (header.seq_from, header.seq_to) == (1, _head(a))
    result = apply_bundle(b, data, public_key=ensure_keys(a).public_hex)
    assert result.applied == _head(a) and not result.duplicate
    with b.read() as session:
        assert session.scalar(select(Team.name)) == "隧道六队"


def test_ciphertext_hides_the_content(pair: tuple[Database, Database]) -> None:
    a, _ = pair
    data = _bundle(a)
    assert "隧道六队".encode() not in data and b"\xe9\x9a\xa7" not in data


@pytest.mark.parametrize("where", ["header", "body", "signature"])
def test_a_tampered_bundle_is_refused(pair: tuple[Database, Database], where: str) -> None:
    a, b = pair
    data = bytearray(_bundle(a))
    header_len = int.from_bytes(data[10:14], "big")
    offset = {"header": 20, "body": 14 + header_len + 8 + 20, "signature": len(data) - 5}[where]
    data[offset] ^= 0x01
    before = _changes(b)
    with pytest.raises(BundleError) as info:
        apply_bundle(b, bytes(data), public_key=ensure_keys(a).public_hex)
    assert info.value.code in ("bundle.signature", "bundle.damaged")
    assert "未导入任何内容" in info.value.message()
    assert _changes(b) == before


@pytest.mark.parametrize("keep", [0, 5, 30, 200, -1])
def test_a_truncated_bundle_is_refused(pair: tuple[Database, Database], keep: int) -> None:
    a, b = pair
    data = _bundle(a)
    cut = data[:keep] if keep >= 0 else data[:-1]
    with pytest.raises(BundleError) as info:
        apply_bundle(b, cut, public_key=ensure_keys(a).public_hex)
    assert info.value.code == "bundle.damaged"


def test_a_bundle_of_another_project_is_refused(nodes: Nodes, tmp_path: Path) -> None:
    a = nodes.make("a")
    stranger = Database.open(f"sqlite:///{tmp_path / 'stranger.sqlite3'}")
    from app.store.sites import init_node

    init_node(stranger, site_code="GQ2", site_name="二工区", tag="Z")
    data = _bundle(stranger)
    with pytest.raises(BundleError) as info:
        apply_bundle(a, data, public_key=ensure_keys(stranger).public_hex)
    assert info.value.code == "bundle.foreign"
    stranger.close()


def test_a_replayed_bundle_changes_nothing(pair: tuple[Database, Database]) -> None:
    a, b = pair
    data = _bundle(a)
    key = ensure_keys(a).public_hex
    apply_bundle(b, data, public_key=key)
    before = _changes(b)
    again = apply_bundle(b, data, public_key=key)
    assert again.duplicate and again.applied == 0
    assert _changes(b) == before


def test_a_resend_is_not_decoded_but_still_must_be_signed(
    pair: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every sync run meets every bundle still in the folder: one already applied is known
    by its header and signature, without decrypting it again — but a forged one is refused."""
    a, b = pair
    data = _bundle(a)
    key = ensure_keys(a).public_hex
    apply_bundle(b, data, public_key=key)

    def no_decode(*_args: object) -> None:
        raise AssertionError("an applied bundle was decoded again")

    monkeypatch.setattr(bundles, "decode", no_decode)
    assert apply_bundle(b, data, public_key=key).duplicate
    forged = bytearray(data)
    forged[-5] ^= 0x01
    with pytest.raises(BundleError) as info:
        apply_bundle(b, bytes(forged), public_key=key)
    assert info.value.code == "bundle.signature"


def test_a_node_whose_key_changed_is_refused(pair: tuple[Database, Database], nodes: Nodes) -> None:
    a, b = pair
    apply_bundle(b, _bundle(a), public_key=ensure_keys(a).public_hex)
    other = nodes.make("c", tag="C")
    with pytest.raises(BundleError) as info:
        apply_bundle(b, _bundle(a), public_key=ensure_keys(other).public_hex)
    assert info.value.code == "bundle.key_changed"


def test_a_broken_chain_is_refused_even_when_signed(pair: tuple[Database, Database]) -> None:
    """A node re-signing an altered history still fails the chain check."""
    a, b = pair
    keys = ensure_keys(a)
    good = bundles.decode(_bundle(a), keys, keys.public_hex)
    entries = list(good.entries)
    e = entries[-1]
    entries[-1] = Entry(
        e.seq,
        e.digest,
        e.hlc,
        e.entity,
        e.row_id,
        e.site_id,
        e.op,
        e.author,
        (e.fields or "").replace("隧道六队", "隧道七队"),
    )
    forged = bundles.encode(Bundle(good.header, entries), keys)
    with pytest.raises(BundleError) as info:
        apply_bundle(b, forged, public_key=keys.public_hex)
    assert info.value.code == "bundle.chain"


def test_a_bundle_from_a_newer_app_is_held_with_a_clear_message(
    pair: tuple[Database, Database],
) -> None:
    a, b = pair
    keys = ensure_keys(a)
    good = bundles.decode(_bundle(a), keys, keys.public_hex)
    newer = Header(**{**good.header.__dict__, "schema": "9999_future"})
    data = bundles.encode(Bundle(newer, good.entries), keys)
    result = apply_bundle(b, data, public_key=keys.public_hex)
    assert result.held == "9999_future" and result.applied == 0
    assert "请升级" in BundleError("bundle.newer", revision="9999_future").message()
    from app.sync.apply import held_bundles, retry_held

    assert [h[0] for h in held_bundles(b)] == [keys.node_id]
    assert retry_held(b) == []  # still unknown to this app: stays held
    assert held_bundles(b)


def test_write_file_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "x.sdb"
    bundles.write_file(target, b"abc")
    assert target.read_bytes() == b"abc"
    assert [p.name for p in tmp_path.iterdir()] == ["x.sdb"]


def test_an_erased_entry_travels_as_its_digest_and_says_it_was_erased() -> None:
    erased = Entry(7, "ab" * 32, site_id="s-1", op=ERASED)
    again = Entry.from_json("node", orjson.loads(orjson.dumps(erased.to_json())))
    assert again.erased and again.redacted and again.digest == erased.digest
    outside = Entry.from_json("node", [7, "s-1", "ab" * 32])
    assert outside.redacted and not outside.erased


_HEADER = Header(
    project_id="p" * 36,
    schema="0011",
    node_id="n" * 36,
    audience=SHARED,
    seq_from=3,
    seq_to=5,
    prev_hash="a" * 64,
    last_hash="b" * 64,
    created_ms=1_787_700_000_000,
    format=2,
    body="c" * 64,
    full=2,
    files=0,
    hidden=("s-1",),
)


def test_a_well_formed_header_reads_back_as_written() -> None:
    assert Header.from_bytes(_HEADER.to_bytes(), 2) == _HEADER
    old = replace(_HEADER, format=1, body="", full=0, hidden=())
    assert Header.from_bytes(old.to_bytes(), 1) == old


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seq_from", 0),
        ("seq_from", "3"),
        ("seq_to", 2),
        ("seq_to", 4.0),
        ("created_ms", None),
        ("format", 1),
        ("project_id", 7),
        ("schema", ["0011"]),
        ("node_id", None),
        ("audience", 1),
        ("prev_hash", "A" * 64),
        ("last_hash", "b" * 63),
        ("body", "c" * 65),
        ("full", 4),
        ("full", -1),
        ("files", "0"),
        ("hidden", "s-1"),
        ("hidden", [1]),
        ("hidden", None),
    ],
)
def test_a_header_of_the_wrong_shape_is_damaged(field: str, value: object) -> None:
    raw = orjson.loads(_HEADER.to_bytes())
    raw[field] = value
    with pytest.raises(BundleError) as info:
        Header.from_bytes(orjson.dumps(raw), 2)
    assert info.value.code == "bundle.damaged"


@pytest.mark.parametrize("data", [b"[]", b"{}", b"not json", b'"text"'])
def test_a_header_that_is_not_an_object_of_its_fields_is_damaged(data: bytes) -> None:
    with pytest.raises(BundleError) as info:
        Header.from_bytes(data, 2)
    assert info.value.code == "bundle.damaged"


# --- format 2: the signed header, and stubs ------------------------------------------------


def test_a_format_1_bundle_still_reads_and_applies(pair: tuple[Database, Database]) -> None:
    """A PC not yet updated, or a bundle left on a USB stick, writes format 1."""
    a, b = pair
    keys = ensure_keys(a)
    good = bundles.decode(_bundle(a), keys, keys.public_hex)
    old = bundles.encode(Bundle(good.header, good.entries), keys, version=1)
    assert int.from_bytes(old[8:10], "big") == 1
    assert bundles.read_header(old).format == 1 and bundles.stub_of(old) is None
    result = apply_bundle(b, old, public_key=keys.public_hex)
    assert result.applied == _head(a)
    with b.read() as session:
        assert session.scalar(select(Team.name)) == "隧道六队"


def test_the_header_says_what_the_body_holds(pair: tuple[Database, Database]) -> None:
    a, _ = pair
    keys = ensure_keys(a)
    data = _bundle(a)
    header = bundles.read_header(data)
    good = bundles.decode(data, keys, keys.public_hex)
    assert header.format == 2 and header.full == len(good.entries) == _head(a)
    assert header.files == 0 and header.hidden == ()
    shared = bundles.read_header(outbox.build(a, keys, SHARED, 1, _head(a)))
    assert shared.hidden == (a.local_node().site_id,)  # the team is the site's own record
    assert 0 < shared.full < shared.changes  # the site row itself is everyone's


def test_a_header_that_lies_about_the_body_is_refused(pair: tuple[Database, Database]) -> None:
    """The writer signs the header: one whose counts do not match its body is damaged."""
    a, b = pair
    keys = ensure_keys(a)
    good = bundles.decode(_bundle(a), keys, keys.public_hex)
    data = bundles.encode(Bundle(good.header, good.entries), keys)
    parts = bundles._split(data)
    header = bundles.Header.from_bytes(parts.header, 2)
    lying = replace(header, full=0).to_bytes()
    signed = parts.signed[:10] + len(lying).to_bytes(4, "big") + lying
    forged = signed + keys.sign(signed) + len(parts.body).to_bytes(8, "big") + parts.body
    with pytest.raises(BundleError) as info:
        apply_bundle(b, forged, public_key=keys.public_hex)
    assert info.value.code in ("bundle.damaged", "bundle.foreign")


@pytest.fixture
def sites(nodes: Nodes) -> tuple[Database, Database, Database]:
    """A PC of GQ2 that has its site's data and the shared data, then makes a team (its
    site's own record); a PC of GQ3 and a second PC of GQ2, which have taken what came
    before the team."""
    a = nodes.make("a")
    other, mate = nodes.make("b", site="GQ3", tag="B"), nodes.make("c", tag="C")
    key = ensure_keys(a).public_hex
    first = _head(a)
    apply_bundle(other, outbox.build(a, ensure_keys(a), SHARED, 1, first), public_key=key)
    apply_bundle(mate, _bundle(a, 1, first), public_key=key)
    with a.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "隧道六队"})
    return a, other, mate


def _shared(db: Database, first: int, last: int | None = None) -> bytes:
    return outbox.build(db, ensure_keys(db), SHARED, first, last or _head(db))


def _peer(db: Database, node_id: str) -> tuple[int, str]:
    with db.read() as session:
        peer = session.get(Peer, node_id)
        assert peer is not None
        return peer.applied_seq, peer.applied_hash


def test_a_stub_moves_the_head_as_its_bundle_would(
    sites: tuple[Database, Database, Database],
) -> None:
    a, other, _ = sites
    key = ensure_keys(a).public_hex
    start = _peer(other, a.local_node().node_id)[0] + 1
    data = _shared(a, start)
    stub = bundles.stub_of(data)
    assert stub is not None and bundles.is_stub(stub) and not bundles.is_stub(data)
    assert len(stub) < len(data) and bundles.read_header(stub) == bundles.read_header(data)
    before = _changes(other)
    result = apply_bundle(other, stub, public_key=key)
    assert result.applied == _head(a) - start + 1 and not result.missing
    assert _peer(other, a.local_node().node_id) == (_head(a), bundles.read_header(data).last_hash)
    assert _changes(other) == before  # nothing of GQ2's reached GQ3
    assert apply_bundle(other, stub, public_key=key).duplicate
    assert apply_bundle(other, data, public_key=key).duplicate  # the same chain


def test_a_bundle_with_contents_has_no_stub_and_its_body_cannot_be_left_out(
    sites: tuple[Database, Database, Database],
) -> None:
    a, other, mate = sites
    data = _bundle(a, _peer(mate, a.local_node().node_id)[0] + 1)
    assert bundles.stub_of(data) is None
    parts = bundles._split(data)
    cut = parts.signed + parts.signature + (0).to_bytes(8, "big")  # the body left out
    for reader in (mate, other):
        with pytest.raises(BundleError) as info:
            apply_bundle(reader, cut, public_key=ensure_keys(a).public_hex)
        assert info.value.code == "bundle.damaged"
    assert _peer(mate, a.local_node().node_id)[0] < _head(a)


def test_a_stub_that_hides_what_the_reader_must_have_is_refused(
    sites: tuple[Database, Database, Database],
) -> None:
    """The shared stream's stub, taken by a PC of the writer's own site, would skip the
    team: its header names the site of what it hides."""
    a, _, mate = sites
    stub = bundles.stub_of(_shared(a, _peer(mate, a.local_node().node_id)[0] + 1))
    assert stub is not None
    with pytest.raises(BundleError) as info:
        apply_bundle(mate, stub, public_key=ensure_keys(a).public_hex)
    assert info.value.code == "bundle.scope"
    assert _peer(mate, a.local_node().node_id)[0] < _head(a)


def test_a_stub_must_start_where_the_reader_holds_the_chain(
    sites: tuple[Database, Database, Database],
) -> None:
    a, other, _ = sites
    keys = ensure_keys(a)
    node = a.local_node().node_id
    held = _peer(other, node)[0]
    with a.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "桥梁二队"})
    later = bundles.stub_of(_shared(a, _head(a), _head(a)))
    assert later is not None
    gap = apply_bundle(other, later, public_key=keys.public_hex)
    assert gap.missing == (held + 1, _head(a) - 1) and _peer(other, node)[0] == held
    # one that overlaps what is held cannot be checked there: its whole bundle is needed
    apply_bundle(other, _shared(a, held + 1, held + 1), public_key=keys.public_hex)
    over = bundles.stub_of(_shared(a, held + 1, _head(a)))
    assert over is not None
    assert apply_bundle(other, over, public_key=keys.public_hex).missing == (held + 2, _head(a))
    # a stub signed for another history than the one held: a fork
    good = bundles.read_header(_shared(a, held + 2))
    forked = replace(good, prev_hash="ab" * 32, body="00" * 32, format=2).to_bytes()
    signed = bundles._PREFIX.pack(bundles.MAGIC, 2, len(forked)) + forked
    stub = signed + keys.sign(signed) + (0).to_bytes(8, "big")
    with pytest.raises(BundleError) as info:
        apply_bundle(other, stub, public_key=keys.public_hex)
    assert info.value.code == "bundle.chain"
    assert _peer(other, node)[0] == held + 1


def test_a_tampered_stub_is_refused(sites: tuple[Database, Database, Database]) -> None:
    a, other, _ = sites
    node = a.local_node().node_id
    stub = bytearray(bundles.stub_of(_shared(a, _peer(other, node)[0] + 1)) or b"")
    stub[40] ^= 0x01
    with pytest.raises(BundleError) as info:
        apply_bundle(other, bytes(stub), public_key=ensure_keys(a).public_hex)
    assert info.value.code in ("bundle.signature", "bundle.damaged")


def test_a_run_of_stubs_is_one_transaction_and_a_bad_one_holds_up_only_its_sender(
    nodes: Nodes,
) -> None:
    """What a site pulls of the other sites' shared streams: a stub each, applied together."""
    reader = nodes.make("reader", site="GQ3", tag="B")
    writers = [nodes.make(f"w{i}", site="GQ4", tag=chr(ord("C") + i)) for i in range(4)]
    stubs = []
    for w in writers:
        first = _head(w)
        apply_bundle(reader, _shared(w, 1, first), public_key=ensure_keys(w).public_hex)
        with w.write("clerk") as unit:
            unit.journal.insert(Team, {"name": f"{w.local_node().tag}队"})
        stub = bundles.stub_of(_shared(w, first + 1))
        assert stub is not None
        stubs.append(Stub(stub, ensure_keys(w).public_hex))
    bad = bytearray(stubs[2].data)
    bad[40] ^= 0x01
    stubs[2] = Stub(bytes(bad), stubs[2].public_key)
    commits: list[int] = []
    event.listen(reader.engine, "commit", lambda _conn: commits.append(1))
    apply_stubs(reader, stubs[:1])
    one = len(commits)
    outcomes = apply_stubs(reader, stubs[1:])
    assert len(commits) == 2 * one  # three stubs cost what one did
    assert isinstance(outcomes[1], BundleError)
    for i in (0, 1, 3):
        assert _peer(reader, writers[i].local_node().node_id)[0] == _head(writers[i])
    assert all(isinstance(outcomes[i], ApplyResult) and outcomes[i].applied for i in (0, 2))
    assert _peer(reader, writers[2].local_node().node_id)[0] < _head(writers[2])


def test_a_senders_stubs_in_one_run_move_its_head_in_turn_and_keep_what_they_said(
    sites: tuple[Database, Database, Database],
) -> None:
    """Three stubs of one sender in a run: each starts where the one before it ended, and
    the head ends at the last; the details the transport gave with any of them are kept. A
    stub that repeats one already taken is a duplicate, and one past a gap is missing."""
    a, other, _ = sites
    key = ensure_keys(a).public_hex
    node = a.local_node().node_id
    stubs, start = [], _peer(other, node)[0] + 1  # the fixture's team comes first
    for n in range(3):
        with a.write("clerk") as unit:
            unit.journal.insert(Team, {"name": f"隧道{n}队"})
        stub = bundles.stub_of(_shared(a, start))
        assert stub is not None
        stubs.append(stub)
        start = _head(a) + 1
    said = [{"name": "一号机"}, {"app_version": "9.9.9"}, {"name": ""}]
    outcomes = apply_stubs(
        other,
        [Stub(s, key, info) for s, info in zip(stubs, said, strict=True)] + [Stub(stubs[1], key)],
    )
    assert [o.applied if isinstance(o, ApplyResult) else o for o in outcomes[:3]] == [2, 1, 1]
    assert isinstance(outcomes[3], ApplyResult) and outcomes[3].duplicate
    assert _peer(other, node) == (_head(a), bundles.read_header(stubs[-1]).last_hash)
    with other.read() as session:
        peer = session.get(Peer, node)
        assert peer is not None and (peer.name, peer.app_version) == ("一号机", "9.9.9")
    with a.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "隧道九队"})
    first = _head(a)
    with a.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "隧道十队"})
    (gap,) = apply_stubs(other, [Stub(bundles.stub_of(_shared(a, first + 1)) or b"", key)])
    assert isinstance(gap, ApplyResult) and gap.missing == (first, first)
