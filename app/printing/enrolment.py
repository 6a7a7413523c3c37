"""The enrolment sheet: the QR a new site PC scans (or the file it opens) to join the server.

It holds a one-time token: whoever has it can enrol one PC for that site until it is used,
expires or is revoked. The sheet says so.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas

from app.printing.base import FONT, draw_qr, register_font, set_metadata
from app.sync.wire import EnrolmentCode


def enrolment_sheet(code: EnrolmentCode, out: Path) -> int:
    """One A4 page; returns the page count."""
    register_font()
    width, height = A4
    c = pdfcanvas.Canvas(str(out), pagesize=A4)
    set_metadata(c, f"{code.site_name} 电脑注册码")
    c.setFont(FONT, 22)
    c.drawCentredString(
        width / 2, height - 30 * mm, f"{code.site_name}（{code.site_code}）电脑注册码"
    )
    c.setFont(FONT, 12)
    c.drawCentredString(width / 2, height - 40 * mm, f"同步服务器：{code.server}")
    size = 110 * mm
    draw_qr(c, code.to_text(), (width - size) / 2, height - 50 * mm - size, size)
    lines = [
        "在新电脑上安装 SiteDesk 后，运行：sitedesk init --enrol <注册码文件> --admin <用户名>",
        "（注册码文件即随附的 .sdenrol 文件，或用扫码枪扫描上面的二维码所得的内容）。",
        f"有效期至 {code.expires[:10]}；只能注册一台电脑，用后即失效。",
        "注册码相当于钥匙：请妥善保管，不要拍照外传；丢失请通知总部吊销。",
    ]
    c.setFont(FONT, 12)
    y = height - 175 * mm
    for line in lines:
        c.drawCentredString(width / 2, y, line)
        y -= 8 * mm
    c.showPage()
    c.save()
    return 1
