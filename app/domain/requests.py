"""The worker-request (诉求) workflow: a pure state machine over an append-only event list.

A request's history is never edited, only appended to; its stage and dates are derived from the
events (:func:`derive_state`), never stored as counters that two offline nodes could disagree
on. :func:`check_step` is what a service calls before appending an event locally.

The flow from the seed is 问题受理 → 审查核实 → 分类处理 → 结果反馈 → 整改提升, here::

    received -accept-> accepted -verify-> verifying -handle-> handling -feedback-> feedback
    feedback -improve-> improving -close-> closed;   feedback -close-> closed

plus reject / merge / transfer / extend / callback / reopen / note (see :data:`ALLOWED_FROM`).
Roles (who may reopen, who may extend) are checked by the services, not here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from app.domain.problems import Problem, register_messages
from app.domain.workdays import Calendar

# --------------------------------------------------------------------------- vocabularies


class Channel(StrEnum):
    """How the request reached the project (the seed's 多维问题反映收集机制)."""

    QR = "qr"
    PHONE = "phone"
    COUNTER = "counter"
    BOX = "box"
    PATROL = "patrol"
    VISIT = "visit"


CHANNEL_LABELS: Mapping[Channel, str] = MappingProxyType(
    {
        Channel.QR: "扫码",
        Channel.PHONE: "电话",
        Channel.COUNTER: "现场",
        Channel.BOX: "意见箱",
        Channel.PATROL: "夜巡",
        Channel.VISIT: "上门走访",
    }
)


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


URGENCY_LABELS: Mapping[Urgency, str] = MappingProxyType(
    {Urgency.NORMAL: "一般", Urgency.URGENT: "紧急"}
)


class Stage(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    VERIFYING = "verifying"
    HANDLING = "handling"
    FEEDBACK = "feedback"
    IMPROVING = "improving"
    CLOSED = "closed"
    REJECTED = "rejected"
    MERGED = "merged"
    TRANSFERRED = "transferred"


STAGE_LABELS: Mapping[Stage, str] = MappingProxyType(
    {
        Stage.RECEIVED: "待受理",
        Stage.ACCEPTED: "已受理",  # the seed's 问题受理 is done
        Stage.VERIFYING: "审查核实",
        Stage.HANDLING: "分类处理",
        Stage.FEEDBACK: "结果反馈",
        Stage.IMPROVING: "整改提升",
        Stage.CLOSED: "已办结",
        Stage.REJECTED: "不予受理",
        Stage.MERGED: "已合并",
        Stage.TRANSFERRED: "已转办",
    }
)

_STAGE_EN: Mapping[Stage, str] = MappingProxyType(
    {
        Stage.RECEIVED: "awaiting acceptance",
        Stage.ACCEPTED: "accepted",
        Stage.VERIFYING: "under verification",
        Stage.HANDLING: "being handled",
        Stage.FEEDBACK: "result reported",
        Stage.IMPROVING: "under follow-up improvement",
        Stage.CLOSED: "closed",
        Stage.REJECTED: "rejected",
        Stage.MERGED: "merged",
        Stage.TRANSFERRED: "transferred",
    }
)

# "Open" means the request still needs work: everything except closed, rejected and merged.
# A transferred request is open: the receiver has yet to accept it.
ENDED_STAGES: frozenset[Stage] = frozenset({Stage.CLOSED, Stage.REJECTED, Stage.MERGED})
OPEN_STAGES: frozenset[Stage] = frozenset(Stage) - ENDED_STAGES


def is_open(stage: Stage) -> bool:
    return stage in OPEN_STAGES


class EventKind(StrEnum):
    ACCEPT = "accept"
    VERIFY = "verify"
    HANDLE = "handle"
    FEEDBACK = "feedback"
    IMPROVE = "improve"
    CLOSE = "close"
    REJECT = "reject"
    MERGE = "merge"
    TRANSFER = "transfer"
    EXTEND = "extend"
    CALLBACK = "callback"
    REOPEN = "reopen"
    NOTE = "note"


EVENT_LABELS: Mapping[EventKind, str] = MappingProxyType(
    {
        EventKind.ACCEPT: "受理",
        EventKind.VERIFY: "审查核实",
        EventKind.HANDLE: "分类处理",
        EventKind.FEEDBACK: "结果反馈",
        EventKind.IMPROVE: "整改提升",
        EventKind.CLOSE: "办结",
        EventKind.REJECT: "不予受理",
        EventKind.MERGE: "合并",
        EventKind.TRANSFER: "转办",
        EventKind.EXTEND: "延期",
        EventKind.CALLBACK: "回访",
        EventKind.REOPEN: "重新办理",
        EventKind.NOTE: "备注",
    }
)

_EVENT_EN: Mapping[EventKind, str] = MappingProxyType(
    {
        EventKind.ACCEPT: "accept",
        EventKind.VERIFY: "verify",
        EventKind.HANDLE: "handle",
        EventKind.FEEDBACK: "report the result",
        EventKind.IMPROVE: "follow up with improvements",
        EventKind.CLOSE: "close",
        EventKind.REJECT: "reject",
        EventKind.MERGE: "merge",
        EventKind.TRANSFER: "transfer",
        EventKind.EXTEND: "extend the time limit",
        EventKind.CALLBACK: "call back",
        EventKind.REOPEN: "reopen",
        EventKind.NOTE: "add a note",
    }
)

# Call-back satisfaction (回访满意度), as in 12345 / union practice.
SATISFACTION_LABELS: Mapping[str, str] = MappingProxyType(
    {"A": "非常满意", "B": "满意", "C": "基本满意", "D": "不满意"}
)

# Suggested reasons for 不予受理; the reason parameter may also be free text.
REJECT_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "litigation": "已进入诉讼或仲裁程序",
        "out_of_scope": "不属于项目受理范围",
        "other": "其他",
    }
)

