"""The QR poster (A4, A3) and the fold-out leaflet (折页, A4 tri-fold) of a work area.

The QR opens the request form of this work area on the HQ server: ``<base>/f/<code>``. It is
printed with error correction Q and a 4-module quiet zone, 15 cm wide on A4 and 20 cm on A3:
a phone reads it from 1.5 m. The service phone is printed under the QR, as on the seed's
poster; then the other ways to reach the desk, the promised response times, and that a
worker may stay anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Frame, Paragraph

from app.printing.base import (
    FONT,
    GREY,
    INK,
    RULE,
    draw_qr,
    para,
    register_font,
    set_metadata,
    style,
    version_mark,
)

PROMISE = (
    "我们承诺：紧急事项当日处理；咨询、求助 3 个工作日内答复；"
    "建议、投诉、举报 13 个工作日内办结，办结后回访。"
)
ANONYMOUS = "可以匿名反映，我们为您保密。"
OTHER_WAYS = "也可投递意见箱，或在夜间巡查、上门走访时当面反映。"


@dataclass(frozen=True)
class DeskInfo:
    """What a poster says about one work area's service desk."""

    site_code: str
    site_name: str
    form_url: str  # the QR's content
    service_phone: str
    counter_location: str
    counter_hours: str


def form_url(base_url: str, site_code: str) -> str:
    return f"{base_url.rstrip('/')}/f/{site_code}"


