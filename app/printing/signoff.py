"""签收表 (发放登记表): the sheet a campaign's recipients sign, one section per team.

Header (on every page): work area, reason, date, place, items and spec, sheet number.
Columns: 序号 | 劳务队/班组 | 姓名 | 物品 | 数量 | 单位 | 领取人签字(手印) | 日期 | 备注.
Per-team items are one row each, signed by whoever takes them for the team (the team
leader's name pre-filled); per-head items are one row per worker on site and item. Each team
ends with its totals and the lines for 发放人 / 审核人 / 监督人; pages are numbered x / y.
Names and team names never overflow a cell: a text too wide for its column wraps.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.printing.base import (
    FONT,
    INK,
    numbered_canvas,
    para,
    register_font,
    set_metadata,
    style,
    title_style,
    version_mark,
)
from app.store.models import CampaignItem, HandoutCampaign, Site, SupplyItem, Team, Worker
from app.store.supplies import fmt_qty, recipients
from app.store.worker_list import on_site_condition

COLUMNS = (
    "序号",
    "劳务队/班组",
    "姓名",
    "物品",
    "数量",
    "单位",
    "领取人签字(手印)",
    "日期",
    "备注",
)
WIDTHS = [10 * mm, 28 * mm, 22 * mm, 26 * mm, 14 * mm, 12 * mm, 34 * mm, 20 * mm, 14 * mm]
CELL_SIZE = 9


@dataclass(frozen=True)
class Line:
    team: str
    name: str
    item: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class TeamSheet:
    team: str
    lines: list[Line]


@dataclass(frozen=True)
class SignoffData:
    site_code: str
    site_name: str
    campaign: str
    reason: str
    on_date: str
    place: str
    items: str  # "西瓜（8斤左右）每队 2 个；绿豆 …"
    number: str
    teams: list[TeamSheet]


def gather(session: Session, campaign_id: str) -> SignoffData:
    c = session.get(HandoutCampaign, campaign_id)
    if c is None:
        raise ValueError(f"no campaign {campaign_id}")
    site = session.get(Site, c.site_id)
    ents = session.execute(
        select(CampaignItem, SupplyItem)
        .join(SupplyItem, SupplyItem.id == CampaignItem.item_id)
        .where(CampaignItem.campaign_id == campaign_id, CampaignItem.deleted.is_(False))
        .order_by(SupplyItem.name)
    ).all()
    described = []
    for e, item in ents:
        spec = f"（{item.spec}）" if item.spec else ""
        amounts = []
        if e.per_team is not None:
            amounts.append(f"每队 {fmt_qty(e.per_team)} {item.unit}")
        if e.per_head is not None:
            amounts.append(f"每人 {fmt_qty(e.per_head)} {item.unit}")
        described.append(f"{item.name}{spec} {'，'.join(amounts)}")
    team_ids = recipients(session, campaign_id)
    teams = session.scalars(select(Team).where(Team.id.in_(team_ids)).order_by(Team.name)).all()
    per_head = [(e, i) for e, i in ents if e.per_head is not None]
    workers: dict[str, list[str]] = {}
    if per_head:
        for name, team_id in session.execute(
            select(Worker.name, Worker.team_id)
            .where(Worker.team_id.in_(team_ids), Worker.deleted.is_(False), on_site_condition())
            .order_by(Worker.name_pinyin)
        ):
            workers.setdefault(str(team_id), []).append(name)
    sheets = []
    for t in teams:
        lines = [
            Line(t.name, t.leader_name, i.name, Decimal(e.per_team or 0), i.unit)
            for e, i in ents
            if e.per_team is not None
        ]
        for name in workers.get(t.id, []):
            lines += [
                Line(t.name, name, i.name, Decimal(e.per_head or 0), i.unit) for e, i in per_head
            ]
        sheets.append(TeamSheet(t.name, lines))
    code = site.code if site else ""
    return SignoffData(
        site_code=code,
        site_name=site.name if site else "",
        campaign=c.name,
        reason=c.reason,
        on_date=f"{c.on_date:%Y-%m-%d}",
        place=c.place,
        items="；".join(described),
        number=f"{code}-{c.on_date:%Y%m%d}-{campaign_id[-6:].upper()}",
        teams=sheets,
    )


def _fits(text: str, width: float) -> bool:
    return bool(stringWidth(text, FONT, CELL_SIZE) <= width - 4)


def _cell(text: str, width: float, st: Any) -> Any:
    """Plain text when it fits (fast for thousands of rows), a wrapping paragraph when not."""
    return text if _fits(text, width) else para(text, st)


def render(data: SignoffData, out: Path) -> int:
    """Write the sheet; returns the number of pages."""
    register_font()
    cell = style(CELL_SIZE, leading=11)
    head = style(9.5, leading=14)
    header_style = style(9, leading=12.5)
    # the left column of the header wraps (a long reason, many items); the table starts
    # below however many lines it takes
    lines = [
        f"工区：{data.site_name}",
        f"事由：{data.campaign}" + (f"（{data.reason}）" if data.reason else ""),
        f"物资及规格：{data.items}",
    ]
    block = para("\n".join(lines), header_style)
    _w, block_h = block.wrap(126 * mm, A4[1])
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=max(40 * mm, 24 * mm + block_h),
        bottomMargin=18 * mm,
        title=f"{data.campaign} 签收表",
        author="SiteDesk",
    )

    def page_head(c: Any, _doc: Any) -> None:
        set_metadata(c, f"{data.campaign} 签收表")
        width, height = A4
        c.setFont(FONT, 16)
        c.setFillColor(INK)
        c.drawCentredString(width / 2, height - 16 * mm, "物资发放签收表")
        c.setFont(FONT, 9)
        c.setFillColor(colors.black)
        right = [f"编号：{data.number}", f"日期：{data.on_date}", f"地点：{data.place or '—'}"]
        for n, text in enumerate(right):
            c.drawString(145 * mm, height - (24 + 5 * n) * mm, text)
        block.drawOn(c, 15 * mm, height - 20 * mm - block_h)

    story: list[Any] = []
    number = 0
    for n, sheet in enumerate(data.teams):
        if n:
            story.append(PageBreak())
        rows: list[list[Any]] = [list(COLUMNS)]
        totals: dict[tuple[str, str], Decimal] = {}
        for line in sheet.lines:
            number += 1
            rows.append(
                [
                    str(number),
                    _cell(line.team, WIDTHS[1], cell),
                    _cell(line.name, WIDTHS[2], cell),
                    _cell(line.item, WIDTHS[3], cell),
                    fmt_qty(line.quantity),
                    line.unit,
                    "",
                    "",
                    "",
                ]
            )
            key = (line.item, line.unit)
            totals[key] = totals.get(key, Decimal(0)) + line.quantity
        if not sheet.lines:
            rows.append(["", _cell(sheet.team, WIDTHS[1], cell), "（本队无应领物资）"] + [""] * 6)
        table = Table(rows, colWidths=WIDTHS, repeatRows=1, rowHeights=None)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ALIGN", (0, 0), (0, -1), "CENTER"),
                    ("ALIGN", (4, 1), (5, -1), "CENTER"),
                    ("TOPPADDING", (0, 1), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
                ]
            )
        )
        story.append(table)
        total = "；".join(f"{item} {fmt_qty(q)} {unit}" for (item, unit), q in totals.items())
        story.append(
            KeepTogether(
                [
                    Spacer(1, 4 * mm),
                    para(f"{sheet.team} 合计：{total or '—'}", head),
                    Spacer(1, 6 * mm),
                    para(
                        "发放人：________________　　审核人：________________"
                        "　　监督人：________________",
                        head,
                    ),
                ]
            )
        )
    if not data.teams:
        story.append(para("本次发放没有发放对象。", title_style(12)))
    doc.build(
        story,
        onFirstPage=page_head,
        onLaterPages=page_head,
        canvasmaker=numbered_canvas(version_mark(data.site_code)),
    )
    return int(doc.page)