TRANSFER_HQ = "HQ"  # the `to` parameter of a transfer to headquarters
MAX_EXTEND_DAYS = 60  # a larger extension is almost certainly a typing mistake

# Parameter names, one set per event kind (params is Mapping[str, str] on the wire).
P_REASON = "reason"  # reject, extend, reopen
P_DAYS = "days"  # extend: working days added to the limit by this extension
P_TARGET = "target"  # merge: id of the request this one is merged into
P_TO = "to"  # transfer: department name or TRANSFER_HQ
P_SATISFACTION = "satisfaction"  # callback: A/B/C/D
P_HANDLER_OWNED = "handler_owned"  # callback: "true"/"false" — is the handler to blame?


def callback_params(satisfaction: str, handler_owned: bool) -> dict[str, str]:
    """The params of a callback event, with the bool spelled the way check_step expects."""
    return {P_SATISFACTION: satisfaction, P_HANDLER_OWNED: "true" if handler_owned else "false"}


# --------------------------------------------------------------------------- categories


class Category(StrEnum):
    """What a request is about (seed and union practice)."""

    WAGES = "wages"
    SAFETY = "safety"
    LIVING = "living"
    HEALTH = "health"
    LEGAL = "legal"
    TRAINING = "training"
    PSYCH = "psych"
    OTHER = "other"


class RequestKind(StrEnum):
    """The nature of a request, which sets its default time limit in 12345 practice."""

    CONSULT = "consult"
    HELP = "help"
    SUGGESTION = "suggestion"
    COMPLAINT = "complaint"
    REPORT = "report"


REQUEST_KIND_LABELS: Mapping[RequestKind, str] = MappingProxyType(
    {
        RequestKind.CONSULT: "咨询",
        RequestKind.HELP: "求助",
        RequestKind.SUGGESTION: "建议",
        RequestKind.COMPLAINT: "投诉",
        RequestKind.REPORT: "举报",
    }
)

