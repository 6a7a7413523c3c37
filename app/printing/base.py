"""What every printed paper shares: the bundled CJK font, paragraph styles that wrap Chinese
properly, QR codes drawn as vector squares, page numbers "第 x 页 / 共 y 页", and the audit
entry every print leaves.

The font is WenQuanYi Micro Hei (TrueType outlines, which reportlab can embed; it covers
Latin too), embedded as a subset. reportlab's list of characters that may not start a line
lacks the full-width ，；：！？ and closing brackets; they are added once, here, so a comma
never begins a line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import qrcode
import reportlab.lib.textsplit as textsplit
import reportlab.platypus.paragraph as rl_paragraph
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable, Paragraph

from app import __version__
from app.config import DEFAULT_TZ, resources_dir

FONT = "SiteDeskCJK"
FONT_FILE = "wqy-microhei.ttc"
INK = colors.HexColor("#1d3557")
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#9aa5b1")

# full-width punctuation that must not begin a line (reportlab's CJK wrap knows only this
# rule; an opening bracket may still end a line)
NO_LINE_START = "，；：！？、。）》」』】〕’”"

_registered = False


def register_font() -> str:
    """Register the bundled font with reportlab once; returns its name."""
    global _registered
    if not _registered:
        path = resources_dir() / "fonts" / FONT_FILE
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
        missing = "".join(c for c in NO_LINE_START if c not in textsplit.ALL_CANNOT_START)
        textsplit.ALL_CANNOT_START += missing
        # the paragraph module took its own copy of the string when it was imported
        rl_paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
        # a canvas starts in Helvetica, which would sit unembedded in every page's resources
        rl_config.canvas_basefontname = FONT
        rl_config.defaultGraphicsFontName = FONT  # and charts would start in it too
        _registered = True
    return FONT


def style(
    size: float = 10.5,
    *,
    leading: float | None = None,
    align: int = TA_LEFT,
    color: Any = colors.black,
    space_after: float = 0,
    name: str = "body",
) -> ParagraphStyle:
    register_font()
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=leading or size * 1.45,
        alignment=align,
        textColor=color,
        wordWrap="CJK",
        spaceAfter=space_after,
    )


def para(text: str, st: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text (escaped: a name with < or & prints as typed)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped.replace("\n", "<br/>"), st or style())


def title_style(size: float = 18) -> ParagraphStyle:
    return style(size, align=TA_CENTER, color=INK, space_after=6, name="title")


# --------------------------------------------------------------------------- QR codes


def qr_matrix(data: str, *, border: int = 4) -> list[list[bool]]:
    """The QR's modules with a quiet zone of ``border`` modules; error correction Q."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=border)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def draw_qr(c: pdfcanvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the QR with its quiet zone as a ``size`` square whose lower left is (x, y).

    Dark modules are merged into horizontal runs: fewer, larger rectangles, no hairline
    gaps between neighbours when printed."""
    matrix = qr_matrix(data)
    n = len(matrix)
    cell = size / n
    c.saveState()
    c.setFillColor(colors.white)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(colors.black)
    for r, row in enumerate(matrix):
        col = 0
        while col < n:
            if not row[col]:
                col += 1
                continue
            start = col
            while col < n and row[col]:
                col += 1
            c.rect(x + start * cell, y + (n - r - 1) * cell, (col - start) * cell, cell, 0, 1)
    c.restoreState()


class QrFlowable(Flowable):  # type: ignore[misc]
    """A QR code in a story of flowables."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data, self.size = data, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.data, 0, 0, self.size)


# --------------------------------------------------------------------------- pages


def numbered_canvas(footer: str) -> type[pdfcanvas.Canvas]:
    """A canvas class that writes "第 x 页 / 共 y 页" and ``footer`` on every page at the end,
    when the number of pages is known."""

    class Numbered(pdfcanvas.Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for n, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, _height = self._pagesize
                self.setFont(FONT, 8)
                self.setFillColor(GREY)
                self.drawRightString(width - 15 * mm, 10 * mm, f"第 {n} 页 / 共 {total} 页")
                self.drawString(15 * mm, 10 * mm, footer)
                super().showPage()
            super().save()

    return Numbered


def version_mark(site_code: str) -> str:
    """Printed small on every paper: which program, when, for which work area."""
    now = datetime.now(UTC).astimezone(DEFAULT_TZ)
    return f"SiteDesk {__version__} · {site_code} · {now:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class Printed:
    path: Path
    pages: int
    kind: str


def set_metadata(c: pdfcanvas.Canvas, title: str) -> None:
    c.setTitle(title)
    c.setAuthor("SiteDesk")
    c.setCreator(f"SiteDesk {__version__}")


def on_page(title: str) -> Callable[[pdfcanvas.Canvas, Any], None]:
    def first(c: pdfcanvas.Canvas, _doc: Any) -> None:
        set_metadata(c, title)

    return first
