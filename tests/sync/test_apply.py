"""The merge: per-field last-writer-wins, unions, deferral, gaps, skew, scope, conflicts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.store.database import Database
from app.store.hlc import pack
from app.store.models import Conflict, Handout, Peer, StockMovement, Team, Worker
from app.store.supplies import hand_out_to_team
from app.store.workers import WorkerInput, register_worker
from app.sync import bundle as bundles
from app.sync.apply import apply_bundle, held_bundles, retry_held
from app.sync.bundle import Bundle, Header
from app.sync.conflicts import list_conflicts, resolve
from app.sync.keys import ensure_keys
from tests.sync.conftest import Nodes, bundle_for, deliver, dump, head, heat_relief, settle

TODAY = date(2026, 8, 26)
ID_1 = "11010519491231002X"
ID_2 = "51010719900101123X"


def _team(db: Database, name: str = "隧道六队") -> str:
    with db.write("clerk") as unit:
        return unit.journal.insert(Team, {"name": name})


def test_two_nodes_converge(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "甲队")
    _team(b, "乙队")
    settle(a, b)
    assert dump(a) == dump(b)
    with a.read() as session:
        assert set(session.scalars(select(Team.name))) == {"甲队", "乙队"}


def test_concurrent_edits_of_one_field_keep_the_later_one_everywhere(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    team = _team(a)
    settle(a, b)
    with a.write("clerk") as unit:
        unit.journal.update(Team, team, {"leader_name": "张三", "work_point": "1号横洞"})
    with b.write("clerk") as unit:  # later HLC: B's clock has seen A's changes
        unit.journal.update(Team, team, {"leader_name": "李四"})
    settle(a, b)
    assert dump(a) == dump(b)
    with a.read() as session:
        row = session.get(Team, team)
        assert row is not None
        assert (row.leader_name, row.work_point) == ("李四", "1号横洞")  # per field, not per row


def test_an_update_that_arrives_before_its_row_waits_for_it(nodes: Nodes) -> None:
    a, b, c = nodes.make("a"), nodes.make("b", tag="B"), nodes.make("c", tag="C")
    team = _team(a)
    deliver(a, b)
    with b.write("clerk") as unit:
        unit.journal.update(Team, team, {"leader_name": "王五"})
    deliver(b, c)  # C has B's update, but not A's insert
    with c.read() as session:
        assert session.get(Team, team) is None
    deliver(a, c)
    with c.read() as session:
        row = session.get(Team, team)
        assert row is not None and row.leader_name == "王五"
    settle(a, b, c)
    assert dump(a) == dump(b) == dump(c)


def test_a_gap_is_reported_and_nothing_applied(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    for n in range(3):
        _team(a, f"队{n}")
    end = head(a)
    later = bundle_for(a, b, end - 1, end)
    result = apply_bundle(b, later, public_key=ensure_keys(a).public_hex)
    assert result.missing == (1, end - 2) and result.applied == 0
    deliver(a, b, 1, end - 2)
    result = apply_bundle(b, later, public_key=ensure_keys(a).public_hex)
    assert result.applied == 2 and result.missing is None


def test_overlapping_bundles_apply_only_what_is_new(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a)
    deliver(a, b, 1, 3)
    result = deliver(a, b, 2, head(a))
    assert result.applied == head(a) - 3
    assert dump(a)["team"] == dump(b)["team"]


def test_seeded_reference_data_merges_instead_of_doubling(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")  # both seeded the same categories
    settle(a, b)
    assert dump(a) == dump(b)
    with a.read() as session:
        from app.store.models import RequestCategory

        assert len(session.scalars(select(RequestCategory)).all()) == 8


def test_clock_years_off_still_orders_and_converges(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    three_years = 3 * 365 * 24 * 3600 * 1000
    real = b.clock._now_ms
    b.clock._now_ms = lambda: real() - three_years  # B's PC thinks it is 2023
    team = _team(b)
    with b.write("clerk") as unit:
        unit.journal.update(Team, team, {"leader_name": "第一次"})
        unit.journal.update(Team, team, {"leader_name": "第二次"})
    settle(a, b)
    assert dump(a) == dump(b)
    with a.read() as session:
        row = session.get(Team, team)
        assert row is not None and row.leader_name == "第二次"  # its own order kept
        peer = session.get(Peer, b.local_node().node_id)
        assert peer is not None and peer.drift_ms is not None
        assert peer.drift_ms < -three_years * 0.99  # the receiver records B's drift


def test_a_clock_far_ahead_is_not_followed(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    ahead = 10 * 365 * 24 * 3600 * 1000
    real = b.clock._now_ms
    b.clock._now_ms = lambda: real() + ahead
    _team(b)
    deliver(b, a)
    assert a.clock.last < pack(real() + 2 * 24 * 3600 * 1000, 0)


def test_a_held_bundle_applies_after_the_app_is_updated(
    nodes: Nodes, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    keys = ensure_keys(a)
    good = bundles.decode(bundle_for(a, b), keys, keys.public_hex)
    newer = bundles.encode(
        Bundle(Header(**{**good.header.__dict__, "schema": "0003_next"}), good.entries), keys
    )
    assert apply_bundle(b, newer, public_key=keys.public_hex).held == "0003_next"
    from app.store import schema

    known = schema.known_revisions()
    monkeypatch.setattr(schema, "known_revisions", lambda: [*known, "0003_next"])
    results = retry_held(b)
    assert len(results) == 1 and results[0].applied == head(a)
    assert held_bundles(b) == []


def test_an_older_bundle_is_read(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    keys = ensure_keys(a)
    good = bundles.decode(bundle_for(a, b), keys, keys.public_hex)
    older = bundles.encode(
        Bundle(Header(**{**good.header.__dict__, "schema": "0001"}), good.entries), keys
    )
    assert apply_bundle(b, older, public_key=keys.public_hex).applied == head(a)


def test_a_site_never_receives_another_sites_people(nodes: Nodes) -> None:
    hq = nodes.make("hq", site="XMB", kind="hq")
    gq2 = nodes.make("gq2", site="GQ2")
    gq3 = nodes.make("gq3", site="GQ3")
    with gq2.write("clerk") as unit:
        register_worker(unit, WorkerInput(name="甲", id_number=ID_1), today=TODAY)
    with gq3.write("clerk") as unit:
        register_worker(unit, WorkerInput(name="乙", id_number=ID_2), today=TODAY)
    settle(hq, gq2, gq3)
    with hq.read() as session:
        assert len(session.scalars(select(Worker)).all()) == 2
    with gq3.read() as session:
        assert [w.name for w in session.scalars(select(Worker))] == ["乙"]
    path = gq3.engine.url.database
    assert path is not None
    gq3.close()
    with open(path, "rb") as fh:  # closed: the WAL is checkpointed into the file
        assert ID_1.encode() not in fh.read()


def test_duplicate_registration_offline_goes_to_the_queue_and_resolution_syncs(
    nodes: Nodes,
) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    with a.write("clerk") as unit:
        keep = register_worker(unit, WorkerInput(name="王五", id_number=ID_2), today=TODAY).ids[0]
    with b.write("clerk") as unit:
        other = register_worker(
            unit, WorkerInput(name="王五", id_number=ID_2.lower()), today=TODAY
        ).ids[0]
    settle(a, b)
    with a.read() as session:
        (conflict,) = list_conflicts(session)
    with b.read() as session:
        assert [c.id for c in list_conflicts(session)] == [conflict.id]  # one row, not two
    assert conflict.kind == "duplicate_worker" and sorted(conflict.row_ids) == sorted([keep, other])
    assert ID_2 not in conflict.key  # masked
    with a.write("manager") as unit:
        resolve(unit, conflict.id, "keep", keep=keep, note="同一人")
    settle(a, b)
    with b.read() as session:
        assert list_conflicts(session) == []
        dropped = session.get(Worker, other)
        assert dropped is not None and dropped.deleted
        done = session.get(Conflict, conflict.id)
        assert (
            done is not None and done.resolution == f"keep:{keep}" and done.resolved_by == "manager"
        )
    assert dump(a) == dump(b)


def test_a_later_bundle_is_checked_against_rows_it_does_not_touch(nodes: Nodes) -> None:
    """The conflict scan looks at the prints of the rows a bundle touched, and finds their
    doubles among every live row, however long ago those arrived."""
    a, b, c = nodes.make("a"), nodes.make("b", tag="B"), nodes.make("c", tag="C")
    with a.write("clerk") as unit:
        first = register_worker(unit, WorkerInput(name="王五", id_number=ID_2), today=TODAY).ids[0]
    with b.write("clerk") as unit:  # unrelated work: nothing to flag
        register_worker(unit, WorkerInput(name="李四", id_number=ID_1), today=TODAY)
    with c.write("clerk") as unit:  # C has not heard of A's 王五
        twin = register_worker(unit, WorkerInput(name="王五", id_number=ID_2), today=TODAY).ids[0]
    deliver(b, a)
    with a.read() as session:
        assert list_conflicts(session) == []
    deliver(c, a)  # touches only the twin; the first copy was here all along
    with a.read() as session:
        (conflict,) = list_conflicts(session)
    assert sorted(conflict.row_ids) == sorted([first, twin])


def test_a_twin_deleted_before_the_sync_is_no_conflict(nodes: Nodes) -> None:
    """Only live rows count: one live row and one deleted row of a number are one person."""
    a, b, c = nodes.make("a"), nodes.make("b", tag="B"), nodes.make("c", tag="C")
    with c.write("clerk") as unit:  # offline all along
        third = register_worker(unit, WorkerInput(name="王五", id_number=ID_2), today=TODAY).ids[0]
    with a.write("clerk") as unit:
        gone = register_worker(unit, WorkerInput(name="王五", id_number=ID_2), today=TODAY).ids[0]
        assert unit.journal.delete(Worker, gone)
    with b.write("clerk") as unit:
        here = register_worker(unit, WorkerInput(name="王五", id_number=ID_2), today=TODAY).ids[0]
    settle(a, b)
    for node in (a, b):
        with node.read() as session:
            assert list_conflicts(session) == []
            assert {w.id: w.deleted for w in session.scalars(select(Worker))} == {
                gone: True,
                here: False,
            }
    settle(a, b, c)  # C's copy is a second live row of the number
    with b.read() as session:
        (conflict,) = list_conflicts(session)
    assert sorted(conflict.row_ids) == sorted([here, third])


def test_double_handout_offline_goes_to_the_queue(nodes: Nodes) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    campaign, team = heat_relief(a)
    settle(a, b)
    with a.write("clerk") as unit:
        hand_out_to_team(unit, campaign, team)
    with b.write("clerk") as unit:
        hand_out_to_team(unit, campaign, team)  # B had not heard of A's handout
    settle(a, b)
    with a.read() as session:
        (conflict,) = list_conflicts(session)
        assert conflict.kind == "double_handout"
        assert len(session.scalars(select(Handout)).all()) == 2  # both kept
    with a.write("manager") as unit:
        resolve(unit, conflict.id, "return", note="多领的两个已收回")
    settle(a, b)
    with b.read() as session:
        kinds = sorted(m.kind for m in session.scalars(select(StockMovement)))
        assert kinds == ["handout", "handout", "receive", "return"]
        assert list_conflicts(session) == []
    assert dump(a) == dump(b)


def test_resolving_needs_a_valid_action_and_record(nodes: Nodes) -> None:
    from app.domain.problems import DomainError

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    with a.write("clerk") as unit:
        register_worker(unit, WorkerInput(name="甲", id_number=ID_1), today=TODAY)
    with b.write("clerk") as unit:
        register_worker(unit, WorkerInput(name="甲", id_number=ID_1), today=TODAY)
    settle(a, b)
    with a.read() as session:
        (conflict,) = list_conflicts(session)
    with a.write("x") as unit:
        with pytest.raises(DomainError, match="不适用"):
            resolve(unit, conflict.id, "return")
        with pytest.raises(DomainError, match="保留的记录"):
            resolve(unit, conflict.id, "keep", keep="nobody")
        with pytest.raises(DomainError, match="处理说明"):
            resolve(unit, conflict.id, "both")
        with pytest.raises(DomainError, match="找不到"):
            resolve(unit, "nope", "both", note="x")


def test_a_bundle_entirely_behind_the_head_is_a_no_op_not_a_fork(nodes: Nodes) -> None:
    """Re-exported bundles may be cut at other boundaries than the ones applied."""
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    for n in range(4):
        _team(a, f"队{n}")
    deliver(a, b)
    result = deliver(a, b, 1, 3)
    assert result.duplicate and result.applied == 0


def test_a_rewritten_history_is_detected_as_a_fork(nodes: Nodes, tmp_path: Path) -> None:
    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "甲")
    deliver(a, b)
    # the same node id and key, but a different history from change 1 on
    import shutil

    path = a.engine.url.database
    assert path
    first = head(a)
    clone_path = tmp_path / "clone.sqlite3"
    a.close()
    shutil.copy(path, clone_path)
    clone = Database.open(f"sqlite:///{clone_path}")
    a2 = Database.open(f"sqlite:///{path}")
    _team(a2, "乙")
    _team(clone, "丙")  # diverges at change first + 1
    deliver(a2, b, first + 1)
    from app.sync.bundle import BundleError

    with pytest.raises(BundleError) as info:
        deliver(clone, b, first + 1)
    assert info.value.code == "bundle.chain"
    clone.close()
    a2.close()


def test_applied_rows_are_stored_byte_for_byte_like_the_senders(nodes: Nodes) -> None:
    """The receiver's fast path writes exactly what the sender's journal stored."""
    import sqlite3

    from app.store.demo import make_demo
    from app.store.models import synced_models

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    make_demo(a, workers=40, today=TODAY)
    with a.write("clerk") as unit:
        for quantity, counted in (
            (Decimal("12.345"), None),
            (Decimal("-0.5"), Decimal("7")),
            (Decimal("-1234567.008"), Decimal("0.010")),
            (Decimal("0"), Decimal("-0.001")),
        ):
            unit.journal.insert(
                StockMovement,
                {
                    "item_id": "x",
                    "kind": "stocktake",
                    "quantity": quantity,
                    "counted": counted,
                    "on_date": TODAY,
                },
            )
        # a change that leaves keys out (as an older app's may): their defaults are stored
        unit.journal.insert(Team, {"name": "丁", "company_id": "c"})
    deliver(a, b)
    pa, pb = a.engine.url.database, b.engine.url.database
    assert pa and pb
    origin = a.local_node().node_id
    with sqlite3.connect(pa) as ca, sqlite3.connect(pb) as cb:
        compared = 0
        for model in synced_models():
            name = model.__tablename__
            sql = f"SELECT * FROM {name} WHERE stamp LIKE ? ORDER BY id"
            rows_a = ca.execute(sql, (f"%:{origin}",)).fetchall()
            rows_b = cb.execute(sql, (f"%:{origin}",)).fetchall()
            if name not in ("site", "request_category"):  # B merged its own seeded copies
                assert rows_a == rows_b, name
                compared += len(rows_a)
    ca.close()
    cb.close()
    assert compared > 300  # workers, trainings, requests, events, handouts, stock …


def test_colliding_request_steps_go_to_the_queue_on_every_node(nodes: Nodes) -> None:
    from datetime import UTC, datetime

    from app.domain.problems import DomainError
    from app.domain.requests import EventKind, Stage
    from app.store.requests import RequestInput, add_request, state_of, take_step

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    with a.write("clerk") as unit:
        rid = add_request(
            unit,
            RequestInput("phone", "legal", "工伤赔偿", received_at=datetime.now(UTC)),
            node_tag="A",
        )
    settle(a, b)
    with a.write("clerk") as unit:  # the site hears the case is in arbitration already
        take_step(unit, rid, EventKind.REJECT, params={"reason": "已进入仲裁"})
    with b.write("clerk") as unit:  # B, offline, has not heard and goes on
        accept = take_step(unit, rid, EventKind.ACCEPT)
        verify = take_step(unit, rid, EventKind.VERIFY)
    settle(a, b)
    for node in (a, b):
        with node.read() as session:
            assert state_of(session, rid).stage is Stage.REJECTED  # the earlier step wins
            found = list_conflicts(session)
        assert {c.kind for c in found} == {"request_step"}
        assert sorted(c.row_ids[0] for c in found) == sorted([accept, verify])
        assert all(c.key.startswith("GQ2-") for c in found)
    with a.write("manager") as unit:
        with pytest.raises(DomainError, match="处理说明"):
            resolve(unit, found[0].id, "acknowledge")
        for conflict in found:
            resolve(unit, conflict.id, "acknowledge", note="仲裁中，维持不予受理")
    settle(a, b)
    with b.read() as session:
        assert list_conflicts(session) == []
    assert dump(a) == dump(b)


def test_a_card_handed_out_at_one_pc_is_refused_at_the_other_after_sync(nodes: Nodes) -> None:
    from app.domain.problems import DomainError
    from app.store.supplies import Entitlement, add_item, create_campaign, hand_out_to_worker
    from app.store.workers import record_movement

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    with a.write("clerk") as unit:
        tonic = add_item(unit, "藿香正气水", "盒")
        team = unit.journal.insert(Team, {"name": "隧道六队"})
        inp = [
            WorkerInput(name=n, id_number=i, team_id=team) for n, i in (("甲", ID_1), ("乙", ID_2))
        ]
        first, second = (register_worker(unit, w, today=TODAY).ids[0] for w in inp)
        for w in (first, second):
            record_movement(unit, w, "entry", TODAY)
        campaign = create_campaign(
            unit,
            name="防暑",
            on_date=TODAY,
            items=[Entitlement(tonic, per_head=Decimal(1))],
            team_ids=[team],
        )
    settle(a, b)
    with a.write("clerk") as unit:
        hand_out_to_worker(unit, campaign, first)
    settle(a, b)
    with pytest.raises(DomainError, match="甲已领取过"), b.write("clerk") as unit:
        hand_out_to_worker(unit, campaign, first)
    # both PCs offline, the same card at each: both kept, and the queue says so
    with a.write("clerk") as unit:
        hand_out_to_worker(unit, campaign, second)
    with b.write("clerk") as unit:
        hand_out_to_worker(unit, campaign, second)
    settle(a, b)
    for node in (a, b):
        with node.read() as session:
            (conflict,) = list_conflicts(session)
            assert conflict.kind == "double_handout" and conflict.key.endswith(f"worker:{second}")
    assert dump(a) == dump(b)


def test_a_count_is_not_lowered_again_by_a_handout_it_already_saw(nodes: Nodes) -> None:
    """PC B hands out 2 melons offline; then PC A counts the 8 left on the shelf. When B's
    handout arrives, the count already holds it: the balance stays 8, not 6. A handout after
    the count is taken off it."""
    from app.store.supplies import balance, move_stock, reconcile, stock

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    campaign, team = heat_relief(a)  # 20 melons, 2 to a team
    with a.read() as session:
        melon = next(i.id for i in stock(session) if i.name == "西瓜")
    settle(a, b)
    with b.write("clerk") as unit:
        hand_out_to_team(unit, campaign, team)  # 18 left, B offline
    with a.write("clerk") as unit:
        done = reconcile(unit, melon, Decimal(18), TODAY)  # A counts what is on the shelf
    assert done.difference == Decimal(-2)  # A's books still said 20
    settle(a, b)
    for node in (a, b):
        with node.read() as session:
            assert balance(session, melon) == Decimal(18)
    with b.write("clerk") as unit:  # after the count: taken off it
        move_stock(unit, melon, "loss", Decimal(1), TODAY, note="摔坏")
    settle(a, b)
    with a.read() as session:
        assert balance(session, melon) == Decimal(17)


def test_a_received_insert_lacking_keys_stores_their_defaults(nodes: Nodes) -> None:
    """A change from an older app may leave columns out: SQLite's copy from the journal takes
    each column's default for a missing key, and keeps a null that was sent."""
    from app.store.hlc import to_datetime
    from app.sync.apply import Scope, merge
    from app.sync.bundle import Entry

    b = nodes.make("b")
    site = b.local_node().site_id
    hlc = pack(1_787_000_000_123, 7)
    fields = '{"company_id":null,"deleted":false,"name":"戊队","work_point":"2号斜井"}'
    entry = Entry(1, "", hlc, "team", "team-x", site, "i", "clerk", fields)
    with b.write("sync") as unit:
        merge(unit, "node-old", [entry], {1: "h" * 64}, Scope(site, False))
    with b.read() as session:
        team = session.get(Team, "team-x")
        assert team is not None
        assert (team.name, team.kind, team.company_id, team.leader_name, team.work_point) == (
            "戊队",
            "labour_team",
            None,
            "",
            "2号斜井",
        )
        assert team.created_at == team.updated_at == to_datetime(hlc)
        assert team.stamp == f"{hlc:016x}:node-old"
        assert team.updated_by == "clerk"


