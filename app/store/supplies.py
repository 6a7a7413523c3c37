"""Supply handouts (物资发放): items, stock movements, campaigns and handouts.

Stock on hand is the sum of movements, never a stored counter, so two PCs that both hand out
offline merge to the right balance. A second handout of the same entitlement is refused
unless a reason to override is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import or_, select
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
    Worker,
)
from app.store.worker_list import on_site_condition

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
        "campaign.teams": ("请至少选择一个发放对象（劳务队或班组）。", "Choose at least one team."),
        "campaign.amount": (
            "{item}须填写每队或每人的发放数量（大于 0，最多三位小数）。",
            "Give {item} a quantity per team or per head (above 0, at most three decimals).",
        ),
        "campaign.not_found": ("找不到发放活动“{ref}”。", "Handout campaign {ref} not found."),
        "campaign.closed": (
            "发放活动“{name}”已结束，不能再发放。",
            "The handout {name} is closed.",
        ),
        "team.not_found": ("找不到劳务队或班组“{ref}”。", "Team {ref} not found."),
        "item.name": ("请填写物资名称和单位。", "Enter the item's name and unit."),
        "item.not_found": ("找不到物资“{ref}”。", "Item {ref} not found."),
        "stock.loss_note": ("请注明损耗或丢失的原因。", "Say how the goods were lost or damaged."),
        "stock.counted": (
            "盘点数量须为不小于 0 的数，最多三位小数。",
            "The counted figure must be 0 or more, with at most three decimals.",
        ),
        "card.unknown": (
            "工卡“{code}”不属于本站点在册人员。",
            "Card {code} is not a registered worker's.",
        ),
        "handout.not_on_site": (
            "{who}现不在场（已退场或尚未进场），不能按人发放。",
            "{who} is not on site (left, or not yet entered): nothing is due per head.",
        ),
        "handout.nothing_due": (
            "{who}在本次发放中没有待领物资。",
            "Nothing is due to {who} in this handout.",
        ),
    }
)


def add_item(unit: WriteUnit, name: str, unit_name: str, spec: str = "") -> str:
    if not name.strip() or not unit_name.strip():
        raise DomainError(Problem("item.name", field="name"))
    return unit.journal.insert(
        SupplyItem,
        {"site_id": SHARED_SITE, "name": name.strip(), "unit": unit_name.strip(), "spec": spec},
    )


def _balances(
    session: Session, site_id: str | None = None, item_id: str | None = None
) -> dict[str, Decimal]:
    """Each item's stock: per work area, the latest count plus what moved after it.

    Movements are folded in the sync order (their stamps). A count (stocktake) sets the
    balance to the counted figure: whatever moved before it, at this PC or another, is in
    that figure already; what moved after it is added. So a handout made on another PC before
    the count, arriving by sync after it, is not taken off twice.
    """
    query = select(
        StockMovement.item_id,
        StockMovement.site_id,
        StockMovement.kind,
        StockMovement.quantity,
        StockMovement.counted,
    ).where(StockMovement.deleted.is_(False))
    if site_id is not None:
        query = query.where(StockMovement.site_id == site_id)
    if item_id is not None:
        query = query.where(StockMovement.item_id == item_id)
    running: dict[tuple[str, str], Decimal] = {}
    for item, site, kind, quantity, counted in session.execute(query.order_by(StockMovement.stamp)):
        key = (item, site)
        if kind == "stocktake" and counted is not None:
            running[key] = Decimal(counted)
        else:
            running[key] = running.get(key, Decimal(0)) + Decimal(quantity)
    out: dict[str, Decimal] = {}
    for (item, _site), value in running.items():
        out[item] = out.get(item, Decimal(0)) + value
    return out


def balance(session: Session, item_id: str, site_id: str | None = None) -> Decimal:
    """The item's stock at ``site_id`` (every work area's together when None)."""
    return _balances(session, site_id, item_id).get(item_id, Decimal(0))


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
    _check_quantity(quantity)
    if kind == "loss" and not note.strip():
        raise DomainError(Problem("stock.loss_note", field="note"))
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


def fmt_qty(q: Decimal | int) -> str:
    """A quantity as people write it, without trailing zeros: 2, 0.5, 12.25."""
    text = f"{Decimal(q):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _check_quantity(quantity: Decimal | int) -> None:
    if (
        not isinstance(quantity, Decimal | int)
        or not Decimal(quantity).is_finite()
        or quantity <= 0
    ):
        raise DomainError(Problem("stock.quantity", field="quantity"))
    if Decimal(quantity) != Decimal(quantity).quantize(Decimal("0.001")):
        raise DomainError(Problem("stock.precision", field="quantity"))


@dataclass(frozen=True)
class Reconciliation:
    item_id: str
    on_books: Decimal  # the balance the movements give
    counted: Decimal
    movement_id: str

    @property
    def difference(self) -> Decimal:
        """Counted minus on the books: negative when goods are missing."""
        return self.counted - self.on_books


def reconcile(
    unit: WriteUnit, item_id: str, counted: Decimal, on_date: date, *, note: str = ""
) -> Reconciliation:
    """End-of-day count (盘点): record the counted figure and the difference as a movement.

    The counted figure is the balance from then on (see :func:`_balances`): movements stamped
    before the count are in it already, wherever they were recorded, and those after it are
    added. The difference to the books is kept for the day's report.
    """
    if (
        not isinstance(counted, Decimal | int)
        or not Decimal(counted).is_finite()
        or counted < 0
        or Decimal(counted) != Decimal(counted).quantize(Decimal("0.001"))
    ):
        raise DomainError(Problem("stock.counted", field="counted"))
    if unit.session.get(SupplyItem, item_id) is None:
        raise DomainError(Problem("item.not_found", params={"ref": item_id}))
    books = balance(unit.session, item_id, unit.journal.site_id)
    movement = unit.journal.insert(
        StockMovement,
        {
            "item_id": item_id,
            "kind": "stocktake",
            "quantity": Decimal(counted) - books,
            "on_date": on_date,
            "counted": Decimal(counted),
            "note": note.strip(),
        },
    )
    return Reconciliation(item_id, books, Decimal(counted), movement)


@dataclass(frozen=True)
class ItemStock:
    id: str
    name: str
    unit: str
    spec: str
    balance: Decimal


def stock(session: Session, site_id: str | None = None) -> list[ItemStock]:
    """Every live item with its balance at ``site_id`` (all sites when None), by name."""
    balances = _balances(session, site_id)
    items = session.scalars(
        select(SupplyItem).where(SupplyItem.deleted.is_(False)).order_by(SupplyItem.name)
    )
    return [
        ItemStock(
            i.id,
            i.name,
            i.unit,
            i.spec,
            balances.get(i.id, Decimal(0)).quantize(Decimal("0.001")),
        )
        for i in items
    ]


def find_item(session: Session, ref: str) -> str:
    """An item by id or by name."""
    found = session.scalars(
        select(SupplyItem.id).where(
            SupplyItem.deleted.is_(False), or_(SupplyItem.id == ref, SupplyItem.name == ref.strip())
        )
    ).all()
    if len(found) != 1:
        raise DomainError(Problem("item.not_found", params={"ref": ref}))
    return found[0]


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
    if not team_ids:
        problems.append(Problem("campaign.teams", field="teams"))
    for e in items:
        amounts = [a for a in (e.per_team, e.per_head) if a is not None]
        try:
            for a in amounts:
                _check_quantity(a)
        except DomainError:
            amounts = []
        if not amounts:
            item = unit.session.get(SupplyItem, e.item_id)
            problems.append(
                Problem(
                    "campaign.amount",
                    field="items",
                    params={"item": item.name if item else e.item_id},
                )
            )
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
        CampaignTeam, [{"campaign_id": campaign, "team_id": t} for t in dict.fromkeys(team_ids)]
    )
    return campaign


def entitlement_key(
    campaign_id: str, item_id: str, team_id: str | None, worker_id: str | None
) -> str:
    who = f"worker:{worker_id}" if worker_id else f"team:{team_id}"
    return f"{campaign_id}:{item_id}:{who}"


# --------------------------------------------------------------------------- handing out


@dataclass(frozen=True)
class DueLine:
    """One item a team or a worker is entitled to in a campaign, and whether it was handed."""

    item_id: str
    item: str
    unit: str
    quantity: Decimal
    key: str  # the entitlement key: the same key twice is a double handout
    handed_at: datetime | None = None  # the first handout of this entitlement
    handed_by: str = ""

    @property
    def done(self) -> bool:
        return self.handed_at is not None


def _campaign(session: Session, campaign_id: str) -> HandoutCampaign:
    campaign = session.get(HandoutCampaign, campaign_id)
    if campaign is None or campaign.deleted:
        raise DomainError(Problem("campaign.not_found", params={"ref": campaign_id}))
    return campaign


def _lines(
    session: Session,
    campaign_id: str,
    team_id: str | None,
    worker_id: str | None,
) -> list[DueLine]:
    per = CampaignItem.per_head if worker_id else CampaignItem.per_team
    rows = session.execute(
        select(CampaignItem.item_id, per, SupplyItem.name, SupplyItem.unit)
        .join(SupplyItem, SupplyItem.id == CampaignItem.item_id)
        .where(
            CampaignItem.campaign_id == campaign_id,
            CampaignItem.deleted.is_(False),
            per.is_not(None),
        )
        .order_by(SupplyItem.name)
    ).all()
    keys = {r.item_id: entitlement_key(campaign_id, r.item_id, team_id, worker_id) for r in rows}
    first: dict[str, tuple[datetime, str]] = {}
    if keys:
        for key, at, by in session.execute(
            select(Handout.entitlement_key, Handout.at, Handout.handed_by)
            .where(Handout.entitlement_key.in_(list(keys.values())), Handout.deleted.is_(False))
            .order_by(Handout.at)
        ):
            first.setdefault(key, (at, by))
    return [
        DueLine(
            r.item_id,
            r.name,
            r.unit,
            Decimal(r[1] or 0),
            keys[r.item_id],
            *first.get(keys[r.item_id], (None, "")),
        )
        for r in rows
    ]


def recipients(session: Session, campaign_id: str) -> set[str]:
    return set(
        session.scalars(
            select(CampaignTeam.team_id).where(
                CampaignTeam.campaign_id == campaign_id, CampaignTeam.deleted.is_(False)
            )
        )
    )


def due_for_team(session: Session, campaign_id: str, team_id: str) -> list[DueLine]:
    """The team's per-team entitlements; empty when the team is not a recipient."""
    _campaign(session, campaign_id)
    if team_id not in recipients(session, campaign_id):
        return []
    return _lines(session, campaign_id, team_id, None)


