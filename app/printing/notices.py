"""公示 notices: a title "关于…的公示", the body, a table, the notice period with its dates, how
to object, the issuing unit and date.

Three kinds are built from records — the results of a handout campaign, the requests handled
in a month (anonymised: no names, no words of the worker, only what was done and when) — and
one from free text (rules, the wage-rights board 维权信息告示牌). Only masked ID numbers ever
appear; phone numbers never do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from app.printing.base import (
    FONT,
    numbered_canvas,
    para,
    register_font,
    set_metadata,
    style,
    title_style,
    version_mark,
)


@dataclass(frozen=True)
class NoticeTable:
    columns: list[str]
    rows: list[list[str]]
    widths_mm: list[float]
    caption: str = ""


@dataclass(frozen=True)
class NoticeData:
    site_code: str
    title: str  # 关于…的公示
    body: str
    period_from: date
    period_to: date
    period_days: int  # working days
    objection: str  # how to object, and to whom
    issuer: str
    issued_on: date
    tables: list[NoticeTable] = field(default_factory=list)
    periodic: bool = True  # False for a standing board (维权信息告示牌): no period, no objection


def render(data: NoticeData, out: Path) -> int:
    """Write the notice; returns the number of pages."""
    register_font()
    body = style(12, leading=21, space_after=6)
    cell = style(9.5, leading=12)
    right = style(12, leading=20, align=TA_RIGHT)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    story: list[Any] = [para(data.title, title_style(20)), Spacer(1, 4 * mm)]
    for paragraph in data.body.split("\n"):
        if paragraph.strip():
            story.append(para("　　" + paragraph.strip(), body))
    for t in data.tables:
        if t.caption:
            story.append(para(t.caption, style(11, space_after=3)))
        rows: list[list[Any]] = [[para(c, cell) for c in t.columns]]
        rows += [[para(v, cell) for v in row] for row in t.rows]
        table = Table(rows, colWidths=[w * mm for w in t.widths_mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 9.5),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story += [table, Spacer(1, 5 * mm)]
    if data.periodic:
        story.append(
            para(
                f"　　公示期：{data.period_from:%Y年%m月%d日}至{data.period_to:%Y年%m月%d日}"
                f"（{data.period_days}个工作日）。{data.objection}",
                body,
            )
        )
    story += [
        Spacer(1, 10 * mm),
        para(data.issuer, right),
        para(f"{data.issued_on:%Y年%m月%d日}", right),
    ]

    def first(c: Any, _doc: Any) -> None:
        set_metadata(c, data.title)

    doc.build(
        story,
        onFirstPage=first,
        canvasmaker=numbered_canvas(version_mark(data.site_code)),
    )
    return int(doc.page)
