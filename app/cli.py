"""The ``sitedesk`` command: every feature of the app, without Qt, for scripts and HQ.

Exit codes: 0 done; 1 refused (bad data, wrong state: the message says why); 2 bad arguments.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError, OperationalError

from app import __version__
from app.config import DEFAULT_TZ, Paths, local_today, resolve_data_dir
from app.domain.problems import DomainError
from app.domain.requests import STAGE_LABELS, Channel, EventKind, Stage
from app.domain.roles import Permission, require
from app.store.codec import RejectedValueError
from app.store.database import Database, NoLocalNodeError, VaultLockedError
from app.store.schema import SchemaError
from app.sync.bundle import BundleError
from app.sync.folder import FolderError
from app.sync.keys import SyncKeyError

if TYPE_CHECKING:
    from app.store.users import Actor

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
    "conflict": "冲突",
    "setting": "设置",
    "worker_ledger": "用工台账",
    "requests": "诉求记录",
    "handouts": "物资发放记录",
}


class CliError(Exception):
    """A refusal with a message for the user; exit code 1."""


def _lang(args: argparse.Namespace) -> str:
    return str(args.lang or os.environ.get("SITEDESK_LANG", "zh"))


def _paths(args: argparse.Namespace) -> Paths:
    paths = Paths(resolve_data_dir(args.data_dir))
    try:
        return paths.ensure()
    except OSError as exc:
        raise CliError(f"无法使用数据目录 {paths.data_dir}：{exc.strerror or exc}") from exc


def open_db(args: argparse.Namespace, *, create: bool = False) -> Database:
    """The installation's database; only ``init`` and ``demo`` may create one."""
    url = getattr(args, "db_url", None) or os.environ.get(ENV_DB_URL, "")
    if url:  # the HQ server on PostgreSQL (or a database elsewhere)
        return Database.open(url)
    paths = _paths(args)
    if not create and not paths.database.exists():
        raise CliError(
            f"数据目录 {paths.data_dir} 中没有 SiteDesk 数据库：请先运行 sitedesk init，"
            "或用 --data-dir 指定正确的目录。"
        )
    return Database.open(paths.database_url, backup_dir=paths.backups)


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Database]:
    db = open_db(args)
    try:
        yield db
    finally:
        db.close()


ENV_USER, ENV_PASSWORD = "SITEDESK_USER", "SITEDESK_PASSWORD"
ENV_DB_URL = "SITEDESK_DB_URL"
DEMO_ADMIN, DEMO_PASSWORD = "admin", "sitedesk-demo"


def _password(prompt: str, *, twice: bool = False, env: str = ENV_PASSWORD) -> str:
    """From the environment variable ``env`` (scripts), else asked at the terminal."""
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise CliError(f"需要密码：请在终端中运行，或设置环境变量 {env}。")
    first = getpass.getpass(prompt)
    if twice and getpass.getpass("再输入一次：") != first:
        raise CliError("两次输入的密码不一致。")
    return first


def _login(args: argparse.Namespace, db: Database) -> Actor:
    """Log in for a command that needs a user (and opens personal data)."""
    from app.store.users import login

    username = args.user or os.environ.get(ENV_USER, "")
    if not username:
        raise CliError(f"此操作需要登录：请用 --user 指定用户名（或设置 {ENV_USER}）。")
    return login(db, username, _password(f"用户 {username} 的密码："))


# --- commands ----------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from app.store.sites import FirstUser, init_node
    from app.sync.keys import import_project

    if args.enrol:
        return _init_enrol(args)
    project = _read_file(args.join) if args.join else None
    admin = FirstUser(
        args.admin, args.admin_name, _password(f"为 {args.admin} 设置密码：", twice=True)
    )
    db = open_db(args, create=True)
    try:
        if project is not None:
            import_project(db, project)
        result = init_node(
            db,
            site_code=args.site_code,
            site_name=args.site_name,
            kind=args.kind,
            tag=args.tag,
            service_phone=args.phone,
            admin=admin,
        )
    finally:
        db.close()
    print(
        f"已初始化：工区 {result.site_code} {result.site_name}，本机节点 {result.node.node_id}"
        f"（标识 {result.node.tag}）"
    )
    print(
        f"第一个用户：{admin.username}（{'项目部管理员' if args.kind == 'hq' else '站点负责人'}）"
    )
    print(f"数据目录：{_paths(args).data_dir}")
    return EXIT_OK


def _init_enrol(args: argparse.Namespace) -> int:
    from app.store.sites import FirstUser
    from app.sync.enrol import enrol
    from app.sync.http import HttpSyncError
    from app.sync.wire import EnrolmentCode, WireError

    try:
        code = EnrolmentCode.parse(_read_file(args.enrol))
    except WireError:
        raise CliError(f"{args.enrol} 不是 SiteDesk 注册码文件。") from None
    admin = FirstUser(
        args.admin, args.admin_name, _password(f"为 {args.admin} 设置密码：", twice=True)
    )
    db = open_db(args, create=True)
    try:
        result = enrol(db, code, admin, name=args.name or "")
    except HttpSyncError as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.close()
    print(
        f"已注册：工区 {result.site_code} {result.site_name}，本机节点 {result.node.node_id}"
        f"（标识 {result.node.tag}），同步服务器 {code.server}"
    )
    print(f"第一个用户：{admin.username}；运行 sitedesk sync 即与服务器同步。")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from app.store.demo import DemoError, make_demo
    from app.store.sites import FirstUser

    password = os.environ.get(ENV_PASSWORD) or DEMO_PASSWORD
    db = open_db(args, create=True)
    try:
        admin = FirstUser(DEMO_ADMIN, "演示管理员", password)
        if args.hq:
            return _demo_hq(db, admin, args)
        if db.has_local_node():
            _login(args, db)
        result = make_demo(db, workers=args.workers or 320, seed=args.seed, admin=admin)
    except DemoError as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.close()
    print(
        f"演示数据已生成：{result.teams} 个劳务队/班组，{result.workers} 名工人，"
        f"{result.requests} 条诉求，{result.campaigns} 次物资发放。"
    )
    if not os.environ.get(ENV_PASSWORD):
        print(f"演示账号：{DEMO_ADMIN}，密码：{DEMO_PASSWORD}（仅供演示，请勿用于真实数据）")
    return EXIT_OK


def _demo_hq(db: Database, admin: Any, args: argparse.Namespace) -> int:
    from app.sync.demo_project import make_demo_project

    if db.has_local_node():
        raise CliError("项目部演示数据只能装入空的数据目录。")
    made = make_demo_project(db, admin, sites=args.sites, workers=args.workers or 150)
    print(
        f"项目部演示数据已生成：{made.sites} 个工区的电脑经共享文件夹同步到本机，"
        f"共 {made.workers} 名工人，{made.requests} 条诉求。"
    )
    if not os.environ.get(ENV_PASSWORD):
        print(f"演示账号：{DEMO_ADMIN}，密码：{DEMO_PASSWORD}（仅供演示，请勿用于真实数据）")
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
    when = (
        s.journal_time.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M:%S")
        if s.journal_time
        else "—"
    )
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


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise CliError(f"无法读取文件 {path}：{exc.strerror}") from exc


def cmd_project_export(args: argparse.Namespace) -> int:
    from app.store.audit import record
    from app.sync.keys import ensure_keys, export_project

    db = open_db(args)
    try:
        actor = _login(args, db)
        require(actor.role, Permission.MANAGE_USERS)
        ensure_keys(db)
        data = export_project(db)
        with db.write(actor.username) as unit:
            record(unit, actor.username, "export", "project", "", args.file)
    finally:
        db.close()
    try:
        with open(args.file, "xb") as fh:
            fh.write(data)
    except FileExistsError:
        raise CliError(f"文件已存在，未覆盖：{args.file}") from None
    except OSError as exc:
        raise CliError(f"无法写入文件 {args.file}：{exc.strerror}") from exc
    print(f"项目文件已保存到 {args.file}。它能解密本项目的同步数据，请妥善保管，用后删除。")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    if args.action == "status":
        return _sync_status(args)
    from app.store.attachments import AttachmentStore
    from app.sync.folder import sync_folder
    from app.sync.http import HttpSyncError, server_config, sync_server

    paths = _paths(args)
    db = open_db(args)
    try:
        store = AttachmentStore(paths.attachments)
        if args.folder:
            report = sync_folder(db, Path(args.folder), store)
        elif server_config(db) is not None:
            report = sync_server(db, attachments=store)
        else:
            raise CliError(
                "请用 --folder 指定同步文件夹（共享目录、U盘或云盘目录），"
                "或先用注册码把本机注册到同步服务器。"
            )
    except HttpSyncError as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.close()
    print(
        f"已导出 {report.exported_changes} 条变更（{report.exported_bundles} 个同步文件），"
        f"已导入 {report.applied} 条。"
    )
    if report.replaced_damaged:
        print(f"重写了 {report.replaced_damaged} 个本机不完整的同步文件。")
    for n in report.nodes:
        if n.missing:
            print(
                f"  节点 {n.node_id[-8:]}：缺少第 {n.missing[0]}–{n.missing[1]} 条变更，等待对方文件到达。"
            )
        if n.held:
            print(
                f"  节点 {n.node_id[-8:]}：{len(n.held)} 个同步文件来自更新版本的程序，已保留，请升级 SiteDesk。"
            )
        if n.conflicts:
            print(
                f"  节点 {n.node_id[-8:]}：发现 {len(n.conflicts)} 个需要人工处理的冲突（sitedesk conflicts list）。"
            )
    for error in report.errors:
        print(f"  问题：{error}", file=sys.stderr)
    return EXIT_REFUSED if report.errors else EXIT_OK


