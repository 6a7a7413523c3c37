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
        move_stock(unit, sugar, "loss", Decimal(3), DAY)
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
    assert {p.code for p in info.value.problems} == {"campaign.name", "campaign.items"}
