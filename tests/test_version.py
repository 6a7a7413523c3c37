"""The version is written once, in app/__init__.py, and every reader agrees with it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from app import __version__

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_metadata_takes_the_version_from_the_app() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}
    assert version("sitedesk") == __version__


def test_the_command_prints_it() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == f"sitedesk {__version__}"
