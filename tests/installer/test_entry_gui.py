"""sitedeskw, the windowed program: with no console (as on Windows), what the command would
have printed is shown in a message box instead of being lost."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app import __version__
from installer import entry_gui

Boxes = list[tuple[str, bool]]


@pytest.fixture
def windowed(monkeypatch: pytest.MonkeyPatch) -> tuple[Callable[..., int], Boxes]:
    """Start the program as Windows starts a windowed one: no stdout, no stderr."""
    boxes: Boxes = []
    monkeypatch.setattr(entry_gui, "_show", lambda text, *, error: boxes.append((text, error)))

    def start(*argv: str) -> int:
        # set here, in the test's own phase: pytest puts its capture back between phases
        monkeypatch.setattr(sys, "stdout", None)
        monkeypatch.setattr(sys, "stderr", None)
        return entry_gui.start(list(argv))

    return start, boxes


def test_a_data_folder_it_cannot_use_is_said_in_a_message_box(
    windowed: tuple[Callable[..., int], Boxes], tmp_path: Path
) -> None:
    start, shown = windowed
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert start("--data-dir", str(not_a_folder)) == 1
    ((text, error),) = shown
    assert error and text.startswith("错误：无法使用数据目录") and str(not_a_folder) in text


def test_the_version_is_shown_and_a_bad_option_refused(
    windowed: tuple[Callable[..., int], Boxes],
) -> None:
    start, shown = windowed
    assert start("--version") == 0
    assert start("--no-such-option") == 2
    assert shown[0] == (f"sitedesk {__version__}", False)
    assert shown[1][1] and "--no-such-option" in shown[1][0]


def test_a_session_that_ends_well_shows_no_box(
    windowed: tuple[Callable[..., int], Boxes], monkeypatch: pytest.MonkeyPatch
) -> None:
    def session(argv: list[str]) -> int:
        assert argv == ["--lang", "en", "run"]
        print("a warning some library printed while the window was open", file=sys.stderr)
        return 0

    monkeypatch.setattr(entry_gui, "main", session)
    start, shown = windowed
    assert start("--lang", "en") == 0
    assert shown == []
