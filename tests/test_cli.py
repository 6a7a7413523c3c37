"""The `sitedesk` command, in-process and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from app.config import DEFAULT_TZ, ENV_DATA_DIR, Paths, resolve_data_dir
from app.store.schema import head_revision

PASSWORD = "correct-horse"
ADMIN = ["--admin", "admin", "--admin-name", "管理员"]


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scripts give passwords through the environment; a terminal would ask."""
    monkeypatch.setenv("SITEDESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("SITEDESK_USER", "admin")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in-process; ``init`` gets a first user unless the test names one."""
    args = list(argv)
    if "init" in args and "--admin" not in args:
        args += ADMIN
    try:
        code = main(args)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_init_demo_info_show_a_full_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(tmp_path / "site")
    code, out, _ = run(
        capsys, "--data-dir", d, "init", "--site-code", "gq2", "--site-name", "二工区"
    )
    assert code == EXIT_OK and "GQ2" in out
    code, out, _ = run(capsys, "--data-dir", d, "demo")
    assert code == EXIT_OK and "17 个劳务队" in out
    code, out, _ = run(capsys, "--data-dir", d, "info")
    assert code == EXIT_OK
    assert "工区：GQ2 二工区" in out and f"数据库版本：{head_revision()}" in out
    assert "worker" in out and "在场工人" in out and "待受理" in out
    code, out, _ = run(capsys, "--data-dir", d, "info", "--json")
    data = json.loads(out)
    counts = {c["entity"]: c["live"] for c in data["counts"]}
    assert counts["team"] == 17 and counts["worker"] == 320
    assert data["journal_seq"] == data["changes_total"] > 1000
    assert data["schema_revision"] == data["schema_head"]


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "init", "--site-code", "GQ2")
    assert code == EXIT_USAGE and "--site-name" in err
    code, _, err = run(capsys, "demo", "--workers", "many")
    assert code == EXIT_USAGE and "不是整数" in err
    code, _, _ = run(capsys, "nonsense")
    assert code == EXIT_USAGE


def test_bad_data_exits_1_with_a_chinese_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(tmp_path / "x")
    code, _, err = run(capsys, "--data-dir", d, "init", "--site-code", "工区!", "--site-name", "二")
    assert code == EXIT_REFUSED and "工区代码" in err
    code, _, err = run(capsys, "--data-dir", d, "info")
    assert code == EXIT_REFUSED and "sitedesk init" in err
    run(capsys, "--data-dir", d, "init", "--site-code", "GQ2", "--site-name", "二工区")
    code, _, err = run(
        capsys, "--data-dir", d, "init", "--site-code", "GQ3", "--site-name", "三工区"
    )
    assert code == EXIT_REFUSED and "不能重复初始化" in err
    code, _, err = run(
        capsys,
        "--lang",
        "en",
        "--data-dir",
        d,
        "init",
        "--site-code",
        "GQ3",
        "--site-name",
        "三工区",
    )
    assert code == EXIT_REFUSED and "already set up" in err


def test_demo_creates_a_node_in_an_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(tmp_path / "fresh")
    code, _, _ = run(capsys, "--data-dir", d, "demo", "--workers", "30")
    assert code == EXIT_OK
    code, _, err = run(capsys, "--data-dir", d, "demo")
    assert code == EXIT_REFUSED and "空的数据目录" in err


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"
    assert resolve_data_dir(str(tmp_path / "cli")) == tmp_path / "cli"
    monkeypatch.delenv(ENV_DATA_DIR)
    default = resolve_data_dir(None)
    assert "SiteDesk" in str(default)


def test_real_process_uses_the_environment_data_dir(tmp_path: Path) -> None:
    env = {**os.environ, ENV_DATA_DIR: str(tmp_path / "envdir")}
    cmd = [sys.executable, "-m", "app.cli"]
    done = subprocess.run(
        [*cmd, "demo", "--workers", "20"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "envdir" / "sitedesk.sqlite3").exists()
    done = subprocess.run(
        [*cmd, "--version"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0 and "sitedesk" in done.stdout


def test_a_mistyped_data_dir_is_not_silently_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "typo"), "info")
    assert code == EXIT_REFUSED and "没有 SiteDesk 数据库" in err
    assert not (tmp_path / "typo" / "sitedesk.sqlite3").exists()


def test_a_data_dir_that_is_a_file_or_a_corrupt_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    code, _, err = run(capsys, "--data-dir", str(a_file), "demo")
    assert code == EXIT_REFUSED and "无法使用数据目录" in err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "sitedesk.sqlite3").write_bytes(b"this is not sqlite" * 100)
    code, _, err = run(capsys, "--data-dir", str(bad), "info")
    assert code == EXIT_REFUSED and "数据库文件已损坏" in err
    assert (bad / "sitedesk.sqlite3").read_bytes() == b"this is not sqlite" * 100  # untouched


