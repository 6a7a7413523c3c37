"""Real-name registration (劳务实名制): check a worker's record and register it."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codes import TRADES, WORKER_ROLES
from app.domain.idnumbers import IdType, check_id
from app.domain.masking import id_tail, mask_id
from app.domain.people import (
    AgeLimits,
    check_age,
    check_agreement,
    check_bank_card,
    check_mobile,
    check_name,
)
from app.domain.pinyin import search_key
from app.domain.problems import DomainError, Problem, Severity, errors, register_messages
from app.domain.roles import Permission, require
from app.store.audit import record
from app.store.database import WriteUnit
from app.store.models import Team, Worker, WorkerMovement
from app.store.sealing import seal
from app.store.users import Actor
from app.store.vault import Vault

register_messages(
    {
        "worker.duplicate_id": (
            "证件号码 {masked} 已登记为“{name}”，不能重复登记。",
            "ID {masked} is already registered as {name}.",
        ),
        "worker.duplicate_in_batch": (
            "证件号码 {masked} 在本批数据中出现了不止一次。",
            "ID {masked} appears more than once in this batch.",
        ),
        "worker.team_unknown": ("所选班组不存在或已删除。", "The chosen team does not exist."),
        "worker.trade_unknown": (
            "工种代码“{code}”不在国家工种表中。",
            "Unknown trade code {code}.",
        ),
        "worker.not_found": ("找不到该工人记录。", "No such worker."),
        "worker.role_unknown": (
            "人员类别只能是管理人员或建筑工人。",
            "Role must be manager or worker.",
        ),
    }
)


@dataclass(frozen=True)
class WorkerInput:
    """What a clerk types or an Excel row holds; raw text is normalised by :func:`check_worker`."""

    name: str
    id_number: str
    id_type: str = IdType.RESIDENT.value
    team_id: str | None = None
    company_id: str | None = None
    is_team_leader: bool = False
    trade_code: str = "1000"
    role: str = "worker"
    id_issuer: str = ""
    ethnicity_code: str = "01"
    address: str = ""
    id_valid_from: date | None = None
    id_valid_to: date | None = None
    id_long_term: bool = False
    mobile: str = ""
    political_status: str = ""
    education: str = ""
    emergency_contact: str = ""
    emergency_phone: str = ""
    union_joined_on: date | None = None
    bank_card: str = ""
    bank_name: str = ""
    injury_insurance: bool = False
    agreement_type: str = ""
    agreement_start: date | None = None
    agreement_end: date | None = None
    entry_date: date | None = None  # records 进场 on this day when given


@dataclass(frozen=True)
class CheckedWorker:
    values: Mapping[str, Any]  # columns of the worker row, normalised
    problems: tuple[Problem, ...] = field(default=())
    entry_date: date | None = None

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


_NOT_COLUMNS = {"entry_date"}


def check_worker(inp: WorkerInput, *, today: date, limits: AgeLimits) -> CheckedWorker:
    """Every check of DOMAIN.md on one record: errors stop saving, warnings only inform."""
    problems: list[Problem] = []
    name, found = check_name(inp.name)
    problems += found
    try:
        id_type = IdType(inp.id_type)
    except ValueError:
        id_type = IdType.OTHER
    idc = check_id(id_type, inp.id_number, today=today)
    problems += idc.problems
    problems += check_age(idc.birth_date, idc.gender, today=today, limits=limits)
    mobile, found = check_mobile(inp.mobile, required=False)
    problems += found
    emergency_phone, found = check_mobile(
        inp.emergency_phone, required=False, field="emergency_phone"
    )
    problems += found
    card, found = check_bank_card(inp.bank_card)
    problems += found
    if inp.trade_code not in TRADES:
        problems.append(
            Problem("worker.trade_unknown", field="trade_code", params={"code": inp.trade_code})
        )
    if inp.role not in WORKER_ROLES:
        problems.append(Problem("worker.role_unknown", field="role"))
    problems += check_agreement(inp.agreement_type, inp.agreement_start, inp.agreement_end)
    values = {f.name: getattr(inp, f.name) for f in fields(inp) if f.name not in _NOT_COLUMNS}
    values.update(
        name=name,
        name_pinyin=search_key(name),
        id_type=id_type.value,
        id_number=idc.normalized,
        id_tail=id_tail(idc.normalized),
        gender=idc.gender.value if idc.gender else "",
        birth_date=idc.birth_date,
        mobile=mobile,
        emergency_phone=emergency_phone,
        bank_card=card,
    )
    return CheckedWorker(values, tuple(problems), inp.entry_date)


def new_card_code() -> str:
    """The opaque code in a worker card's QR: random, so it reveals nothing about the person."""
    return secrets.token_hex(8).upper()


