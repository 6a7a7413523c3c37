from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.problems import DomainError
from app.store.database import Database
from app.store.models import Team
from app.store.supplies import (
    Entitlement,
    add_item,
    balance,
    create_campaign,
    hand_out_to_team,
    move_stock,
)

DAY = date(2026, 8, 26)


def test_balance_is_in_minus_out_for_every_movement_kind(db: Database) -> None:
    with db.write("clerk") as unit:
        sugar = add_item(unit, "白糖", "袋")
        move_stock(unit, sugar, "receive", Decimal(100), DAY)
        move_stock(unit, sugar, "handout", Decimal("12.5"), DAY)
        move_stock(unit, sugar, "loss", Decimal(3), DAY, note="受潮")
        move_stock(unit, sugar, "return", Decimal(1), DAY)
    with db.read() as session:
        assert balance(session, sugar) == Decimal("85.5")


@pytest.mark.parametrize(
    "kind,qty",
    [
        ("steal", Decimal(1)),
        ("receive", Decimal(0)),
        ("receive", Decimal("NaN")),
        ("receive", Decimal("-3")),
        ("receive", Decimal("0.0005")),
    ],
)
def test_bad_movements_are_refused(db: Database, kind: str, qty: Decimal) -> None:
    with pytest.raises(DomainError), db.write("clerk") as unit:
        move_stock(unit, add_item(unit, "西瓜", "个"), kind, qty, DAY)


def test_second_handout_of_the_same_entitlement_needs_a_reason(db: Database) -> None:
    with db.write("clerk") as unit:
        melon = add_item(unit, "西瓜", "个")
        move_stock(unit, melon, "receive", Decimal(10), DAY)
        team = unit.journal.insert(Team, {"name": "隧道六队"})
        other = unit.journal.insert(Team, {"name": "桥梁一队"})
        campaign = create_campaign(
            unit,
            name="防暑降温",
            on_date=DAY,
            items=[Entitlement(melon, per_team=Decimal(2))],
            team_ids=[team],
        )
        hand_out_to_team(unit, campaign, team)
        with pytest.raises(DomainError, match="已领取过"):
            hand_out_to_team(unit, campaign, team)
        with pytest.raises(DomainError, match="不在本次发放名单"):
            hand_out_to_team(unit, campaign, other)
        hand_out_to_team(unit, campaign, team, override_reason="第一次的西瓜摔坏了")
    with db.read() as session:
        assert balance(session, melon) == Decimal(6)


def test_campaign_needs_a_name_and_items(db: Database) -> None:
    with pytest.raises(DomainError) as info, db.write("clerk") as unit:
        create_campaign(unit, name=" ", on_date=DAY, items=[], team_ids=[])
    assert {p.code for p in info.value.problems} == {
        "campaign.name",
        "campaign.items",
        "campaign.teams",
    }


def _site(db: Database) -> dict[str, str]:
    """Two teams; 隧道六队 has three workers on site and one who left; stock of two items."""
    from app.store.workers import WorkerInput, record_movement, register_workers

    ids = ["11010519491231002X", "51010719900101123X", "500101198001010013", "500101199512120024"]
    with db.write("clerk") as unit:
        melon = add_item(unit, "西瓜", "个")
        beans = add_item(unit, "绿豆", "千克")
        move_stock(unit, melon, "receive", Decimal(20), DAY)
        move_stock(unit, beans, "receive", Decimal(50), DAY)
        tunnel = unit.journal.insert(Team, {"name": "隧道六队"})
        bridge = unit.journal.insert(Team, {"name": "桥梁一队"})
        workers = register_workers(
            unit,
            [
                WorkerInput(name=f"工人{'甲乙丙丁'[n]}", id_number=number, team_id=tunnel)
                for n, number in enumerate(ids)
            ],
            today=DAY,
        ).ids
        for w in workers:
            record_movement(unit, w, "entry", DAY)
        record_movement(unit, workers[3], "exit", DAY, "合同期满")
        campaign = create_campaign(
            unit,
            name="防暑降温",
            on_date=DAY,
            reason="工友扫码反映天热",
            items=[
                Entitlement(melon, per_team=Decimal(2)),
                Entitlement(beans, per_head=Decimal("0.5")),
            ],
            team_ids=[tunnel, bridge],
        )
    return {
        "melon": melon,
        "beans": beans,
        "tunnel": tunnel,
        "bridge": bridge,
        "campaign": campaign,
        **{f"w{n}": w for n, w in enumerate(workers)},
    }