def on_site(session: Session, worker_id: str) -> bool:
    found = session.scalar(select(Worker.id).where(Worker.id == worker_id, on_site_condition()))
    return found is not None


def due_for_worker(session: Session, campaign_id: str, worker_id: str) -> list[DueLine]:
    """The worker's per-head entitlements; empty unless they are on site in a recipient team."""
    _campaign(session, campaign_id)
    team_id = session.scalar(select(Worker.team_id).where(Worker.id == worker_id))
    if team_id is None or team_id not in recipients(session, campaign_id):
        return []
    if not on_site(session, worker_id):
        return []
    return _lines(session, campaign_id, None, worker_id)


def _hand_out(
    unit: WriteUnit,
    campaign: HandoutCampaign,
    lines: list[DueLine],
    who: str,
    *,
    team_id: str | None,
    worker_id: str | None,
    receiver_name: str,
    override_reason: str,
    at: datetime | None,
) -> list[str]:
    if campaign.closed:
        raise DomainError(Problem("campaign.closed", params={"name": campaign.name}))
    if not lines:
        raise DomainError(Problem("handout.not_entitled", params={"who": who, "item": "物资"}))
    reason = override_reason.strip()
    twice = [line for line in lines if line.done]
    if twice and not reason:
        line = twice[0]
        assert line.handed_at is not None
        raise DomainError(
            Problem(
                "handout.twice",
                params={
                    "who": who,
                    "item": "、".join(t.item for t in twice),
                    "when": line.handed_at.astimezone(DEFAULT_TZ).strftime("%m-%d %H:%M"),
                },
            )
        )
    when = at or datetime.now(UTC)
    ids: list[str] = []
    for line in lines:
        handout = unit.journal.insert(
            Handout,
            {
                "campaign_id": campaign.id,
                "item_id": line.item_id,
                "team_id": team_id,
                "worker_id": worker_id,
                "quantity": line.quantity,
                "at": when,
                "handed_by": unit.journal.author,
                "receiver_name": receiver_name.strip(),
                "entitlement_key": line.key,
                "override_reason": reason if line.done else "",
            },
        )
        move_stock(
            unit,
            line.item_id,
            "handout",
            line.quantity,
            when.astimezone(DEFAULT_TZ).date(),
            campaign_id=campaign.id,
            handout_id=handout,
        )
        ids.append(handout)
    return ids


