"""Excel workbooks for HQ and for the site's own records: requests, handouts, stock.

One site or all (``site_id`` None: every site this database holds — at HQ, the project).
Personal numbers are written masked, as text cells so Excel keeps every digit and star.
Each export leaves an audit entry ``export`` saying what went where. The roster has its own
export (app.store.roster), in the national platform's field order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.requests import (
    CHANNEL_LABELS,
    SATISFACTION_LABELS,
    STAGE_LABELS,
    URGENCY_LABELS,
    Channel,
    Stage,
    Timeliness,
    Urgency,
)
from app.domain.workdays import Calendar
from app.store.audit import record
from app.store.database import Database
from app.store.models import (
    Handout,
    HandoutCampaign,
    Site,
    StockMovement,
    SupplyItem,
    Team,
    Worker,
)
from app.store.request_list import RequestFilter, list_requests
from app.store.supplies import fmt_qty, stock
from app.store.users import Actor

TIMELINESS_TEXT = {
    Timeliness.ON_TIME: "未到期",
    Timeliness.DUE_SOON: "即将到期",
    Timeliness.OVERDUE: "已超期",
    Timeliness.CLOSED_ON_TIME: "按时办结",
    Timeliness.CLOSED_LATE: "超期办结",
    Timeliness.ENDED: "",
}
MOVEMENT_TEXT = {
    "receive": "入库",
    "handout": "发放",
    "loss": "报损",
    "return": "退回",
    "stocktake": "盘点差额",
}


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: list[list[Any]]
    widths: Sequence[int] = ()


@dataclass(frozen=True)
class ExportedBook:
    path: Path
    rows: int


def _local(at: datetime | None) -> str:
    return at.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M") if at else ""


FORMULA_STARTS = ("=", "+", "-", "@")


def looks_like_formula(value: Any) -> bool:
    """Text Excel would run as a formula (a name typed into the public form as
    ``=HYPERLINK(…)``): it must be written as text."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def write_book(path: Path, sheets: Sequence[Sheet]) -> int:
    """Write the sheets to ``path`` (under a temporary name, then renamed); returns rows.

    Every text cell stays text, even one that begins like a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    count = 0
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        ws.append(list(sheet.headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if looks_like_formula(cell.value):
                    cell.data_type = "s"
            count += 1
        for n, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        ws.freeze_panes = "A2"
    tmp = path.with_name(path.name + ".part")
    try:
        wb.save(tmp)
        tmp.replace(path)  # fails on Windows while the old file is open in Excel
    finally:
        tmp.unlink(missing_ok=True)  # no half-written copy of personal data left behind
    return count


def _sites(session: Session) -> dict[str, str]:
    return {s.id: s.name for s in session.scalars(select(Site))}


def _audit(db: Database, actor: Actor, entity: str, detail: str) -> None:
    with db.write(actor.username) as unit:
        record(unit, actor.username, "export", entity, "", detail)


def export_requests(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    today: date,
    calendar: Calendar,
    site_id: str | None = None,
    month: date | None = None,
) -> ExportedBook:
    with db.read() as session:
        sites = _sites(session)
        found = list_requests(
            session, RequestFilter(site_id=site_id, month=month), today=today, calendar=calendar
        )
    rows = [
        [
            r.number,
            r.site,
            _local(r.received_at),
            CHANNEL_LABELS[Channel(r.channel)] if r.channel in set(Channel) else r.channel,
            r.category,
            URGENCY_LABELS[Urgency(r.urgency)] if r.urgency in set(Urgency) else r.urgency,
            r.summary,
            "匿名" if r.anonymous else r.who,
            r.phone_masked,
            r.team,
            r.work_point,
            STAGE_LABELS[r.stage],
            f"{r.due:%Y-%m-%d}",
            TIMELINESS_TEXT[r.timeliness],
            _local(r.state.closed_at) if r.stage is Stage.CLOSED else "",
            SATISFACTION_LABELS.get(r.satisfaction or "", ""),
        ]
        for r in sorted(found, key=lambda r: r.received_at)
    ]
    headers = (
        "编号",
        "工区",
        "受理时间",
        "渠道",
        "类别",
        "紧急程度",
        "诉求摘要",
        "反映人",
        "联系电话",
        "劳务队/班组",
        "工点",
        "办理阶段",
        "办理时限",
        "时限状态",
        "办结时间",
        "回访满意度",
    )
    widths = (20, 14, 17, 8, 10, 8, 32, 10, 14, 14, 14, 10, 12, 10, 17, 10)
    count = write_book(path, [Sheet("诉求", headers, rows, widths)])
    scope = sites.get(site_id, site_id) if site_id else "全部工区"
    _audit(db, actor, "request", f"{count} 条诉求（{scope}）到 {path.name}")
    return ExportedBook(path, count)


def export_handouts(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    site_id: str | None = None,
    campaign_id: str | None = None,
) -> ExportedBook:
    with db.read() as session:
        sites = _sites(session)
        query = (
            select(
                Handout,
                HandoutCampaign.name,
                SupplyItem.name,
                SupplyItem.unit,
                Team.name,
                Worker.name,
                Worker.id_masked,
            )
            .join(HandoutCampaign, HandoutCampaign.id == Handout.campaign_id)
            .join(SupplyItem, SupplyItem.id == Handout.item_id)
            .outerjoin(Team, Team.id == Handout.team_id)
            .outerjoin(Worker, Worker.id == Handout.worker_id)
            .where(Handout.deleted.is_(False))
            .order_by(Handout.at)
        )
        if site_id:
            query = query.where(Handout.site_id == site_id)
        if campaign_id:
            query = query.where(Handout.campaign_id == campaign_id)
        rows = [
            [
                sites.get(h.site_id, ""),
                campaign,
                _local(h.at),
                item,
                fmt_qty(h.quantity),
                unit_name,
                team or "",
                worker or h.receiver_name,
                masked or "",
                h.handed_by,
                h.override_reason,
            ]
            for h, campaign, item, unit_name, team, worker, masked in session.execute(query)
        ]
    headers = (
        "工区",
        "发放活动",
        "发放时间",
        "物资",
        "数量",
        "单位",
        "劳务队/班组",
        "领取人",
        "证件号码",
        "经办人",
        "再次发放原因",
    )
    widths = (14, 22, 17, 12, 8, 6, 16, 10, 20, 10, 20)
    count = write_book(path, [Sheet("发放记录", headers, rows, widths)])
    scope = sites.get(site_id, site_id) if site_id else "全部工区"
    _audit(db, actor, "handout", f"{count} 条发放记录（{scope}）到 {path.name}")
    return ExportedBook(path, count)


def export_stock(
    db: Database, actor: Actor, path: Path, *, site_id: str | None = None
) -> ExportedBook:
    """Two sheets: each item's balance per work area, and every movement."""
    with db.read() as session:
        sites = _sites(session)
        site_ids = [site_id] if site_id else sorted(sites, key=lambda s: sites[s])
        moved = {
            (sid, item_id)
            for sid, item_id in session.execute(
                select(StockMovement.site_id, StockMovement.item_id)
                .where(StockMovement.deleted.is_(False))
                .distinct()
            )
        }
        balances: list[list[Any]] = [
            [sites.get(sid, ""), item.name, item.spec, item.unit, fmt_qty(item.balance)]
            for sid in site_ids
            for item in stock(session, sid)
            if (sid, item.id) in moved  # only what the work area ever had
        ]
        query = (
            select(StockMovement, SupplyItem.name, SupplyItem.unit, HandoutCampaign.name)
            .join(SupplyItem, SupplyItem.id == StockMovement.item_id)
            .outerjoin(HandoutCampaign, HandoutCampaign.id == StockMovement.campaign_id)
            .where(StockMovement.deleted.is_(False))
            .order_by(StockMovement.on_date, StockMovement.stamp)
        )
        if site_id:
            query = query.where(StockMovement.site_id == site_id)
        moves = [
            [
                sites.get(m.site_id, ""),
                f"{m.on_date:%Y-%m-%d}",
                item,
                MOVEMENT_TEXT.get(m.kind, m.kind),
                fmt_qty(m.quantity),
                unit_name,
                fmt_qty(m.counted) if m.counted is not None else "",
                campaign or "",
                m.note,
            ]
            for m, item, unit_name, campaign in session.execute(query)
        ]
    count = write_book(
        path,
        [
            Sheet("库存", ("工区", "物资", "规格", "单位", "结存"), balances, (14, 14, 16, 6, 10)),
            Sheet(
                "出入库明细",
                (
                    "工区",
                    "日期",
                    "物资",
                    "类型",
                    "数量（入+ 出-）",
                    "单位",
                    "实盘数",
                    "发放活动",
                    "说明",
                ),
                moves,
                (14, 12, 14, 10, 14, 6, 10, 22, 24),
            ),
        ],
    )
    scope = sites.get(site_id, site_id) if site_id else "全部工区"
    _audit(db, actor, "stock_movement", f"{count} 行库存（{scope}）到 {path.name}")
    return ExportedBook(path, count)
