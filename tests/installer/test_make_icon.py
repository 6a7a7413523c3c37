"""The icon: one drawing, written as the window's PNG and as the Windows programs' .ico."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from app.config import resources_dir
from installer import make_icon


def _ico_sizes(path: Path) -> set[tuple[int, int]]:
    with Image.open(path) as ico:
        assert ico.format == "ICO"
        return set(ico.info["sizes"])


def test_the_drawing_is_written_in_every_size_windows_asks_for(tmp_path: Path) -> None:
    png, ico = make_icon.write(tmp_path)
    with Image.open(png) as image:
        assert image.size == (256, 256) and image.mode == "RGBA"
        corner, centre = image.getpixel((0, 0)), image.getpixel((128, 40))
    assert corner[3] == 0  # rounded corners stay transparent
    assert centre[:3] == (255, 255, 255)  # the top stroke of 工
    assert _ico_sizes(ico) == {(s, s) for s in make_icon.ICO_SIZES}


def test_the_committed_icons_are_the_ones_the_app_and_the_build_use() -> None:
    icons = resources_dir() / "icons"
    with Image.open(icons / "sitedesk.png") as image:
        assert image.size == (256, 256)
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= _ico_sizes(icons / "sitedesk.ico")