def find_by_id_number(session: Session, vault: Vault, id_number: str) -> Worker | None:
    """The live worker registered with this (normalised) number, found by its fingerprint."""
    return session.scalar(
        select(Worker)
        .where(Worker.id_fingerprint == vault.fingerprint(id_number), Worker.deleted.is_(False))
        .limit(1)
    )


@dataclass(frozen=True)
class PersonalNumbers:
    id_number: str
    mobile: str
    emergency_phone: str
    bank_card: str


def reveal(unit: WriteUnit, actor: Actor, worker_id: str, reason: str = "") -> PersonalNumbers:
    """Show a worker's whole numbers: only for roles allowed to, and always audited."""
    require(actor.role, Permission.UNMASK)
    vault = unit.require_vault()
    worker = unit.session.get(Worker, worker_id)
    if worker is None or worker.deleted:
        raise DomainError([Problem("worker.not_found")])
    shown = PersonalNumbers(
        vault.open(worker.id_number),
        vault.open(worker.mobile),
        vault.open(worker.emergency_phone),
        vault.open(worker.bank_card),
    )
    record(unit, actor.username, "unmask", "worker", worker_id, reason)
    return shown


@dataclass(frozen=True)
class Registered:
    ids: list[str]
    warnings: list[Problem]


def register_workers(
    unit: WriteUnit,
    inputs: Sequence[WorkerInput],
    *,
    today: date,
    limits: AgeLimits | None = None,
) -> Registered:
    """Register new workers in one transaction: all of them, or none with the reasons why."""
    limits = limits or AgeLimits()
    vault = unit.require_vault()
    checked = [check_worker(inp, today=today, limits=limits) for inp in inputs]
    problems: list[Problem] = []
    seen: set[str] = set()
    team_ids = {c.values["team_id"] for c in checked if c.values["team_id"]}
    if team_ids:
        known = set(
            unit.session.scalars(
                select(Team.id).where(Team.id.in_(team_ids), Team.deleted.is_(False))
            )
        )
        if team_ids - known:
            problems.append(Problem("worker.team_unknown", field="team_id"))
    for c in checked:
        problems += c.problems
        number = c.values["id_number"]
        if not c.ok or not number:
            continue
        if number in seen:
            problems.append(
                Problem(
                    "worker.duplicate_in_batch",
                    field="id_number",
                    params={"masked": mask_id(number)},
                )
            )
        seen.add(number)
        existing = find_by_id_number(unit.session, vault, number)
        if existing is not None:
            problems.append(
                Problem(
                    "worker.duplicate_id",
                    field="id_number",
                    params={"masked": mask_id(number), "name": existing.name},
                )
            )
    if errors(problems):
        raise DomainError(errors(problems))
    rows = [{**seal(Worker, c.values, vault), "card_code": new_card_code()} for c in checked]
    ids = unit.journal.insert_many(Worker, rows)
    entries = [
        {"worker_id": wid, "kind": "entry", "on_date": c.entry_date}
        for wid, c in zip(ids, checked, strict=True)
        if c.entry_date is not None
    ]
    unit.journal.insert_many(WorkerMovement, entries)
    return Registered(ids, [p for p in problems if p.severity is Severity.WARNING])


def register_worker(
    unit: WriteUnit, inp: WorkerInput, *, today: date, limits: AgeLimits | None = None
) -> Registered:
    return register_workers(unit, [inp], today=today, limits=limits)


def record_movement(
    unit: WriteUnit, worker_id: str, kind: str, on_date: date, note: str = ""
) -> str:
    """进场 (entry) or 退场 (exit); re-entry is another entry."""
    if kind not in ("entry", "exit"):
        raise ValueError(kind)
    return unit.journal.insert(
        WorkerMovement, {"worker_id": worker_id, "kind": kind, "on_date": on_date, "note": note}
    )


def fill_search_keys(unit: WriteUnit) -> int:
    """Give rows registered before search keys existed theirs (run at login)."""
    missing = unit.conn.execute(
        select(Worker.id, Worker.name).where(
            Worker.name_pinyin == "", Worker.name != "", Worker.deleted.is_(False)
        )
    ).all()
    done = 0
    for row in missing:
        key = search_key(row.name)
        if key and unit.journal.update(Worker, row.id, {"name_pinyin": key}):
            done += 1
    return done


def with_entry(inp: WorkerInput, on: date) -> WorkerInput:
    return replace(inp, entry_date=on)
