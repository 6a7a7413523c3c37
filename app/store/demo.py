"""A realistic demo site: 17 labour teams, 300+ workers, requests in every stage, heat relief.

Everything is written through the same services a clerk uses, so the demo exercises the
journal exactly as real work does. The data is made from a seeded random generator: the same
seed gives the same people (ids and clock stamps differ).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from stdnum import luhn
from stdnum.cn import ric, uscc

from app.config import DEFAULT_TZ, local_today
from app.domain.codes import TRADES
from app.domain.requests import Channel, EventKind, Urgency, callback_params
from app.store.database import Database, WriteUnit
from app.store.models import SHARED_SITE, LabourCompany, Notice, Request, Team, Training, Worker
from app.store.requests import RequestInput, add_request, take_step
from app.store.sealing import seal
from app.store.sites import FirstUser, init_node
from app.store.supplies import (
    Entitlement,
    add_item,
    create_campaign,
    hand_out_to_team,
    hand_out_to_worker,
    move_stock,
)
from app.store.worker_list import on_site_condition
from app.store.workers import WorkerInput, record_movement, register_workers

DEMO_AUTHOR = "demo"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
)
GIVEN = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清"
    "飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚"
    "庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树"
    "炎德行时泰盛秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱"
)
# Counties of origin common among railway workers in the south-west (all in stdnum's table).
REGIONS = (
    "500101",
    "500102",
    "500110",
    "500228",
    "500230",
    "500233",
    "500235",
    "500236",
    "500238",
    "510107",
    "510122",
    "510321",
    "510525",
    "511321",
    "511623",
    "512021",
    "520102",
    "522121",
    "522425",
    "522601",
    "430102",
    "431021",
    "360426",
    "421022",
    "410522",
)
TEAM_NAMES = (
    "隧道一队",
    "隧道二队",
    "隧道三队",
    "隧道四队",
    "隧道五队",
    "隧道六队",
    "桥梁一队",
    "桥梁二队",
    "桥梁三队",
    "路基一队",
    "路基二队",
    "钢筋加工班",
    "混凝土拌和站",
    "喷浆班组",
    "电工班",
    "测量班",
    "综合后勤队",
)
WORK_POINTS = (
    "余家梁隧道1号横洞",
    "余家梁隧道2号横洞",
    "余家梁隧道出口",
    "龙凤溪特大桥",
    "康家湾中桥",
    "路基DK112+300",
    "钢筋加工场",
    "1号拌和站",
    "项目驻地",
)
PROVINCES = ("重庆市", "四川省", "贵州省", "湖南省")
COMPANIES = (
    "重庆渝通劳务有限公司",
    "四川蜀岭建筑劳务有限公司",
    "贵州黔程劳务服务有限公司",
    "湖南潇湘隧道劳务有限公司",
)
REQUESTS = (
    ("living", "天气太热，隧道口休息区需要防暑降温物品，能否送些绿豆和西瓜？"),
    ("wages", "上个月的加班工资还没有发，请帮忙核实一下考勤。"),
    ("living", "宿舍热水器坏了三天，晚上洗澡没有热水。"),
    ("safety", "2号横洞通风机声音异常，担心出故障，请安排检查。"),
    ("health", "工友中暑后头晕，想问项目部有没有配备常用药品。"),
    ("training", "想参加电焊工证培训，请问怎么报名？"),
    ("legal", "老乡在别的工地受伤，想咨询工伤认定怎么办理。"),
    ("living", "食堂晚饭太早，夜班工友下班后没饭吃。"),
    ("psych", "家里老人生病，心里很着急，想找人聊聊。"),
    ("wages", "工资卡绑定的银行卡号写错了，需要更改。"),
    ("other", "建议在工区设一个快递代收点。"),
    ("safety", "便道K3处有落石，夜间通行危险。"),
    ("living", "希望社区超市增加一些日用品和方便食品。"),
    ("training", "建议组织一次消防器材使用培训。"),
    ("other", "职工读书角想增加一些技能方面的书。"),
)


@dataclass(frozen=True)
class DemoResult:
    teams: int
    workers: int
    requests: int
    campaigns: int


class DemoError(RuntimeError):
    pass


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), DEFAULT_TZ).astimezone(UTC)


def resident_id(rng: random.Random, birth: date, male: bool) -> str:
    """A valid 居民身份证 number whose county existed in the birth year (stdnum's table)."""
    for _ in range(100):
        region = rng.choice(REGIONS)
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        body = f"{region}{birth:%Y%m%d}{seq:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if ric.is_valid(number):
            return number
    raise DemoError(f"no known county for a birth in {birth.year}")


def credit_code(rng: random.Random) -> str:
    body = (
        "91"
        + rng.choice(REGIONS)
        + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    )
    return body + uscc.calc_check_digit(body)


def bank_card(rng: random.Random) -> str:
    body = "622202" + "".join(rng.choice("0123456789") for _ in range(12))
    return body + luhn.calc_check_digit(body)


def mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def person_name(rng: random.Random, male: bool) -> str:
    half = len(GIVEN) * 3 // 4
    pool = GIVEN[:half] if male else GIVEN[half // 2 :]
    given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2, 2))))
    return rng.choice(SURNAMES) + given


