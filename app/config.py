"""Where SiteDesk keeps its data, and the few settings that exist before a database does.

The data folder is the platform's user data folder (local, not roaming) unless the command
line's ``--data-dir`` or the environment variable ``SITEDESK_DATA_DIR`` names another, so
tests and scripts never touch a clerk's real data.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import platformdirs
from sqlalchemy.engine import URL

APP_NAME = "SiteDesk"
APP_AUTHOR = "SiteDesk"
ENV_DATA_DIR = "SITEDESK_DATA_DIR"
DB_FILENAME = "sitedesk.sqlite3"
DEFAULT_TZ = ZoneInfo("Asia/Shanghai")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Command line first, then the environment, then the platform's user data folder."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


@dataclass(frozen=True)
class Paths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def attachments(self) -> Path:
        return self.data_dir / "attachments"

    def ensure(self) -> Paths:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.backups.mkdir(exist_ok=True)
        self.attachments.mkdir(exist_ok=True)
        return self

    @property
    def database_url(self) -> URL:
        # built, not formatted: a folder name with "?" or "%" must not change which file opens
        return URL.create("sqlite", database=str(self.database))


def resources_dir() -> Path:
    """Fonts, translations and icons: beside the package in a checkout, or in a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def local_today() -> date:
    """Today at the site (Beijing time by default), whatever zone this PC's clock is set to."""
    return datetime.now(DEFAULT_TZ).date()
