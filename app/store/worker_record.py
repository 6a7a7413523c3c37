"""One worker's record after registration: entry and exit (with re-entry), safety
trainings, the agreement, and the masked view a clerk looks at.

The movement ledger is append-only: a worker who leaves and comes back gets another
entry, never an edited one. Its order is the day, then the change's version stamp, so two
moves on one day read in the order they were made, on every PC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.codes import TRADES
from app.domain.people import check_agreement
from app.domain.problems import DomainError, Problem, register_messages
from app.store.database import WriteUnit
from app.store.models import Team, Training, Worker, WorkerMovement
from app.store.worker_list import Presence
from app.store.workers import record_movement

register_messages(
    {
        "movement.kind": ("只能办理进场或退场。", "A movement is an entry or an exit."),
        "movement.already_on_site": (
            "{name} 已在场（{on} 进场），不能重复进场；如已离开，请先办理退场。",
            "{name} is on site already (entered {on}); record the exit first.",
        ),
        "movement.not_on_site": (
            "{name} 当前不在场，不能办理退场。",
            "{name} is not on site; there is nothing to exit from.",
        ),
        "movement.before_last": (
            "日期不能早于上一次进场或退场（{on}）。",
            "The date cannot be before the last entry or exit ({on}).",
        ),
        "record.future_date": (
            "日期 {on} 还没有到，请核对。",
            "The date {on} is in the future; check it.",
        ),
        "training.name": ("请填写培训名称。", "Give the training a name."),
        "training.hours": (
            "培训学时应为大于 0、不超过 24 的数字。",
            "Hours must be a number above 0 and at most 24.",
        ),
        "worker.ambiguous": (
            "“{text}”对应多名人员：{names}。请用证件号后四位、工卡号或更完整的姓名。",
            "“{text}” matches several workers: {names}. Use more of the name or number.",
        ),
    }
)


@dataclass(frozen=True)
class Movement:
    id: str
    kind: str  # entry | exit
    on_date: date
    note: str
    by: str


@dataclass(frozen=True)
class TrainingRecord:
    id: str
    on_date: date
    hours: Decimal
    name: str
    trainer: str


@dataclass(frozen=True)
class WorkerDetail:
    """What the detail view and ``sitedesk worker show`` show: numbers masked."""

    id: str
    name: str
    gender: str  # M | F | ""
    birth_date: date | None
    id_masked: str
    mobile_masked: str
    bank_card_masked: str
    team: str
    trade: str  # its Chinese label
    trade_code: str
    card_code: str
    agreement_type: str
    agreement_start: date | None
    agreement_end: date | None
    movements: list[Movement]
    trainings: list[TrainingRecord]

    @property
    def presence(self) -> Presence:
        if not self.movements:
            return Presence.NEVER
        return Presence.ON_SITE if self.movements[-1].kind == "entry" else Presence.LEFT

    @property
    def training_hours(self) -> Decimal:
        return sum((t.hours for t in self.trainings), Decimal(0))


def _worker(session: Session, worker_id: str) -> Worker:
    w = session.get(Worker, worker_id)
    if w is None or w.deleted:
        raise DomainError(Problem("worker.not_found"))
    return w


def _movements(session: Session, worker_id: str) -> list[Movement]:
    m = WorkerMovement
    rows = session.scalars(
        select(m).where(m.worker_id == worker_id, m.deleted.is_(False)).order_by(m.on_date, m.stamp)
    )
    return [Movement(r.id, r.kind, r.on_date, r.note, r.updated_by) for r in rows]


def worker_detail(session: Session, worker_id: str) -> WorkerDetail:
    w = _worker(session, worker_id)
    team = session.get(Team, w.team_id) if w.team_id else None
    trainings = session.scalars(
        select(Training)
        .where(Training.worker_id == worker_id, Training.deleted.is_(False))
        .order_by(Training.on_date, Training.stamp)
    )
    return WorkerDetail(
        id=w.id,
        name=w.name,
        gender=w.gender,
        birth_date=w.birth_date,
        id_masked=w.id_masked,
        mobile_masked=w.mobile_masked,
        bank_card_masked=w.bank_card_masked,
        team=team.name if team is not None and not team.deleted else "",
        trade=TRADES.get(w.trade_code, w.trade_code),
        trade_code=w.trade_code,
        card_code=w.card_code,
        agreement_type=w.agreement_type,
        agreement_start=w.agreement_start,
        agreement_end=w.agreement_end,
        movements=_movements(session, worker_id),
        trainings=[TrainingRecord(t.id, t.on_date, t.hours, t.name, t.trainer) for t in trainings],
    )


def _not_future(on: date, today: date | None, field: str) -> None:
    if today is not None and on > today:
        raise DomainError(Problem("record.future_date", field=field, params={"on": on.isoformat()}))


def move(
    unit: WriteUnit,
    worker_id: str,
    kind: str,
    on_date: date,
    note: str = "",
    *,
    today: date | None = None,
) -> str:
    """进场 or 退场, in order: an entry only when not on site (a re-entry after an exit),
    an exit only when on site, never dated before the last one."""
    if kind not in ("entry", "exit"):
        raise DomainError(Problem("movement.kind", field="kind"))
    w = _worker(unit.session, worker_id)
    _not_future(on_date, today, "on_date")
    past = _movements(unit.session, worker_id)
    last = past[-1] if past else None
    if kind == "entry" and last is not None and last.kind == "entry":
        raise DomainError(
            Problem(
                "movement.already_on_site",
                field="kind",
                params={"name": w.name, "on": last.on_date.isoformat()},
            )
        )
    if kind == "exit" and (last is None or last.kind != "entry"):
        raise DomainError(Problem("movement.not_on_site", field="kind", params={"name": w.name}))
    if last is not None and on_date < last.on_date:
        raise DomainError(
            Problem(
                "movement.before_last", field="on_date", params={"on": last.on_date.isoformat()}
            )
        )
    return record_movement(unit, worker_id, kind, on_date, note.strip())


def add_training(
    unit: WriteUnit,
    worker_id: str,
    *,
    on_date: date,
    hours: Decimal | str,
    name: str,
    trainer: str = "",
    today: date | None = None,
) -> str:
    """A safety training (安全教育培训) the worker attended."""
    _worker(unit.session, worker_id)
    problems: list[Problem] = []
    if not name.strip():
        problems.append(Problem("training.name", field="name"))
    try:
        value = Decimal(str(hours).strip())
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not Decimal(0) < value <= Decimal(24):
        problems.append(Problem("training.hours", field="hours"))
    if today is not None and on_date > today:
        problems.append(
            Problem("record.future_date", field="on_date", params={"on": on_date.isoformat()})
        )
    if problems:
        raise DomainError(problems)
    return unit.journal.insert(
        Training,
        {
            "worker_id": worker_id,
            "on_date": on_date,
            "hours": value.quantize(Decimal("0.1")),
            "name": name.strip(),
            "trainer": trainer.strip(),
        },
    )


def set_agreement(
    unit: WriteUnit, worker_id: str, kind: str, start: date | None, end: date | None
) -> bool:
    """Record the signed agreement (or clear it with ``kind=""``); False if nothing changed."""
    _worker(unit.session, worker_id)
    problems = check_agreement(kind, start, end)
    if problems:
        raise DomainError(problems)
    values = {
        "agreement_type": kind,
        "agreement_start": start if kind else None,
        "agreement_end": end if kind else None,
    }
    return unit.journal.update(Worker, worker_id, values)


def find_worker(session: Session, ref: str) -> str:
    """The one live worker ``ref`` names: its id, its card code, its ID number's last four,
    or its name. Several matches are refused with their names."""
    ref = ref.strip()
    live = Worker.deleted.is_(False)
    found = session.scalars(
        select(Worker.id).where(live, or_(Worker.id == ref, Worker.card_code == ref))
    ).all()
    if not found:
        upper = ref.upper()
        found = session.scalars(
            select(Worker.id).where(live, or_(Worker.id_tail == upper, Worker.name == ref))
        ).all()
    if not found:
        raise DomainError(Problem("worker.not_found"))
    if len(found) > 1:
        names = session.scalars(
            select(Worker.name).where(Worker.id.in_(found[:5])).order_by(Worker.name_pinyin)
        ).all()
        raise DomainError(
            Problem("worker.ambiguous", params={"text": ref, "names": "、".join(names)})
        )
    return found[0]