def is_empty(db: Database) -> bool:
    with db.read() as session:
        workers = session.scalar(select(func.count()).select_from(Worker)) or 0
        requests = session.scalar(select(func.count()).select_from(Request)) or 0
    return workers == 0 and requests == 0


def make_demo(
    db: Database,
    *,
    workers: int = 320,
    seed: int = 2026,
    today: date | None = None,
    site_code: str = "GQ2",
    site_name: str = "康渝高铁二工区",
    admin: FirstUser | None = None,
    tag: str = "A",
) -> DemoResult:
    """Fill an empty installation (creating its node, with ``admin`` as its first user, if it
    has none) with a demo site. An existing node must be unlocked (a user logged in)."""
    today = today or local_today()
    if not db.has_local_node():
        init_node(
            db,
            site_code=site_code,
            site_name=site_name,
            service_phone="023-6688-1234",
            admin=admin,
            tag=tag,
        )
    if not is_empty(db):
        raise DemoError(
            "演示数据只能装入空的数据目录：这里已经有人员或诉求记录。"
            " (demo data goes into an empty data folder only)"
        )
    rng = random.Random(seed)
    with db.write(DEMO_AUTHOR) as unit:
        team_ids = _teams(unit, rng)
        worker_ids = _workers(unit, rng, team_ids, workers, today)
        request_ids = _requests(unit, rng, team_ids, worker_ids, today, db.local_node().tag)
        _heat_relief(unit, team_ids, request_ids[0], today)
    return DemoResult(len(team_ids), len(worker_ids), len(request_ids), 1)


def _teams(unit: WriteUnit, rng: random.Random) -> list[str]:
    vault = unit.require_vault()
    companies = unit.journal.insert_many(
        LabourCompany,
        [
            seal(
                LabourCompany,
                {
                    "site_id": SHARED_SITE,
                    "name": name,
                    "credit_code": credit_code(rng),
                    "contact_name": person_name(rng, True),
                    "contact_phone": mobile(rng),
                },
                vault,
            )
            for name in COMPANIES
        ],
    )
    return unit.journal.insert_many(
        Team,
        [
            seal(
                Team,
                {
                    "name": name,
                    "kind": "crew" if name.endswith(("班", "班组", "站")) else "labour_team",
                    "company_id": companies[i % len(companies)],
                    "leader_name": person_name(rng, True),
                    "leader_phone": mobile(rng),
                    "work_point": WORK_POINTS[i % len(WORK_POINTS)],
                },
                vault,
            )
            for i, name in enumerate(TEAM_NAMES)
        ],
    )