# Default time limits in working days, keyed by Urgency.URGENT or a RequestKind (both str).
# 0 means the same day. Settings may override.
DEFAULT_LIMIT_DAYS: Mapping[str, int] = MappingProxyType(
    {
        Urgency.URGENT: 0,
        RequestKind.CONSULT: 3,
        RequestKind.HELP: 3,
        RequestKind.SUGGESTION: 13,
        RequestKind.COMPLAINT: 13,
        RequestKind.REPORT: 13,
    }
)

# (code, Chinese name, default limit in working days)
REQUEST_CATEGORIES: tuple[tuple[Category, str, int], ...] = (
    (Category.WAGES, "工资待遇", 13),
    (Category.SAFETY, "安全生产", 3),
    (Category.LIVING, "生活保障", 3),
    (Category.HEALTH, "医疗健康", 3),
    (Category.LEGAL, "法律援助", 13),
    (Category.TRAINING, "技能培训", 13),
    (Category.PSYCH, "心理帮扶", 3),
    (Category.OTHER, "其他", 13),
)

CATEGORY_LABELS: Mapping[Category, str] = MappingProxyType(
    {code: name for code, name, _days in REQUEST_CATEGORIES}
)
CATEGORY_HINTS: Mapping[Category, str] = MappingProxyType({Category.LIVING: "饮食、防暑降温、住宿"})


def default_limit_days(
    category: Category, kind: RequestKind | None = None, urgency: Urgency = Urgency.NORMAL
) -> int:
    """Urgent → same day; otherwise the stricter of the category's and the kind's limits."""
    if urgency is Urgency.URGENT:
        return DEFAULT_LIMIT_DAYS[Urgency.URGENT]
    days = next(d for code, _name, d in REQUEST_CATEGORIES if code is category)
    if kind is not None:
        days = min(days, DEFAULT_LIMIT_DAYS[kind])
    return days


# --------------------------------------------------------------------------- transitions

# kind -> stages it may be taken from. The source of truth for check_step and next_steps.
ALLOWED_FROM: Mapping[EventKind, frozenset[Stage]] = MappingProxyType(
    {
        EventKind.ACCEPT: frozenset({Stage.RECEIVED, Stage.TRANSFERRED}),
        EventKind.VERIFY: frozenset({Stage.ACCEPTED}),
        EventKind.HANDLE: frozenset({Stage.VERIFYING}),
        EventKind.FEEDBACK: frozenset({Stage.HANDLING}),
        EventKind.IMPROVE: frozenset({Stage.FEEDBACK}),
        EventKind.CLOSE: frozenset({Stage.FEEDBACK, Stage.IMPROVING}),
        EventKind.REJECT: frozenset({Stage.RECEIVED, Stage.ACCEPTED, Stage.VERIFYING}),
        EventKind.MERGE: OPEN_STAGES,
        EventKind.TRANSFER: frozenset({Stage.ACCEPTED, Stage.VERIFYING, Stage.HANDLING}),
        EventKind.EXTEND: OPEN_STAGES,
        EventKind.CALLBACK: frozenset({Stage.FEEDBACK, Stage.IMPROVING, Stage.CLOSED}),
        EventKind.REOPEN: frozenset({Stage.CLOSED, Stage.REJECTED}),
        EventKind.NOTE: frozenset(Stage),
    }
)

# Steps of the main line and the stage each one moves to.
_FORWARD: Mapping[EventKind, Stage] = MappingProxyType(
    {
        EventKind.ACCEPT: Stage.ACCEPTED,
        EventKind.VERIFY: Stage.VERIFYING,
        EventKind.HANDLE: Stage.HANDLING,
        EventKind.FEEDBACK: Stage.FEEDBACK,
        EventKind.IMPROVE: Stage.IMPROVING,
        EventKind.CLOSE: Stage.CLOSED,
    }
)
# Position on the main line, for "has the request already got that far?".
_RANK: Mapping[Stage, int] = MappingProxyType(
    {
        Stage.RECEIVED: 0,
        Stage.ACCEPTED: 1,
        Stage.VERIFYING: 2,
        Stage.HANDLING: 3,
        Stage.FEEDBACK: 4,
        Stage.IMPROVING: 5,
        Stage.CLOSED: 6,
    }
)


