"""The monthly request report (诉求办理情况月报) and the worker roster (花名册) as PDF.

The report prints the figures of app.store.request_stats — the same as the 月度统计 window
and ``sitedesk request stats`` — with a bar chart by category and the last six months.
The roster prints masked numbers only: it is paper that can be left on a desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
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
from app.store.request_stats import Figures, Group, MonthlyStats
from app.store.request_stats import pct_text as pct

RECEIVED, CLOSED = colors.HexColor("#457b9d"), colors.HexColor("#2a9d8f")
GRID = [
    ("FONT", (0, 0), (-1, -1), FONT, 9),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#808890")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
]


def _table(title: str, groups: list[tuple[str, Figures]], cell: Any) -> list[Any]:
    if not groups:
        return []
    rows: list[list[Any]] = [
        [title, "受理", "办结", "办结率", "按时率", "不予受理", "在办", "超期", "满意率"]
    ]
    for name, f in groups:
        rows.append(
            [
                para(name, cell),
                str(f.received),
                str(f.closed),
                pct(f.closed_pct),
                pct(f.on_time_pct),
                str(f.rejected),
                str(f.open),
                str(f.overdue),
                pct(f.satisfaction_pct),
            ]
        )
    widths = [38 * mm] + [17 * mm] * 8
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(GRID))
    return [table, Spacer(1, 5 * mm)]


def _chart(stats: MonthlyStats, names: dict[str, str]) -> Drawing:
    drawing = Drawing(170 * mm, 70 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = 150 * mm, 48 * mm
    groups = stats.by_category
    chart.data = [
        [g.figures.received for g in groups] or [0],
        [g.figures.closed for g in groups] or [0],
    ]
    chart.categoryAxis.categoryNames = [names.get(g.key, g.label) for g in groups] or ["—"]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    peak = max([g.figures.received for g in groups] or [1])
    chart.valueAxis.valueStep = max(1, round(peak / 5))
    chart.bars[0].fillColor = RECEIVED
    chart.bars[1].fillColor = CLOSED
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 120 * mm, 68 * mm
    legend.fontName = FONT
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(RECEIVED, "受理"), (CLOSED, "办结")]
    drawing.add(legend)
    return drawing


@dataclass(frozen=True)
class ReportData:
    site_code: str
    site_name: str
    today: date
    stats: MonthlyStats
    trend: list[tuple[date, Figures]]
    channel_names: dict[str, str]


def render_report(data: ReportData, out: Path) -> int:
    register_font()
    s = data.stats
    t = s.total
    title = f"{data.site_name} {s.month:%Y年%m月} 诉求办理情况月报"
    body = style(11, leading=19, space_after=5)
    cell = style(9, leading=11)
    doc = SimpleDocTemplate(
        str(out), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm
    )
    grades = "，".join(f"{g} {n} 件" for g, n in t.satisfaction.items())
    summary = (
        f"本月共受理工友诉求 {t.received} 件，已办结 {t.closed} 件（办结率 {pct(t.closed_pct)}），"
        f"其中按时办结 {t.closed_on_time} 件（按时办结率 {pct(t.on_time_pct)}）；"
        f"不予受理 {t.rejected} 件，合并 {t.merged} 件，在办 {t.open} 件，其中超期 {t.overdue} 件。"
        f"回访 {t.called_back} 件，满意率 {pct(t.satisfaction_pct)}（{grades}）。"
    )
    story: list[Any] = [
        para(title, title_style(17)),
        para(
            f"统计口径：{s.month:%Y年%m月}受理的诉求，按截至 {data.today:%Y年%m月%d日} 的办理情况计算。",
            style(9, space_after=8),
        ),
        para("　　" + summary, body),
        Spacer(1, 3 * mm),
        _chart(s, {g.key: g.label for g in s.by_category}),
        Spacer(1, 3 * mm),
    ]

    def named(
        groups: list[Group], names: dict[str, str] | None = None
    ) -> list[tuple[str, Figures]]:
        return [((names or {}).get(g.key, g.label) or "（未填）", g.figures) for g in groups]

    story += _table("类别", named(s.by_category), cell)
    story += _table("渠道", named(s.by_channel, data.channel_names), cell)
    story += _table("工区", named(s.by_area), cell)
    story += _table("工点", named(s.by_point), cell)
    story += _table("月份", [(f"{m:%Y-%m}", f) for m, f in data.trend], cell)

    def first(c: Any, _doc: Any) -> None:
        set_metadata(c, title)

    doc.build(story, onFirstPage=first, canvasmaker=numbered_canvas(version_mark(data.site_code)))
    return int(doc.page)


ROSTER_COLUMNS = (
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "劳务队/班组",
    "工种",
    "证件号码",
    "手机",
    "状态",
)
ROSTER_WIDTHS = [12, 30, 12, 24, 56, 40, 42, 28, 20]


def render_roster(
    site_code: str, site_name: str, rows: list[list[str]], out: Path, *, as_of: date
) -> int:
    """The roster, landscape, masked numbers; ``rows`` without the 序号 column."""
    register_font()
    title = f"{site_name} 劳务人员花名册"
    cell = style(8.5, leading=10.5)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
    )
    table_rows: list[list[Any]] = [list(ROSTER_COLUMNS)]
    for n, row in enumerate(rows, start=1):
        table_rows.append([str(n), *(para(v, cell) if len(v) > 8 else v for v in row)])
    table = Table(table_rows, colWidths=[w * mm for w in ROSTER_WIDTHS], repeatRows=1)
    table.setStyle(TableStyle([*GRID[:4], ("ALIGN", (0, 1), (0, -1), "CENTER")]))
    story: list[Any] = [
        para(title, title_style(16)),
        para(
            f"截至 {as_of:%Y年%m月%d日}，共 {len(rows)} 人。证件号码、手机号码已打码。",
            style(9, space_after=6),
        ),
        table,
    ]

    def first(c: Any, _doc: Any) -> None:
        set_metadata(c, title)

    doc.build(story, onFirstPage=first, canvasmaker=numbered_canvas(version_mark(site_code)))
    return int(doc.page)