def _workers(
    unit: WriteUnit, rng: random.Random, team_ids: list[str], count: int, today: date
) -> list[str]:
    trades = [c for c in TRADES if c not in ("900", "1000")]
    inputs: list[WorkerInput] = []
    used: set[str] = set()
    for i in range(count):
        male = rng.random() < 0.9
        age = rng.randint(19, 58 if male else 48)
        birth = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        number = resident_id(rng, birth, male)
        while number in used:
            number = resident_id(rng, birth, male)
        used.add(number)
        team = i % len(team_ids)
        joined = today - timedelta(days=rng.randint(5, 200))
        inputs.append(
            WorkerInput(
                name=person_name(rng, male),
                id_number=number,
                team_id=team_ids[team],
                is_team_leader=i < len(team_ids),
                trade_code="900" if i % 40 == 0 else rng.choice(trades),
                role="manager" if i % 40 == 0 else "worker",
                id_issuer=f"{number[:6]}公安局",
                address=f"{rng.choice(PROVINCES)}某某县某某镇{rng.randint(1, 99)}号",
                id_valid_from=date(today.year - rng.randint(1, 15), 1, 1),
                id_long_term=age >= 46,
                mobile=mobile(rng),
                political_status=rng.choice(("13", "13", "13", "01", "03")),
                education=rng.choice(("30", "40", "40", "60", "70")),
                emergency_contact=person_name(rng, not male),
                emergency_phone=mobile(rng),
                bank_card=bank_card(rng),
                bank_name=rng.choice(
                    ("中国农业银行", "中国建设银行", "中国工商银行", "重庆农村商业银行")
                ),
                injury_insurance=rng.random() < 0.95,
                agreement_type=rng.choice(("contract", "written")),
                agreement_start=joined,
                agreement_end=joined + timedelta(days=365),
                entry_date=joined,
            )
        )
    ids = register_workers(unit, inputs, today=today).ids
    for wid in ids[::25]:  # some left the site, a few came back
        record_movement(unit, wid, "exit", today - timedelta(days=3), "合同期满")
    for wid in ids[::100]:
        record_movement(unit, wid, "entry", today - timedelta(days=1), "再次进场")
    unit.journal.insert_many(
        Training,
        [
            {
                "worker_id": wid,
                "on_date": today - timedelta(days=rng.randint(1, 60)),
                "hours": Decimal("2.5") if n % 2 else Decimal(8),
                "name": "三级安全教育",
                "trainer": "黄浩",
            }
            for n, wid in enumerate(ids)
        ],
    )
    return ids


# (final step sequence) per demo request: together every stage appears.
_PATHS: tuple[tuple[EventKind, ...], ...] = (
    (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK, EventKind.CLOSE),
    (),
    (EventKind.ACCEPT,),
    (EventKind.ACCEPT, EventKind.VERIFY),
    (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE),
    (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK),
    (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK, EventKind.IMPROVE),
    (EventKind.REJECT,),
    (EventKind.ACCEPT, EventKind.TRANSFER),
    (EventKind.MERGE,),
    (
        EventKind.ACCEPT,
        EventKind.VERIFY,
        EventKind.HANDLE,
        EventKind.FEEDBACK,
        EventKind.CALLBACK,
        EventKind.CLOSE,
    ),
)
# Requests older than this have mostly ended, as on a site that keeps its time limits; one
# in a while waits at HQ after a transfer. Recent ones are at every stage, newest earliest.
_SETTLED_AFTER_DAYS = 14
_OLDER_PATHS = (
    _PATHS[0],
    _PATHS[10],
    _PATHS[10],
    _PATHS[10],
    _PATHS[7],
    _PATHS[9],
    _PATHS[6],
    _PATHS[10],
    _PATHS[8],
)

_NOTES = {
    EventKind.ACCEPT: "已登记，转相关部门核实。",
    EventKind.VERIFY: "现场核实情况属实。",
    EventKind.HANDLE: "已协调相关部门处理。",
    EventKind.FEEDBACK: "已电话告知处理结果。",
    EventKind.IMPROVE: "已修订相关制度，防止再次发生。",
    EventKind.CLOSE: "办结。",
    EventKind.CALLBACK: "回访满意。",
}


