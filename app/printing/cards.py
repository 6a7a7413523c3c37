"""Worker cards (工卡): CR80 (85.6 × 54 mm), eight to an A4 sheet, with cut marks.

Each card shows the work area, the worker's name, team, trade, head photo and masked ID, and
a QR holding the card's opaque code — the code the handout scanner reads. The QR never holds
the ID number, and the card shows only its masked form.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas

from app.printing.base import FONT, GREY, INK, draw_qr, register_font, set_metadata, version_mark

CARD_W, CARD_H = 85.6 * mm, 54 * mm
COLS, ROWS = 2, 4
GAP_X, GAP_Y = 8 * mm, 8 * mm
MARK = 3 * mm  # cut-mark length, drawn in the gaps only


@dataclass(frozen=True)
class Card:
    name: str
    team: str
    trade: str
    id_masked: str
    card_code: str
    photo: bytes | None  # JPEG/PNG of the head photo, when this PC has it


def _fit(text: str, size: float, width: float) -> float:
    """The largest font size up to ``size`` at which ``text`` fits ``width``."""
    while size > 5 and stringWidth(text, FONT, size) > width:
        size -= 0.5
    return size


def _ellipsis(text: str, size: float, width: float) -> str:
    while len(text) > 1 and stringWidth(text, FONT, size) > width:
        text = text[:-2] + "…"
    return text


def _wrap(text: str, size: float, width: float, most: int) -> list[str]:
    """Split ``text`` into at most ``most`` lines of ``width``; the last one may be cut."""
    lines: list[str] = []
    rest = text
    while rest and len(lines) < most - 1:
        n = len(rest)
        while n > 1 and stringWidth(rest[:n], FONT, size) > width:
            n -= 1
        lines.append(rest[:n])
        rest = rest[n:]
    if rest:
        lines.append(rest)
    return lines


def _card(c: pdfcanvas.Canvas, x: float, y: float, card: Card, site_name: str) -> None:
    c.setStrokeColor(colors.HexColor("#c8ced6"))
    c.setLineWidth(0.3)
    c.roundRect(x, y, CARD_W, CARD_H, 3 * mm, stroke=1, fill=0)
    band = 9 * mm
    c.setFillColor(INK)
    c.rect(x, y + CARD_H - band, CARD_W, band, stroke=0, fill=1)
    c.setFillColor(colors.white)
    title = f"{site_name} · 工友服务卡"
    c.setFont(FONT, _fit(title, 9, CARD_W - 6 * mm))
    c.drawString(x + 3 * mm, y + CARD_H - 6 * mm, title)

    photo_w, photo_h = 20 * mm, 26 * mm
    px, py = x + 3 * mm, y + CARD_H - band - 3 * mm - photo_h
    drawn = False
    if card.photo:
        try:
            c.drawImage(
                ImageReader(BytesIO(card.photo)),
                px,
                py,
                photo_w,
                photo_h,
                preserveAspectRatio=True,
                anchor="c",
            )
            drawn = True
        except (OSError, ValueError):
            drawn = False  # an unreadable photo leaves the box to glue one in
    if not drawn:
        c.setStrokeColor(colors.HexColor("#9aa5b1"))
        c.rect(px, py, photo_w, photo_h, stroke=1, fill=0)
        c.setFillColor(GREY)
        c.setFont(FONT, 7)
        c.drawCentredString(px + photo_w / 2, py + photo_h / 2 - 2, "照片")

    qr = 22 * mm
    qx, qy = x + CARD_W - qr - 2 * mm, y + 6 * mm
    draw_qr(c, card.card_code, qx, qy, qr)
    c.setFillColor(GREY)
    c.setFont(FONT, 5.5)
    c.drawCentredString(qx + qr / 2, y + 3 * mm, card.card_code)

    tx = px + photo_w + 3 * mm
    text_w = qx - tx - 1 * mm
    c.setFillColor(colors.black)
    size = _fit(card.name, 14, text_w)
    c.setFont(FONT, size)
    c.drawString(tx, y + CARD_H - band - 9 * mm, card.name)
    c.setFont(FONT, 7.5)
    lines = [*_wrap(card.team or "—", 7.5, text_w, 2), card.trade or "—", card.id_masked]
    for n, line in enumerate(lines):
        c.drawString(tx, y + CARD_H - band - (14.5 + 4 * n) * mm, _ellipsis(line, 7.5, text_w))
    c.setFont(FONT, 6)
    c.setFillColor(GREY)
    c.drawString(x + 3 * mm, y + 3 * mm, "扫码领取物资 · 遗失请到服务台补办")


def _cut_marks(c: pdfcanvas.Canvas, x: float, y: float) -> None:
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.25)
    for cx in (x, x + CARD_W):
        for cy in (y, y + CARD_H):
            dx = -1 if cx == x else 1
            dy = -1 if cy == y else 1
            c.line(cx + dx * 1 * mm, cy, cx + dx * (1 * mm + MARK), cy)
            c.line(cx, cy + dy * 1 * mm, cx, cy + dy * (1 * mm + MARK))


def render(cards: Iterable[Card], site_code: str, site_name: str, out: Path) -> int:
    """Write the sheets; returns the number of pages."""
    register_font()
    width, height = A4
    c = pdfcanvas.Canvas(str(out), pagesize=A4)
    set_metadata(c, f"{site_name} 工卡")
    left = (width - COLS * CARD_W - (COLS - 1) * GAP_X) / 2
    top = height - (height - ROWS * CARD_H - (ROWS - 1) * GAP_Y) / 2
    mark = version_mark(site_code)
    per_page = COLS * ROWS
    pages = 0
    n = -1
    for n, card in enumerate(cards):
        slot = n % per_page
        if slot == 0 and n:
            c.showPage()
        if slot == 0:
            pages += 1
            c.setFont(FONT, 6.5)
            c.setFillColor(GREY)
            c.drawString(15 * mm, 8 * mm, f"{mark} · 沿角线裁切")
            c.drawRightString(width - 15 * mm, 8 * mm, f"第 {pages} 页")
        col, row = slot % COLS, slot // COLS
        x = left + col * (CARD_W + GAP_X)
        y = top - (row + 1) * CARD_H - row * GAP_Y
        _card(c, x, y, card, site_name)
        _cut_marks(c, x, y)
    if n < 0:
        pages = 1
        c.setFont(FONT, 12)
        c.drawCentredString(width / 2, height / 2, "没有要打印工卡的人员。")
    c.showPage()
    c.save()
    return pages
