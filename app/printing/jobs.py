"""Printing as a service: gather what a paper needs, write the PDF, and leave the audit entry.

Every function here is what the CLI (``sitedesk print …``) and the 公示与打印 page call. Each
writes an audit entry ``print`` naming the paper (papers with personal data — cards, sign-off
sheets, rosters, notices — are exactly what an auditor asks about). A notice is also kept as a
Notice record, so the site's list of notices is the list of what was put on the wall.
Personal numbers are printed masked, always: no paper here takes a whole ID or phone number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import DEFAULT_TZ
from app.domain.codes import TRADES, label
from app.domain.problems import DomainError, Problem, register_messages
from app.domain.requests import (
    CHANNEL_LABELS,
    SATISFACTION_LABELS,
    STAGE_LABELS,
    Channel,
    Stage,
    Timeliness,
)
from app.domain.workdays import add_working_days, is_working_day, next_working_day
from app.printing import cards as card_paper
from app.printing import notices, posters, reports, signoff
from app.printing.base import Printed
from app.store import settings as site_settings
from app.store.attachments import AttachmentStore
from app.store.audit import record
from app.store.database import Database
from app.store.models import (
    Attachment,
    Handout,
    HandoutCampaign,
    Notice,
    Site,
    SupplyItem,
    Team,
    Worker,
)
from app.store.request_list import Progress, RequestFilter, list_requests
from app.store.request_stats import monthly_stats, trend
from app.store.supplies import fmt_qty
from app.store.users import Actor
from app.store.worker_list import Presence, WorkerFilter, count, on_site_condition, page

register_messages(
    {
        "print.no_form_url": (
            "尚未设置诉求表单网址：请站点负责人在“设置”中填写“诉求表单网址”"
            "（项目部服务器地址），二维码才能指向表单。",
            "The request form's address is not set: a site manager sets it in Settings, so the "
            "QR can point to the form.",
        ),
        "print.no_campaign": ("找不到发放活动“{ref}”。", "Handout campaign {ref} not found."),
        "print.notice_text": (
            "公示须有标题和正文。",
            "A notice needs a title and a body.",
        ),
        "print.notice_days": (
            "公示期须为 1 至 30 个工作日。",
            "The notice period must be 1 to 30 working days.",
        ),
    }
)


class Paper(StrEnum):
    POSTER = "poster"
    LEAFLET = "leaflet"
    NOTICE = "notice"
    SIGNOFF = "signoff"
    CARDS = "cards"
    REPORT = "report"
    ROSTER = "roster"


PAPER_LABELS = {
    Paper.POSTER: "扫码海报",
    Paper.LEAFLET: "服务折页",
    Paper.NOTICE: "公示",
    Paper.SIGNOFF: "签收表",
    Paper.CARDS: "工卡",
    Paper.REPORT: "诉求月报",
    Paper.ROSTER: "花名册",
}


def _site(session: Session, db: Database) -> Site:
    site = session.get(Site, db.local_node().site_id)
    assert site is not None, "a node always has its site"
    return site


def _audit(db: Database, actor: Actor, paper: Paper, row_id: str, detail: str) -> None:
    with db.write(actor.username) as unit:
        record(unit, actor.username, "print", paper.value, row_id, detail)


def desk_info(db: Database) -> posters.DeskInfo:
    base = site_settings.get(db, "form.base_url")
    if not base:
        raise DomainError(Problem("print.no_form_url"))
    with db.read() as session:
        site = _site(session, db)
        return posters.DeskInfo(
            site_code=site.code,
            site_name=site.name,
            form_url=posters.form_url(base, site.code),
            service_phone=site.service_phone,
            counter_location=site.counter_location,
            counter_hours=site.counter_hours,
        )


def print_poster(db: Database, actor: Actor, out: Path, *, size: str = "A4") -> Printed:
    info = desk_info(db)
    pages = posters.poster(info, out, size=size)
    _audit(db, actor, Paper.POSTER, "", f"{size.upper()} {info.form_url}")
    return Printed(out, pages, Paper.POSTER)


def print_leaflet(db: Database, actor: Actor, out: Path) -> Printed:
    info = desk_info(db)
    pages = posters.leaflet(info, out)
    _audit(db, actor, Paper.LEAFLET, "", info.form_url)
    return Printed(out, pages, Paper.LEAFLET)


def print_signoff(db: Database, actor: Actor, campaign_id: str, out: Path) -> Printed:
    with db.read() as session:
        if session.get(HandoutCampaign, campaign_id) is None:
            raise DomainError(Problem("print.no_campaign", params={"ref": campaign_id}))
        data = signoff.gather(session, campaign_id)
    pages = signoff.render(data, out)
    rows = sum(len(t.lines) for t in data.teams)
    _audit(db, actor, Paper.SIGNOFF, campaign_id, f"{data.campaign}：{rows} 行")
    return Printed(out, pages, Paper.SIGNOFF)


def print_cards(
    db: Database,
    actor: Actor,
    out: Path,
    *,
    attachments: AttachmentStore | None = None,
    team_id: str | None = None,
    worker_ids: Sequence[str] | None = None,
) -> Printed:
    """Cards of the chosen workers; by default every worker on site (of a team, if given)."""
    with db.read() as session:
        site = _site(session, db)
        query = (
            select(Worker, Team.name, Attachment.sha256)
            .outerjoin(Team, Team.id == Worker.team_id)
            .outerjoin(Attachment, Attachment.id == Worker.photo_id)
            .where(Worker.deleted.is_(False))
            .order_by(Team.name, Worker.name_pinyin)
        )
        if worker_ids is not None:
            query = query.where(Worker.id.in_(list(worker_ids)))
        else:
            query = query.where(on_site_condition())
            if team_id is not None:
                query = query.where(Worker.team_id == team_id)
        found = [
            card_paper.Card(
                name=w.name,
                team=team or "",
                trade=label(TRADES, w.trade_code),
                id_masked=w.id_masked,
                card_code=w.card_code,
                photo=attachments.get(sha) if attachments is not None and sha else None,
            )
            for w, team, sha in session.execute(query)
        ]
        site_code, site_name = site.code, site.name
    pages = card_paper.render(found, site_code, site_name, out)
    _audit(db, actor, Paper.CARDS, team_id or "", f"{len(found)} 张")
    return Printed(out, pages, Paper.CARDS)


def print_report(db: Database, actor: Actor, month: date, out: Path, *, today: date) -> Printed:
    calendar = site_settings.calendar(db)
    with db.read() as session:
        site = _site(session, db)
        stats = monthly_stats(session, month, today=today, calendar=calendar)
        months = trend(session, month, 6, today=today, calendar=calendar)
        data = reports.ReportData(
            site.code,
            site.name,
            today,
            stats,
            months,
            {c.value: text for c, text in CHANNEL_LABELS.items()},
        )
    pages = reports.render_report(data, out)
    _audit(db, actor, Paper.REPORT, "", f"{month:%Y-%m}")
    return Printed(out, pages, Paper.REPORT)


def print_roster(db: Database, actor: Actor, out: Path, *, today: date) -> Printed:
    f = WorkerFilter(presence=Presence.ALL)
    presence = {Presence.ON_SITE: "在场", Presence.LEFT: "已退场", Presence.NEVER: "未进场"}
    with db.read() as session:
        site = _site(session, db)
        workers = page(session, f, 0, max(count(session, f), 1))
        rows = [
            [
                w.name,
                w.gender,
                f"{w.birth_date:%Y-%m-%d}" if w.birth_date else "",
                w.team,
                label(TRADES, w.trade_code),
                w.id_masked,
                w.mobile_masked,
                presence.get(w.presence, ""),
            ]
            for w in workers
        ]
        site_code, site_name = site.code, site.name
    pages = reports.render_roster(site_code, site_name, rows, out, as_of=today)
    _audit(db, actor, Paper.ROSTER, "", f"{len(rows)} 人")
    return Printed(out, pages, Paper.ROSTER)


# --------------------------------------------------------------------------- notices


def notice_period(db: Database, start: date, days: int) -> tuple[date, date]:
    """The first and last day of ``days`` working days beginning on ``start`` (or the next
    working day, when ``start`` is not one)."""
    if not 1 <= days <= 30:
        raise DomainError(Problem("print.notice_days", field="days"))
    cal = site_settings.calendar(db)
    first = start
    if not is_working_day(first, cal.holidays, cal.workdays_extra):
        first = next_working_day(first, cal.holidays, cal.workdays_extra)
    return first, add_working_days(first, days - 1, cal.holidays, cal.workdays_extra)


def _notice(
    db: Database,
    actor: Actor,
    out: Path,
    *,
    kind: str,
    title: str,
    body: str,
    tables: list[notices.NoticeTable],
    start: date,
    days: int,
    issuer: str | None,
    campaign_id: str | None = None,
) -> Printed:
    if not title.strip() or not body.strip():
        raise DomainError(Problem("print.notice_text"))
    first, last = notice_period(db, start, days)
    with db.read() as session:
        site = _site(session, db)
        site_code, who, phone = site.code, issuer or site.name, site.service_phone
    objection = f"如有异议，请于公示期内向{who}反映" + (f"（电话 {phone}）" if phone else "") + "。"
    data = notices.NoticeData(
        site_code=site_code,
        title=title.strip(),
        body=body.strip(),
        period_from=first,
        period_to=last,
        period_days=days,
        objection=objection,
        issuer=who,
        issued_on=start,
        tables=tables,
        periodic=kind != "wage_board",
    )
    pages = notices.render(data, out)
    with db.write(actor.username) as unit:
        notice_id = unit.journal.insert(
            Notice,
            {
                "kind": kind,
                "title": data.title,
                "body": data.body,
                "period_from": first if data.periodic else None,
                "period_to": last if data.periodic else None,
                "issuer": who,
                "issued_on": start,
                "campaign_id": campaign_id,
            },
        )
        record(unit, actor.username, "print", Paper.NOTICE.value, notice_id, data.title)
    return Printed(out, pages, Paper.NOTICE)


def print_handout_notice(
    db: Database,
    actor: Actor,
    campaign_id: str,
    out: Path,
    *,
    start: date,
    days: int = 5,
    issuer: str | None = None,
) -> Printed:
    """The results of a handout: what each team took, and who took what per head."""
    with db.read() as session:
        c = session.get(HandoutCampaign, campaign_id)
        if c is None:
            raise DomainError(Problem("print.no_campaign", params={"ref": campaign_id}))
        rows = session.execute(
            select(
                Handout, SupplyItem.name, SupplyItem.unit, Team.name, Worker.name, Worker.id_masked
            )
            .join(SupplyItem, SupplyItem.id == Handout.item_id)
            .outerjoin(Team, Team.id == Handout.team_id)
            .outerjoin(Worker, Worker.id == Handout.worker_id)
            .where(Handout.campaign_id == campaign_id, Handout.deleted.is_(False))
            .order_by(Team.name, Worker.name_pinyin)
        ).all()
        name, reason, on_date = c.name, c.reason, c.on_date
    teams: dict[str, dict[tuple[str, str], Decimal]] = {}
    receivers: dict[str, str] = {}
    heads: dict[tuple[str, str, str], dict[tuple[str, str], Decimal]] = {}
    for h, item, unit_name, team, worker, masked in rows:
        key = (item, unit_name)
        if h.worker_id is None:
            got = teams.setdefault(team or "", {})
            receivers.setdefault(team or "", h.receiver_name)
        else:
            got = heads.setdefault((worker or "", team or "", masked or ""), {})
        got[key] = got.get(key, Decimal(0)) + Decimal(h.quantity)

    def items(got: dict[tuple[str, str], Decimal]) -> str:
        return "、".join(f"{i} {fmt_qty(q)} {u}" for (i, u), q in got.items())

    tables = []
    if teams:
        tables.append(
            notices.NoticeTable(
                ["劳务队/班组", "领取物资", "领取人"],
                [[t, items(g), receivers.get(t, "") or "—"] for t, g in teams.items()],
                [50, 80, 40],
                "一、按队组发放",
            )
        )
    if heads:
        tables.append(
            notices.NoticeTable(
                ["序号", "姓名", "劳务队/班组", "证件号码", "领取物资"],
                [
                    [str(n), w, t, m, items(g)]
                    for n, ((w, t, m), g) in enumerate(heads.items(), start=1)
                ],
                [12, 26, 40, 44, 48],
                "二、按人发放",
            )
        )
    body = (
        f"为保障一线工友权益，项目于{on_date:%Y年%m月%d日}开展“{name}”"
        + (f"（{reason}）" if reason else "")
        + "，现将发放情况予以公示，接受广大工友监督。"
    )
    what = name if name.endswith("发放") else f"{name}发放"
    return _notice(
        db,
        actor,
        out,
        kind="handout",
        title=f"关于{what}情况的公示",
        body=body,
        tables=tables,
        start=start,
        days=days,
        issuer=issuer,
        campaign_id=campaign_id,
    )


def print_requests_notice(
    db: Database,
    actor: Actor,
    month: date,
    out: Path,
    *,
    start: date,
    days: int = 5,
    issuer: str | None = None,
) -> Printed:
    """The requests of a month that were handled — anonymised: no names, no free text."""
    calendar = site_settings.calendar(db)
    with db.read() as session:
        rows = list_requests(
            session,
            RequestFilter(month=month, progress=Progress.ENDED),
            today=start,
            calendar=calendar,
        )
    rows.sort(key=lambda r: r.received_at)
    on_time = {Timeliness.CLOSED_ON_TIME: "是", Timeliness.CLOSED_LATE: "否"}
    table = notices.NoticeTable(
        ["编号", "受理日期", "类别", "渠道", "办理结果", "办结日期", "按时", "回访满意度"],
        [
            [
                r.number,
                f"{r.received_at.astimezone(DEFAULT_TZ):%m-%d}",
                r.category,
                CHANNEL_LABELS.get(Channel(r.channel), r.channel)
                if r.channel in set(Channel)
                else r.channel,
                STAGE_LABELS[r.stage],
                f"{r.state.closed_at.astimezone(DEFAULT_TZ):%m-%d}"
                if r.stage is Stage.CLOSED and r.state.closed_at
                else "—",
                on_time.get(r.timeliness, "—"),
                SATISFACTION_LABELS.get(r.satisfaction or "", "—"),
            ]
            for r in rows
        ],
        [36, 16, 20, 18, 20, 16, 12, 22],
    )
    closed = sum(r.stage is Stage.CLOSED for r in rows)
    body = (
        f"{month:%Y年%m月}受理的工友诉求中，已办结 {closed} 件，不予受理或合并 "
        f"{len(rows) - closed} 件。为保护反映人，公示不含姓名和诉求原文，现将办理情况公示如下。"
    )
    return _notice(
        db,
        actor,
        out,
        kind="requests",
        title=f"关于{month:%Y年%m月}工友诉求办理情况的公示",
        body=body,
        tables=[table] if rows else [],
        start=start,
        days=days,
        issuer=issuer,
    )


def print_text_notice(
    db: Database,
    actor: Actor,
    title: str,
    body: str,
    out: Path,
    *,
    start: date,
    days: int = 5,
    issuer: str | None = None,
    kind: str = "free",
) -> Printed:
    """A notice of free text: rules, the wage-rights board, anything the project posts."""
    heading = title.strip()
    if heading and not heading.startswith("关于") and kind == "free":
        heading = f"关于{heading}的公示"
    return _notice(
        db,
        actor,
        out,
        kind=kind,
        title=heading,
        body=body,
        tables=[],
        start=start,
        days=days,
        issuer=issuer,
    )


def wage_board_body(
    *,
    builder: str = "",
    contractor: str = "",
    labour_company: str = "",
    labour_officer: str = "",
    officer_phone: str = "",
    minimum_wage: str = "",
    pay_day: str = "",
) -> str:
    """维权信息告示牌 (保障农民工工资支付条例 第三十四条): blanks left for a pen where unknown."""
    blank = "________"
    return "\n".join(
        [
            f"建设单位：{builder or blank}；施工总承包单位：{contractor or blank}；"
            f"劳务企业：{labour_company or blank}。",
            f"劳资专管员：{labour_officer or blank}，联系电话：{officer_phone or blank}。",
            f"当地最低工资标准：{minimum_wage or blank}；工资支付日：每月 {pay_day or blank} 日。",
            "工资拖欠举报投诉电话：12333（劳动保障监察）；公共法律服务热线：12348。",
            "劳动争议可向当地劳动人事争议仲裁委员会申请仲裁，或向法律援助机构申请法律援助。",
        ]
    )
