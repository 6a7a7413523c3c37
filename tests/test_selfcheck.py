"""自检: every part the app needs is found, a missing one is named, and the data is not touched."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app import selfcheck
from app.cli import EXIT_OK, EXIT_REFUSED, main
from app.config import Paths
from app.store import schema
from app.store.database import Database, make_engine
from app.store.demo import make_demo
from app.ui.style import install_translations


@pytest.fixture
def qt(qapp: QApplication) -> Iterator[QApplication]:
    """The check builds the application as the app does (Chinese unless told otherwise)."""
    yield qapp
    install_translations(qapp, "zh")


def _by_name(findings: list[selfcheck.Finding]) -> dict[str, selfcheck.Finding]:
    return {f.name: f for f in findings}


def test_a_set_up_pc_passes_every_check_and_draws_its_window(
    qt: QApplication, db: Database, paths: Paths
) -> None:
    make_demo(db, workers=10, today=date(2026, 8, 27))
    found = _by_name(selfcheck.run_checks(paths))
    assert [n for n, f in found.items() if not f.ok] == []
    assert list(found) == [
        "程序",
        "数据目录",
        "时区",
        "数据库结构",
        "打印",
        "打印预览",
        "同步证书",
        "界面",
        "摄像头",
    ]
    assert f"最新 {schema.head_revision()}" in found["数据库结构"].detail
    assert "已是最新" in found["数据库结构"].detail
    assert "主窗口 " in found["界面"].detail and "二工区" in found["界面"].detail
    assert "WenQuanYi" in found["界面"].detail
    assert found["数据目录"].detail.startswith(str(paths.data_dir))
    assert found["时区"].detail == "Asia/Shanghai（UTC+0800）"


def test_a_database_of_the_previous_revision_is_reported_not_upgraded(
    qt: QApplication, paths: Paths
) -> None:
    previous = schema.known_revisions()[-2]
    engine = make_engine(paths.database_url)
    schema.upgrade(engine, target=previous)
    engine.dispose()
    found = _by_name(selfcheck.run_checks(paths))
    assert found["数据库结构"].ok
    assert f"数据库 {previous}，下次启动时先备份再升级到 {schema.head_revision()}" in (
        found["数据库结构"].detail
    )
    assert "数据库待升级，未打开" in found["界面"].detail
    engine = make_engine(paths.database_url)
    assert schema.current_revision(engine) == previous
    engine.dispose()
    assert list(paths.backups.iterdir()) == []


def test_a_database_newer_than_the_app_fails(paths: Paths) -> None:
    engine = make_engine(paths.database_url)
    schema.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    found = _by_name(selfcheck.run_checks(paths, window=False))
    assert not found["数据库结构"].ok and "9999" in found["数据库结构"].detail


def test_data_inside_the_program_folder_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    program = tmp_path / "SiteDesk"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "sitedesk.exe"))
    inside = Paths(program / "data").ensure()
    found = _by_name(selfcheck.run_checks(inside, window=False))
    assert not found["数据目录"].ok and "在程序目录" in found["数据目录"].detail
    assert found["程序"].detail.endswith(f"安装版，位于 {program}")
    beside = Paths(tmp_path / "data").ensure()
    assert _by_name(selfcheck.run_checks(beside, window=False))["数据目录"].ok


def test_a_missing_font_is_named_and_the_command_refuses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import app.printing.base as printing_base

    monkeypatch.setattr(printing_base, "_registered", False)
    monkeypatch.setattr(printing_base, "resources_dir", lambda: tmp_path / "nothing")
    code = main(["--data-dir", str(tmp_path / "data"), "check", "--no-window"])
    out = capsys.readouterr().out
    assert code == EXIT_REFUSED
    assert "失败  打印：" in out and "wqy-microhei.ttc" in out
    assert "正常  同步证书：" in out  # the others still ran
    assert "自检未通过：打印、打印预览。" in out


def test_the_command_without_window_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(tmp_path / "data"), "check", "--no-window"])
    out = capsys.readouterr().out
    assert code == EXIT_OK and out.rstrip().endswith("自检通过。")
    assert "界面" not in out and "还没有数据库" in out
    assert not (tmp_path / "data" / "sitedesk.sqlite3").exists()  # nothing created
