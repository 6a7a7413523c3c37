"""Property: any delivery order, with duplicates, drops and redelivery, converges.

Three nodes — two PCs of work area GQ2 and HQ — make random edits of every record type while
bundles travel between them in random ranges and order, some twice, some never. Then
everything is delivered. Every node must hold the same data (within its scope), and nothing
entered anywhere may be missing.
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.domain.problems import DomainError
from app.domain.requests import EventKind
from app.store.database import Database
from app.store.models import (
    Conflict,
    HandoutCampaign,
    LabourCompany,
    Notice,
    Request,
    SupplyItem,
    Team,
    Training,
    Worker,
)
from app.store.requests import RequestInput, add_request, take_step
from app.store.supplies import Entitlement, add_item, create_campaign, hand_out_to_team, move_stock
from app.store.workers import WorkerInput, record_movement, register_worker
from app.sync.apply import apply_bundle
from app.sync.keys import ensure_keys
from tests.sync.conftest import Nodes, bundle_for, dump, head, settle, unlock

TODAY = date(2026, 8, 26)
IDS = ["11010519491231002X", "51010719900101123X", "500101198001010016", "500101199512120027"]
NAMES = ["甲队", "乙队", "丙队"]
STEPS = [
    EventKind.ACCEPT,
    EventKind.VERIFY,
    EventKind.HANDLE,
    EventKind.FEEDBACK,
    EventKind.CLOSE,
    EventKind.REJECT,
]

op = st.one_of(
    st.tuples(st.just("team"), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("team_edit"), st.integers(0, 2), st.integers(0, 99), st.integers(0, 2)),
    st.tuples(st.just("team_delete"), st.integers(0, 2), st.integers(0, 99)),
    st.tuples(st.just("worker"), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("worker_edit"), st.integers(0, 2), st.integers(0, 99), st.integers(0, 9)),
    st.tuples(st.just("movement"), st.integers(0, 1), st.integers(0, 99)),
    st.tuples(st.just("request"), st.integers(0, 1)),
    st.tuples(st.just("step"), st.integers(0, 2), st.integers(0, 99), st.integers(0, 5)),
    st.tuples(st.just("stock"), st.integers(0, 2), st.integers(1, 9)),
    st.tuples(st.just("handout"), st.integers(0, 1), st.integers(0, 99)),
    st.tuples(st.just("misc"), st.integers(0, 2)),
    st.tuples(st.just("deliver"), st.integers(0, 2), st.integers(0, 2), st.integers(0, 30)),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three initialised nodes and a shared campaign, made once and copied per example."""
    root = tmp_path_factory.mktemp("template")
    made = Nodes(root)
    a, b = made.make("a"), made.make("b", tag="B")
    hq = made.make("hq", site="XMB", kind="hq")
    with a.write("clerk") as unit:
        teams = [unit.journal.insert(Team, {"name": n}) for n in NAMES]
        item = add_item(unit, "西瓜", "个")
        move_stock(unit, item, "receive", Decimal(100), TODAY)
        create_campaign(
            unit,
            name="防暑",
            on_date=TODAY,
            team_ids=teams,
            items=[Entitlement(item, per_team=Decimal(2))],
        )
    settle(a, b, hq)
    made.close()
    return root


def _open(template: Path, target: Path) -> list[Database]:
    dbs = []
    for name in ("a", "b", "hq"):
        shutil.copy(template / f"{name}.sqlite3", target / f"{name}.sqlite3")
        dbs.append(unlock(Database.open(f"sqlite:///{target / name}.sqlite3")))
    return dbs


def _ids(db: Database, model: Any) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(model.id).order_by(model.id)))


def _pick(items: list[str], n: int) -> str | None:
    return items[n % len(items)] if items else None


