"""自检 (``sitedesk check``): is this installation whole, and where does it keep its data?

Each finding runs what the app itself runs — the bundled font, the migrations read as files,
a poster made and rendered like the print preview, the certificates of HTTPS sync, the
windows built from the translations — so a frozen build that left out a data file or a
library says so here, by name, instead of failing in front of a clerk. It never changes the
data: the database is read, not upgraded, and the poster goes to a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app import __version__
from app.config import DEFAULT_TZ, Paths


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str


def program_folder() -> Path | None:
    """The folder of the frozen program (sitedesk.exe and its _internal), or None in a checkout."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def _check(name: str, probe: Callable[[], str]) -> Finding:
    try:
        return Finding(name, True, probe())
    except Exception as exc:  # whatever is missing, the finding names it and the rest go on
        return Finding(name, False, f"{type(exc).__name__}: {exc}")


def run_checks(paths: Paths, *, window: bool = True, lang: str = "zh") -> list[Finding]:
    """Every finding, in the order a person would look; ``window`` adds the Qt ones."""
    findings = [
        _check("程序", _program),
        _check("数据目录", lambda: _data_dir(paths)),
        _check("时区", _time_zone),
        _check("数据库结构", lambda: _schema(paths)),
    ]
    with tempfile.TemporaryDirectory(prefix="sitedesk-check-") as tmp:
        pdf = Path(tmp) / "poster.pdf"
        findings.append(_check("打印", lambda: _print(pdf)))
        findings.append(_check("打印预览", lambda: _preview(pdf)))
    findings.append(_check("同步证书", _certificates))
    if window:
        findings.append(_check("界面", lambda: _window(paths, lang)))
        findings.append(_check("摄像头", _camera))
    return findings


def _program() -> str:
    folder = program_folder()
    where = f"安装版，位于 {folder}" if folder else f"源码运行，位于 {Path(__file__).parent}"
    return f"SiteDesk {__version__}，{where}"


def _data_dir(paths: Paths) -> str:
    folder = program_folder()
    data = paths.data_dir.resolve()
    if folder and (data == folder or folder in data.parents):
        # an upgrade or an uninstall replaces the program folder: data there would be lost
        raise RuntimeError(f"{data} 在程序目录 {folder} 之内")
    probe = data / ".sitedesk-check"
    probe.write_bytes(b"ok")
    probe.unlink()
    return f"{data}（可写）"


def _time_zone() -> str:
    # read again, not from zoneinfo's cache: Windows has no zone files, the tzdata package must
    zone = ZoneInfo.no_cache(DEFAULT_TZ.key)
    return f"{zone.key}（UTC{datetime(2026, 1, 1, tzinfo=zone):%z}）"


def _schema(paths: Paths) -> str:
    from app.store import schema
    from app.store.database import make_engine

    known = schema.known_revisions()
    head = known[-1]
    text = f"程序含 {len(known)} 个版本，最新 {head}"
    if not paths.database.exists():
        return text + "；数据目录中还没有数据库"
    engine = make_engine(paths.database_url)
    try:
        current = schema.current_revision(engine)
    finally:
        engine.dispose()
    if current == head:
        return text + f"；数据库 {current}，已是最新"
    if current in known:
        return text + f"；数据库 {current}，下次启动时先备份再升级到 {head}"
    raise RuntimeError(f"数据库版本 {current} 不是本程序所知的版本（比本程序新？）")


def _print(out: Path) -> str:
    from reportlab.pdfbase import pdfmetrics

    from app.printing.base import register_font
    from app.printing.posters import DeskInfo, poster

    font = pdfmetrics.getFont(register_font())
    missing = [c for c in "工区服务台扫码反映诉求" if ord(c) not in font.face.charToGlyph]
    if missing:
        raise RuntimeError(f"字体缺少 {''.join(missing)}")
    info = DeskInfo(
        site_code="GQ0",
        site_name="自检工区",
        form_url="https://hq.example.cn/f/GQ0",
        service_phone="023-0000000",
        counter_location="项目部一楼",
        counter_hours="8:00–18:00",
    )
    pages = poster(info, out)
    return f"扫码海报 {pages} 页，{out.stat().st_size // 1024} KB"


def _preview(pdf: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        bitmap = document[0].render(scale=0.5)
        width, height = bitmap.width, bitmap.height
    finally:
        document.close()
    if not (width and height):
        raise RuntimeError("页面渲染为空")
    return f"第 1 页渲染为 {width}×{height} 像素"


def _certificates() -> str:
    import ssl

    import certifi

    context = ssl.create_default_context(cafile=certifi.where())
    count = context.cert_store_stats()["x509_ca"]
    if not count:
        raise RuntimeError("没有可用的根证书")
    return f"{count} 个根证书"


def _window(paths: Paths, lang: str) -> str:
    # a console with no display (an HQ server, a remote shell): Qt would abort, not fail
    if sys.platform.startswith("linux") and not (
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from app.ui.app import make_application

    app = make_application(lang=lang)
    parts = [f"{app.platformName()}，字体 {app.font().family()}，语言 {lang}"]
    if app.windowIcon().pixmap(32, 32).isNull():
        raise RuntimeError("图标未找到")
    window = _main_window(paths)
    if window:
        parts.append(window)
    return "；".join(parts)


def _main_window(paths: Paths) -> str:
    """Build the main window on this PC's database and draw it, never shown, never synced —
    if the database is at this app's revision and set up; otherwise there is nothing to draw."""
    from app.store import schema
    from app.store.database import Database
    from app.ui.main_window import MainWindow

    if not paths.database.exists():
        return "主窗口：还没有数据库，未打开"
    db = Database.open(paths.database_url, upgrade=False)
    try:
        if schema.current_revision(db.engine) != schema.head_revision():
            return "主窗口：数据库待升级，未打开"
        if not db.has_local_node():
            return "主窗口：本机尚未初始化，未打开"
        window = MainWindow(db, auto_sync=False)
        try:
            image = window.grab()
            if image.isNull():
                raise RuntimeError("主窗口无法绘制")
            return f"主窗口 {image.width()}×{image.height()}，{window.windowTitle()}"
        finally:
            window.close()
            window.deleteLater()
    finally:
        db.close()


def _camera() -> str:
    from PySide6.QtMultimedia import QMediaDevices

    cameras = QMediaDevices.videoInputs()
    if not cameras:
        return "拍照组件可用；本机没有找到摄像头（仍可选择照片文件）"
    return "拍照组件可用；" + "、".join(c.description() for c in cameras)