def next_steps(state: RequestState) -> list[EventKind]:
    """The steps a UI may offer in this state, in workflow order (parameters still to check)."""
    return [kind for kind in EventKind if state.stage in ALLOWED_FROM[kind]]


# --------------------------------------------------------------------------- messages

register_messages(
    {
        "request.step_not_allowed": (
            "诉求当前为“{stage}”，不能进行“{step}”；可进行的操作：{allowed}",
            "The request is {stage_en}; cannot {step_en}. Possible steps: {allowed_en}",
        ),
        "request.reason_required": (
            "“{step}”须填写理由",
            "A reason is required to {step_en}",
        ),
        "request.days_invalid": (
            "延期天数须为 1 至 {max} 之间的整数（工作日），现为“{value}”",
            "The extension must be a whole number of working days from 1 to {max}, not “{value}”",
        ),
        "request.merge_target_required": (
            "请填写要合并到的诉求编号",
            "Enter the number of the request to merge into",
        ),
        "request.merge_into_self": (
            "诉求不能合并到自身",
            "A request cannot be merged into itself",
        ),
        "request.transfer_to_required": (
            "请填写转办对象（部门名称或“HQ”）",
            "Enter whom to transfer to (a department name or “HQ”)",
        ),
        "request.satisfaction_invalid": (
            "满意度须为 A（非常满意）、B（满意）、C（基本满意）或 D（不满意），现为“{value}”",
            "Satisfaction must be A, B, C or D, not “{value}”",
        ),
        "request.handler_owned_required": (
            "回访不满意（D）时须注明原因是否在承办方",
            "For a dissatisfied (D) call-back, say whether the handler is to blame",
        ),
        "request.handler_owned_invalid": (
            "“是否承办方原因”须为 true 或 false，现为“{value}”",
            "“handler_owned” must be true or false, not “{value}”",
        ),
        "request.note_required": (
            "备注内容不能为空",
            "The note is empty",
        ),
    }
)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _stage_problems(stage: Stage, kind: EventKind) -> list[Problem]:
    if stage in ALLOWED_FROM[kind]:
        return []
    allowed = [k for k in EventKind if stage in ALLOWED_FROM[k]]
    return [
        Problem(
            "request.step_not_allowed",
            params={
                "stage": STAGE_LABELS[stage],
                "stage_en": _STAGE_EN[stage],
                "step": EVENT_LABELS[kind],
                "step_en": _EVENT_EN[kind],
                "allowed": "、".join(EVENT_LABELS[k] for k in allowed),
                "allowed_en": ", ".join(_EVENT_EN[k] for k in allowed),
                "stage_code": str(stage),
                "step_code": str(kind),
            },
        )
    ]


