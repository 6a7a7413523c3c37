"""The frozen program (PyInstaller one-folder, built once per session by installer/build.py)
does what the installed app must do on a PC with no Python: start, create a database, fill
it, report on it, print, search by pinyin, migrate an older database after a backup, and keep
its data in the user's data folder — with no system time zones, as on Windows."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import __version__
from app.config import Paths
from app.store import schema
from app.store.database import Database
from app.store.demo import make_demo
from app.store.sites import FirstUser
from tests.installer.conftest import frozen_env

pytestmark = pytest.mark.slow

PASSWORD = "sitedesk-demo"
HEAD = schema.head_revision()


def sitedesk(
    frozen: Path, home: Path, *args: str, program: str = "sitedesk", ok: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(frozen / program), *args],
        capture_output=True,
        text=True,
        env=frozen_env(home, {"SITEDESK_USER": "admin", "SITEDESK_PASSWORD": PASSWORD}),
        timeout=300,
        check=False,
    )
    if ok:
        assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}{done.stderr}"
    return done


def test_both_programs_say_the_version(frozen: Path, tmp_path: Path) -> None:
    for program in ("sitedesk", "sitedeskw"):
        done = sitedesk(frozen, tmp_path, "--version", program=program)
        assert done.stdout.strip() == f"sitedesk {__version__}"


def test_a_new_site_is_set_up_filled_and_reported(frozen: Path, tmp_path: Path) -> None:
    data = str(tmp_path / "site")
    done = sitedesk(frozen, tmp_path, "--data-dir", data, "demo", "--workers", "40")
    assert "17 个劳务队/班组，40 名工人" in done.stdout
    info = sitedesk(frozen, tmp_path, "--data-dir", data, "info").stdout
    assert f"数据库版本：{HEAD}（程序最新 {HEAD}）" in info
    assert "工区：GQ2" in info and "在场工人" in info and "待受理" in info
    counts = json.loads(sitedesk(frozen, tmp_path, "--data-dir", data, "info", "--json").stdout)
    assert {c["entity"]: c["live"] for c in counts["counts"]}["worker"] == 40

    check = sitedesk(frozen, tmp_path, "--data-dir", data, "check").stdout
    assert check.rstrip().endswith("自检通过。"), check
    assert f"安装版，位于 {frozen}" in check
    assert "时区：Asia/Shanghai（UTC+0800）" in check  # from tzdata: no system zones here
    assert f"数据库 {HEAD}，已是最新" in check
    assert "界面：offscreen，字体 WenQuanYi Micro Hei" in check
    assert "主窗口 " in check and "康渝高铁二工区" in check  # the window, drawn offscreen
    assert "摄像头：拍照组件可用" in check  # QtMultimedia is in the build


def test_papers_are_printed_with_the_bundled_font(frozen: Path, tmp_path: Path) -> None:
    data = str(tmp_path / "site")
    sitedesk(frozen, tmp_path, "--data-dir", data, "demo", "--workers", "24")
    base = ["--data-dir", data, "--user", "admin"]
    sitedesk(frozen, tmp_path, *base, "setting", "set", "form.base_url", "https://hq.example.cn")
    papers = {
        "poster": ["print", "poster"],
        "cards": ["print", "cards"],
        "report": ["print", "report", "--month", "2026-08"],
        "signoff": ["print", "signoff", "夏季防暑降温物资发放"],
    }
    for name, command in papers.items():
        out = tmp_path / f"{name}.pdf"
        done = sitedesk(frozen, tmp_path, *base, *command, "--out", str(out))
        assert str(out) in done.stdout
        reader = PdfReader(out)
        fonts = {
            str(f["/BaseFont"])
            for page in reader.pages
            for f in page["/Resources"].get_object()["/Font"].get_object().values()
        }
        # only the bundled font, embedded as a subset ("ABCDEF+" before its name)
        assert fonts and all(f.endswith("+WenQuanYiMicroHei-0") for f in fonts), (name, fonts)
        assert "康渝高铁二工区" in reader.pages[0].extract_text(), name
    poster = PdfReader(tmp_path / "poster.pdf").pages[0].extract_text()
    assert "https://hq.example.cn/f/GQ2" in poster and f"SiteDesk {__version__}" in poster


def test_numbers_are_checked_names_found_by_pinyin_and_rosters_exported(
    frozen: Path, tmp_path: Path
) -> None:
    data = str(tmp_path / "site")
    sitedesk(frozen, tmp_path, "--data-dir", data, "demo", "--workers", "12")
    base = ["--data-dir", data, "--user", "admin"]
    bad = sitedesk(
        frozen, tmp_path, *base, "worker", "add", "--name", "李娜", "--id-number",
        "510107199001011230", ok=False,
    )  # fmt: skip
    assert bad.returncode == 1 and "校验" in bad.stderr, bad.stderr
    sitedesk(
        frozen, tmp_path, *base, "worker", "add", "--name", "李娜", "--id-number",
        "51010719900101123X",
    )  # fmt: skip
    found = sitedesk(frozen, tmp_path, "--data-dir", data, "worker", "list", "lina").stdout
    assert "李娜" in found and "510107********123X" in found
    roster = tmp_path / "花名册.xlsx"
    done = sitedesk(frozen, tmp_path, *base, "worker", "export", str(roster))
    assert "13 名人员" in done.stdout and roster.read_bytes()[:2] == b"PK"


def test_a_database_of_the_previous_release_is_backed_up_then_migrated(
    frozen: Path, tmp_path: Path
) -> None:
    previous = schema.known_revisions()[-2]
    paths = Paths(tmp_path / "site").ensure()
    db = Database.open(paths.database_url, backup_dir=paths.backups)
    admin = FirstUser("admin", "演示管理员", PASSWORD)
    make_demo(db, workers=30, today=date(2026, 8, 27), admin=admin)
    schema.downgrade(db.engine, previous)
    db.close()

    info = sitedesk(frozen, tmp_path, "--data-dir", str(paths.data_dir), "info").stdout
    assert f"数据库版本：{HEAD}（程序最新 {HEAD}）" in info
    backups = list(paths.backups.iterdir())
    assert [b.name.endswith(f"-before-{HEAD}.sqlite3") for b in backups] == [True]
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (previous,)
        assert old.execute("SELECT count(*) FROM worker").fetchone() == (30,)
    old.close()
    counts = json.loads(
        sitedesk(frozen, tmp_path, "--data-dir", str(paths.data_dir), "info", "--json").stdout
    )
    assert {c["entity"]: c["live"] for c in counts["counts"]}["worker"] == 30
    assert len(list(paths.backups.iterdir())) == 1  # at head now: no second copy


def test_data_goes_to_the_user_data_folder_not_the_program_folder(
    frozen: Path, tmp_path: Path
) -> None:
    missing = sitedesk(frozen, tmp_path, "info", ok=False)
    user_data = tmp_path / "data" / "SiteDesk"  # XDG_DATA_HOME here; %LOCALAPPDATA% on Windows
    assert missing.returncode == 1 and f"数据目录 {user_data} 中没有" in missing.stderr
    check = sitedesk(frozen, tmp_path, "check", "--no-window").stdout
    assert f"数据目录：{user_data}（可写）" in check
    assert not any(frozen.glob("**/*.sqlite3"))

    inside = sitedesk(frozen, tmp_path, "--data-dir", str(frozen / "data"), "check", ok=False)
    assert inside.returncode == 1 and "失败  数据目录：" in inside.stdout