def hand_out_to_team(
    unit: WriteUnit,
    campaign_id: str,
    team_id: str,
    *,
    receiver_name: str = "",
    override_reason: str = "",
    at: datetime | None = None,
) -> list[str]:
    """Hand a team its per-team entitlement of every item in one step; stock goes out too.

    A second handout of the same entitlement is refused unless ``override_reason`` says why.
    """
    session = unit.session
    campaign = _campaign(session, campaign_id)
    team = session.get(Team, team_id)
    lines = due_for_team(session, campaign_id, team_id)
    return _hand_out(
        unit,
        campaign,
        lines,
        team.name if team else team_id,
        team_id=team_id,
        worker_id=None,
        receiver_name=receiver_name,
        override_reason=override_reason,
        at=at,
    )


def hand_out_to_worker(
    unit: WriteUnit,
    campaign_id: str,
    worker_id: str,
    *,
    override_reason: str = "",
    at: datetime | None = None,
) -> list[str]:
    """Hand a worker their per-head entitlement of every item in one step."""
    session = unit.session
    campaign = _campaign(session, campaign_id)
    worker = session.get(Worker, worker_id)
    lines = due_for_worker(session, campaign_id, worker_id)
    name = worker.name if worker else worker_id
    recipient = worker is not None and worker.team_id in recipients(session, campaign_id)
    if recipient and not lines and not on_site(session, worker_id):
        raise DomainError(Problem("handout.not_on_site", params={"who": name}))
    return _hand_out(
        unit,
        campaign,
        lines,
        name,
        team_id=worker.team_id if worker else None,
        worker_id=worker_id,
        receiver_name=name,
        override_reason=override_reason,
        at=at,
    )