def _sync_status(args: argparse.Namespace) -> int:
    from app.sync.status import sync_status

    db = open_db(args)
    try:
        st = sync_status(db)
    finally:
        db.close()
    if args.json:
        print(json.dumps(asdict(st), ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    names = {p.node_id: f"{p.node_id[-8:]}（{p.kind} {p.tag}）" for p in st.peers}
    print(f"本机节点 {st.node_id}：共 {st.head} 条变更，尚未被任何节点确认收到 {st.pending_out} 条")
    for r in st.receivers:
        name = names.get(r.node_id, r.node_id[-8:])
        when = r.read_at.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")
        print(f"  {name} 已收到 {r.holds} 条，待送达 {r.pending} 条（回执 {when}）")
    print("其他节点：" if st.peers else "尚未收到其他节点的数据。")
    for p in st.peers:
        when = (
            p.last_contact.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")
            if p.last_contact
            else "—"
        )
        line = f"  {p.node_id[-8:]}（{p.kind} {p.tag}）已导入 {p.applied} 条，最近 {when}"
        if p.app_version:
            line += f"，程序 {p.app_version}（数据库版本 {p.schema_rev or '—'}）"
        if p.drift_ms is not None and abs(p.drift_ms) > 5 * 60_000:
            line += f"，时钟偏差约 {p.drift_ms / 3_600_000:+.1f} 小时"
        if p.missing:
            line += f"，缺少 {p.missing[0]}–{p.missing[1]}"
        if p.error:
            line += f"，问题：{p.error}"
        print(line)
    for node, a, b, rev in st.held:
        print(f"  已保留 {node[-8:]} 的第 {a}–{b} 条（需要数据库版本 {rev}，请升级程序）")
    return EXIT_OK


def cmd_site(args: argparse.Namespace) -> int:
    from app.store.sites import add_site, list_sites

    db = open_db(args)
    try:
        if args.action == "add":
            actor = _login(args, db)
            with db.write(actor.username) as unit:
                add_site(unit, actor, args.code, args.name, args.phone)
            print(f"已添加工区 {args.code.upper()} {args.name}。")
            return EXIT_OK
        for site in list_sites(db):
            kind = "项目部" if site.kind == "hq" else "工区"
            print(f"{site.code:<12} {site.name}（{kind}）{site.service_phone}")
    finally:
        db.close()
    return EXIT_OK


def cmd_enrol(args: argparse.Namespace) -> int:
    from app.printing.enrolment import enrolment_sheet
    from app.server.hub import Hub, HubError
    from app.store import settings as site_settings
    from app.sync.wire import EnrolmentCode

    db = open_db(args)
    try:
        hub = Hub(db)
        if args.action == "list":
            for e in hub.enrolments():
                state = (
                    "已吊销"
                    if e.revoked_at
                    else f"已用于 {e.node_id[-8:]}"
                    if e.node_id
                    else f"有效至 {e.expires_at.astimezone(DEFAULT_TZ):%Y-%m-%d}"
                )
                print(f"{e.token_hash[:12]}  {e.site_id[-8:]}  标识 {e.tag}  {state}")
            return EXIT_OK
        actor = _login(args, db)
        require(actor.role, Permission.MANAGE_SITES)
        if args.action == "revoke":
            if not hub.revoke_enrolment(args.token):
                raise CliError("没有这个未吊销的注册码。")
            print("注册码已吊销。")
            return EXIT_OK
        server = args.server or site_settings.get(db, "form.base_url") or ""
        if not server.startswith(("https://", "http://")):
            raise CliError("请用 --server 指定本服务器对外的地址，如 https://hq.example.cn。")
        try:
            made = hub.create_enrolment(args.site, kind=args.kind, created_by=actor.username)
        except HubError as exc:
            raise CliError(exc.message(_lang(args))) from exc
    finally:
        db.close()
    code = EnrolmentCode(
        server.rstrip("/"), made.token, made.site_code, made.site_name, made.expires_at.isoformat()
    )
    out = Path(args.out or f"{made.site_code}-{made.tag}.sdenrol")
    try:
        with open(out, "x", encoding="utf-8") as fh:
            fh.write(code.to_text())
    except FileExistsError:
        raise CliError(f"文件已存在，未覆盖：{out}") from None
    enrolment_sheet(code, out.with_suffix(".pdf"))
    print(
        f"已为 {made.site_code} {made.site_name} 生成注册码（本机标识 {made.tag}，"
        f"有效至 {made.expires_at.astimezone(DEFAULT_TZ):%Y-%m-%d}）：{out}，"
        f"打印用 {out.with_suffix('.pdf')}。"
    )
    print("注册码只能用一次；请妥善保管，用后删除。")
    return EXIT_OK


def cmd_nodes(args: argparse.Namespace) -> int:
    from app.server.hub import Hub

    db = open_db(args)
    try:
        hub = Hub(db)
        if args.action == "revoke":
            actor = _login(args, db)
            require(actor.role, Permission.MANAGE_SITES)
            if not hub.revoke_node(args.node):
                raise CliError("没有这个未吊销的节点（请给出完整的节点编号）。")
            print("节点已吊销：它的同步请求将被拒绝，已上传的数据保留。")
            return EXIT_OK
        health = hub.health()
    finally:
        db.close()
    if args.json:
        print(json.dumps([asdict(h) for h in health], ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    if not health:
        print("还没有电脑注册到本服务器。")
    for h in health:
        when = (
            h.last_contact.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M")
            if h.last_contact
            else "—"
        )
        line = f"{h.node_id}  {h.site_code:<8} {h.name}  最近联系 {when}  已收 {h.stored} 条"
        if h.missing:
            line += f"，待上传 {h.missing[0]}–{h.missing[1]}"
        if h.drift_ms is not None and abs(h.drift_ms) > 5 * 60_000:
            line += f"，时钟偏差约 {h.drift_ms / 60_000:+.0f} 分钟"
        if h.revoked:
            line += "，已吊销"
        if h.error:
            line += f"，问题：{h.error}"
        print(line)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    from app.server.api import create_app
    from app.server.run import can_fork, serve
    from app.store.attachments import AttachmentStore

    if args.workers < 1:
        raise CliError("--workers 至少为 1。")
    if args.workers > 1 and not can_fork():
        raise CliError("本系统不支持多个服务进程（--workers），请用 1 个。")
    db = open_db(args)
    actor = _login(args, db)  # opens the data key: the form seals the phone numbers it takes
    require(actor.role, Permission.MANAGE_SITES)
    logging.basicConfig(level=logging.INFO)
    store = AttachmentStore(_paths(args).attachments)
    print(
        f"SiteDesk 同步服务器：http://{args.host}:{args.port}，{args.workers} 个进程"
        "（请经 TLS 反向代理对外提供）"
    )
    try:
        serve(
            db,
            host=args.host,
            port=args.port,
            workers=args.workers,
            make_app=lambda database: create_app(database, attachments=store),
            proxy_headers=True,
            forwarded_allow_ips=args.forwarded_allow_ips,
        )
    finally:
        db.close()
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    from app.sync.conflicts import list_conflicts, resolve

    db = open_db(args)
    try:
        if args.action == "list":
            with db.read() as session:
                items = list_conflicts(session, open_only=not args.all)
            if not items:
                print("没有待处理的冲突。")
            for c in items:
                rows = "、".join(c.row_ids)
                print(
                    f"{c.id[:8]}  {CONFLICT_LABELS.get(c.kind, c.kind)}  {c.key}  记录 {rows}  "
                    f"{'待处理' if c.status == 'open' else '已处理：' + c.resolution}"
                )
            return EXIT_OK
        actor = _login(args, db)
        require(actor.role, Permission.RESOLVE_CONFLICT)
        with db.write(actor.username) as unit:
            resolve(unit, args.id, args.resolution, keep=args.keep, note=args.note)
        print("冲突已处理，处理结果会随下次同步发送到其他节点。")
        return EXIT_OK
    finally:
        db.close()


def _when(at: datetime | None) -> str:
    return at.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M") if at else "从未"


def cmd_dashboard(args: argparse.Namespace) -> int:
    """HQ's view of every site: requests, workers, handouts, stock, sync contact."""
    from app.domain.requests import Stage
    from app.store.dashboard import SiteFigures, dashboard
    from app.store.duplicates import count_cross_site
    from app.store.request_stats import pct_text
    from app.store.settings import calendar

    with opened(args) as db:
        board = dashboard(db, today=args.today or local_today(), calendar=calendar(db))
        with db.read() as session:
            duplicates = count_cross_site(session)
    sites = board.sites
    if args.site:
        found = board.site(args.site.strip().upper())
        if found is None:
            raise CliError(f"没有代码为 {args.site} 的工区。")
        sites = [found]

    def as_dict(s: SiteFigures) -> dict[str, Any]:
        data = asdict(s)
        data["stages"] = {k.value: v for k, v in s.stages.items()}
        data["last_contact"] = s.last_contact.isoformat() if s.last_contact else None
        data["satisfaction_pct"] = s.satisfaction_pct
        data["stale"] = s.stale(board.now)
        return data

    if args.json:
        out: dict[str, Any] = {
            "today": board.today.isoformat(),
            "home": {"code": board.home_code, "name": board.home_name},
            "sites": [as_dict(s) for s in sites],
        }
        if not args.site:
            out["total"] = as_dict(board.total)
            out["conflicts_open"] = board.conflicts_open
            out["cross_site_duplicates"] = duplicates
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK

    def line(s: SiteFigures) -> str:
        text = (
            f"办理中 {s.open}（逾期 {s.overdue}），本月受理 {s.received_month}，"
            f"满意率 {pct_text(s.satisfaction_pct)}；在场 {s.on_site}/登记 {s.workers} 人；"
            f"发放 {s.handouts} 次（本月 {s.handouts_month}），缺货物资 {s.items_out} 种"
        )
        if s.kind == "total":
            return text
        text += f"；最近同步 {_when(s.last_contact)}"
        if s.stale(board.now):
            days = s.days_silent(board.now)
            text += "【从未同步】" if days is None else f"【{days} 天未同步】"
        return text

    print(f"{board.home_name}（{board.home_code}）各工区概况，{board.today:%Y-%m-%d}")
    for s in sites:
        print(f"{s.code:<6} {s.name}：{line(s)}")
        if args.site:
            for stage in Stage:
                if s.stages.get(stage):
                    print(f"  {STAGE_LABELS[stage]}：{s.stages[stage]}")
            print(f"  发放中的活动：{s.campaigns_open}，待处理冲突：{s.conflicts}")
            print(f"  本工区电脑：{s.nodes} 台，同步有问题的：{s.node_problems} 台")
    if not args.site:
        print(f"合计（{len(sites)} 个工区）：{line(board.total)}")
        stale = board.stale_sites
        if stale:
            print("超过 7 天未同步：" + "、".join(f"{s.code} {s.name}" for s in stale))
        print(f"待处理冲突：{board.conflicts_open}；跨工区重复登记：{duplicates} 人")
    return EXIT_OK


def cmd_duplicates(args: argparse.Namespace) -> int:
    """People registered at more than one site (by the keyed fingerprint of their ID)."""
    from app.store.duplicates import cross_site_duplicates
    from app.store.models import Site

    with opened(args) as db, db.read() as session:
        site_id = None
        if args.site:
            site_id = session.scalar(select(Site.id).where(Site.code == args.site.strip().upper()))
            if site_id is None:
                raise CliError(f"没有代码为 {args.site} 的工区。")
        found = cross_site_duplicates(session, site_id)
    presence = {"on_site": "在场", "left": "已退场", "never": "未进场"}
    if args.json:
        print(json.dumps([asdict(d) for d in found], ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    if not found:
        print("没有在多个工区登记的人员。")
        return EXIT_OK
    print(f"在多个工区登记的人员：{len(found)} 人")
    for d in found:
        places = "；".join(
            f"{r.site_code} {r.site_name} {r.name}（{r.team or '未分队'}，"
            f"{presence[r.presence.value]}，{_when(r.registered)} 登记）"
            for r in d.registrations
        )
        if d.conflict_id is None:
            status = "尚无冲突记录（下次同步后出现）"
        elif d.conflict_status == "open":
            status = f"冲突 {d.conflict_id[:8]} 待处理（sitedesk conflicts resolve）"
        else:
            status = f"冲突 {d.conflict_id[:8]} 已处理：{d.resolution}"
        print(f"{d.id_masked}  {places}  {status}")
    return EXIT_OK


CONFLICT_LABELS = {
    "duplicate_worker": "同一证件号码重复登记",
    "double_handout": "同一物资重复发放",
    "request_step": "诉求办理环节冲突",
}


ROLE_NAMES = {"clerk": "站点文员", "manager": "站点负责人", "hq_admin": "项目部管理员"}
AUDIT_ACTIONS = ("create", "update", "delete", "unmask", "export", "print", "purge")
AUDIT_LABELS = dict(
    zip(
        AUDIT_ACTIONS, ("新建", "修改", "删除", "查看完整号码", "导出", "打印", "清理"), strict=True
    )
)


def cmd_user(args: argparse.Namespace) -> int:
    from app.store.users import add_user, change_password, list_users, set_disabled

    db = open_db(args)
    try:
        if args.action == "list":
            for u in list_users(db):
                state = "（已停用）" if u.disabled else ""
                print(f"{u.username:<20} {u.display_name:<10} {ROLE_NAMES[u.role]}{state}")
            return EXIT_OK
        actor = _login(args, db)
        vault = db.require_vault()
        with db.write(actor.username) as unit:
            if args.action == "add":
                password = _new_password(f"为 {args.username} 设置密码：")
                add_user(
                    unit,
                    vault,
                    actor,
                    username=args.username,
                    display_name=args.name,
                    role=args.role,
                    password=password,
                )
                print(f"已新建用户 {args.username}（{ROLE_NAMES[args.role]}）。")
            elif args.action == "passwd":
                target = args.username or actor.username
                change_password(unit, vault, actor, target, _new_password(f"{target} 的新密码："))
                print(f"已修改 {target} 的密码。")
            else:
                set_disabled(unit, actor, args.username, args.action == "disable")
                print(f"已{'停用' if args.action == 'disable' else '启用'}用户 {args.username}。")
        return EXIT_OK
    finally:
        db.close()


def _new_password(prompt: str) -> str:
    """A new password: from SITEDESK_NEW_PASSWORD (scripts), else asked twice."""
    return _password(prompt, twice=True, env="SITEDESK_NEW_PASSWORD")


def cmd_audit(args: argparse.Namespace) -> int:
    from app.store.audit import history

    db = open_db(args)
    try:
        actor = _login(args, db)
        require(actor.role, Permission.VIEW_AUDIT)
        found = history(
            db, db.require_vault(), actor=args.actor, action=args.action, limit=args.limit
        )
    finally:
        db.close()
    if not found:
        print("没有审计记录。")
    altered = [e for e in found if not e.intact]
    for e in found:
        when = e.at.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M:%S")
        what = ENTITY_LABELS.get(e.entity, e.entity)
        mark = "  ⚠ 校验失败" if not e.intact else ""
        detail = f"  {e.detail}" if e.detail else ""
        print(
            f"{when}  {e.actor:<12} {AUDIT_LABELS.get(e.action, e.action)} {what} "
            f"{e.row_id[:8]}{detail}  节点 {e.node_id[-8:]}{mark}"
        )
    if altered:
        raise CliError(
            f"{len(altered)} 条审计记录与其校验码不符，可能被改动过："
            + "、".join(e.id[:8] for e in altered)
        )
    return EXIT_OK


def cmd_setting(args: argparse.Namespace) -> int:
    from app.store import settings

    with opened(args) as db:
        if args.action == "list":
            for d, value in settings.all_values(db):
                label = d.label_en if _lang(args) == "en" else d.label_zh
                print(f"{d.key:<26} {settings.display(value):<12} {label}")
            return EXIT_OK
        actor = _login(args, db)
        with db.write(actor.username) as unit:
            value = settings.change(unit, actor, args.key, args.value)
        print(f"已设置 {args.key} = {settings.display(value)}。")
    return EXIT_OK


PRESENCE_ZH = {"on_site": "在场", "left": "已退场", "never": "未进场"}
MOVEMENT_ZH = {"entry": "进场", "exit": "退场"}


def cmd_worker_record(args: argparse.Namespace) -> int:
    """One worker: register, find, show, move, train, agreement."""
    from app.domain.codes import AGREEMENT_TYPES
    from app.store import worker_list, worker_record
    from app.store.models import Team
    from app.store.workers import WorkerInput, register_worker

    today = date.today()
    with opened(args) as db:
        if args.action == "list":
            with db.read() as session:
                f = worker_list.WorkerFilter(
                    text=args.text,
                    presence=worker_list.Presence(args.presence or "all"),
                )
                total = worker_list.count(session, f)
                rows = worker_list.page(session, f, 0, args.limit)
            for r in rows:
                status = PRESENCE_ZH[r.presence.value]
                print(f"{r.name}\t{r.id_masked}\t{r.team or '—'}\t{r.trade}\t{status}")
            more = f"（显示前 {len(rows)} 人）" if total > len(rows) else ""
            print(f"共 {total} 人{more}。")
            return EXIT_OK
        if args.action == "show":
            with db.read() as session:
                d = worker_record.worker_detail(
                    session, worker_record.find_worker(session, args.worker)
                )
            _print_worker(d)
            return EXIT_OK
        actor = _login(args, db)
        with db.write(actor.username) as unit:
            if args.action == "add":
                team_id = None
                if args.team:
                    team_id = unit.session.scalar(
                        select(Team.id).where(Team.name == args.team, Team.deleted.is_(False))
                    )
                    if team_id is None:
                        raise CliError(f"没有名为“{args.team}”的劳务队/班组。")
                inp = WorkerInput(
                    name=args.name,
                    id_number=args.id_number,
                    team_id=team_id,
                    trade_code=args.trade,
                    mobile=args.mobile,
                    bank_card=args.bank_card,
                    entry_date=args.entry_date,
                )
                done = register_worker(unit, inp, today=today)
                for p in done.warnings:
                    print(f"  提示  {p.message(_lang(args))}")
                print(f"已登记 {args.name}（{'已进场' if args.entry_date else '未进场'}）。")
                return EXIT_OK
            wid = worker_record.find_worker(unit.session, args.worker)
            if args.action in ("entry", "exit"):
                on = args.date or today
                worker_record.move(unit, wid, args.action, on, args.note, today=today)
                print(f"已办理{MOVEMENT_ZH[args.action]}：{on.isoformat()}。")
            elif args.action == "training":
                worker_record.add_training(
                    unit,
                    wid,
                    on_date=args.date or today,
                    hours=args.hours,
                    name=args.name,
                    trainer=args.trainer,
                    today=today,
                )
                print(f"已记录培训“{args.name}”，{args.hours} 学时。")
            else:
                kind = "" if args.type == "none" else args.type
                changed = worker_record.set_agreement(unit, wid, kind, args.start, args.end)
                what = AGREEMENT_TYPES.get(kind, "合同信息")
                print(
                    f"已记录{what}。"
                    if changed and kind
                    else "已清除合同信息。"
                    if changed
                    else "没有变化。"
                )
    return EXIT_OK


def _print_worker(d: Any) -> None:
    gender = {"M": "男", "F": "女"}.get(d.gender, "")
    born = d.birth_date.isoformat() if d.birth_date else "—"
    print(f"{d.name}  {gender}  出生 {born}  工卡号 {d.card_code}")
    print(
        f"  证件号码 {d.id_masked}  手机 {d.mobile_masked or '—'}  工资卡 {d.bank_card_masked or '—'}"
    )
    print(f"  {d.team or '未分班组'} · {d.trade} · {PRESENCE_ZH[d.presence.value]}")
    if d.agreement_type:
        end = d.agreement_end.isoformat() if d.agreement_end else "无固定期限"
        kind = {"contract": "劳动合同", "written": "用工书面协议"}.get(d.agreement_type, "")
        print(f"  {kind}：{d.agreement_start} 至 {end}")
    else:
        print("  尚未记录劳动合同或用工书面协议")
    print(
        "  进退场："
        + (
            "；".join(
                f"{m.on_date} {MOVEMENT_ZH[m.kind]}" + (f"（{m.note}）" if m.note else "")
                for m in d.movements
            )
            or "无"
        )
    )
    print(f"  安全教育培训：共 {len(d.trainings)} 次，{d.training_hours} 学时")
    for t in d.trainings:
        print(
            f"    {t.on_date} {t.name} {t.hours} 学时" + (f"（{t.trainer}）" if t.trainer else "")
        )


def _request_stats(db: Database, month: date, today: date) -> int:
    """月度诉求统计: the figures of the month's intake, in total and by group."""
    from app.domain.requests import CHANNEL_LABELS
    from app.store.request_stats import Group, monthly_stats
    from app.store.request_stats import pct_text as _pct
    from app.store.settings import calendar

    with db.read() as session:
        stats = monthly_stats(session, month, today=today, calendar=calendar(db))
    t = stats.total
    print(f"{stats.month:%Y 年 %m 月}诉求统计（截至 {today}）")
    print(
        f"  受理 {t.received} 件，办结 {t.closed} 件（办结率 {_pct(t.closed_pct)}），"
        f"按时办结 {t.closed_on_time} 件（按时率 {_pct(t.on_time_pct)}），"
        f"不予受理 {t.rejected} 件，在办 {t.open} 件（超期 {t.overdue} 件）"
    )
    grades = "，".join(f"{g} {n}" for g, n in t.satisfaction.items())
    print(f"  回访 {t.called_back} 件，满意率 {_pct(t.satisfaction_pct)}（{grades}）")

    def table(title: str, groups: list[Group], name: Callable[[Group], str]) -> None:
        if not groups:
            return
        print(f"{title}\t受理\t办结\t办结率\t按时率\t满意率\t超期")
        for g in groups:
            f = g.figures
            print(
                f"  {name(g)}\t{f.received}\t{f.closed}\t{_pct(f.closed_pct)}\t"
                f"{_pct(f.on_time_pct)}\t{_pct(f.satisfaction_pct)}\t{f.overdue}"
            )

    def channel(g: Group) -> str:
        return CHANNEL_LABELS[Channel(g.key)] if g.key in set(Channel) else g.key

    table("按类别", stats.by_category, lambda g: g.label)
    table("按渠道", stats.by_channel, channel)
    table("按工区", stats.by_area, lambda g: g.label or "—")
    table("按工点", stats.by_point, lambda g: g.label or "（未填工点）")
    return EXIT_OK


def cmd_request(args: argparse.Namespace) -> int:
    """诉求 at the command line: intake, list with time limits, the timeline, the next step."""
    from app.domain import requests as rq
    from app.store import requests as store
    from app.store import worker_record
    from app.store.models import Request, RequestCategory

    today = args.today if getattr(args, "today", None) else local_today()
    with opened(args) as db:
        if args.action == "list":
            from app.store.request_list import (
                Progress,
                RequestFilter,
                Timing,
                list_requests,
            )
            from app.store.settings import calendar

            f = RequestFilter(
                text=args.text,
                progress=Progress.OPEN if args.open else Progress.ALL,
                stage=rq.Stage(args.stage) if args.stage else None,
                category_code=args.category,
                channel=args.channel,
                month=args.month,
                timing=Timing.OVERDUE
                if args.overdue
                else (Timing.LATE if args.late else Timing.ALL),
            )
            with db.read() as session:
                listed = list_requests(session, f, today=today, calendar=calendar(db))
            marks = {rq.Timeliness.OVERDUE: "  已超期", rq.Timeliness.DUE_SOON: "  即将到期"}
            for row in listed:
                print(
                    f"{row.number}\t{row.received_at.astimezone(DEFAULT_TZ):%m-%d}\t"
                    f"{row.category}\t{rq.STAGE_LABELS[row.stage]}\t时限 {row.due:%m-%d}"
                    f"{marks.get(row.timeliness, '')}\t{row.summary}"
                )
            print(f"共 {len(listed)} 条。")
            return EXIT_OK
        if args.action == "stats":
            return _request_stats(db, args.month or today, today)
        if args.action == "show":
            with db.read() as session:
                found = store.find_request(session, args.request)
                if found is None:
                    raise CliError(f"找不到诉求 {args.request}。")
                r = found
                events = store.events_of(session, r.id)
                state = rq.derive_state(events, request_id=r.id)
                category = (
                    session.scalar(
                        select(RequestCategory.name).where(RequestCategory.code == r.category_code)
                    )
                    or r.category_code
                )
            from app.store.settings import calendar

            due = rq.due_of(r.received_at, r.limit_days, state, calendar(db), DEFAULT_TZ)
            who = "匿名" if r.anonymous else (r.contact_name or "—")
            print(
                f"{r.number}  {rq.STAGE_LABELS[state.stage]}  时限 {due}（{r.limit_days} 个工作日"
                + (f"，延长 {state.extended_days} 日" if state.extended_days else "")
                + "）"
            )
            print(
                f"  {rq.CHANNEL_LABELS[rq.Channel(r.channel)]} · {category} · "
                f"{rq.URGENCY_LABELS[rq.Urgency(r.urgency)]} · 反映人 {who} {r.contact_phone_masked}"
            )
            print(f"  {r.description}")
            for e in sorted(events, key=lambda e: e.order_key):
                mark = "" if e.id in state.applied else "（未生效）"
                extra = "，".join(f"{k}={v}" for k, v in sorted(e.params.items()))
                print(
                    f"  {e.at.astimezone(DEFAULT_TZ):%Y-%m-%d %H:%M} {rq.EVENT_LABELS[e.kind]}{mark}"
                    f" {e.actor}"
                    + (f"：{e.note}" if e.note else "")
                    + (f"（{extra}）" if extra else "")
                )
            return EXIT_OK
        actor = _login(args, db)
        with db.write(actor.username) as unit:
            if args.action == "add":
                worker_id = (
                    worker_record.find_worker(unit.session, args.worker) if args.worker else None
                )
                number_id = store.add_request(
                    unit,
                    store.RequestInput(
                        channel=args.channel,
                        category_code=args.category,
                        description=args.description,
                        urgency=args.urgency,
                        title=args.title,
                        worker_id=worker_id,
                        anonymous=args.anonymous,
                        contact_name=args.contact_name,
                        contact_phone=args.phone,
                        work_point=args.work_point,
                    ),
                    node_tag=db.local_node().tag,
                )
                number = unit.session.get(Request, number_id).number  # type: ignore[union-attr]
                print(f"已登记诉求 {number}。")
                return EXIT_OK
            target = store.find_request(unit.session, args.request)
            if target is None:
                raise CliError(f"找不到诉求 {args.request}。")
            r = target
            params = {
                key: value
                for key, value in (
                    (rq.P_REASON, args.reason),
                    (rq.P_DAYS, args.days),
                    (rq.P_TARGET, _request_id(unit.session, args.target) if args.target else ""),
                    (rq.P_TO, args.to),
                    (rq.P_SATISFACTION, args.satisfaction.upper()),
                    (rq.P_HANDLER_OWNED, args.handler_owned),
                )
                if value
            }
            kind = rq.EventKind(args.kind)
            store.take_step(unit, r.id, kind, note=args.note, params=params, role=actor.role)
            stage = store.state_of(unit.session, r.id).stage
        print(f"已{rq.EVENT_LABELS[kind]}：{r.number} 现为“{rq.STAGE_LABELS[stage]}”。")
    return EXIT_OK


def _qty(text: str) -> Decimal:
    from decimal import InvalidOperation

    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"数量应为数字：{text}") from None
    return value


def _fmt(q: Decimal) -> str:
    from app.store.supplies import fmt_qty

    return fmt_qty(q)


def _amounts(pairs: list[str], what: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for pair in pairs:
        name, sep, qty = pair.partition("=")
        if not sep or not name.strip():
            raise CliError(f"{what}应写成 物资=数量，如 西瓜=2：{pair}")
        try:
            out[name.strip()] = _qty(qty)
        except argparse.ArgumentTypeError as exc:
            raise CliError(str(exc)) from None
    return out


def cmd_stock(args: argparse.Namespace) -> int:
    """物资与库存: items, stock in and out, the end-of-day count."""
    from app.store import supplies

    today = args.date or local_today()
    with opened(args) as db:
        if args.action == "list":
            with db.read() as session:
                items = supplies.stock(session, db.local_node().site_id)
            for i in items:
                spec = f"（{i.spec}）" if i.spec else ""
                print(f"{i.name}{spec}\t库存 {_fmt(i.balance)} {i.unit}")
            print(f"共 {len(items)} 种物资。")
            return EXIT_OK
        actor = _login(args, db)
        with db.write(actor.username) as unit:
            if args.action == "item":
                supplies.add_item(unit, args.name, args.unit, args.spec)
                print(f"已添加物资：{args.name}（{args.unit}）。")
                return EXIT_OK
            item = supplies.find_item(unit.session, args.name)
            if args.action == "count":
                done = supplies.reconcile(unit, item, args.quantity, today, note=args.note)
                diff = done.difference
                said = "账实相符" if not diff else f"差额 {'+' if diff > 0 else ''}{_fmt(diff)}"
                print(
                    f"已盘点 {args.name}：账面 {_fmt(done.on_books)}，实盘 {_fmt(done.counted)}，"
                    f"{said}。"
                )
                return EXIT_OK
            supplies.move_stock(unit, item, args.action, args.quantity, today, note=args.note)
            after = supplies.balance(unit.session, item, unit.journal.site_id)
        words = {"receive": "入库", "loss": "报损", "return": "退回入库"}
        print(f"已{words[args.action]} {args.name} {_fmt(args.quantity)}，现库存 {_fmt(after)}。")
    return EXIT_OK


def cmd_campaign(args: argparse.Namespace) -> int:
    """物资发放活动: create, list, progress, close."""
    from app.store import supplies
    from app.store.models import Team

    with opened(args) as db:
        if args.action == "list":
            with db.read() as session:
                rows = supplies.campaigns(session)
            for c in rows:
                state = "已结束" if c.closed else "进行中"
                print(f"{c.on_date}\t{c.name}\t{c.place}\t{state}")
            print(f"共 {len(rows)} 次发放。")
            return EXIT_OK
        if args.action == "show":
            with db.read() as session:
                p = supplies.progress(session, supplies.find_campaign(session, args.campaign))
            print(f"{p.name}：{p.teams_done}/{len(p.teams)} 个队组已发完")
            for i in p.items:
                print(
                    f"  {i.item}\t应发 {_fmt(i.due)} {i.unit}\t已发 {_fmt(i.handed)}\t"
                    f"待发 {_fmt(i.remaining)}\t库存 {_fmt(i.in_stock)}"
                )
            for t in p.teams:
                heads = f"\t按人 {t.heads_done}/{t.heads}" if t.heads else ""
                team = f"按队 {t.team_items_done}/{t.team_items_due}" if t.team_items_due else ""
                print(f"  {'✓' if t.done else '·'} {t.team}\t{team}{heads}")
            return EXIT_OK
        actor = _login(args, db)
        with db.write(actor.username) as unit:
            session = unit.session
            if args.action == "close":
                campaign = supplies.find_campaign(session, args.campaign)
                supplies.close_campaign(unit, campaign)
                print("发放活动已结束。")
                return EXIT_OK
            per_team = _amounts(args.per_team, "按队发放")
            per_head = _amounts(args.per_head, "按人发放")
            names = list(dict.fromkeys([*per_team, *per_head]))
            items = [
                supplies.Entitlement(
                    supplies.find_item(session, n), per_team.get(n), per_head.get(n)
                )
                for n in names
            ]
            if args.teams.strip() in ("all", "全部"):
                team_ids = list(session.scalars(select(Team.id).where(Team.deleted.is_(False))))
            else:
                refs = [t for t in args.teams.replace("，", ",").split(",") if t.strip()]
                team_ids = [supplies.find_team(session, t) for t in refs]
            request_id = _request_id(session, args.request) if args.request else None
            supplies.create_campaign(
                unit,
                name=args.name,
                on_date=args.date or local_today(),
                items=items,
                team_ids=team_ids,
                reason=args.reason,
                place=args.place,
                request_id=request_id,
            )
        print(f"已创建发放活动“{args.name.strip()}”：{len(team_ids)} 个队组，{len(items)} 种物资。")
    return EXIT_OK


def cmd_handout(args: argparse.Namespace) -> int:
    """发放: to a team, to a worker, or to whoever's card was scanned."""
    from app.store import supplies, worker_record
    from app.store.models import Worker

    with opened(args) as db:
        actor = _login(args, db)
        with db.write(actor.username) as unit:
            session = unit.session
            campaign = supplies.find_campaign(session, args.campaign)
            if args.action == "team":
                team = supplies.find_team(session, args.who)
                lines = supplies.due_for_team(session, campaign, team)
                supplies.hand_out_to_team(
                    unit,
                    campaign,
                    team,
                    receiver_name=args.receiver,
                    override_reason=args.override,
                )
                who = args.who
            else:
                worker = (
                    supplies.worker_by_card(session, args.who).id
                    if args.action == "scan"
                    else worker_record.find_worker(session, args.who)
                )
                lines = supplies.due_for_worker(session, campaign, worker)
                supplies.hand_out_to_worker(unit, campaign, worker, override_reason=args.override)
                found = session.get(Worker, worker)
                who = found.name if found else args.who
        given = "、".join(f"{line.item} {_fmt(line.quantity)} {line.unit}" for line in lines)
        print(f"已发放给 {who}：{given}。")
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    """打印: every paper as a PDF, audited; open it to print."""
    from app.printing import jobs
    from app.store import supplies, worker_record

    today = local_today()
    out = Path(args.out or f"{args.paper}-{today:%Y%m%d}.pdf")
    if out.suffix.lower() != ".pdf":
        raise CliError("输出文件请以 .pdf 结尾。")
    with opened(args) as db:
        actor = _login(args, db)
        paper = args.paper
        if paper == "poster":
            done = jobs.print_poster(db, actor, out, size=args.size)
        elif paper == "leaflet":
            done = jobs.print_leaflet(db, actor, out)
        elif paper == "signoff":
            with db.read() as session:
                campaign = supplies.find_campaign(session, args.campaign)
            done = jobs.print_signoff(db, actor, campaign, out)
        elif paper == "cards":
            from app.store.attachments import AttachmentStore

            paths = Paths(resolve_data_dir(args.data_dir))
            with db.read() as session:
                team = supplies.find_team(session, args.team) if args.team else None
                workers = [worker_record.find_worker(session, w) for w in args.worker] or None
            done = jobs.print_cards(
                db,
                actor,
                out,
                attachments=AttachmentStore(paths.attachments),
                team_id=team,
                worker_ids=workers,
            )
        elif paper == "report":
            done = jobs.print_report(db, actor, args.month or today, out, today=today)
        elif paper == "roster":
            done = jobs.print_roster(db, actor, out, today=today)
        else:
            start = args.start or today
            if args.kind == "handout":
                if not args.campaign:
                    raise CliError("请用 --campaign 指定发放活动。")
                with db.read() as session:
                    campaign = supplies.find_campaign(session, args.campaign)
                done = jobs.print_handout_notice(
                    db, actor, campaign, out, start=start, days=args.days, issuer=args.issuer
                )
            elif args.kind == "requests":
                done = jobs.print_requests_notice(
                    db,
                    actor,
                    args.month or today,
                    out,
                    start=start,
                    days=args.days,
                    issuer=args.issuer,
                )
            else:
                if args.kind == "wage-board":
                    title = args.title or "维权信息告示牌"
                    body = jobs.wage_board_body(
                        builder=args.builder,
                        contractor=args.contractor,
                        labour_company=args.labour_company,
                        labour_officer=args.labour_officer,
                        officer_phone=args.officer_phone,
                        minimum_wage=args.minimum_wage,
                        pay_day=args.pay_day,
                    )
                else:
                    title = args.title
                    body = (
                        Path(args.body_file).read_text(encoding="utf-8")
                        if args.body_file
                        else args.body
                    )
                done = jobs.print_text_notice(
                    db,
                    actor,
                    title,
                    body,
                    out,
                    start=start,
                    days=args.days,
                    issuer=args.issuer,
                    kind="wage_board" if args.kind == "wage-board" else "free",
                )
    print(f"已生成{jobs.PAPER_LABELS[jobs.Paper(done.kind)]}：{done.path}（{done.pages} 页）。")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """导出 Excel: requests, handouts or stock, of one work area or all."""
    from app.store import exports, supplies
    from app.store.models import Site
    from app.store.settings import calendar

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise CliError("导出文件请以 .xlsx 结尾。")
    with opened(args) as db:
        actor = _login(args, db)
        site_id = None
        with db.read() as session:
            if args.site:
                site_id = session.scalar(
                    select(Site.id).where(Site.code == args.site, Site.deleted.is_(False))
                )
                if site_id is None:
                    raise CliError(f"没有代码为 {args.site} 的工区。")
            campaign = (
                supplies.find_campaign(session, args.campaign)
                if getattr(args, "campaign", None)
                else None
            )
        if args.what == "requests":
            done = exports.export_requests(
                db,
                actor,
                out,
                today=local_today(),
                calendar=calendar(db),
                site_id=site_id,
                month=args.month,
            )
        elif args.what == "handouts":
            done = exports.export_handouts(db, actor, out, site_id=site_id, campaign_id=campaign)
        else:
            done = exports.export_stock(db, actor, out, site_id=site_id)
    print(f"已导出 {done.rows} 行到 {out}。")
    return EXIT_OK


def _request_id(session: Any, ref: str) -> str:
    from app.store.requests import find_request

    found = find_request(session, ref)
    if found is None:
        raise CliError(f"找不到诉求 {ref}。")
    return found.id


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 2026-08-26：{text}") from None


def _month(text: str) -> date:
    try:
        return date.fromisoformat(text.strip() + "-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"月份格式应为 2026-08：{text}") from None


def cmd_retention(args: argparse.Namespace) -> int:
    from app.store.attachments import AttachmentStore
    from app.store.retention import LABELS, RecordKind, due, policies, purge

    today = args.today or date.today()
    kinds = [RecordKind(args.kind)] if args.kind else list(RecordKind)
    with opened(args) as db:
        actor = _login(args, db)
        if args.action == "purge":
            require(actor.role, Permission.PURGE)
        for policy in policies(db):
            if policy.kind not in kinds:
                continue
            start = "工程结算日" if policy.kind is RecordKind.WORKER_LEDGER else "办结或发放日"
            extra = ""
            if policy.kind is RecordKind.WORKER_LEDGER and policy.settled_on is None:
                extra = (
                    "（未设置工程结算日期，暂不清理：sitedesk setting set works.settled_on 日期）"
                )
            print(f"{LABELS[policy.kind][0]}：自{start}起保存 {policy.years} 年{extra}")
        found = [d for d in due(db, today, kinds) if not d.erased or args.action == "purge"]
        pending = [d for d in found if not d.erased]
        if not pending:
            print(f"截至 {today.isoformat()}，没有超过保存期限的记录。")
        for d in pending[: None if args.all else 20]:
            print(f"  {LABELS[d.kind][0]}  {d.label}  保存至 {d.until.isoformat()}")
        if len(pending) > 20 and not args.all:
            print(f"  …… 共 {len(pending)} 条（--all 显示全部）")
        if args.action == "list" or not found:
            return EXIT_OK
        if not args.yes:
            raise CliError(
                f"将清除以上 {len(pending)} 条记录中的个人信息（保留删除标记以便同步）。"
                "确认无误后加 --yes 再运行。"
            )
        result = purge(db, actor, today, found, AttachmentStore(_paths(args).attachments))
    print(
        f"已清除 {sum(result.erased.values())} 条记录（含附属的进退场、处理记录和附件），"
        f"从变更日志中抹去 {result.redacted} 条旧内容，删除 {result.files_removed} 个文件。"
    )
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    from app.store import roster

    path = Path(args.file)
    with opened(args) as db:
        actor = _login(args, db)
        if args.action == "export":
            if path.suffix.lower() != ".xlsx":
                raise CliError("花名册导出为 Excel 文件，文件名请以 .xlsx 结尾。")
            done = roster.export_roster(db, actor, path, whole_numbers=args.whole_numbers)
            what = "完整号码" if done.whole_numbers else "号码已打码"
            print(f"已导出 {done.count} 名人员到 {path}（{what}）。")
            return EXIT_OK
        if not path.is_file():
            raise CliError(f"找不到文件：{path}")
        today = date.today()
        checked = roster.preview(db, path, today=today)
        for row in checked.rows:
            for p in row.problems:
                mark = "错误" if p.is_error else "提示"
                print(f"  {mark}  {roster.row_problem(row, p).message(_lang(args))}")
        for team in checked.new_teams:
            print(f"  提示  将新建班组“{team}”。")
        print(
            f"共 {len(checked.rows)} 行：{len(checked.good)} 行可导入，{len(checked.bad)} 行有误。"
        )
        if args.dry_run:
            return EXIT_OK if not checked.bad else EXIT_REFUSED
        done_import = roster.import_rows(db, actor, checked, today=today, skip_bad=args.skip_bad)
    skipped = f"，跳过 {len(done_import.skipped)} 行有误的数据" if done_import.skipped else ""
    print(f"已导入 {len(done_import.ids)} 名人员{skipped}。")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """自检: every part the app needs, and where the data lives; exit 1 if a part is missing."""
    from app.selfcheck import run_checks

    findings = run_checks(_paths(args), window=not args.no_window, lang=_lang(args))
    for f in findings:
        print(f"{'正常' if f.ok else '失败'}  {f.name}：{f.detail}")
    failed = [f.name for f in findings if not f.ok]
    if failed:
        print(f"自检未通过：{'、'.join(failed)}。请重新安装 SiteDesk，或把以上内容发给技术支持。")
        return EXIT_REFUSED
    print("自检通过。")
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
    parser.add_argument(
        "--db-url",
        help=f"数据库地址（同步服务器用 PostgreSQL 时，或环境变量 {ENV_DB_URL}），默认数据目录中的 SQLite",
    )
    parser.add_argument("--lang", choices=("zh", "en"), help="界面与消息语言（默认中文）")
    parser.add_argument(
        "--user", help=f"登录用户名（或环境变量 {ENV_USER}；密码在终端输入或取自 {ENV_PASSWORD}）"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("run", help="启动桌面程序")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("init", help="把本机初始化为某个工区（或项目部）的节点")
    p.add_argument("--site-code", help="工区代码，如 GQ2")
    p.add_argument("--site-name", help="工区名称，如 二工区")
    p.add_argument("--enrol", metavar="注册码文件", help="用总部发放的注册码注册到同步服务器")
    p.add_argument("--name", help="本机名称（注册时报给服务器）")
    p.add_argument("--kind", default="site", choices=("site", "hq"), help="site 工区 / hq 项目部")
    p.add_argument("--tag", default="A", help="本机标识（同一工区多台电脑时各不相同），默认 A")
    p.add_argument("--phone", default="", help="服务电话")
    p.add_argument(
        "--join", metavar="项目文件", help="加入已有项目（由其他节点 project export 导出）"
    )
    p.add_argument("--admin", required=True, help="第一个用户的用户名（站点负责人／项目部管理员）")
    p.add_argument("--admin-name", required=True, help="第一个用户的姓名")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("user", help="用户：add / list / passwd / disable / enable")
    usub = p.add_subparsers(dest="action", required=True, metavar="操作")
    ua = usub.add_parser("add", help="新建用户（需站点负责人或项目部管理员登录）")
    ua.add_argument("username", help="用户名")
    ua.add_argument("--name", required=True, help="姓名")
    ua.add_argument("--role", required=True, choices=("clerk", "manager", "hq_admin"), help="角色")
    ua.set_defaults(func=cmd_user)
    ul = usub.add_parser("list", help="列出用户")
    ul.set_defaults(func=cmd_user)
    up = usub.add_parser("passwd", help="修改自己的密码，或重设他人的密码")
    up.add_argument("username", nargs="?", help="用户名（默认：登录的用户）")
    up.set_defaults(func=cmd_user)
    for name, text in (("disable", "停用用户"), ("enable", "重新启用用户")):
        ud = usub.add_parser(name, help=text)
        ud.add_argument("username", help="用户名")
        ud.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", help="审计日志：谁在何时对什么做了什么（需登录）")
    p.add_argument("--actor", help="只看某个用户")
    p.add_argument("--action", choices=AUDIT_ACTIONS, help="只看某类操作")
    p.add_argument("--limit", type=_positive, default=50, help="最多显示条数（默认 50）")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser(
        "worker",
        help="劳务实名制：add 登记；list 查找；show 查看；entry/exit 进退场；import/export 花名册",
    )
    wsub = p.add_subparsers(dest="action", required=True, metavar="操作")
    wi = wsub.add_parser("import", help="从 Excel（.xlsx/.xls）导入花名册，先逐行检查")
    wi.add_argument("file", help="Excel 文件")
    wi.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    wi.add_argument("--skip-bad", action="store_true", help="跳过有误的行，导入其余各行")
    wi.set_defaults(func=cmd_worker)
    wa = wsub.add_parser("add", help="登记一名新人员（检查同登记表单）")
    wa.add_argument("--name", required=True, help="姓名")
    wa.add_argument("--id-number", required=True, help="证件号码")
    wa.add_argument("--team", help="劳务队/班组名称（须已存在）")
    wa.add_argument("--trade", default="1000", help="工种代码，如 020 钢筋工（默认 1000 其他）")
    wa.add_argument("--mobile", default="", help="手机号码")
    wa.add_argument("--bank-card", default="", help="工资卡号")
    wa.add_argument("--entry-date", type=_day, help="同时办理进场，日期如 2026-08-26")
    wl = wsub.add_parser("list", help="查找人员：姓名、拼音或首字母、证件号或手机后四位、班组")
    wl.add_argument("text", nargs="?", default="", help="查找内容（默认全部）")
    wl.add_argument("--presence", choices=("on_site", "left", "never"), help="在场/已退场/未进场")
    wl.add_argument("--limit", type=_positive, default=50, help="最多显示条数（默认 50）")
    ws_ = wsub.add_parser("show", help="查看一名人员：进退场、培训、合同（号码打码）")
    ws_.add_argument("worker", help="人员：工卡号、证件号后四位或姓名")
    for kind, text in (("entry", "办理进场（退场后可再次进场）"), ("exit", "办理退场")):
        wm = wsub.add_parser(kind, help=text)
        wm.add_argument("worker", help="人员：工卡号、证件号后四位或姓名")
        wm.add_argument("--date", type=_day, help="日期（默认今天）")
        wm.add_argument("--note", default="", help="备注")
    wt = wsub.add_parser("training", help="记录一次安全教育培训")
    wt.add_argument("worker", help="人员：工卡号、证件号后四位或姓名")
    wt.add_argument("--name", required=True, help="培训名称，如 三级安全教育")
    wt.add_argument("--hours", required=True, help="学时，如 8 或 2.5")
    wt.add_argument("--date", type=_day, help="日期（默认今天）")
    wt.add_argument("--trainer", default="", help="授课人")
    wg = wsub.add_parser("agreement", help="记录劳动合同或用工书面协议")
    wg.add_argument("worker", help="人员：工卡号、证件号后四位或姓名")
    wg.add_argument(
        "--type",
        required=True,
        choices=("contract", "written", "none"),
        help="contract 劳动合同；written 用工书面协议；none 清除",
    )
    wg.add_argument("--start", type=_day, help="开始日期")
    wg.add_argument("--end", type=_day, help="结束日期（可空）")
    for sp in (wa, wl, ws_, wt, wg, *[wsub.choices[k] for k in ("entry", "exit")]):
        sp.set_defaults(func=cmd_worker_record)
    we = wsub.add_parser("export", help="导出花名册到 .xlsx（证件号、电话、卡号默认打码）")
    we.add_argument("file", help="保存到的 .xlsx 文件")
    we.add_argument(
        "--whole-numbers", action="store_true", help="导出完整号码（需站点负责人，记入审计）"
    )
    we.set_defaults(func=cmd_worker)

    p = sub.add_parser("request", help="诉求：add 登记；list 列表；show 查看进程；step 办理下一步")
    rsub = p.add_subparsers(dest="action", required=True, metavar="操作")
    ra = rsub.add_parser("add", help="登记一条诉求（电话、窗口、意见箱、夜访、走访）")
    ra.add_argument("--channel", required=True, choices=[c.value for c in Channel], help="反映渠道")
    ra.add_argument("--category", required=True, help="诉求类别，如 wages 工资、living 生活")
    ra.add_argument("--description", required=True, help="诉求内容")
    ra.add_argument("--title", default="", help="标题（可空）")
    ra.add_argument("--urgency", choices=("normal", "urgent"), default="normal", help="紧急程度")
    ra.add_argument("--worker", help="反映人：工卡号、证件号后四位或姓名（不填则为未登记人员）")
    ra.add_argument("--anonymous", action="store_true", help="匿名反映")
    ra.add_argument("--contact-name", default="", help="联系人")
    ra.add_argument("--phone", default="", help="联系电话（加密保存）")
    ra.add_argument("--work-point", default="", help="工点")
    rl = rsub.add_parser("list", help="诉求列表：办理阶段、时限")
    rl.add_argument("--open", action="store_true", help="只看未办结的")
    rl.add_argument("--overdue", action="store_true", help="只看已超期的")
    rl.add_argument("--late", action="store_true", help="只看已超期和即将到期的")
    rl.add_argument("--stage", choices=[s.value for s in Stage], help="只看某一办理阶段")
    rl.add_argument("--category", help="只看某一类别，如 wages")
    rl.add_argument("--channel", choices=[c.value for c in Channel], help="只看某一渠道")
    rl.add_argument("--month", type=_month, help="只看某月受理的，如 2026-08")
    rl.add_argument("--text", default="", help="按编号、内容、联系人或工点查找")
    rl.add_argument("--today", type=_day, help="按此日期判断超期（默认今天）")
    rt = rsub.add_parser("stats", help="月度统计：受理、办结率、按时率、满意率，按类别、渠道、工区")
    rt.add_argument("--month", type=_month, help="统计月份，如 2026-08（默认本月）")
    rt.add_argument("--today", type=_day, help="按此日期判断超期（默认今天）")
    rs = rsub.add_parser("show", help="查看一条诉求及其办理过程")
    rs.add_argument("request", help="诉求编号，如 GQ2-20260826-A001")
    rp = rsub.add_parser("step", help="办理下一步：accept verify handle feedback improve close …")
    rp.add_argument("request", help="诉求编号")
    rp.add_argument("kind", choices=[k.value for k in EventKind], help="步骤")
    rp.add_argument("--note", default="", help="说明")
    rp.add_argument("--reason", default="", help="reject/extend/reopen：理由")
    rp.add_argument("--days", default="", help="extend：延长的工作日数")
    rp.add_argument("--target", default="", help="merge：并入的诉求编号")
    rp.add_argument("--to", default="", help="transfer：移交的部门，或 hq 项目部")
    rp.add_argument("--satisfaction", default="", help="callback：满意度 A/B/C/D")
    rp.add_argument(
        "--handler-owned", default="", help="callback 为 D 时：是否办理方原因 true/false"
    )
    for sp in (ra, rl, rt, rs, rp):
        sp.set_defaults(func=cmd_request)

    p = sub.add_parser(
        "stock", help="物资与库存：list 库存；item 新物资；receive/loss/return 出入库；count 盘点"
    )
    ssub = p.add_subparsers(dest="action", required=True, metavar="操作")
    ssub.add_parser("list", help="各物资的当前库存（按出入库记录计算）")
    si = ssub.add_parser("item", help="添加一种物资")
    si.add_argument("name", help="物资名称，如 西瓜")
    si.add_argument("--unit", required=True, help="单位，如 个、千克、箱")
    si.add_argument("--spec", default="", help="规格（可空）")
    for action, text in (
        ("receive", "入库"),
        ("loss", "报损（须注明原因）"),
        ("return", "退回入库"),
        ("count", "盘点：录入实盘数量，记录差额"),
    ):
        sm = ssub.add_parser(action, help=text)
        sm.add_argument("name", help="物资名称")
        sm.add_argument("quantity", type=_qty, help="数量" if action != "count" else "实盘数量")
        sm.add_argument("--note", default="", help="说明")
    for sp in ssub.choices.values():
        sp.set_defaults(func=cmd_stock)
        sp.add_argument("--date", type=_day, help="日期（默认今天）")

    p = sub.add_parser("campaign", help="物资发放活动：add 新建；list 列表；show 进度；close 结束")
    csub = p.add_subparsers(dest="action", required=True, metavar="操作")
    csub.add_parser("list", help="发放活动列表")
    cs = csub.add_parser("show", help="发放进度：各队组已发/应发，各物资待发与库存")
    cs.add_argument("campaign", help="活动名称")
    cc = csub.add_parser("close", help="结束发放（之后不能再发）")
    cc.add_argument("campaign", help="活动名称")
    ca = csub.add_parser("add", help="新建发放活动")
    ca.add_argument("--name", required=True, help="名称，如 防暑降温")
    ca.add_argument("--date", type=_day, help="发放日期（默认今天）")
    ca.add_argument("--place", default="", help="发放地点")
    ca.add_argument("--reason", default="", help="发放事由")
    ca.add_argument("--teams", required=True, help="发放对象：all 全部队组，或以逗号分隔的队组名称")
    ca.add_argument("--per-team", action="append", default=[], help="按队发放：物资=数量，可多次")
    ca.add_argument("--per-head", action="append", default=[], help="按人发放：物资=数量，可多次")
    ca.add_argument("--request", help="由哪条诉求引起（诉求编号）")
    for sp in csub.choices.values():
        sp.set_defaults(func=cmd_campaign)

    p = sub.add_parser("handout", help="发放：team 按队；worker 按人；scan 扫工卡")
    hsub = p.add_subparsers(dest="action", required=True, metavar="操作")
    for action, text, who in (
        ("team", "给一个队组发放其按队物资", "队组名称"),
        ("worker", "给一名工人发放其按人物资", "工卡号、证件号后四位或姓名"),
        ("scan", "按扫描到的工卡码发放", "工卡二维码内容"),
    ):
        hp = hsub.add_parser(action, help=text)
        hp.add_argument("campaign", help="发放活动名称")
        hp.add_argument("who", help=who)
        hp.add_argument("--override", default="", help="已领过仍需再次发放时，填写原因")
        if action == "team":
            hp.add_argument("--receiver", default="", help="领取人姓名")
        hp.set_defaults(func=cmd_handout)

    p = sub.add_parser(
        "print",
        help="打印：poster 海报；leaflet 折页；notice 公示；signoff 签收表；cards 工卡；report 月报；roster 花名册",
    )
    psub = p.add_subparsers(dest="paper", required=True, metavar="纸样")
    pp = psub.add_parser("poster", help="扫码反映诉求海报")
    pp.add_argument("--size", choices=("A4", "A3"), default="A4", help="纸张")
    psub.add_parser("leaflet", help="服务折页（A4 三折，二维码在背面）")
    pn = psub.add_parser(
        "notice", help="公示：handout 发放结果；requests 诉求办理；text 自拟；wage-board 维权告示牌"
    )
    pn.add_argument("--kind", choices=("handout", "requests", "text", "wage-board"), required=True)
    pn.add_argument("--campaign", help="handout：发放活动名称")
    pn.add_argument("--month", type=_month, help="requests：月份，如 2026-08（默认本月）")
    pn.add_argument("--title", default="", help="text：标题")
    pn.add_argument("--body", default="", help="text：正文")
    pn.add_argument("--body-file", help="text：正文所在的文本文件（UTF-8）")
    pn.add_argument("--start", type=_day, help="公示开始日期（默认今天）")
    pn.add_argument("--days", type=int, default=5, help="公示期（工作日，默认 5）")
    pn.add_argument("--issuer", help="发布单位（默认本工区名称）")
    for name, text in (
        ("builder", "建设单位"),
        ("contractor", "施工总承包单位"),
        ("labour-company", "劳务企业"),
        ("labour-officer", "劳资专管员"),
        ("officer-phone", "劳资专管员电话"),
        ("minimum-wage", "当地最低工资标准"),
        ("pay-day", "每月工资支付日"),
    ):
        pn.add_argument(f"--{name}", default="", help=f"wage-board：{text}")
    ps = psub.add_parser("signoff", help="发放签收表（按队组分页）")
    ps.add_argument("campaign", help="发放活动名称")
    pc = psub.add_parser("cards", help="工卡（每张 A4 八张，带裁切线）")
    pc.add_argument("--team", help="只印某个队组的在场人员")
    pc.add_argument("--worker", action="append", default=[], help="只印这些人（可多次）")
    pr = psub.add_parser("report", help="诉求办理情况月报")
    pr.add_argument("--month", type=_month, help="月份，如 2026-08（默认本月）")
    psub.add_parser("roster", help="花名册（号码打码）")
    for sp in psub.choices.values():
        sp.add_argument("--out", help="输出的 PDF 文件（默认按纸样和日期命名）")
        sp.set_defaults(func=cmd_print)

    p = sub.add_parser("export", help="导出 Excel：requests 诉求；handouts 发放记录；stock 库存")
    esub = p.add_subparsers(dest="what", required=True, metavar="内容")
    for what, text in (
        ("requests", "诉求台账"),
        ("handouts", "物资发放记录"),
        ("stock", "库存与出入库明细"),
    ):
        ep = esub.add_parser(what, help=text)
        ep.add_argument("--out", required=True, help="输出的 .xlsx 文件")
        ep.add_argument("--site", help="只导出某个工区（工区代码，如 GQ2）；默认全部")
        if what == "requests":
            ep.add_argument("--month", type=_month, help="只导出某月受理的，如 2026-08")
        if what == "handouts":
            ep.add_argument("--campaign", help="只导出某次发放活动")
        ep.set_defaults(func=cmd_export)

    p = sub.add_parser("setting", help="本机设置：list 查看；set 键 值 修改（需站点负责人）")
    ssub = p.add_subparsers(dest="action", required=True, metavar="操作")
    ssub.add_parser("list", help="列出设置及当前值").set_defaults(func=cmd_setting)
    ss = ssub.add_parser("set", help="修改一项设置")
    ss.add_argument("key", help="设置名，如 retention.requests")
    ss.add_argument("value", help="新值：年数、日期（2026-08-26）或 是/否")
    ss.set_defaults(func=cmd_setting)

    p = sub.add_parser("retention", help="保存期限：list 列出超期记录；purge 清除（需站点负责人）")
    p.add_argument("action", choices=("list", "purge"), help="list 或 purge")
    p.add_argument("--kind", choices=("worker_ledger", "requests", "handouts"), help="只看某类记录")
    p.add_argument("--today", type=_day, help="按此日期计算（默认今天）")
    p.add_argument("--all", action="store_true", help="列出全部超期记录")
    p.add_argument("--yes", action="store_true", help="purge：确认清除")
    p.set_defaults(func=cmd_retention)

    p = sub.add_parser("project", help="项目密钥")
    psub = p.add_subparsers(dest="action", required=True, metavar="操作")
    pe = psub.add_parser("export", help="导出项目文件，供其他电脑 init --join 加入")
    pe.add_argument("file", help="保存到的文件")
    pe.set_defaults(func=cmd_project_export)

    p = sub.add_parser("sync", help="同步：sync --folder 路径；sync status 查看状态")
    p.add_argument(
        "action", nargs="?", default="run", choices=("run", "status"), help="run（默认）或 status"
    )
    p.add_argument("--folder", help="同步文件夹（共享目录、U盘、云盘目录）")
    p.add_argument("--json", action="store_true", help="status 以 JSON 输出")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("site", help="工区：add 添加（项目部）；list 列出")
    ssub = p.add_subparsers(dest="action", required=True, metavar="操作")
    sa = ssub.add_parser("add", help="添加工区（需项目部管理员）")
    sa.add_argument("code", help="工区代码，如 GQ5")
    sa.add_argument("name", help="工区名称")
    sa.add_argument("--phone", default="", help="服务电话")
    ssub.add_parser("list", help="列出工区")
    p.set_defaults(func=cmd_site)

    p = sub.add_parser("enrol", help="同步服务器的注册码：create 生成；list 列出；revoke 吊销")
    esub = p.add_subparsers(dest="action", required=True, metavar="操作")
    ec = esub.add_parser(
        "create", help="为工区的一台新电脑生成一次性注册码（文件和可打印的二维码）"
    )
    ec.add_argument("site", help="工区代码")
    ec.add_argument("--server", help="本服务器对外地址（默认取设置 form.base_url）")
    ec.add_argument("--kind", default="site", choices=("site", "hq"), help="site 工区 / hq 项目部")
    ec.add_argument("--out", help="注册码文件（默认 <工区>-<标识>.sdenrol），旁边另存 PDF")
    esub.add_parser("list", help="列出注册码（只显示其摘要）")
    er = esub.add_parser("revoke", help="吊销一个尚未使用的注册码")
    er.add_argument("token", help="注册码文件中的 token")
    p.set_defaults(func=cmd_enrol)

    p = sub.add_parser("nodes", help="同步服务器：各电脑的同步状况；revoke 吊销一台电脑")
    p.add_argument("action", nargs="?", default="list", choices=("list", "revoke"))
    p.add_argument("node", nargs="?", default="", help="revoke 时：节点编号")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_nodes)

    p = sub.add_parser("serve", help="运行同步服务器（HTTP 同步、注册、扫码反映表单）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，由反向代理转发）")
    p.add_argument("--port", type=int, default=8080, help="端口（默认 8080）")
    p.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="信任其 X-Forwarded-For 的代理地址（默认 127.0.0.1）",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="服务进程数（默认 1；可设为 CPU 核数，共用同一数据库，仅限 Linux 等系统）",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("conflicts", help="需要人工处理的冲突")
    csub = p.add_subparsers(dest="action", required=True, metavar="操作")
    cl = csub.add_parser("list", help="列出冲突")
    cl.add_argument("--all", action="store_true", help="包括已处理的")
    cl.set_defaults(func=cmd_conflicts)
    cr = csub.add_parser("resolve", help="处理冲突")
    cr.add_argument("id", help="冲突编号（前几位即可）")
    cr.add_argument(
        "resolution",
        choices=("keep", "both", "accept", "return"),
        help="keep 保留一条（--keep 记录）/ both 确为不同人 / accept 两次发放均有效 / return 多发的已退回",
    )
    cr.add_argument("--keep", help="要保留的记录编号")
    cr.add_argument("--note", default="", help="处理说明")
    cr.set_defaults(func=cmd_conflicts)

    p = sub.add_parser(
        "dashboard", help="项目部看板：各工区诉求、超期、满意率、在场人数、发放、库存、同步"
    )
    p.add_argument("--site", help="只看一个工区（代码，如 GQ2），含各办理阶段")
    p.add_argument("--today", type=_day, help="按此日期判断超期与本月（默认今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_dashboard)

    p = sub.add_parser("duplicates", help="在多个工区登记的同一人员（按证件号指纹）")
    p.add_argument("--site", help="只看涉及某工区的（代码，如 GQ2）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_duplicates)

    p = sub.add_parser("demo", help="在空的数据目录中生成演示工区数据")
    p.add_argument("--workers", type=_positive, help="工人数（默认 320；项目部演示为每个工区 150）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子")
    p.add_argument(
        "--hq", action="store_true", help="生成项目部：几个演示工区的电脑经文件夹同步到本机"
    )
    p.add_argument("--sites", type=_positive, default=4, help="项目部演示的工区数（最多 6）")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="显示本机节点、数据库版本、各类记录数和变更日志")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("check", help="自检：程序是否完整（字体、翻译、打印、界面……）、数据在哪里")
    p.add_argument(
        "--no-window", action="store_true", help="不检查界面和摄像头（无显示器的服务器）"
    )
    p.set_defaults(func=cmd_check)
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
    if args.command == "init" and not args.enrol and not (args.site_code and args.site_name):
        parser.error("init 需要 --site-code 和 --site-name（或用 --enrol 注册码文件注册）")
    func: Callable[[argparse.Namespace], int] = args.func
    lang = _lang(args)
    prefix = "Error: " if lang == "en" else "错误："
    try:
        return func(args)
    except (DomainError, BundleError) as exc:
        print(prefix + exc.message(lang), file=sys.stderr)
    except (
        CliError,
        NoLocalNodeError,
        SchemaError,
        FolderError,
        SyncKeyError,
        VaultLockedError,
    ) as exc:
        print(prefix + str(exc), file=sys.stderr)
    except OSError as exc:  # a folder or file the system refuses (in use, read-only, full)
        print(
            prefix + f"文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）", file=sys.stderr
        )
    except RejectedValueError as exc:
        print(prefix + f"数据无效：{exc}", file=sys.stderr)
    except OperationalError as exc:
        locked = "locked" in str(exc.orig)
        text = "数据库正被其他程序占用，请稍后再试。" if locked else f"数据库无法使用：{exc.orig}"
        print(prefix + text, file=sys.stderr)
    except DatabaseError as exc:
        print(prefix + f"这不是 SiteDesk 数据库，或数据库文件已损坏：{exc.orig}", file=sys.stderr)
    return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
