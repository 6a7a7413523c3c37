"""Supply handouts (物资发放): items, stock movements, campaigns and handouts.

Stock on hand is the sum of movements, never a stored counter, so two PCs that both hand out
offline merge to the right balance. A second handout of the same entitlement is refused
unless a reason to override is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.problems import DomainError, Problem, register_messages
from app.store.database import WriteUnit
from app.store.models import (
    SHARED_SITE,
    CampaignItem,
    CampaignTeam,
    Handout,
    HandoutCampaign,
    StockMovement,
    SupplyItem,
    Team,
)

MOVEMENT_SIGN = {"receive": 1, "return": 1, "handout": -1, "loss": -1}

register_messages(
    {
        "stock.quantity": ("数量必须大于 0。", "The quantity must be greater than 0."),
        "stock.kind": ("出入库类型“{kind}”无效。", "Unknown stock movement {kind}."),
        "stock.precision": ("数量最多保留三位小数。", "Quantities have at most three decimals."),
        "handout.twice": (
            "{who}已领取过本次发放的{item}（{when}）。如确需再次发放，请填写原因。",
            "{who} already received {item} in this handout ({when}); give a reason to override.",
        ),
        "handout.not_entitled": (
            "{who}不在本次发放名单内，或本次发放没有{item}。",
            "{who} is not a recipient of {item} in this handout.",
        ),
        "campaign.name": ("请填写发放活动名称。", "Enter the handout's name."),
        "campaign.items": ("请至少添加一种物资及其发放标准。", "Add at least one item."),
    }
)


def add_item(unit: WriteUnit, name: str, unit_name: str, spec: str = "") -> str:
    return unit.journal.insert(
        SupplyItem, {"site_id": SHARED_SITE, "name": name, "unit": unit_name, "spec": spec}
    )


def balance(session: Session, item_id: str, site_id: str | None = None) -> Decimal:
    query = select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
        StockMovement.item_id == item_id, StockMovement.deleted.is_(False)
    )
    if site_id is not None:
        query = query.where(StockMovement.site_id == site_id)
    value = session.scalar(query)
    return value if isinstance(value, Decimal) else Decimal(value or 0)


def move_stock(
    unit: WriteUnit,
    item_id: str,
    kind: str,
    quantity: Decimal,
    on_date: date,
    *,
    note: str = "",
    campaign_id: str | None = None,
    handout_id: str | None = None,
    row_id: str | None = None,
) -> str:
    """Record stock in (receive, return) or out (handout, loss); quantities are positive.

    ``row_id`` names the movement when two nodes must agree on it (a resolution both take)."""
    if kind not in MOVEMENT_SIGN:
        raise DomainError(Problem("stock.kind", params={"kind": kind}))
    if (
        not isinstance(quantity, Decimal | int)
        or not Decimal(quantity).is_finite()
        or quantity <= 0
    ):
        raise DomainError(Problem("stock.quantity", field="quantity"))
    if Decimal(quantity) != Decimal(quantity).quantize(Decimal("0.001")):
        raise DomainError(Problem("stock.precision", field="quantity"))
    return unit.journal.insert(
        StockMovement,
        {
            **({"id": row_id} if row_id else {}),
            "item_id": item_id,
            "kind": kind,
            "quantity": quantity * MOVEMENT_SIGN[kind],
            "on_date": on_date,
            "note": note,
            "campaign_id": campaign_id,
            "handout_id": handout_id,
        },
    )


@dataclass(frozen=True)
class Entitlement:
    item_id: str
    per_team: Decimal | None = None
    per_head: Decimal | None = None


def create_campaign(
    unit: WriteUnit,
    *,
    name: str,
    on_date: date,
    items: Sequence[Entitlement],
    team_ids: Sequence[str],
    reason: str = "",
    place: str = "",
    request_id: str | None = None,
) -> str:
    problems = []
    if not name.strip():
        problems.append(Problem("campaign.name", field="name"))
    if not items:
        problems.append(Problem("campaign.items", field="items"))
    if problems:
        raise DomainError(problems)
    campaign = unit.journal.insert(
        HandoutCampaign,
        {
            "name": name.strip(),
            "reason": reason,
            "on_date": on_date,
            "place": place,
            "request_id": request_id,
        },
    )
    unit.journal.insert_many(
        CampaignItem,
        [
            {
                "campaign_id": campaign,
                "item_id": e.item_id,
                "per_team": e.per_team,
                "per_head": e.per_head,
            }
            for e in items
        ],
    )
    unit.journal.insert_many(
        CampaignTeam, [{"campaign_id": campaign, "team_id": t} for t in team_ids]
    )
    return campaign


def entitlement_key(
    campaign_id: str, item_id: str, team_id: str | None, worker_id: str | None
) -> str:
    who = f"worker:{worker_id}" if worker_id else f"team:{team_id}"
    return f"{campaign_id}:{item_id}:{who}"


def hand_out_to_team(
    unit: WriteUnit,
    campaign_id: str,
    team_id: str,
    *,
    receiver_name: str = "",
    override_reason: str = "",
    at: datetime | None = None,
) -> list[str]:
    """Hand a team its per-team entitlement of every item in one step; stock goes out too."""
    session = unit.session
    team = session.get(Team, team_id)
    campaign = session.get(HandoutCampaign, campaign_id)
    recipients = set(
        session.scalars(select(CampaignTeam.team_id).where(CampaignTeam.campaign_id == campaign_id))
    )
    entitlements = list(
        session.scalars(
            select(CampaignItem).where(
                CampaignItem.campaign_id == campaign_id, CampaignItem.per_team.is_not(None)
            )
        )
    )
    who = team.name if team else team_id
    if campaign is None or team_id not in recipients or not entitlements:
        raise DomainError(Problem("handout.not_entitled", params={"who": who, "item": "物资"}))
    when = at or datetime.now(UTC)
    ids: list[str] = []
    for ent in entitlements:
        item = session.get(SupplyItem, ent.item_id)
        item_name = item.name if item else ent.item_id
        key = entitlement_key(campaign_id, ent.item_id, team_id, None)
        earlier = session.scalar(
            select(Handout).where(Handout.entitlement_key == key, Handout.deleted.is_(False))
        )
        if earlier is not None and not override_reason.strip():
            raise DomainError(
                Problem(
                    "handout.twice",
                    params={
                        "who": who,
                        "item": item_name,
                        "when": earlier.at.astimezone(DEFAULT_TZ).strftime("%m-%d %H:%M"),
                    },
                )
            )
        assert ent.per_team is not None
        handout = unit.journal.insert(
            Handout,
            {
                "campaign_id": campaign_id,
                "item_id": ent.item_id,
                "team_id": team_id,
                "worker_id": None,
                "quantity": ent.per_team,
                "at": when,
                "handed_by": unit.journal.author,
                "receiver_name": receiver_name,
                "entitlement_key": key,
                "override_reason": override_reason.strip(),
            },
        )
        move_stock(
            unit,
            ent.item_id,
            "handout",
            ent.per_team,
            when.astimezone(DEFAULT_TZ).date(),
            campaign_id=campaign_id,
            handout_id=handout,
        )
        ids.append(handout)
    return ids
