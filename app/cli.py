"""The ``sitedesk`` command: every feature of the app, without Qt, for scripts and HQ.

Exit codes: 0 done; 1 refused (bad data, wrong state: the message says why); 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict

from app import __version__
from app.config import Paths, resolve_data_dir
from app.domain.problems import DomainError
from app.domain.requests import STAGE_LABELS, Stage
from app.store.database import Database, NoLocalNodeError
from app.store.schema import SchemaError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

ENTITY_LABELS = {
    "site": "工区",
    "labour_company": "劳务企业",
    "team": "劳务队／班组",
    "worker": "工人",
    "worker_movement": "进退场记录",
    "training": "培训记录",
    "attachment": "附件",
    "request_category": "诉求类别",
    "request": "诉求",
    "request_event": "诉求处理记录",
    "supply_item": "物资",
    "stock_movement": "出入库记录",
    "handout_campaign": "发放活动",
    "campaign_item": "发放标准",
    "campaign_team": "发放对象",
    "handout": "发放记录",
    "notice": "公示",
    "app_user": "用户",
    "audit_log": "审计日志",
}


class CliError(Exception):
    """A refusal with a message for the user; exit code 1."""


def _lang(args: argparse.Namespace) -> str:
    return str(args.lang or os.environ.get("SITEDESK_LANG", "zh"))


def _paths(args: argparse.Namespace) -> Paths:
    return Paths(resolve_data_dir(args.data_dir)).ensure()


def open_db(args: argparse.Namespace) -> Database:
    paths = _paths(args)
    return Database.open(paths.database_url, backup_dir=paths.backups)


# --- commands ----------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from app.store.sites import init_node

    db = open_db(args)
    try:
        result = init_node(
            db,
            site_code=args.site_code,
            site_name=args.site_name,
            kind=args.kind,
            tag=args.tag,
            service_phone=args.phone,
        )
    finally:
        db.close()
    print(
        f"已初始化：工区 {result.site_code} {result.site_name}，本机节点 {result.node.node_id}"
        f"（标识 {result.node.tag}）"
    )
    print(f"数据目录：{_paths(args).data_dir}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from app.store.demo import DemoError, make_demo

    db = open_db(args)
    try:
        result = make_demo(db, workers=args.workers, seed=args.seed)
    except DemoError as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.close()
    print(
        f"演示数据已生成：{result.teams} 个劳务队/班组，{result.workers} 名工人，"
        f"{result.requests} 条诉求，{result.campaigns} 次物资发放。"
    )
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from app.store.info import summary

    db = open_db(args)
    try:
        s = summary(db)
    finally:
        db.close()
    if args.json:
        data = asdict(s)
        data["journal_time"] = s.journal_time.isoformat() if s.journal_time else None
        data["requests_by_stage"] = {k.value: v for k, v in s.requests_by_stage.items()}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"工区：{s.site_code} {s.site_name}")
    print(f"本机节点：{s.node_id}（标识 {s.node_tag}，类型 {s.node_kind}）")
    print(f"数据库版本：{s.schema_revision}（程序最新 {s.schema_head}）")
    when = s.journal_time.isoformat(timespec="seconds") if s.journal_time else "—"
    print(
        f"变更日志：本机第 {s.journal_seq} 条，共 {s.changes_total} 条，"
        f"最新 {when}，哈希 {s.journal_hash[:16]}…"
    )
    print("记录数：")
    width = max(len(label) for label in ENTITY_LABELS.values())
    for c in s.counts:
        label = ENTITY_LABELS.get(c.entity, c.entity)
        extra = f"（另有已删除 {c.deleted}）" if c.deleted else ""
        print(f"  {label:\u3000<{width}} {c.entity:<18} {c.live:>7}{extra}")
    print(f"在场工人：{s.workers_on_site}")
    print("诉求按阶段：")
    for stage in Stage:
        n = s.requests_by_stage.get(stage, 0)
        if n:
            print(f"  {STAGE_LABELS[stage]}：{n}")
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from app.ui.app import run_app

    return run_app(_paths(args), lang=args.lang)


# --- parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitedesk", description="工区服务台 SiteDesk — 诉求、实名制、物资发放、打印与同步"
    )
    parser.add_argument("--version", action="version", version=f"sitedesk {__version__}")
    parser.add_argument(
        "--data-dir", help="数据目录（默认：本机用户数据目录，或环境变量 SITEDESK_DATA_DIR）"
    )
    parser.add_argument("--lang", choices=("zh", "en"), help="界面与消息语言（默认中文）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("run", help="启动桌面程序")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("init", help="把本机初始化为某个工区（或项目部）的节点")
    p.add_argument("--site-code", required=True, help="工区代码，如 GQ2")
    p.add_argument("--site-name", required=True, help="工区名称，如 二工区")
    p.add_argument("--kind", default="site", choices=("site", "hq"), help="site 工区 / hq 项目部")
    p.add_argument("--tag", default="A", help="本机标识（同一工区多台电脑时各不相同），默认 A")
    p.add_argument("--phone", default="", help="服务电话")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="在空的数据目录中生成演示工区数据")
    p.add_argument("--workers", type=_positive, default=320, help="工人数（默认 320）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="显示本机节点、数据库版本、各类记录数和变更日志")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_info)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是整数：{text}") from None
    if value <= 0 or value > 1_000_000:
        raise argparse.ArgumentTypeError(f"应为 1 到 1000000 之间的整数：{text}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    lang = _lang(args)
    try:
        return func(args)
    except DomainError as exc:
        print(
            f"错误：{exc.message(lang)}" if lang == "zh" else f"Error: {exc.message(lang)}",
            file=sys.stderr,
        )
    except (CliError, NoLocalNodeError, SchemaError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
    return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
