"""Bundles: round trip, and every kind of bad bundle refused with nothing applied."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

from app.store.database import Database
from app.store.journal import read_head
from app.store.models import Change, Team
from app.sync import bundle as bundles
from app.sync import outbox
from app.sync.apply import apply_bundle
from app.sync.bundle import ERASED, Bundle, BundleError, Entry, Header
from app.sync.keys import ensure_keys, site_audience
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