def worker_by_card(session: Session, code: str) -> Worker:
    """The live worker whose card carries ``code`` (what the scanner read)."""
    code = code.strip()
    worker = session.scalar(
        select(Worker).where(Worker.card_code == code, Worker.deleted.is_(False)).limit(1)
    )
    if worker is None or not code:
        raise DomainError(Problem("card.unknown", params={"code": code[:40]}))
    return worker


# --------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class TeamProgress:
    team_id: str
    team: str
    team_items_due: int  # per-team items
    team_items_done: int
    heads: int  # workers on site now, who are due per-head items
    heads_done: int  # of them, workers who received all their per-head items

    @property
    def done(self) -> bool:
        return self.team_items_done >= self.team_items_due and self.heads_done >= self.heads


@dataclass(frozen=True)
class ItemProgress:
    item_id: str
    item: str
    unit: str
    due: Decimal  # by entitlement: per team × teams + per head × workers on site
    handed: Decimal  # every handout, overrides included
    in_stock: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.due - self.handed, Decimal(0))


@dataclass(frozen=True)
class CampaignProgress:
    campaign_id: str
    name: str
    teams: list[TeamProgress]
    items: list[ItemProgress]

    @property
    def teams_done(self) -> int:
        return sum(t.done for t in self.teams)


def _on_site_by_team(session: Session, team_ids: set[str]) -> dict[str, list[str]]:
    """Workers on site now (latest movement an entry), by team."""
    latest = on_site_condition()
    rows = session.execute(
        select(Worker.id, Worker.team_id).where(
            Worker.deleted.is_(False), Worker.team_id.in_(team_ids), latest
        )
    )
    out: dict[str, list[str]] = {}
    for wid, tid in rows:
        out.setdefault(str(tid), []).append(wid)
    return out