def _requests(
    unit: WriteUnit,
    rng: random.Random,
    team_ids: list[str],
    worker_ids: list[str],
    today: date,
    tag: str,
) -> list[str]:
    channels = list(Channel)
    ids: list[str] = []
    count = 44
    for n in range(count):
        category, text = REQUESTS[n % len(REQUESTS)]
        received_day = today - timedelta(days=(count - n) * 2)
        anonymous = n % 5 == 3
        rid = add_request(
            unit,
            RequestInput(
                channel=Channel.QR.value if n == 0 else channels[n % len(channels)].value,
                category_code=category,
                description=text,
                urgency=Urgency.URGENT.value if n % 9 == 0 else Urgency.NORMAL.value,
                worker_id=None if anonymous else rng.choice(worker_ids),
                anonymous=anonymous,
                contact_phone="" if anonymous else mobile(rng),
                team_id=rng.choice(team_ids),
                work_point=rng.choice(WORK_POINTS),
                received_at=_local(received_day, 8 + n % 10, (n * 7) % 60),
            ),
            node_tag=tag,
        )
        ids.append(rid)
        settled = (today - received_day).days > _SETTLED_AFTER_DAYS
        path = _OLDER_PATHS[n % len(_OLDER_PATHS)] if settled else _PATHS[(count - n) % len(_PATHS)]
        if path is _PATHS[6] and settled:
            path = (*path, EventKind.CLOSE, EventKind.CALLBACK)
        for step_no, kind in enumerate(path):
            day = received_day + timedelta(days=step_no // 2)
            if day > today:
                break  # nothing is done in the future
            params: dict[str, str] = {}
            note = _NOTES.get(kind, "")
            if kind is EventKind.REJECT:
                params, note = {"reason": "该事项已进入劳动仲裁程序"}, "不予受理，已告知当事人。"
            elif kind is EventKind.TRANSFER:
                params, note = {"to": "HQ"}, "涉及多个工区，转项目部处理。"
            elif kind is EventKind.MERGE:
                params, note = {"target": ids[0]}, "与已有诉求重复。"
            elif kind is EventKind.CALLBACK:
                grade = "ABBC"[n % 4] if n % 13 else "D"  # one in thirteen is dissatisfied
                params = callback_params(grade, handler_owned=False)
            take_step(
                unit,
                rid,
                kind,
                note=note,
                params=params,
                at=_local(day, 14 + step_no % 4),
            )
    return ids


def _heat_relief(unit: WriteUnit, team_ids: list[str], request_id: str, today: date) -> None:
    """The seed's heat relief: watermelon, mung beans and sugar to each of 17 labour teams."""
    day = today - timedelta(days=1)
    melon = add_item(unit, "西瓜", "个", "8斤左右")
    beans = add_item(unit, "绿豆", "千克", "5千克/袋")
    sugar = add_item(unit, "白糖", "袋", "500克/袋")
    tonic = add_item(unit, "藿香正气水", "盒", "10支/盒")
    for item, qty in ((melon, 40), (beans, 100), (sugar, 100), (tonic, 400)):
        move_stock(unit, item, "receive", Decimal(qty), day - timedelta(days=1), note="采购入库")
    move_stock(unit, melon, "receive", Decimal(20), day, note="补充采购")
    move_stock(unit, melon, "loss", Decimal(2), day, note="运输途中破损")
    campaign = create_campaign(
        unit,
        name="夏季防暑降温物资发放",
        reason="工友扫码反映需要防暑降温物品",
        on_date=day,
        place="项目驻地党群服务中心",
        request_id=request_id,
        team_ids=team_ids,
        items=[
            Entitlement(melon, per_team=Decimal(2)),
            Entitlement(beans, per_team=Decimal("5")),
            Entitlement(sugar, per_team=Decimal(5)),
            Entitlement(tonic, per_head=Decimal(1)),
        ],
    )
    for n, team in enumerate(team_ids[:12]):  # mid-campaign: 12 of 17 teams so far
        hand_out_to_team(unit, campaign, team, receiver_name="", at=_local(day, 15, n * 3))
    # and the tonic to every worker of the first teams, card by card at the counter
    for n, team in enumerate(team_ids[:6]):
        workers = unit.session.scalars(
            select(Worker.id).where(Worker.team_id == team, on_site_condition())
        ).all()
        for k, worker in enumerate(workers):
            hand_out_to_worker(unit, campaign, worker, at=_local(day, 16, n * 9 + k % 9))
    unit.journal.insert(
        Notice,
        {
            "kind": "handout",
            "title": "关于夏季防暑降温物资发放情况的公示",
            "body": "为保障一线工友身体健康，项目部向各劳务队发放防暑降温物资，"
            "现将发放情况予以公示。",
            "period_from": today,
            "period_to": today + timedelta(days=5),
            "issuer": "康渝高铁项目党群服务中心",
            "issued_on": today,
            "campaign_id": campaign,
        },
    )