def poster(info: DeskInfo, out: Path, *, size: str = "A4") -> int:
    """One page; returns the page count."""
    register_font()
    page = A3 if size.upper() == "A3" else A4
    scale = page[0] / A4[0]
    width, height = page
    c = pdfcanvas.Canvas(str(out), pagesize=page)
    set_metadata(c, f"{info.site_name} 扫码反映诉求")

    def y(v: float) -> float:  # millimetres from the top, scaled to the paper
        return float(height - v * mm * scale)

    c.setFillColor(INK)
    c.rect(0, y(32), width, 32 * mm * scale, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(FONT, 20 * scale)
    c.drawCentredString(width / 2, y(16), f"{info.site_name} 工友服务台")
    c.setFont(FONT, 11 * scale)
    c.drawCentredString(width / 2, y(25), "有困难，找我们 · 您的诉求我们件件回应")

    c.setFillColor(INK)
    c.setFont(FONT, 40 * scale)
    c.drawCentredString(width / 2, y(56), "微信扫一扫  反映诉求")

    qr_size = 150 * mm * scale
    draw_qr(c, info.form_url, (width - qr_size) / 2, y(64) - qr_size, qr_size)

    c.setFillColor(colors.black)
    c.setFont(FONT, 24 * scale)
    phone = info.service_phone or "（请在站点信息中填写服务电话）"
    c.drawCentredString(width / 2, y(230), f"服务电话：{phone}")

    lines = []
    if info.counter_location:
        hours = f"（{info.counter_hours}）" if info.counter_hours else ""
        lines.append(f"现场窗口：{info.counter_location}{hours}")
    lines += [OTHER_WAYS, PROMISE, ANONYMOUS]
    frame = Frame(
        25 * mm * scale,
        y(283),
        width - 50 * mm * scale,
        46 * mm * scale,
        showBoundary=0,
        leftPadding=0,
        rightPadding=0,
    )
    st = style(12 * scale, align=TA_CENTER, space_after=3 * scale)
    frame.addFromList([para(text, st) for text in lines], c)

    c.setFont(FONT, 7 * scale)
    c.setFillColor(GREY)
    c.drawString(12 * mm, 8 * mm, f"工区代码 {info.site_code} · {info.form_url}")
    c.drawRightString(width - 12 * mm, 8 * mm, version_mark(info.site_code))
    c.showPage()
    c.save()
    return 1


# --------------------------------------------------------------------------- leaflet

FLOW = (
    ("问题受理", "您扫码、来电或到窗口反映后，我们登记编号，告诉您办理时限。"),
    ("审查核实", "承办人员到现场或向有关方面核实情况。"),
    ("分类处理", "按工资、安全、生活、医疗、法律等类别，由对口部门处理。"),
    ("结果反馈", "办理结果当面或电话告诉您。"),
    ("整改提升", "同类问题建章立制，防止再次发生；办结后回访您是否满意。"),
)
SERVICES = (
    ("工资待遇", "工资发放、考勤核对、工资卡问题"),
    ("安全生产", "作业环境、防护用品、安全隐患"),
    ("生活保障", "饮食、住宿、防暑降温、用水用电"),
    ("医疗健康", "就医协助、职业健康、心理疏导"),
    ("法律援助", "劳动合同、工伤认定、维权咨询"),
    ("技能培训", "岗前培训、技能提升、证书办理"),
)
RIGHTS = (
    "拖欠工资可拨打 12333 劳动保障监察举报电话；",
    "法律咨询可拨打 12348 公共法律服务热线；",
    "已进入诉讼或仲裁程序的事项，我们协助您了解进展。",
)


def _panel(c: pdfcanvas.Canvas, x: float, top: float, width: float, story: list[Paragraph]) -> None:
    frame = Frame(x + 10 * mm, 14 * mm, width - 20 * mm, top - 26 * mm, showBoundary=0)
    frame.addFromList(story, c)


def leaflet(info: DeskInfo, out: Path) -> int:
    """A4 landscape, two sides, three panels each; the QR is on the back panel. Returns 2."""
    register_font()
    page = landscape(A4)
    width, height = page
    panel = width / 3
    c = pdfcanvas.Canvas(str(out), pagesize=page)
    set_metadata(c, f"{info.site_name} 工友服务指南")
    head = style(17, color=INK, space_after=8, name="head")
    body = style(11.5, leading=19, space_after=7)
    big = style(26, align=TA_CENTER, color=colors.white, space_after=12, name="big")
    center = style(13, align=TA_CENTER, color=colors.white, space_after=6, name="center")

    def folds() -> None:
        c.setStrokeColor(RULE)
        c.setDash(2, 3)
        for n in (1, 2):
            c.line(panel * n, 8 * mm, panel * n, height - 8 * mm)
        c.setDash()

    # outside: inner flap | back (QR) | front cover
    folds()
    _panel(
        c,
        0,
        height,
        panel,
        [para("诉求怎么办", head)]
        + [para(f"{n}. {name}：{text}", body) for n, (name, text) in enumerate(FLOW, 1)]
        + [para(PROMISE, body)],
    )
    qr_size = 70 * mm
    c.setFillColor(INK)
    c.setFont(FONT, 16)
    c.drawCentredString(panel * 1.5, height - 30 * mm, "微信扫一扫  反映诉求")
    draw_qr(c, info.form_url, panel * 1.5 - qr_size / 2, height - 40 * mm - qr_size, qr_size)
    c.setFillColor(colors.black)
    c.setFont(FONT, 14)
    c.drawCentredString(
        panel * 1.5, height - 52 * mm - qr_size, f"服务电话：{info.service_phone or '—'}"
    )
    c.setFont(FONT, 10)
    c.drawCentredString(panel * 1.5, height - 60 * mm - qr_size, ANONYMOUS)
    c.setFillColor(INK)  # the front cover: a coloured block with the title
    c.rect(panel * 2, 0, panel, height, stroke=0, fill=1)
    _panel(
        c,
        panel * 2,
        height - 50 * mm,
        panel,
        [
            para(info.site_name, big),
            para("工友服务指南", big),
            para("有困难，找我们", center),
            para("您的每一条诉求，我们登记、办理、回访", center),
        ],
    )
    c.setFont(FONT, 6.5)
    c.setFillColor(GREY)
    c.drawCentredString(panel * 1.5, 8 * mm, version_mark(info.site_code))
    c.setFillColor(colors.white)
    c.drawCentredString(panel * 2.5, 8 * mm, f"工区代码 {info.site_code}")
    c.showPage()

    # inside: what we help with | how to reach us | time limits and rights
    folds()
    _panel(
        c,
        0,
        height,
        panel,
        [para("服务内容", head)] + [para(f"{name}：{text}", body) for name, text in SERVICES],
    )
    ways = [
        "扫码：微信扫描背面二维码，填写诉求（可匿名）。",
        f"电话：{info.service_phone or '见服务台公示'}。",
    ]
    if info.counter_location:
        hours = f"，{info.counter_hours}" if info.counter_hours else ""
        ways.append(f"现场窗口：{info.counter_location}{hours}。")
    ways += ["意见箱：投递书面意见，定期开箱登记。", "夜间巡查、上门走访：当面告诉我们。"]
    _panel(c, panel, height, panel, [para("反映渠道", head)] + [para(w, body) for w in ways])
    _panel(
        c,
        panel * 2,
        height,
        panel,
        [para("办理时限与回访", head), para(PROMISE, body), para(ANONYMOUS, body)]
        + [para("依法维权", head)]
        + [para(text, body) for text in RIGHTS],
    )
    c.showPage()
    c.save()
    return 2