def progress(session: Session, campaign_id: str) -> CampaignProgress:
    """Handed out against due, per team and per item: what is still to hand out."""
    campaign = _campaign(session, campaign_id)
    team_ids = recipients(session, campaign_id)
    names = dict(
        (r.id, r.name)
        for r in session.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids)))
    )
    ents = session.execute(
        select(CampaignItem, SupplyItem.name, SupplyItem.unit)
        .join(SupplyItem, SupplyItem.id == CampaignItem.item_id)
        .where(CampaignItem.campaign_id == campaign_id, CampaignItem.deleted.is_(False))
        .order_by(SupplyItem.name)
    ).all()
    per_team = [e for e, _n, _u in ents if e.per_team is not None]
    per_head = [e for e, _n, _u in ents if e.per_head is not None]
    heads = _on_site_by_team(session, team_ids) if per_head else {}
    handed_keys: Counter[str] = Counter()
    handed_qty: dict[str, Decimal] = {}
    for key, item_id, qty in session.execute(
        select(Handout.entitlement_key, Handout.item_id, Handout.quantity).where(
            Handout.campaign_id == campaign_id, Handout.deleted.is_(False)
        )
    ):
        handed_keys[key] += 1
        handed_qty[item_id] = handed_qty.get(item_id, Decimal(0)) + Decimal(qty)
    teams: list[TeamProgress] = []
    for tid in sorted(team_ids, key=lambda t: (names.get(t, ""), t)):
        team_done = sum(
            1 for e in per_team if handed_keys[entitlement_key(campaign_id, e.item_id, tid, None)]
        )
        workers = heads.get(tid, [])
        heads_done = sum(
            1
            for w in workers
            if all(handed_keys[entitlement_key(campaign_id, e.item_id, None, w)] for e in per_head)
        )
        teams.append(
            TeamProgress(
                tid, names.get(tid, ""), len(per_team), team_done, len(workers), heads_done
            )
        )
    on_site = sum(len(w) for w in heads.values())
    in_stock = {s.id: s.balance for s in stock(session, campaign.site_id)}
    items = [
        ItemProgress(
            e.item_id,
            name,
            unit_name,
            Decimal(e.per_team or 0) * len(team_ids) + Decimal(e.per_head or 0) * on_site,
            handed_qty.get(e.item_id, Decimal(0)),
            in_stock.get(e.item_id, Decimal(0)),
        )
        for e, name, unit_name in ents
    ]
    return CampaignProgress(campaign_id, campaign.name, teams, items)


@dataclass(frozen=True)
class CampaignRow:
    id: str
    name: str
    on_date: date
    place: str
    closed: bool


def campaigns(session: Session, site_id: str | None = None) -> list[CampaignRow]:
    """Live campaigns (of one work area when ``site_id`` is given), newest first."""
    query = select(HandoutCampaign).where(HandoutCampaign.deleted.is_(False))
    if site_id:
        query = query.where(HandoutCampaign.site_id == site_id)
    return [
        CampaignRow(c.id, c.name, c.on_date, c.place, c.closed)
        for c in session.scalars(
            query.order_by(HandoutCampaign.on_date.desc(), HandoutCampaign.name)
        )
    ]


def close_campaign(unit: WriteUnit, campaign_id: str) -> None:
    """No more handouts in this campaign (the day is over, the sheet is signed)."""
    _campaign(unit.session, campaign_id)
    unit.journal.update(HandoutCampaign, campaign_id, {"closed": True})


def find_campaign(session: Session, ref: str) -> str:
    """A campaign by id or by name (the newest of that name)."""
    ref = ref.strip()
    found = session.scalar(
        select(HandoutCampaign.id)
        .where(
            HandoutCampaign.deleted.is_(False),
            or_(HandoutCampaign.id == ref, HandoutCampaign.name == ref),
        )
        .order_by(HandoutCampaign.on_date.desc())
        .limit(1)
    )
    if found is None:
        raise DomainError(Problem("campaign.not_found", params={"ref": ref}))
    return found


def find_team(session: Session, ref: str) -> str:
    """A live team by id or exact name."""
    found = session.scalars(
        select(Team.id).where(
            Team.deleted.is_(False), or_(Team.id == ref, Team.name == ref.strip())
        )
    ).all()
    if len(found) != 1:
        raise DomainError(Problem("team.not_found", params={"ref": ref}))
    return found[0]
