"""Draw SiteDesk's icon: the character 工 (work area) in white on the app's navy, with a red
bar beneath it — the colours of the main window. Written as a PNG for the window and as a
multi-size .ico for the Windows program, its shortcuts and the setup program.

The files are committed under ``resources/icons``; run this again only to change the icon:
``python -m installer.make_icon`` (needs Pillow, which the dev extra installs).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
OUT = ROOT / "resources" / "icons"
NAVY, RED, WHITE = (29, 53, 87, 255), (193, 18, 31, 255), (255, 255, 255, 255)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
SIDE = 1024  # drawn large, then scaled down for each size


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIDE, SIDE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((32, 32, SIDE - 32, SIDE - 32), radius=180, fill=NAVY)
    pen.rounded_rectangle((232, 800, SIDE - 232, 872), radius=24, fill=RED)
    font = ImageFont.truetype(str(FONT), 640, index=0)
    left, top, right, bottom = pen.textbbox((0, 0), "工", font=font, stroke_width=36)
    x = (SIDE - (right - left)) / 2 - left
    y = (SIDE - 140 - (bottom - top)) / 2 - top
    # drawn with an outline of its own colour: strokes thick enough to read at 16 px
    pen.text((x, y), "工", font=font, fill=WHITE, stroke_width=36, stroke_fill=WHITE)
    return image


def write(out: Path = OUT) -> tuple[Path, Path]:
    """Write ``sitedesk.png`` (256 px) and ``sitedesk.ico`` (16–256 px) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    image = draw()
    png, ico = out / "sitedesk.png", out / "sitedesk.ico"
    image.resize((256, 256), Image.Resampling.LANCZOS).save(png, optimize=True)
    image.save(ico, sizes=[(s, s) for s in ICO_SIZES])
    return png, ico


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write the icons into")
    for path in write(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