def test_odd_characters_in_the_data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "工区 a?b%41#c"
    code, _, _ = run(
        capsys, "--data-dir", str(odd), "init", "--site-code", "GQ2", "--site-name", "二工区"
    )
    assert code == EXIT_OK and (odd / "sitedesk.sqlite3").exists()
    assert not (tmp_path / "工区 a").exists()


def test_english_errors_say_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "en", "--data-dir", str(tmp_path / "none"), "info")
    assert code == EXIT_REFUSED and err.startswith("Error: ")


def test_sync_through_a_folder_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, share = str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "share")
    project = str(tmp_path / "project.json")
    run(capsys, "--data-dir", a, "demo", "--workers", "20")
    code, out, _ = run(capsys, "--data-dir", a, "project", "export", project)
    assert code == EXIT_OK and "妥善保管" in out
    code, _, err = run(capsys, "--data-dir", a, "project", "export", project)
    assert code == EXIT_REFUSED and "未覆盖" in err
    run(
        capsys,
        "--data-dir",
        b,
        "init",
        "--site-code",
        "GQ2",
        "--site-name",
        "康渝高铁二工区",
        "--tag",
        "B",
        "--join",
        project,
    )
    code, out, _ = run(capsys, "--data-dir", a, "sync", "--folder", share)
    assert code == EXIT_OK and "已导出" in out
    code, out, _ = run(capsys, "--data-dir", b, "sync", "--folder", share)
    assert code == EXIT_OK and "已导入" in out
    run(capsys, "--data-dir", a, "sync", "--folder", share)
    code, out, _ = run(capsys, "--data-dir", a, "sync", "status")
    assert code == EXIT_OK and "待送达 0 条" in out
    code, out, _ = run(capsys, "--data-dir", b, "conflicts", "list")
    assert code == EXIT_OK and "没有待处理的冲突" in out
    code, _, err = run(capsys, "--data-dir", b, "sync")
    assert code == EXIT_REFUSED and "--folder" in err
    code, _, err = run(
        capsys,
        "--data-dir",
        b,
        "init",
        "--site-code",
        "GQ3",
        "--site-name",
        "x",
        "--join",
        str(tmp_path / "missing.json"),
    )
    assert code == EXIT_REFUSED and "无法读取文件" in err


@pytest.fixture
def site_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    d = str(tmp_path / "site")
    code, _, err = run(
        capsys, "--data-dir", d, "init", "--site-code", "GQ2", "--site-name", "二工区"
    )
    assert code == EXIT_OK, err
    return d