def _param_problems(
    kind: EventKind, params: Mapping[str, str], note: str, request_id: str | None
) -> list[Problem]:
    problems: list[Problem] = []
    step = {"step": EVENT_LABELS[kind], "step_en": _EVENT_EN[kind]}
    if kind in (EventKind.REJECT, EventKind.EXTEND, EventKind.REOPEN) and _blank(
        params.get(P_REASON)
    ):
        problems.append(Problem("request.reason_required", field=P_REASON, params=step))
    if kind is EventKind.EXTEND and _extension_days(params) is None:
        problems.append(
            Problem(
                "request.days_invalid",
                field=P_DAYS,
                params={"max": MAX_EXTEND_DAYS, "value": params.get(P_DAYS, "")},
            )
        )
    if kind is EventKind.MERGE:
        target = params.get(P_TARGET)
        if target is None or _blank(target):
            problems.append(Problem("request.merge_target_required", field=P_TARGET))
        elif request_id is not None and target.strip() == request_id:
            problems.append(Problem("request.merge_into_self", field=P_TARGET))
    if kind is EventKind.TRANSFER and _blank(params.get(P_TO)):
        problems.append(Problem("request.transfer_to_required", field=P_TO))
    if kind is EventKind.CALLBACK:
        satisfaction = params.get(P_SATISFACTION, "")
        if satisfaction not in SATISFACTION_LABELS:
            problems.append(
                Problem(
                    "request.satisfaction_invalid",
                    field=P_SATISFACTION,
                    params={"value": satisfaction},
                )
            )
        owned = params.get(P_HANDLER_OWNED)
        if owned is None:
            if satisfaction == "D":
                problems.append(Problem("request.handler_owned_required", field=P_HANDLER_OWNED))
        elif owned not in ("true", "false"):
            problems.append(
                Problem(
                    "request.handler_owned_invalid",
                    field=P_HANDLER_OWNED,
                    params={"value": owned},
                )
            )
    if kind is EventKind.NOTE and _blank(note):
        problems.append(Problem("request.note_required", field="note"))
    return problems


