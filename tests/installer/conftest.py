"""The frozen build, made once per test session with PyInstaller into a temporary folder, and
the tools the installer tests need. A missing tool skips a test on a developer's machine and
fails it in CI (``CI=true``), where every one is installed by the project's own files."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from installer import build


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(found: object, what: str) -> None:
    if found:
        return
    if in_ci():
        pytest.fail(f"{what} is missing in CI: the installer tests must not be skipped there")
    pytest.skip(f"{what} is missing (make .venv/.installed-stamp, scripts/install-system-deps)")


def require_tool(name: str) -> str:
    path = shutil.which(name)
    require(path, name)
    assert path is not None
    return path


@pytest.fixture(scope="session")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder build (sitedesk, sitedeskw, _internal), as installer/build.py makes it."""
    require(importlib.util.find_spec("PyInstaller"), "PyInstaller")
    out = tmp_path_factory.mktemp("frozen")
    return build.freeze(out / "dist", out / "work")


def frozen_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A clean environment for the frozen program: no display, its own home, no SiteDesk
    variables of the test run, and no system time zones (Windows has none: tzdata must do)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITEDESK_", "XDG_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONTZPATH="",
        **(extra or {}),
    )
    return env