def _pipelined(receiver: Database, key: str, parts: list[bytes]) -> list[Any]:
    """Apply ``parts`` in order through a Pipeline, each next one prefetched, as the folder
    and HTTP transports do."""
    from app.sync.apply import Pipeline

    results = []
    with Pipeline(receiver) as pipeline:
        for n, data in enumerate(parts):
            if n + 1 < len(parts):
                pipeline.prefetch(parts[n + 1], key, after=data)
            results.append(apply_bundle(receiver, data, public_key=key, pipeline=pipeline))
    return results


def test_a_pipeline_decodes_the_next_bundle_in_its_thread_and_ends_the_same(
    nodes: Nodes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import app.sync.apply as apply_module
    from app.store.demo import make_demo

    a = nodes.make("a")
    b, c = nodes.make("b", tag="B"), nodes.make("c", tag="C")
    make_demo(a, workers=30, today=TODAY)
    last = head(a)
    cuts = [1, last // 3, 2 * last // 3, last]
    parts = [bundle_for(a, b, cuts[i] + (i > 0), cuts[i + 1]) for i in range(3)]
    decoded_in: list[str] = []
    decode = apply_module._decode_bundle

    def spy(*args: Any) -> Any:
        decoded_in.append(threading.current_thread().name)
        return decode(*args)

    monkeypatch.setattr(apply_module, "_decode_bundle", spy)
    key = ensure_keys(a).public_hex
    results = _pipelined(b, key, parts)
    assert [r.applied for r in results] == [cuts[1], cuts[2] - cuts[1], last - cuts[2]]
    # the first is decoded in turn; the others while the one before them was written
    assert decoded_in[0] == "MainThread"
    assert [n.startswith("sitedesk-decode") for n in decoded_in[1:]] == [True, True]
    for data in parts:  # the same bundles one by one, without a pipeline
        apply_bundle(c, data, public_key=key)
    origin = a.local_node().node_id

    def from_a(db: Database) -> dict[str, list[dict[str, Any]]]:
        rows = {t: [r for r in rs if r["stamp"].endswith(origin)] for t, rs in dump(db).items()}
        return {t: rs for t, rs in rows.items() if rs}

    assert from_a(b) == from_a(c)
    assert sum(len(rows) for rows in from_a(b).values()) > 100


def test_a_damaged_bundle_prefetched_is_refused_in_its_turn(nodes: Nodes) -> None:
    from app.sync.bundle import BundleError

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "甲队")
    first = head(a)
    _team(a, "乙队")
    key = ensure_keys(a).public_hex
    good = bundle_for(a, b, 1, first)
    damaged = bytearray(bundle_for(a, b, first + 1))
    damaged[-70] ^= 0x01  # in the ciphertext: the signature no longer matches
    with pytest.raises(BundleError) as info:
        _pipelined(b, key, [good, bytes(damaged)])
    assert info.value.code == "bundle.signature"
    with b.read() as session:  # b holds the first bundle only
        assert set(session.scalars(select(Team.name))) == {"甲队"}
        peer = session.get(Peer, a.local_node().node_id)
        assert peer is not None and peer.applied_seq == first


def test_a_prefetched_bundle_is_used_only_for_the_same_bytes(nodes: Nodes) -> None:
    from app.sync.apply import Pipeline, scope_of

    a, b = nodes.make("a"), nodes.make("b", tag="B")
    _team(a, "甲队")
    key = ensure_keys(a).public_hex
    data = bundle_for(a, b)
    with Pipeline(b) as pipeline:
        pipeline.prefetch(data, key)
        pipeline.start()
        assert pipeline.take(bytes(bytearray(data)), key, scope_of(b)) is not None  # a copy
        pipeline.prefetch(data, key)
        pipeline.start()
        assert pipeline.take(data[:-1] + bytes([data[-1] ^ 1]), key, scope_of(b)) is None
        pipeline.prefetch(data, key, after=data)  # nothing past what will be held
        pipeline.start()
        assert pipeline.take(data, key, scope_of(b)) is None