def _do(dbs: list[Database], action: tuple[Any, ...], created: list[tuple[str, str, str]]) -> None:
    kind = action[0]
    db = dbs[action[1]]
    gq2 = dbs[0].local_node().site_id
    try:
        with db.write(f"user{action[1]}") as unit:
            j = unit.journal
            if kind == "team":
                rid = j.insert(Team, {"name": NAMES[action[2]], "site_id": gq2})
                created.append(("team", rid, gq2))
            elif kind == "team_edit" and (t := _pick(_live(unit, Team), action[2])):
                j.update(Team, t, {"leader_name": f"队长{action[3]}"})
            elif kind == "team_delete" and (t := _pick(_live(unit, Team), action[2])):
                j.delete(Team, t)
            elif kind == "worker":
                r = register_worker(
                    unit,
                    WorkerInput(name="工人", id_number=IDS[action[2]], entry_date=TODAY),
                    today=TODAY,
                )
                created.append(("worker", r.ids[0], gq2))
            elif kind == "worker_edit" and (w := _pick(_live(unit, Worker), action[2])):
                j.update(Worker, w, {"mobile": f"1380013800{action[3]}"})
            elif kind == "movement" and (w := _pick(_live(unit, Worker), action[2])):
                rid = record_movement(unit, w, "exit" if action[2] % 2 else "entry", TODAY)
                created.append(("worker_movement", rid, gq2))
            elif kind == "request":
                rid = add_request(
                    unit,
                    RequestInput(channel="qr", category_code="living", description="热"),
                    node_tag=db.local_node().tag,
                )
                created.append(("request", rid, gq2))
            elif kind == "step" and (r := _pick(_ids(db, Request), action[2])):
                step = STEPS[action[3]]
                take_step(
                    unit, r, step, params={"reason": "仲裁中"} if step is EventKind.REJECT else {}
                )
            elif kind == "stock" and (i := _pick(_ids(db, SupplyItem), 0)):
                move_stock(unit, i, "receive", Decimal(action[2]), TODAY)
            elif kind == "handout":
                campaign = _ids(db, HandoutCampaign)[0]
                team = _pick(_ids(db, Team), action[2])
                assert team is not None
                for rid in hand_out_to_team(unit, campaign, team):
                    created.append(("handout", rid, gq2))
            elif kind == "misc":
                j.insert(LabourCompany, {"name": "渝通劳务", "site_id": "*"})
                j.insert(Notice, {"kind": "free", "title": "公示", "site_id": gq2})
                if w := _pick(_live(unit, Worker), 0):
                    j.insert(
                        Training,
                        {"worker_id": w, "on_date": TODAY, "hours": Decimal("1.5"), "name": "安全"},
                    )
    except DomainError:
        pass  # a refusal a clerk would see: nothing written


def _live(unit: Any, model: Any) -> list[str]:
    return list(
        unit.session.scalars(select(model.id).where(model.deleted.is_(False)).order_by(model.id))
    )


def _deliver_some(dbs: list[Database], action: tuple[Any, ...]) -> None:
    _, s, r, start = action
    sender, receiver = dbs[s], dbs[r]
    if sender is receiver or head(sender) == 0:
        return
    first = 1 + start % head(sender)
    data = bundle_for(sender, receiver, first, head(sender))
    apply_bundle(receiver, data, public_key=ensure_keys(sender).public_hex)


def _in_scope(rows: dict[str, list[dict[str, Any]]], site: str) -> dict[str, list[dict[str, Any]]]:
    return {t: [r for r in rs if r["site_id"] in (site, "*")] for t, rs in rows.items()}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(op, min_size=5, max_size=40))
def test_any_delivery_order_converges(
    template: Path, tmp_path_factory: pytest.TempPathFactory, actions: list[tuple[Any, ...]]
) -> None:
    dbs = _open(template, tmp_path_factory.mktemp("run"))
    try:
        created: list[tuple[str, str, str]] = []
        for action in actions:
            if action[0] == "deliver":
                _deliver_some(dbs, action)
            else:
                _do(dbs, action, created)
        settle(*dbs, rounds=6)
        a, b, hq = dbs
        site = a.local_node().site_id
        assert dump(a) == dump(b)
        assert _in_scope(dump(hq), site) == dump(a)
        for db in dbs:  # nothing entered anywhere is missing
            held = {(t, r["id"]) for t, rows in dump(db).items() for r in rows}
            assert {(t, rid) for t, rid, _ in created} <= held
        with a.read() as session:  # duplicates registered offline are queued, not lost
            numbers = [
                w.id_number
                for w in session.scalars(select(Worker).where(Worker.deleted.is_(False)))
            ]
            if len(numbers) != len(set(numbers)):
                assert session.scalars(select(Conflict)).first() is not None
    finally:
        for db in dbs:
            db.close()