def _extension_days(params: Mapping[str, str]) -> int | None:
    raw = params.get(P_DAYS, "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    days = int(raw)
    return days if 1 <= days <= MAX_EXTEND_DAYS else None


def check_step(
    state: RequestState,
    kind: EventKind,
    params: Mapping[str, str],
    note: str,
    *,
    request_id: str | None = None,
) -> list[Problem]:
    """Why ``kind`` may not be appended now; empty when it may.

    ``request_id`` (the request's own id) lets a merge into itself be refused. Both the stage
    and the parameters are checked, so the user sees every problem at once.
    """
    return _stage_problems(state.stage, kind) + _param_problems(kind, params, note, request_id)


# --------------------------------------------------------------------------- events and state


def _empty_params() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Event:
    """One entry of a request's history; never edited, only appended."""

    id: str
    kind: EventKind
    at: datetime  # aware, UTC; wall-clock of the writer, for display and time limits only
    order_key: tuple[int, str]  # (hlc, node_id) — the sync layer's deterministic order
    actor: str
    note: str = ""
    params: Mapping[str, str] = field(default_factory=_empty_params, hash=False)

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() != timedelta(0):
            raise ValueError(f"event time must be aware UTC: {self.at!r}")
        object.__setattr__(self, "kind", EventKind(self.kind))  # a plain str from storage
        # A private read-only copy, so nobody can change history through the caller's dict.
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def _total_key(
        self,
    ) -> tuple[tuple[int, str], str, str, datetime, str, str, tuple[tuple[str, str], ...]]:
        """Orders events fully, even two corrupt copies that share an id."""
        return (
            self.order_key,
            self.id,
            str(self.kind),
            self.at,
            self.actor,
            self.note,
            tuple(sorted(self.params.items())),
        )


@dataclass(frozen=True)
class RequestState:
    """Everything derived from a request's events; ``RequestState()`` is a new request."""

    stage: Stage = Stage.RECEIVED
    accepted_at: datetime | None = None  # first acceptance
    closed_at: datetime | None = None  # latest closure; None again once reopened
    extended_days: int = 0  # working days added by all applied extensions
    satisfaction: str | None = None  # latest call-back
    reopen_count: int = 0  # explicit reopens plus D call-backs the handler owns
    merged_into: str | None = None
    transferred_to: str | None = None  # latest transfer, kept after the receiver accepts
    applied: tuple[str, ...] = ()  # ids of events that took effect, in merged order
    collisions: tuple[str, ...] = ()  # ids skipped: not legal at their place (see derive_state)
    redundant: tuple[str, ...] = ()  # ids skipped: a concurrent repeat of a step already taken

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


def _apply(state: RequestState, event: Event) -> RequestState:
    """The state after a legal, well-formed event."""
    kind, params = event.kind, event.params
    applied = (*state.applied, event.id)
    if kind in _FORWARD:
        target = _FORWARD[kind]
        return replace(
            state,
            stage=target,
            applied=applied,
            accepted_at=(
                event.at
                if kind is EventKind.ACCEPT and state.accepted_at is None
                else state.accepted_at
            ),
            closed_at=event.at if kind is EventKind.CLOSE else state.closed_at,
        )
    if kind is EventKind.REJECT:
        return replace(state, stage=Stage.REJECTED, applied=applied)
    if kind is EventKind.MERGE:
        return replace(
            state, stage=Stage.MERGED, merged_into=params[P_TARGET].strip(), applied=applied
        )
    if kind is EventKind.TRANSFER:
        return replace(
            state, stage=Stage.TRANSFERRED, transferred_to=params[P_TO].strip(), applied=applied
        )
    if kind is EventKind.EXTEND:
        days = _extension_days(params)
        assert days is not None  # checked before applying
        return replace(state, extended_days=state.extended_days + days, applied=applied)
    if kind is EventKind.CALLBACK:
        satisfaction = params[P_SATISFACTION]
        if _reopens(event):
            return replace(
                state,
                stage=Stage.HANDLING,
                satisfaction=satisfaction,
                reopen_count=state.reopen_count + 1,
                closed_at=None,
                applied=applied,
            )
        return replace(state, satisfaction=satisfaction, applied=applied)
    if kind is EventKind.REOPEN:
        if state.stage is Stage.REJECTED:
            # The rejection was wrong: the manager's reopen is the acceptance.
            return replace(
                state,
                stage=Stage.ACCEPTED,
                accepted_at=state.accepted_at or event.at,
                reopen_count=state.reopen_count + 1,
                applied=applied,
            )
        return replace(
            state,
            stage=Stage.HANDLING,
            closed_at=None,
            reopen_count=state.reopen_count + 1,
            applied=applied,
        )
    return replace(state, applied=applied)  # NOTE


def _reopens(event: Event) -> bool:
    return (
        event.kind is EventKind.CALLBACK
        and event.params.get(P_SATISFACTION) == "D"
        and event.params.get(P_HANDLER_OWNED) == "true"
    )


def _rewinds(event: Event) -> bool:
    """Events that send the request back to an earlier point and start a new round."""
    return event.kind in (EventKind.TRANSFER, EventKind.REOPEN) or _reopens(event)


def _signature(event: Event) -> tuple[str, ...]:
    """What makes two steps "the same step" for redundancy."""
    if event.kind is EventKind.MERGE:
        return (event.kind, event.params.get(P_TARGET, "").strip())
    if event.kind is EventKind.TRANSFER:
        return (event.kind, event.params.get(P_TO, "").strip())
    if event.kind is EventKind.CALLBACK:
        return (event.kind, event.params.get(P_SATISFACTION, ""), str(_reopens(event)))
    return (event.kind,)


def _target(event: Event) -> Stage | None:
    """The stage the event moves to, or None when it does not move the request."""
    if event.kind in _FORWARD:
        return _FORWARD[event.kind]
    if event.kind is EventKind.REJECT:
        return Stage.REJECTED
    if event.kind is EventKind.MERGE:
        return Stage.MERGED
    if event.kind is EventKind.TRANSFER:
        return Stage.TRANSFERRED
    if event.kind is EventKind.REOPEN:
        return Stage.ACCEPTED  # the lower of its two targets (from rejected / from closed)
    if _reopens(event):
        return Stage.HANDLING
    return None


def _reached(stage: Stage, target: Stage) -> bool:
    """Is the request at ``target`` already, or past it on the main line?"""
    if stage is target:
        return True
    return stage in _RANK and target in _RANK and _RANK[stage] >= _RANK[target]


def derive_state(events: Iterable[Event], *, request_id: str | None = None) -> RequestState:
    """Fold a request's events, in the sync layer's order, into its current state.

    Events are deduplicated by id and sorted by ``(order_key, id)``, so every node that holds
    the same set of events computes the same state, whatever the order or duplication of
    delivery. Nothing is ever raised for an event that cannot apply; it is skipped and listed:

    * ``redundant`` — two nodes took the same step while offline (both accepted, both closed,
      both transferred to the same department, both merged into the same request). The later
      one in the merged order finds that this step was already taken in the current round and
      the request is at its target stage or past it on the main line; it changes nothing and
      is not a conflict. A round starts afresh at every transfer or reopen, so the second
      acceptance after a transfer is a real step, not a repeat.
    * ``collisions`` — steps that were legal where they were written but are not legal at
      their place in the merged order, e.g. a site rejects while HQ, offline, accepts and
      verifies: whichever comes first in the order wins and the others are collisions, for a
      person to look at in the conflicts queue. Malformed events (missing parameters — which
      check_step never lets through) are listed here too.

    Order is by hybrid logical clock, not causality, so a step written without knowledge of a
    concurrent one can still apply if it happens to be legal at its place (HQ improves while
    the site closes: if the improve comes first, the close applies after it). The result is
    deterministic either way; the history shows both.
    """
    unique: dict[str, Event] = {}
    for event in events:
        kept = unique.get(event.id)
        if kept is None or event._total_key() < kept._total_key():
            unique[event.id] = event
    ordered = sorted(unique.values(), key=lambda e: (e.order_key, e.id))

    state = RequestState()
    done: set[tuple[str, ...]] = set()  # signatures of the steps taken in the current round
    for event in ordered:
        if _param_problems(event.kind, event.params, event.note, request_id):
            state = replace(state, collisions=(*state.collisions, event.id))
        elif not _stage_problems(state.stage, event.kind):
            signature = _signature(event)
            if _rewinds(event):
                done = set()
            done.add(signature)
            state = _apply(state, event)
        else:
            target = _target(event)
            if target is not None and _signature(event) in done and _reached(state.stage, target):
                state = replace(state, redundant=(*state.redundant, event.id))
            else:
                state = replace(state, collisions=(*state.collisions, event.id))
    return state


# --------------------------------------------------------------------------- time limits


class Timeliness(StrEnum):
    """Where a request stands against its time limit (办理时限), as lists and figures show it."""

    ON_TIME = "on_time"  # open, more than DUE_SOON_DAYS working days left
    DUE_SOON = "due_soon"  # open, due today or on the next working day
    OVERDUE = "overdue"  # open, past its due date
    CLOSED_ON_TIME = "closed_on_time"
    CLOSED_LATE = "closed_late"
    ENDED = "ended"  # rejected or merged: no time limit applies any more


DUE_SOON_DAYS = 1  # working days before the due date when the reminder starts


def due_of(
    received: datetime, limit_days: int, state: RequestState, calendar: Calendar, tz: ZoneInfo
) -> date:
    """The last day on time: the limit at receipt plus every approved extension."""
    return calendar.due(received, limit_days + state.extended_days, tz)


def timeliness(
    state: RequestState, due: date, today: date, calendar: Calendar, tz: ZoneInfo
) -> Timeliness:
    if state.stage is Stage.CLOSED:
        assert state.closed_at is not None
        closed = state.closed_at.astimezone(tz).date()
        return Timeliness.CLOSED_ON_TIME if closed <= due else Timeliness.CLOSED_LATE
    if not state.is_open:
        return Timeliness.ENDED
    if today > due:
        return Timeliness.OVERDUE
    if calendar.working_days_between(today, due) <= DUE_SOON_DAYS:
        return Timeliness.DUE_SOON
    return Timeliness.ON_TIME