def test_users_from_the_command_line(
    site_dir: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = ["--data-dir", site_dir]
    monkeypatch.setenv("SITEDESK_NEW_PASSWORD", "clerk-password-1")
    code, out, err = run(capsys, *d, "user", "add", "wang", "--name", "王文员", "--role", "clerk")
    assert code == EXIT_OK and "已新建用户 wang" in out, err
    code, out, _ = run(capsys, *d, "user", "list")
    assert "wang" in out and "王文员" in out and "站点文员" in out
    # a clerk may not make users, and a wrong password gets nowhere
    monkeypatch.setenv("SITEDESK_PASSWORD", "clerk-password-1")
    code, _, err = run(
        capsys, *d, "--user", "wang", "user", "add", "zhao", "--name", "赵", "--role", "clerk"
    )
    assert code == EXIT_REFUSED and "无权" in err
    monkeypatch.setenv("SITEDESK_PASSWORD", "wrong-password")
    code, _, err = run(capsys, *d, "--user", "wang", "user", "list")
    assert code == EXIT_OK  # listing needs no login
    code, _, err = run(capsys, *d, "--user", "wang", "audit")
    assert code == EXIT_REFUSED and "用户名或密码不正确" in err
    monkeypatch.setenv("SITEDESK_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, *d, "user", "disable", "wang")
    assert code == EXIT_OK and "已停用" in out
    monkeypatch.setenv("SITEDESK_PASSWORD", "clerk-password-1")
    code, _, err = run(capsys, *d, "--user", "wang", "setting", "list")
    assert code == EXIT_OK
    code, _, err = run(capsys, *d, "--user", "wang", "audit")
    assert code == EXIT_REFUSED and "已停用" in err
    monkeypatch.setenv("SITEDESK_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, *d, "audit", "--action", "create")
    assert code == EXIT_OK and "wang" in out


def test_settings_and_retention_from_the_command_line(
    site_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", site_dir]
    assert run(capsys, *d, "demo", "--workers", "30")[0] == EXIT_OK
    code, out, _ = run(capsys, *d, "setting", "list")
    assert code == EXIT_OK and "retention.requests" in out and "用工台账" in out
    code, _, err = run(capsys, *d, "setting", "set", "retention.requests", "三年")
    assert code == EXIT_REFUSED and "1 至 100" in err
    code, out, _ = run(capsys, *d, "retention", "list", "--today", "2040-01-01")
    assert code == EXIT_OK and "未设置工程结算日期" in out and "诉求记录" in out
    code, out, _ = run(capsys, *d, "setting", "set", "works.settled_on", "2027-06-30")
    assert code == EXIT_OK and "2027-06-30" in out
    code, out, _ = run(capsys, *d, "retention", "list", "--today", "2040-01-01")
    assert "共 " in out and "********" in out  # ID numbers masked in the list
    code, _, err = run(capsys, *d, "retention", "purge", "--today", "2040-01-01")
    assert code == EXIT_REFUSED and "--yes" in err
    code, out, err = run(capsys, *d, "retention", "purge", "--today", "2040-01-01", "--yes")
    assert code == EXIT_OK and "已清除" in out, err
    code, out, _ = run(capsys, *d, "retention", "list", "--today", "2040-01-01")
    assert "没有超过保存期限的记录" in out
    code, out, _ = run(capsys, *d, "audit", "--action", "purge")
    assert code == EXIT_OK and "用工台账" in out
    code, _, err = run(capsys, *d, "retention", "list", "--today", "2040-13-01")
    assert code == EXIT_USAGE and "日期格式" in err


def test_roster_import_and_export_from_the_command_line(
    site_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    d = ["--data-dir", site_dir]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "身份证号", "班组"])
    ws.append(["张伟", "11010519491231002X", "隧道一队"])
    ws.append(["李娜", 510107199001011230, "隧道一队"])
    wb.save(tmp_path / "in.xlsx")
    code, out, _ = run(capsys, *d, "worker", "import", str(tmp_path / "in.xlsx"), "--dry-run")
    assert code == EXIT_REFUSED and "第 3 行" in out and "数字格式" in out and "新建班组" in out
    code, _, err = run(capsys, *d, "worker", "import", str(tmp_path / "in.xlsx"))
    assert code == EXIT_REFUSED and "未导入任何人员" in err
    code, out, _ = run(capsys, *d, "worker", "import", str(tmp_path / "in.xlsx"), "--skip-bad")
    assert code == EXIT_OK and "已导入 1 名人员，跳过 1 行" in out
    code, out, _ = run(capsys, *d, "worker", "export", str(tmp_path / "out.xlsx"))
    assert code == EXIT_OK and "号码已打码" in out and (tmp_path / "out.xlsx").exists()
    code, _, err = run(capsys, *d, "worker", "export", str(tmp_path / "out.csv"))
    assert code == EXIT_REFUSED and ".xlsx" in err
    code, _, err = run(capsys, *d, "worker", "import", str(tmp_path / "missing.xlsx"))
    assert code == EXIT_REFUSED and "找不到文件" in err


def test_one_worker_from_the_command_line(
    site_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", site_dir]
    code, out, err = run(
        capsys,
        *d,
        "worker",
        "add",
        "--name",
        "李娜",
        "--id-number",
        "51010719900101123x",
        "--mobile",
        "13800138000",
        "--entry-date",
        "2026-08-01",
    )
    assert code == EXIT_OK and "已登记 李娜（已进场）" in out, err
    code, _, err = run(
        capsys, *d, "worker", "add", "--name", "李娜", "--id-number", "51010719900101123X"
    )
    assert code == EXIT_REFUSED and "已登记" in err  # the same person twice
    code, _, err = run(
        capsys, *d, "worker", "add", "--name", "王五", "--id-number", "1", "--team", "无此队"
    )
    assert code == EXIT_REFUSED and "无此队" in err
    code, out, _ = run(capsys, *d, "worker", "list", "ln")
    assert "李娜\t510107********123X" in out and "在场" in out and "共 1 人" in out
    assert run(capsys, *d, "worker", "entry", "123X", "--date", "2026-08-02")[0] == EXIT_REFUSED
    code, out, err = run(capsys, *d, "worker", "exit", "李娜", "--date", "2026-09-30")
    assert code == EXIT_OK and "已办理退场：2026-09-30" in out, err
    run(capsys, *d, "worker", "entry", "123X", "--date", "2026-10-08", "--note", "节后返场")
    code, out, err = run(
        capsys,
        *d,
        "worker",
        "training",
        "123X",
        "--name",
        "三级安全教育",
        "--hours",
        "8",
        "--date",
        "2026-08-01",
    )
    assert code == EXIT_OK and "8 学时" in out, err
    code, _, err = run(capsys, *d, "worker", "training", "123X", "--name", "复训", "--hours", "八")
    assert code == EXIT_REFUSED and "学时" in err
    code, out, err = run(
        capsys, *d, "worker", "agreement", "123X", "--type", "written", "--start", "2026-08-01"
    )
    assert code == EXIT_OK and "已记录用工书面协议" in out, err
    code, out, _ = run(capsys, *d, "worker", "show", "李娜")
    assert "510107********123X" in out and "13800138000" not in out and "138****8000" in out
    assert "2026-09-30 退场；2026-10-08 进场（节后返场）" in out and "共 1 次，8 学时" in out
    assert "用工书面协议：2026-08-01 至 无固定期限" in out
    code, _, err = run(capsys, *d, "worker", "show", "张三")
    assert code == EXIT_REFUSED and "找不到" in err


def test_a_request_from_intake_to_its_timeline(
    site_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", site_dir]
    code, out, err = run(
        capsys,
        *d,
        "request",
        "add",
        "--channel",
        "phone",
        "--category",
        "wages",
        "--description",
        "三月工资未发",
        "--phone",
        "13800138000",
    )
    assert code == EXIT_OK and out.startswith("已登记诉求 GQ2-"), err
    number = out.split()[1].rstrip("。")
    code, _, err = run(
        capsys,
        *d,
        "request",
        "add",
        "--channel",
        "box",
        "--category",
        "无此类",
        "--description",
        " ",
    )
    assert code == EXIT_REFUSED and "请填写诉求内容" in err and "无此类" in err
    code, _, err = run(capsys, *d, "request", "step", number, "close")
    assert code == EXIT_REFUSED and "不能进行“办结”" in err  # not from 待受理
    code, out, err = run(capsys, *d, "request", "step", number, "accept", "--note", "已受理")
    assert code == EXIT_OK and "现为“已受理”" in out, err
    code, _, err = run(capsys, *d, "request", "step", number, "extend", "--days", "3")
    assert code == EXIT_REFUSED and "理由" in err
    run(capsys, *d, "request", "step", number, "extend", "--days", "3", "--reason", "核对考勤")
    code, out, _ = run(capsys, *d, "request", "list", "--open")
    assert number in out and "工资待遇" in out and "已受理" in out and "共 1 条" in out
    code, out, _ = run(capsys, *d, "request", "list", "--overdue", "--today", "2099-01-01")
    assert "已超期" in out
    code, out, _ = run(capsys, *d, "request", "show", number)
    assert "延长 3 日" in out and "138****8000" in out and "13800138000" not in out
    assert "受理 admin：已受理" in out and "reason=核对考勤" in out
    code, _, err = run(capsys, *d, "request", "show", "GQ2-19990101-A001")
    assert code == EXIT_REFUSED and "找不到诉求" in err


def test_request_stats_and_list_filters_at_the_command_line(
    site_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", site_dir]
    for channel, category in (("phone", "wages"), ("box", "living"), ("box", "living")):
        code, out, err = run(
            capsys,
            *d,
            "request",
            "add",
            "--channel",
            channel,
            "--category",
            category,
            "--description",
            "食堂饭菜太咸" if category == "living" else "工资未发",
        )
        assert code == EXIT_OK, err
    month = datetime.now(DEFAULT_TZ).strftime("%Y-%m")
    code, out, err = run(capsys, *d, "request", "stats", "--month", month)
    assert code == EXIT_OK, err
    assert "受理 3 件，办结 0 件（办结率 0.0%）" in out and "满意率 —" in out
    assert "生活保障\t2\t0" in out and "意见箱\t2" in out
    code, out, _ = run(capsys, *d, "request", "list", "--channel", "box", "--text", "太咸")
    assert "共 2 条" in out
    code, out, _ = run(capsys, *d, "request", "list", "--stage", "closed")
    assert "共 0 条" in out
    code, _, err = run(capsys, *d, "request", "stats", "--month", "2026年8月")
    assert code != EXIT_OK and "2026-08" in err


def test_stock_campaign_and_handout_at_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.store.database import Database
    from app.store.models import Team, Worker

    d = ["--data-dir", str(tmp_path / "demo")]
    assert run(capsys, *d, "demo")[0] == EXIT_OK  # its admin has the password of the env
    code, out, err = run(capsys, *d, "stock", "item", "矿泉水", "--unit", "箱")
    assert code == EXIT_OK, err
    code, out, err = run(capsys, *d, "stock", "receive", "矿泉水", "30")
    assert code == EXIT_OK and "现库存 30" in out, err
    code, _, err = run(capsys, *d, "stock", "loss", "矿泉水", "2")
    assert code == EXIT_REFUSED and "原因" in err
    run(capsys, *d, "stock", "loss", "矿泉水", "2", "--note", "运输破损")
    code, out, err = run(capsys, *d, "stock", "count", "矿泉水", "27", "--note", "晚盘")
    assert "账面 28，实盘 27，差额 -1" in out, err
    code, out, _ = run(capsys, *d, "stock", "list")
    assert "矿泉水\t库存 27 箱" in out

    db = Database.open(Paths(tmp_path / "demo").database_url)
    with db.read() as session:
        team = session.query(Team).order_by(Team.name).first()
        assert team is not None
        workers = (
            session.query(Worker).filter(Worker.team_id == team.id).order_by(Worker.name).all()
        )
        team_name, card, other = team.name, workers[0].card_code, workers[1].name
    db.close()
    code, out, err = run(
        capsys,
        *d,
        "campaign",
        "add",
        "--name",
        "高温慰问",
        "--teams",
        team_name,
        "--per-team",
        "矿泉水=2",
        "--per-head",
        "矿泉水=0.5",
    )
    assert code == EXIT_OK and "1 个队组，1 种物资" in out, err
    code, out, err = run(
        capsys, *d, "handout", "team", "高温慰问", team_name, "--receiver", "王队长"
    )
    assert code == EXIT_OK and f"已发放给 {team_name}：矿泉水 2 箱" in out, err
    code, out, err = run(capsys, *d, "handout", "scan", "高温慰问", card)
    assert code == EXIT_OK and "矿泉水 0.5 箱" in out, err
    code, _, err = run(capsys, *d, "handout", "scan", "高温慰问", card)
    assert code == EXIT_REFUSED and "已领取过" in err
    code, _, err = run(
        capsys, *d, "handout", "scan", "高温慰问", card, "--override", "上次的被雨淋湿"
    )
    assert code == EXIT_OK, err
    code, _, err = run(capsys, *d, "handout", "worker", "高温慰问", other)
    assert code in (EXIT_OK, EXIT_REFUSED)  # two workers may share a name in the demo
    code, out, _ = run(capsys, *d, "campaign", "show", "高温慰问")
    assert f"{team_name}\t按队 1/1" in out and "已发 " in out
    code, _, err = run(capsys, *d, "handout", "scan", "高温慰问", "NOT-A-CARD")
    assert code == EXIT_REFUSED and "不属于本站点在册人员" in err
    assert run(capsys, *d, "campaign", "close", "高温慰问")[0] == EXIT_OK
    code, _, err = run(capsys, *d, "handout", "scan", "高温慰问", card, "--override", "再来")
    assert code == EXIT_REFUSED and "已结束" in err


def test_printing_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(tmp_path / "demo")]
    assert run(capsys, *d, "demo", "--workers", "30")[0] == EXIT_OK
    out = str(tmp_path / "poster.pdf")
    code, _, err = run(capsys, *d, "print", "poster", "--out", out)
    assert code == EXIT_REFUSED and "诉求表单网址" in err
    run(capsys, *d, "setting", "set", "form.base_url", "https://hq.example.cn")
    code, text, err = run(capsys, *d, "print", "poster", "--size", "A3", "--out", out)
    assert code == EXIT_OK and "已生成扫码海报" in text and "（1 页）" in text, err
    code, _, err = run(capsys, *d, "print", "roster", "--out", str(tmp_path / "roster.txt"))
    assert code == EXIT_REFUSED and ".pdf" in err
    code, text, err = run(
        capsys,
        *d,
        "print",
        "notice",
        "--kind",
        "text",
        "--title",
        "食堂管理制度",
        "--body",
        "饭菜价格公开。",
        "--days",
        "3",
        "--out",
        str(tmp_path / "n.pdf"),
    )
    assert code == EXIT_OK and "已生成公示" in text, err
    code, _, err = run(capsys, *d, "print", "notice", "--kind", "handout", "--out", out)
    assert code == EXIT_REFUSED and "--campaign" in err
    code, text, err = run(capsys, *d, "print", "cards", "--out", str(tmp_path / "cards.pdf"))
    assert code == EXIT_OK and "已生成工卡" in text, err
    code, text, _ = run(capsys, *d, "audit", "--action", "print")
    assert "poster" in text and "cards" in text


def test_excel_exports_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(tmp_path / "demo")]
    assert run(capsys, *d, "demo", "--workers", "30")[0] == EXIT_OK
    for what in ("requests", "handouts", "stock"):
        out = tmp_path / f"{what}.xlsx"
        code, text, err = run(capsys, *d, "export", what, "--out", str(out))
        assert code == EXIT_OK and "已导出" in text and out.exists(), err
    code, _, err = run(capsys, *d, "export", "stock", "--site", "GQ9", "--out", str(out))
    assert code == EXIT_REFUSED and "GQ9" in err
    code, _, err = run(capsys, *d, "export", "stock", "--out", str(tmp_path / "s.csv"))
    assert code == EXIT_REFUSED and ".xlsx" in err


def test_dashboard_and_duplicates_at_hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """HQ's view over three sites whose PCs synced through a folder (tests/store/multisite)."""
    from tests.store.multisite import PLANS, build

    project = build(tmp_path)
    url = project.hq.engine.url.render_as_string()
    try:
        hq = ["--db-url", url]
        code, out, _ = run(capsys, *hq, "dashboard", "--today", "2026-09-15", "--json")
        assert code == EXIT_OK
        data = json.loads(out)
        by_code = {s["code"]: s for s in data["sites"]}
        for plan in PLANS:
            site = by_code[plan.code]
            got = (site["open"], site["overdue"], site["on_site"], site["handouts"])
            assert got == (plan.open, plan.overdue, plan.on_site, plan.handouts)
            assert site["stale"] is False and site["last_contact"]
        assert data["total"]["requests"] == sum(p.requests for p in PLANS)
        assert data["cross_site_duplicates"] == 1 and data["conflicts_open"] == 1

        code, out, _ = run(capsys, *hq, "dashboard", "--today", "2026-09-15")
        assert code == EXIT_OK
        assert "项目部（XMB）各工区概况，2026-09-15" in out
        assert "合计（3 个工区）" in out and "跨工区重复登记：1 人" in out
        code, out, _ = run(capsys, *hq, "dashboard", "--site", "gq3", "--today", "2026-09-15")
        assert code == EXIT_OK and "GQ3" in out and "已办结：3" in out and "GQ2" not in out
        code, _, err = run(capsys, *hq, "dashboard", "--site", "GQ9")
        assert code == EXIT_REFUSED and "没有代码为 GQ9 的工区" in err

        code, out, _ = run(capsys, *hq, "duplicates")
        assert code == EXIT_OK and "在多个工区登记的人员：1 人" in out
        assert "GQ2 二工区 二甲" in out and "GQ3 三工区 三甲" in out and "待处理" in out
        assert "11010519491231002X" not in out and "002X" in out
        code, out, _ = run(capsys, *hq, "duplicates", "--site", "GQ4")
        assert code == EXIT_OK and "没有在多个工区登记的人员" in out
    finally:
        project.close()


def test_demo_hq_makes_an_hq_that_heard_from_its_sites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(tmp_path / "hq")
    code, out, _ = run(capsys, "--data-dir", d, "demo", "--hq", "--sites", "2", "--workers", "10")
    assert code == EXIT_OK and "2 个工区的电脑经共享文件夹同步到本机" in out
    code, out, _ = run(capsys, "--data-dir", d, "info")
    assert code == EXIT_OK and "类型 hq" in out
    code, out, _ = run(capsys, "--data-dir", d, "dashboard")
    assert code == EXIT_OK and "合计（3 个工区）" in out and "跨工区重复登记：1 人" in out
    code, _, err = run(capsys, "--data-dir", d, "demo", "--hq")
    assert code == EXIT_REFUSED and "空的数据目录" in err