def test_what_is_due_and_handing_it_to_a_scanned_worker(db: Database) -> None:
    from app.store.models import Worker
    from app.store.supplies import due_for_worker, hand_out_to_worker, worker_by_card

    s = _site(db)
    with db.read() as session:
        card = session.get(Worker, s["w0"]).card_code  # type: ignore[union-attr]
        worker = worker_by_card(session, card)
        (line,) = due_for_worker(session, s["campaign"], worker.id)
        assert (line.item, line.quantity, line.done) == ("绿豆", Decimal("0.5"), False)
        with pytest.raises(DomainError, match="不属于本站点在册人员"):
            worker_by_card(session, "51010719900101123X")  # an ID number is no card
    with db.write("clerk") as unit:
        hand_out_to_worker(unit, s["campaign"], s["w0"])
        with pytest.raises(DomainError, match="工人甲已领取过本次发放的绿豆"):
            hand_out_to_worker(unit, s["campaign"], s["w0"])
    with db.read() as session:
        (line,) = due_for_worker(session, s["campaign"], s["w0"])
        assert line.done and line.handed_by == "clerk"
        assert balance(session, s["beans"]) == Decimal("49.5")


def test_progress_counts_teams_heads_and_items(db: Database) -> None:
    from app.store.supplies import hand_out_to_worker, progress

    s = _site(db)
    with db.write("clerk") as unit:
        hand_out_to_team(unit, s["campaign"], s["tunnel"], receiver_name="王队长")
        hand_out_to_worker(unit, s["campaign"], s["w0"])
        hand_out_to_worker(unit, s["campaign"], s["w1"])
    with db.read() as session:
        p = progress(session, s["campaign"])
    teams = {t.team: t for t in p.teams}
    tunnel, bridge = teams["隧道六队"], teams["桥梁一队"]
    assert (tunnel.team_items_done, tunnel.team_items_due) == (1, 1)
    assert (tunnel.heads_done, tunnel.heads) == (2, 3)  # 工人丁 has left: not due
    assert not tunnel.done and (bridge.heads, bridge.team_items_done) == (0, 0)
    assert p.teams_done == 0
    items = {i.item: i for i in p.items}
    assert (items["西瓜"].due, items["西瓜"].handed, items["西瓜"].remaining) == (
        Decimal(4),
        Decimal(2),
        Decimal(2),
    )
    assert (items["绿豆"].due, items["绿豆"].handed) == (Decimal("1.5"), Decimal("1.0"))
    assert items["绿豆"].in_stock == Decimal("49.0")


def test_a_worker_of_another_team_or_a_closed_campaign_gets_nothing(db: Database) -> None:
    from app.store.supplies import close_campaign, due_for_worker, hand_out_to_worker
    from app.store.workers import WorkerInput, register_worker

    s = _site(db)
    with db.write("clerk") as unit:
        loner = register_worker(
            unit, WorkerInput(name="散工", id_number="110101199003076376"), today=DAY
        ).ids[0]
        with pytest.raises(DomainError, match="散工不在本次发放名单内"):
            hand_out_to_worker(unit, s["campaign"], loner)
        close_campaign(unit, s["campaign"])
        with pytest.raises(DomainError, match="已结束"):
            hand_out_to_team(unit, s["campaign"], s["bridge"])
    with db.read() as session:
        assert due_for_worker(session, s["campaign"], loner) == []


def test_end_of_day_count_records_the_difference(db: Database) -> None:
    from app.store.supplies import reconcile, stock

    s = _site(db)
    with db.write("clerk") as unit:
        hand_out_to_team(unit, s["campaign"], s["tunnel"])
        done = reconcile(unit, s["melon"], Decimal(17), DAY, note="晚上盘点")
        with pytest.raises(DomainError, match="盘点数量"):
            reconcile(unit, s["melon"], Decimal(-1), DAY)
        with pytest.raises(DomainError, match="损耗"):
            move_stock(unit, s["melon"], "loss", Decimal(1), DAY)
    assert (done.on_books, done.counted, done.difference) == (Decimal(18), Decimal(17), Decimal(-1))
    with db.read() as session:
        assert {i.name: i.balance for i in stock(session)} == {
            "西瓜": Decimal(17),
            "绿豆": Decimal(50),
        }


def test_a_campaign_needs_an_amount_for_every_item(db: Database) -> None:
    with pytest.raises(DomainError) as info, db.write("clerk") as unit:
        melon = add_item(unit, "西瓜", "个")
        team = unit.journal.insert(Team, {"name": "隧道六队"})
        create_campaign(
            unit,
            name="防暑",
            on_date=DAY,
            items=[Entitlement(melon), Entitlement(melon, per_head=Decimal("0.0001"))],
            team_ids=[team],
        )
    assert [p.message("zh") for p in info.value.problems] == [
        "西瓜须填写每队或每人的发放数量（大于 0，最多三位小数）。"
    ] * 2


def test_a_worker_who_has_left_is_not_due_per_head(db: Database) -> None:
    from app.store.supplies import due_for_worker, hand_out_to_worker

    s = _site(db)
    with db.read() as session:
        assert due_for_worker(session, s["campaign"], s["w3"]) == []
    with pytest.raises(DomainError, match="工人丁现不在场"), db.write("clerk") as unit:
        hand_out_to_worker(unit, s["campaign"], s["w3"])
