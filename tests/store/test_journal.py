"""The change journal: gap-free sequence, hash chain, HLC order, per-field versions."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from sqlalchemy import create_engine, insert, select

from app.store import codec
from app.store.database import Database
from app.store.hlc import parse_stamp
from app.store.journal import GENESIS, JournalError, change_digest, link_hash, read_head
from app.store.models import Change, Request, StockMovement, Team, Training, Worker, table_of


def _changes(db: Database) -> list[Change]:
    with db.read() as session:
        return list(session.scalars(select(Change).order_by(Change.node_id, Change.seq)))


def test_sequence_is_gap_free_and_chain_verifies(db: Database) -> None:
    with db.write("clerk") as unit:
        team = unit.journal.insert(Team, {"name": "隧道六队"})
        unit.journal.update(Team, team, {"leader_name": "张贵金"})
        unit.journal.insert_many(Team, [{"name": f"班组{i}", "kind": "crew"} for i in range(5)])
    changes = _changes(db)
    node = db.local_node().node_id
    mine = [c for c in changes if c.node_id == node]
    assert [c.seq for c in mine] == list(range(1, len(mine) + 1))
    prev = GENESIS
    for c in mine:
        expected = chain_hash(
            prev,
            c.node_id,
            c.seq,
            c.hlc,
            c.entity,
            c.row_id,
            c.site_id,
            c.op,
            c.author,
            c.fields.encode(),
        )
        assert c.hash == expected
        prev = c.hash
    hlcs = [c.hlc for c in mine]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)


def test_an_altered_change_no_longer_verifies(db: Database) -> None:
    changes = _changes(db)
    (c,) = [c for c in changes if c.entity == "site"]
    prev = changes[changes.index(c) - 1].hash if c.seq > 1 else GENESIS
    assert "二工区" in c.fields
    args = (prev, c.node_id, c.seq, c.hlc, c.entity, c.row_id, c.site_id, c.op, c.author)
    assert chain_hash(*args, c.fields.encode()) == c.hash
    assert chain_hash(*args, c.fields.replace("二工区", "三工区").encode()) != c.hash
    assert chain_hash(*args[:-1], "someone-else", c.fields.encode()) != c.hash


def test_insert_change_carries_every_field(db: Database) -> None:
    with db.write("clerk") as unit:
        row = unit.journal.insert(Team, {"name": "隧道六队"})
    change = _changes(db)[-1]
    assert change.row_id == row and change.op == "i" and change.entity == "team"
    fields = orjson.loads(change.fields)
    assert fields["name"] == "隧道六队"
    assert set(fields) == {
        "name",
        "kind",
        "company_id",
        "parent_team_id",
        "leader_name",
        "leader_phone",
        "leader_phone_masked",
        "work_point",
        "deleted",
    }
    assert fields["kind"] == "labour_team"  # defaults written out, not left to the receiver


def test_update_records_only_changed_fields_with_their_versions(db: Database) -> None:
    with db.write("clerk") as unit:
        row = unit.journal.insert(Team, {"name": "隧道六队"})
    with db.write("manager") as unit:
        assert unit.journal.update(Team, row, {"name": "隧道六队", "leader_name": "张贵金"})
        assert not unit.journal.update(Team, row, {"leader_name": "张贵金"})  # no change
    change = _changes(db)[-1]
    assert orjson.loads(change.fields) == {"leader_name": "张贵金"}
    with db.read() as session:
        team = session.get(Team, row)
        assert team is not None
        versions = orjson.loads(team.field_versions)
    assert set(versions) == {"leader_name"}
    hlc, node = parse_stamp(versions["leader_name"])
    assert (hlc, node) == (change.hlc, change.node_id)
    assert parse_stamp(team.stamp)[0] < hlc
    assert team.updated_by == "manager"


def test_delete_is_a_tombstone(db: Database) -> None:
    with db.write("clerk") as unit:
        row = unit.journal.insert(Team, {"name": "临时班组"})
        unit.journal.delete(Team, row)
    with db.read() as session:
        team = session.get(Team, row)
        assert team is not None and team.deleted
    assert orjson.loads(_changes(db)[-1].fields) == {"deleted": True}


def test_append_only_rows_refuse_updates(db: Database) -> None:
    with db.write("clerk") as unit:
        item = unit.journal.insert(
            StockMovement,
            {
                "item_id": "x",
                "kind": "receive",
                "quantity": Decimal("20"),
                "on_date": date(2026, 7, 1),
            },
        )
        with pytest.raises(JournalError, match="append-only"):
            unit.journal.update(StockMovement, item, {"note": "改"})


def test_unknown_and_missing_fields_are_refused(db: Database) -> None:
    with db.write("clerk") as unit:
        with pytest.raises(JournalError, match="unknown"):
            unit.journal.insert(Team, {"name": "x", "colour": "red"})
        with pytest.raises(JournalError, match="missing"):
            unit.journal.insert(Team, {"kind": "crew"})
        with pytest.raises(JournalError, match="does not exist"):
            unit.journal.update(Team, "no-such-id", {"name": "y"})


def test_a_failed_transaction_leaves_neither_row_nor_change(db: Database) -> None:
    before = read_head_seq(db)
    with pytest.raises(RuntimeError), db.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "不会保存"})
        raise RuntimeError("power cut")
    assert read_head_seq(db) == before
    with db.read() as session:
        assert session.scalar(select(Team).where(Team.name == "不会保存")) is None


def read_head_seq(db: Database) -> int:
    with db.engine.connect() as conn:
        return read_head(conn, db.local_node().node_id).seq


def test_values_round_trip_through_the_change_encoding(db: Database) -> None:
    with db.write("clerk") as unit:
        row = unit.journal.insert(
            Training,
            {
                "worker_id": "w",
                "on_date": date(2026, 8, 26),
                "hours": Decimal("2.5"),
                "name": "三级安全教育",
            },
        )
    change = _changes(db)[-1]
    decoded = codec.decode(Training, codec.decode_raw(change.fields))
    assert decoded["hours"] == Decimal("2.5") and decoded["on_date"] == date(2026, 8, 26)
    with db.read() as session:
        t = session.get(Training, row)
        assert t is not None and t.hours == Decimal("2.5")


def test_clock_keeps_order_when_the_wall_clock_goes_back(db: Database) -> None:
    ticks = iter([2_000_000_000_000, 1_000_000_000_000, 1_000_000_000_000])
    db.clock._now_ms = lambda: next(ticks)
    with db.write("clerk") as unit:
        for name in ("甲", "乙", "丙"):
            unit.journal.insert(Team, {"name": name})
    hlcs = [c.hlc for c in _changes(db)[-3:]]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == 3


def test_second_process_continues_the_same_chain(db: Database) -> None:
    """Another Database on the same file (the CLI while the app runs) extends the chain."""
    url = db.engine.url.render_as_string(hide_password=False)
    other = Database.open(url)
    with other.write("cli") as unit:
        unit.journal.insert(Worker, _worker_values("1"))
    with db.write("app") as unit:
        unit.journal.insert(Worker, _worker_values("2"))
    other.close()
    mine = [c for c in _changes(db) if c.node_id == db.local_node().node_id]
    assert [c.seq for c in mine] == list(range(1, len(mine) + 1))
    _assert_chain(mine)


def _worker_values(n: str) -> dict[str, object]:
    return {"name": f"工人{n}", "id_number": f"X{n}", "id_tail": n[-4:], "card_code": f"C{n}"}


def test_driver_level_insert_stores_what_a_core_insert_stores(db: Database, tmp_path: Path) -> None:
    """The journal's bulk path bypasses SQLAlchemy's per-row machinery, not its types."""
    values = {
        "number": "GQ2-20260826-A001",
        "channel": "qr",
        "category_code": "living",
        "description": "热",
        "received_at": datetime(2026, 8, 26, 1, 30, 15, 123456, tzinfo=UTC),
        "limit_days": 3,
        "anonymous": True,
        "worker_id": None,
    }
    with db.write("clerk") as unit:
        rid = unit.journal.insert(Request, values)
        tid = unit.journal.insert(
            Training,
            {"worker_id": "w", "on_date": date(2026, 8, 26), "hours": Decimal("2.5"), "name": "x"},
        )
    with db.read() as session:
        r, t = session.get(Request, rid), session.get(Training, tid)
        assert r is not None and t is not None
        rows = {
            Request: {c.key: getattr(r, c.key) for c in Request.__table__.columns},
            Training: {c.key: getattr(t, c.key) for c in Training.__table__.columns},
        }
    other = tmp_path / "core.sqlite3"
    engine = create_engine(f"sqlite:///{other}")
    Request.metadata.create_all(engine, tables=[Request.__table__, Training.__table__])
    with engine.begin() as conn:
        for model, row in rows.items():
            conn.execute(insert(model), [row])
    engine.dispose()
    assert db.engine.url.database
    for model, row in rows.items():
        names = ", ".join(c.key for c in table_of(model).columns)  # a migrated table's order
        sql = f"SELECT {names} FROM {model.__tablename__} WHERE id = ?"  # may differ
        with sqlite3.connect(db.engine.url.database) as a, sqlite3.connect(other) as b:
            assert (
                a.execute(sql, (row["id"],)).fetchone() == b.execute(sql, (row["id"],)).fetchone()
            )
        a.close()
        b.close()


def test_a_failed_batch_leaves_no_row_without_its_change(db: Database) -> None:
    """Even when the caller catches the error and commits the rest of its work."""
    from sqlalchemy.exc import IntegrityError

    with db.write("clerk") as unit:
        with pytest.raises(IntegrityError):
            unit.journal.insert_many(
                Team,
                [
                    {"id": "t-1", "name": "甲"},
                    {"id": "t-2", "name": "乙"},
                    {"id": "t-1", "name": "丙"},
                ],
            )
        unit.journal.insert(Team, {"name": "丁"})
    with db.read() as session:
        names = set(session.scalars(select(Team.name)))
        team_changes = session.scalars(select(Change.row_id).where(Change.entity == "team")).all()
    assert names == {"丁"} and len(team_changes) == 1


def test_every_row_has_exactly_its_insert_change(db: Database) -> None:
    from app.store.demo import make_demo
    from app.store.models import synced_models

    make_demo(db, workers=40, today=date(2026, 8, 27))
    with db.read() as session:
        for model in synced_models():
            rows = set(session.scalars(select(model.id)))
            inserts = session.scalars(
                select(Change.row_id).where(Change.entity == model.__tablename__, Change.op == "i")
            ).all()
            assert len(inserts) == len(set(inserts)) and set(inserts) == rows, model.__tablename__


def test_values_are_journaled_in_one_exact_spelling(db: Database) -> None:
    from datetime import timedelta, timezone

    beijing = timezone(timedelta(hours=8))
    with db.write("clerk") as unit:
        a = unit.journal.insert(
            Training,
            {"worker_id": "w", "on_date": date(2026, 8, 26), "hours": Decimal("2.50"), "name": "x"},
        )
        b = unit.journal.insert(
            Training,
            {"worker_id": "w", "on_date": date(2026, 8, 26), "hours": Decimal("2.5"), "name": "x"},
        )
        unit.journal.insert(
            Request,
            {
                "number": "N1",
                "channel": "qr",
                "category_code": "living",
                "description": "x",
                "received_at": datetime(2026, 8, 26, 9, 30, tzinfo=beijing),
                "limit_days": 3,
            },
        )
    with db.read() as session:
        fields = {c.row_id: orjson.loads(c.fields) for c in session.scalars(select(Change))}
    assert fields[a]["hours"] == fields[b]["hours"] == "2.5"
    (req,) = [f for f in fields.values() if f.get("number") == "N1"]
    assert req["received_at"] == "2026-08-26T01:30:00Z"


@pytest.mark.parametrize(
    "values,message",
    [
        ({"hours": 2.5}, "Decimal or int"),
        ({"hours": Decimal("NaN")}, "not a number"),
        ({"hours": Decimal("0.0001")}, "three decimals"),
        ({"on_date": datetime(2026, 8, 26, tzinfo=UTC)}, "date is required"),
        ({"name": 1.5}, "floats"),
    ],
)
def test_inexact_values_are_refused(db: Database, values: dict[str, object], message: str) -> None:
    from app.store.codec import RejectedValueError

    base = {"worker_id": "w", "on_date": date(2026, 8, 26), "hours": Decimal(1), "name": "x"}
    with pytest.raises(RejectedValueError, match=message), db.write("clerk") as unit:
        unit.journal.insert(Training, {**base, **values})


def test_an_insert_cannot_be_born_deleted(db: Database) -> None:
    with pytest.raises(JournalError, match="live"), db.write("clerk") as unit:
        unit.journal.insert(Team, {"name": "x", "deleted": True})


def test_a_failed_init_can_simply_be_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import sites

    db = Database.open(f"sqlite:///{tmp_path / 'init.sqlite3'}")

    def boom(*_: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(sites, "seed_reference_data", boom)
    with pytest.raises(RuntimeError):
        sites.init_node(db, site_code="GQ2", site_name="二工区")
    assert not db.has_local_node()
    monkeypatch.undo()
    sites.init_node(db, site_code="GQ2", site_name="二工区")
    assert db.has_local_node()
    db.close()


_WRITER = """
import sys
from app.store.database import Database
from app.store.models import Team
db = Database.open(sys.argv[1])
for n in range(int(sys.argv[2])):
    with db.write(sys.argv[3]) as unit:
        unit.journal.insert(Team, {"name": f"{sys.argv[3]}-{n}"})
db.close()
"""


def test_processes_writing_at_once_extend_one_gap_free_chain(db: Database) -> None:
    """The app and CLI commands writing the same file at the same time."""
    import subprocess
    import sys

    url = db.engine.url.render_as_string(hide_password=False)
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, url, "60", f"p{i}"]) for i in range(4)
    ]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    mine = [c for c in _changes(db) if c.node_id == db.local_node().node_id]
    assert [c.seq for c in mine] == list(range(1, len(mine) + 1))
    _assert_chain(mine)
    hlcs = [c.hlc for c in mine]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
    with db.read() as session:
        assert len(session.scalars(select(Team)).all()) == 240


def _assert_chain(changes: list[Change]) -> None:
    prev = GENESIS
    for c in changes:
        args = (c.node_id, c.seq, c.hlc, c.entity, c.row_id, c.site_id, c.op, c.author)
        assert chain_hash(prev, *args, c.fields.encode()) == c.hash
        prev = c.hash


def chain_hash(prev: str, *change: object) -> str:
    """The chain hash of a change given its fields after ``prev`` (``fields`` as bytes last)."""
    *parts, fields = change
    return link_hash(prev, change_digest(*parts, fields))  # type: ignore[arg-type]
