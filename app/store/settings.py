"""This PC's settings: how long records are kept, whether photos may leave the site, and the
working-day calendar (holidays and 调休 working days) that request time limits count in.

Settings live in the local ``setting`` table (not synced: each node is set on its own).
Reading is open to everyone; changing one needs the CHANGE_SETTINGS permission and leaves an
audit entry with the old and the new value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from app.domain.problems import DomainError, Problem, register_messages
from app.domain.roles import Permission, require
from app.domain.workdays import CN_2026, Calendar, format_dates, parse_dates
from app.store.audit import record
from app.store.database import Database, WriteUnit
from app.store.models import Setting

if TYPE_CHECKING:
    from app.store.users import Actor

register_messages(
    {
        "setting.unknown": ("没有名为“{key}”的设置。", "No setting named {key}."),
        "setting.years": (
            "“{label}”须为 1 至 100 之间的整数（年）。",
            "{label} must be a whole number of years from 1 to 100.",
        ),
        "setting.date": (
            "“{label}”须为日期，格式如 2026-08-26；留空表示未定。",
            "{label} must be a date like 2026-08-26, or empty for not yet.",
        ),
        "setting.dates": (
            "“{label}”须为日期列表，以逗号分隔，连续几天可写成 2026-10-01~2026-10-07"
            "（一段最长 31 天）。",
            "{label} must be a list of dates separated by commas; a run of days may be written"
            " 2026-10-01~2026-10-07 (at most 31 days).",
        ),
        "setting.url": (
            "“{label}”须为以 https:// 开头的网址，如 https://hq.example.cn；留空表示未设。",
            "{label} must be an address starting with https://, or empty.",
        ),
        "setting.flag": (
            "“{label}”只能是“是”或“否”。",
            "{label} must be yes or no.",
        ),
    }
)


class Kind(StrEnum):
    YEARS = "years"
    DATE = "date"
    FLAG = "flag"
    DATES = "dates"
    URL = "url"


@dataclass(frozen=True)
class Definition:
    key: str
    kind: Kind
    default: Any
    label_zh: str
    label_en: str


DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "retention.worker_ledger",
        Kind.YEARS,
        3,
        "用工台账保存年限（自工程结算日起）",
        "Keep the worker ledger for (years after the works are settled)",
    ),
    Definition(
        "retention.requests",
        Kind.YEARS,
        3,
        "诉求记录保存年限（自办结日起）",
        "Keep requests for (years after they ended)",
    ),
    Definition(
        "retention.handouts",
        Kind.YEARS,
        3,
        "物资发放记录保存年限（自发放日起）",
        "Keep handout records for (years after the handout day)",
    ),
    Definition(
        "works.settled_on",
        Kind.DATE,
        None,
        "工程结算日期",
        "Date the works were settled",
    ),
    Definition(
        "photos.leave_site",
        Kind.FLAG,
        False,
        "人脸及证件照片随同步离开本站点",
        "Face and ID-card photos leave this site when syncing",
    ),
    Definition(
        "form.base_url",
        Kind.URL,
        "",
        "诉求表单网址（项目部服务器，印在二维码中）",
        "Address of the request form (the HQ server, printed in the QR codes)",
    ),
    Definition(
        "calendar.holidays",
        Kind.DATES,
        CN_2026.holidays,
        "法定节假日（不计入办理时限）",
        "Public holidays (not counted in time limits)",
    ),
    Definition(
        "calendar.workdays",
        Kind.DATES,
        CN_2026.workdays_extra,
        "调休上班日（周末但计入办理时限）",
        "Weekend days worked in lieu (counted in time limits)",
    ),
)
BY_KEY = {d.key: d for d in DEFINITIONS}

_TRUE = {"1", "true", "yes", "y", "on", "是", "允许"}
_FALSE = {"0", "false", "no", "n", "off", "否", "不允许"}


def _definition(key: str) -> Definition:
    try:
        return BY_KEY[key]
    except KeyError:
        raise DomainError([Problem("setting.unknown", params={"key": key})]) from None


def parse(key: str, text: str) -> Any:
    """A typed value from what a person typed; a clear refusal otherwise."""
    d = _definition(key)
    text = text.strip()
    if d.kind is Kind.YEARS:
        if text.isdigit() and 1 <= int(text) <= 100:
            return int(text)
        code = "setting.years"
    elif d.kind is Kind.URL:
        url = text.rstrip("/")
        if not url:
            return ""
        # https only: the form carries workers' names and phones over the phone network
        if url.startswith("https://") and " " not in url and "." in url:
            return url
        code = "setting.url"
    elif d.kind is Kind.DATES:
        days = parse_dates(text)
        if days is not None:
            return days
        code = "setting.dates"
    elif d.kind is Kind.DATE:
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            code = "setting.date"
    else:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        code = "setting.flag"
    raise DomainError([Problem(code, field=key, params={"label": d.label_zh})])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return format_dates(value)
    return str(value)


def read_raw(conn: Connection, key: str) -> str | None:
    """A local setting's stored text (also used for bookkeeping keys, e.g. login attempts)."""
    value: str | None = conn.execute(select(Setting.value).where(Setting.key == key)).scalar()
    return value


def write_raw(conn: Connection, key: str, value: str) -> None:
    if conn.execute(select(Setting.key).where(Setting.key == key)).first():
        conn.execute(update(Setting).where(Setting.key == key).values(value=value))
    else:
        conn.execute(insert(Setting).values(key=key, value=value))


def get_in(conn: Connection, key: str) -> Any:
    d = _definition(key)
    raw = read_raw(conn, key)
    return d.default if raw is None else parse(key, raw)


def get(db: Database, key: str) -> Any:
    with db.engine.connect() as conn:
        return get_in(conn, key)


def all_values(db: Database) -> list[tuple[Definition, Any]]:
    with db.engine.connect() as conn:
        return [(d, get_in(conn, d.key)) for d in DEFINITIONS]


def calendar(db: Database) -> Calendar:
    """The working-day calendar request time limits are counted in."""
    with db.engine.connect() as conn:
        return calendar_in(conn)


def calendar_in(conn: Connection) -> Calendar:
    return Calendar(get_in(conn, "calendar.holidays"), get_in(conn, "calendar.workdays"))


def change(unit: WriteUnit, actor: Actor, key: str, text: str) -> Any:
    """Set one setting from text; returns the typed value. Audited with old → new."""
    require(actor.role, Permission.CHANGE_SETTINGS)
    value = parse(key, text)
    old = get_in(unit.conn, key)
    write_raw(unit.conn, key, _text(value))
    record(unit, actor.username, "update", "setting", "", f"{key}: {_text(old)} → {_text(value)}")
    return value


def display(value: Any) -> str:
    """A value as a person reads it (Chinese first)."""
    if value is None or value == "":
        return "未设置"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, frozenset) and not value:
        return "无"
    return _text(value)
