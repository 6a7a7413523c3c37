from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import problems
from app.domain.requests import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    DEFAULT_LIMIT_DAYS,
    EVENT_LABELS,
    OPEN_STAGES,
    REQUEST_CATEGORIES,
    STAGE_LABELS,
    URGENCY_LABELS,
    Category,
    Channel,
    Event,
    EventKind,
    RequestKind,
    RequestState,
    Stage,
    Urgency,
    callback_params,
    check_step,
    default_limit_days,
    derive_state,
    next_steps,
)

K = EventKind
S = Stage
T0 = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))

# Valid parameters for every kind, so that the matrix tests only the stage.
VALID: Mapping[EventKind, tuple[dict[str, str], str]] = {
    K.ACCEPT: ({}, ""),
    K.VERIFY: ({}, ""),
    K.HANDLE: ({}, ""),
    K.FEEDBACK: ({}, ""),
    K.IMPROVE: ({}, ""),
    K.CLOSE: ({}, ""),
    K.REJECT: ({"reason": "litigation"}, ""),
    K.MERGE: ({"target": "R-0002"}, ""),
    K.TRANSFER: ({"to": "HQ"}, ""),
    K.EXTEND: ({"reason": "等待劳务公司回复", "days": "5"}, ""),
    K.CALLBACK: (callback_params("B", False), ""),
    K.REOPEN: ({"reason": "回访发现未解决"}, ""),
    K.NOTE: ({}, "工友电话已核对"),
}

# The transition table, written out independently of the module: stage -> {step: new stage}.
# Anything not listed is refused.
EXPECTED: Mapping[Stage, Mapping[EventKind, Stage]] = {
    S.RECEIVED: {
        K.ACCEPT: S.ACCEPTED,
        K.REJECT: S.REJECTED,
        K.MERGE: S.MERGED,
        K.EXTEND: S.RECEIVED,
        K.NOTE: S.RECEIVED,
    },
    S.ACCEPTED: {
        K.VERIFY: S.VERIFYING,
        K.REJECT: S.REJECTED,
        K.MERGE: S.MERGED,
        K.TRANSFER: S.TRANSFERRED,
        K.EXTEND: S.ACCEPTED,
        K.NOTE: S.ACCEPTED,
    },
    S.VERIFYING: {
        K.HANDLE: S.HANDLING,
        K.REJECT: S.REJECTED,
        K.MERGE: S.MERGED,
        K.TRANSFER: S.TRANSFERRED,
        K.EXTEND: S.VERIFYING,
        K.NOTE: S.VERIFYING,
    },
    S.HANDLING: {
        K.FEEDBACK: S.FEEDBACK,
        K.MERGE: S.MERGED,
        K.TRANSFER: S.TRANSFERRED,
        K.EXTEND: S.HANDLING,
        K.NOTE: S.HANDLING,
    },
    S.FEEDBACK: {
        K.IMPROVE: S.IMPROVING,
        K.CLOSE: S.CLOSED,
        K.MERGE: S.MERGED,
        K.EXTEND: S.FEEDBACK,
        K.CALLBACK: S.FEEDBACK,
        K.NOTE: S.FEEDBACK,
    },
    S.IMPROVING: {
        K.CLOSE: S.CLOSED,
        K.MERGE: S.MERGED,
        K.EXTEND: S.IMPROVING,
        K.CALLBACK: S.IMPROVING,
        K.NOTE: S.IMPROVING,
    },
    S.CLOSED: {K.CALLBACK: S.CLOSED, K.REOPEN: S.HANDLING, K.NOTE: S.CLOSED},
    S.REJECTED: {K.REOPEN: S.ACCEPTED, K.NOTE: S.REJECTED},
    S.MERGED: {K.NOTE: S.MERGED},
    S.TRANSFERRED: {
        K.ACCEPT: S.ACCEPTED,
        K.MERGE: S.MERGED,
        K.EXTEND: S.TRANSFERRED,
        K.NOTE: S.TRANSFERRED,
    },
}

# The shortest history that reaches each stage.
PATH: Mapping[Stage, tuple[EventKind, ...]] = {
    S.RECEIVED: (),
    S.ACCEPTED: (K.ACCEPT,),
    S.VERIFYING: (K.ACCEPT, K.VERIFY),
    S.HANDLING: (K.ACCEPT, K.VERIFY, K.HANDLE),
    S.FEEDBACK: (K.ACCEPT, K.VERIFY, K.HANDLE, K.FEEDBACK),
    S.IMPROVING: (K.ACCEPT, K.VERIFY, K.HANDLE, K.FEEDBACK, K.IMPROVE),
    S.CLOSED: (K.ACCEPT, K.VERIFY, K.HANDLE, K.FEEDBACK, K.CLOSE),
    S.REJECTED: (K.REJECT,),
    S.MERGED: (K.MERGE,),
    S.TRANSFERRED: (K.ACCEPT, K.TRANSFER),
}

_counter = itertools.count()


def ev(
    kind: EventKind,
    hlc: int | None = None,
    node: str = "site",
    *,
    params: Mapping[str, str] | None = None,
    note: str | None = None,
    eid: str | None = None,
) -> Event:
    n = next(_counter)
    default_params, default_note = VALID[kind]
    return Event(
        id=eid or f"e{n:05d}",
        kind=kind,
        at=T0 + timedelta(minutes=hlc if hlc is not None else n),
        order_key=(hlc if hlc is not None else n, node),
        actor=node,
        note=default_note if note is None else note,
        params=default_params if params is None else params,
    )


def history(kinds: tuple[EventKind, ...]) -> list[Event]:
    return [ev(kind, hlc=i) for i, kind in enumerate(kinds)]


MATRIX = list(itertools.product(Stage, EventKind))


def test_expected_table_covers_every_stage() -> None:
    assert set(EXPECTED) == set(Stage) == set(PATH)


@pytest.mark.parametrize("stage", list(Stage))
def test_paths_reach_their_stage(stage: Stage) -> None:
    state = derive_state(history(PATH[stage]))
    assert state.stage is stage
    assert not state.collisions and not state.redundant


@pytest.mark.parametrize(("stage", "kind"), MATRIX, ids=[f"{s}-{k}" for s, k in MATRIX])
def test_check_step_matrix(stage: Stage, kind: EventKind) -> None:
    params, note = VALID[kind]
    found = check_step(RequestState(stage=stage), kind, params, note)
    if kind in EXPECTED[stage]:
        assert found == []
    else:
        assert [p.code for p in found] == ["request.step_not_allowed"]
        assert STAGE_LABELS[stage] in found[0].message("zh")
        assert EVENT_LABELS[kind] in found[0].message("zh")


@pytest.mark.parametrize(("stage", "kind"), MATRIX, ids=[f"{s}-{k}" for s, k in MATRIX])
def test_derive_state_matrix(stage: Stage, kind: EventKind) -> None:
    before = history(PATH[stage])
    step = ev(kind, hlc=len(before))
    state = derive_state([*before, step])
    if kind in EXPECTED[stage]:
        assert state.stage is EXPECTED[stage][kind]
        assert state.applied[-1] == step.id
        assert not state.collisions and not state.redundant
    else:
        assert state.stage is stage
        assert step.id not in state.applied
        assert step.id in state.collisions + state.redundant


@pytest.mark.parametrize("stage", list(Stage))
def test_next_steps_match_table(stage: Stage) -> None:
    offered = next_steps(RequestState(stage=stage))
    assert set(offered) == set(EXPECTED[stage])
    assert offered == [k for k in EventKind if k in offered]  # workflow order


def test_open_stages() -> None:
    assert frozenset(Stage) - OPEN_STAGES == {S.CLOSED, S.REJECTED, S.MERGED}
    assert RequestState(stage=S.TRANSFERRED).is_open
    assert not RequestState(stage=S.MERGED).is_open


def test_repeat_of_the_same_step_is_refused_locally() -> None:
    codes = [p.code for p in check_step(RequestState(stage=S.ACCEPTED), K.ACCEPT, {}, "")]
    assert codes == ["request.step_not_allowed"]


# --------------------------------------------------------------------------- parameters

PARAM_CASES: list[tuple[EventKind, dict[str, str], str, list[str]]] = [
    (K.REJECT, {}, "", ["request.reason_required"]),
    (K.REJECT, {"reason": "   "}, "写在备注里不算", ["request.reason_required"]),
    (K.REJECT, {"reason": "已申请劳动仲裁"}, "", []),
    (K.EXTEND, {"days": "5"}, "", ["request.reason_required"]),
    (K.EXTEND, {"reason": "等回复"}, "", ["request.days_invalid"]),
    (K.EXTEND, {"reason": "等回复", "days": "0"}, "", ["request.days_invalid"]),
    (K.EXTEND, {"reason": "等回复", "days": "61"}, "", ["request.days_invalid"]),
    (K.EXTEND, {"reason": "等回复", "days": "五"}, "", ["request.days_invalid"]),
    (K.EXTEND, {"reason": "等回复", "days": "-3"}, "", ["request.days_invalid"]),
    (K.EXTEND, {"reason": "等回复", "days": "60"}, "", []),
    (K.EXTEND, {}, "", ["request.reason_required", "request.days_invalid"]),
    (K.MERGE, {}, "", ["request.merge_target_required"]),
    (K.MERGE, {"target": " "}, "", ["request.merge_target_required"]),
    (K.MERGE, {"target": "R-0001"}, "", ["request.merge_into_self"]),
    (K.MERGE, {"target": "R-0002"}, "", []),
    (K.TRANSFER, {}, "", ["request.transfer_to_required"]),
    (K.TRANSFER, {"to": "劳资部"}, "", []),
    (K.CALLBACK, {}, "", ["request.satisfaction_invalid"]),
    (K.CALLBACK, {"satisfaction": "E"}, "", ["request.satisfaction_invalid"]),
    (K.CALLBACK, {"satisfaction": "a"}, "", ["request.satisfaction_invalid"]),
    (K.CALLBACK, {"satisfaction": "A"}, "", []),
    (K.CALLBACK, {"satisfaction": "D"}, "", ["request.handler_owned_required"]),
    (
        K.CALLBACK,
        {"satisfaction": "D", "handler_owned": "yes"},
        "",
        ["request.handler_owned_invalid"],
    ),
    (K.CALLBACK, callback_params("D", True), "", []),
    (K.CALLBACK, callback_params("D", False), "", []),
    (K.REOPEN, {}, "", ["request.reason_required"]),
    (K.NOTE, {}, "", ["request.note_required"]),
    (K.NOTE, {}, " \n", ["request.note_required"]),
    (K.NOTE, {}, "已电话告知", []),
    (K.ACCEPT, {}, "", []),
]


def _stage_for(kind: EventKind) -> Stage:
    return next(s for s in Stage if kind in EXPECTED[s])


@pytest.mark.parametrize(("kind", "params", "note", "codes"), PARAM_CASES)
def test_required_params(
    kind: EventKind, params: dict[str, str], note: str, codes: list[str]
) -> None:
    state = RequestState(stage=_stage_for(kind))
    found = check_step(state, kind, params, note, request_id="R-0001")
    assert [p.code for p in found] == codes


def test_stage_and_params_reported_together() -> None:
    found = check_step(RequestState(stage=S.CLOSED), K.REJECT, {}, "")
    assert [p.code for p in found] == ["request.step_not_allowed", "request.reason_required"]
    assert found[1].field == "reason"


def test_malformed_event_is_a_collision_not_an_exception() -> None:
    bad = ev(K.REJECT, hlc=1, params={})
    state = derive_state([bad])
    assert state.stage is S.RECEIVED
    assert state.collisions == (bad.id,)


def test_merge_into_itself_is_skipped_when_id_known() -> None:
    merge = ev(K.MERGE, hlc=1, params={"target": "R-0001"})
    assert derive_state([merge], request_id="R-0001").collisions == (merge.id,)
    assert derive_state([merge]).merged_into == "R-0001"


# --------------------------------------------------------------------------- state details


def test_state_fields_through_a_full_life() -> None:
    events = [
        ev(K.ACCEPT, 1),
        ev(K.EXTEND, 2, params={"reason": "等待核实", "days": "3"}),
        ev(K.VERIFY, 3),
        ev(K.EXTEND, 4, params={"reason": "劳务公司未回复", "days": "2"}),
        ev(K.HANDLE, 5),
        ev(K.FEEDBACK, 6),
        ev(K.IMPROVE, 7),
        ev(K.CLOSE, 8),
        ev(K.CALLBACK, 9, params=callback_params("A", False)),
    ]
    state = derive_state(events)
    assert state.stage is S.CLOSED
    assert state.accepted_at == T0 + timedelta(minutes=1)
    assert state.closed_at == T0 + timedelta(minutes=8)
    assert state.extended_days == 5
    assert state.satisfaction == "A"
    assert state.reopen_count == 0
    assert state.applied == tuple(e.id for e in events)


def test_feedback_can_close_without_improvement() -> None:
    state = derive_state([*history(PATH[S.FEEDBACK]), ev(K.CLOSE, 10)])
    assert state.stage is S.CLOSED


def test_callback_d_owned_by_handler_reopens() -> None:
    closed = history(PATH[S.CLOSED])
    callback = ev(K.CALLBACK, 10, params=callback_params("D", True))
    state = derive_state([*closed, callback])
    assert state.stage is S.HANDLING
    assert state.reopen_count == 1
    assert state.satisfaction == "D"
    assert state.closed_at is None
    assert state.applied[-1] == callback.id
    # handled again, closed again, now satisfied
    again = [
        ev(K.FEEDBACK, 11),
        ev(K.CLOSE, 12),
        ev(K.CALLBACK, 13, params=callback_params("B", False)),
    ]
    state = derive_state([*closed, callback, *again])
    assert state.stage is S.CLOSED
    assert state.reopen_count == 1
    assert state.satisfaction == "B"
    assert state.closed_at == T0 + timedelta(minutes=12)


def test_callback_d_not_owned_only_records() -> None:
    closed = history(PATH[S.CLOSED])
    state = derive_state([*closed, ev(K.CALLBACK, 10, params=callback_params("D", False))])
    assert state.stage is S.CLOSED
    assert state.reopen_count == 0
    assert state.satisfaction == "D"
    assert state.closed_at is not None


def test_callback_d_owned_during_feedback_sends_back_to_handling() -> None:
    events = [*history(PATH[S.FEEDBACK]), ev(K.CALLBACK, 10, params=callback_params("D", True))]
    state = derive_state(events)
    assert (state.stage, state.reopen_count) == (S.HANDLING, 1)


def test_reopen_from_closed_and_from_rejected() -> None:
    reopen = ev(K.REOPEN, 10)
    state = derive_state([*history(PATH[S.CLOSED]), reopen])
    assert (state.stage, state.reopen_count, state.closed_at) == (S.HANDLING, 1, None)
    state = derive_state([*history(PATH[S.REJECTED]), reopen])
    assert (state.stage, state.reopen_count) == (S.ACCEPTED, 1)
    assert state.accepted_at == reopen.at


def test_transfer_and_accept_by_receiver() -> None:
    events = [ev(K.ACCEPT, 1), ev(K.TRANSFER, 2, params={"to": "HQ"}), ev(K.ACCEPT, 3, "hq")]
    state = derive_state(events)
    assert state.stage is S.ACCEPTED
    assert state.transferred_to == "HQ"
    assert state.accepted_at == T0 + timedelta(minutes=1)  # the first acceptance
    assert state.applied == tuple(e.id for e in events)


def test_merge_records_target() -> None:
    state = derive_state([ev(K.ACCEPT, 1), ev(K.MERGE, 2, params={"target": " R-0009 "})])
    assert (state.stage, state.merged_into) == (S.MERGED, "R-0009")


def test_event_requires_aware_utc_and_freezes_params() -> None:
    with pytest.raises(ValueError):
        Event("x", K.NOTE, datetime(2026, 7, 1), (1, "a"), "a", "n")
    with pytest.raises(ValueError):
        Event("x", K.NOTE, datetime(2026, 7, 1, tzinfo=BEIJING), (1, "a"), "a", "n")
    params = {"to": "HQ"}
    event = Event("x", K.TRANSFER, T0, (1, "a"), "a", params=params)
    params["to"] = "劳资部"
    assert event.params["to"] == "HQ"
    with pytest.raises(TypeError):
        event.params["to"] = "x"  # type: ignore[index]
    assert Event("y", K.NOTE, T0, (1, "a"), "a").params == {}
    assert Event("z", "note", T0, (1, "a"), "a").kind is K.NOTE  # type: ignore[arg-type]
    assert hash(event) == hash(Event("x", K.TRANSFER, T0, (1, "a"), "a", params={"to": "HQ"}))


# --------------------------------------------------------------------------- concurrency


def test_site_rejects_while_hq_accepts_and_verifies_offline() -> None:
    # Site and HQ both start from "received". The site rejects; HQ, offline, accepts and
    # verifies. The HLC puts the site's reject first.
    reject = ev(K.REJECT, 5, "site", params={"reason": "litigation"}, eid="site-1")
    accept = ev(K.ACCEPT, 6, "hq", eid="hq-1")
    verify = ev(K.VERIFY, 7, "hq", eid="hq-2")
    results = {derive_state(order) for order in itertools.permutations([reject, accept, verify])}
    assert len(results) == 1
    (state,) = results
    assert state.stage is S.REJECTED
    assert state.applied == ("site-1",)
    assert state.collisions == ("hq-1", "hq-2")
    assert state.redundant == ()


def test_hq_first_then_site_reject_is_legal_at_its_place() -> None:
    accept = ev(K.ACCEPT, 3, "hq", eid="hq-1")
    verify = ev(K.VERIFY, 4, "hq", eid="hq-2")
    reject = ev(K.REJECT, 5, "site", params={"reason": "litigation"}, eid="site-1")
    state = derive_state([reject, verify, accept])
    assert state.stage is S.REJECTED
    assert state.applied == ("hq-1", "hq-2", "site-1")
    assert state.collisions == ()


def test_reject_versus_handle_later_one_collides() -> None:
    base = history(PATH[S.VERIFYING])
    handle = ev(K.HANDLE, 10, "site", eid="site-h")
    reject = ev(K.REJECT, 10, "hq", params={"reason": "out_of_scope"}, eid="hq-r")
    state = derive_state([*base, reject, handle])
    # same hlc: node id decides, "hq" < "site"
    assert state.stage is S.REJECTED
    assert state.collisions == ("site-h",)


def test_two_accepts_are_redundant_not_a_collision() -> None:
    a1 = ev(K.ACCEPT, 1, "site", eid="a-site")
    a2 = ev(K.ACCEPT, 1, "hq", eid="a-hq")
    state = derive_state([a1, a2])
    assert state.stage is S.ACCEPTED
    assert state.applied == ("a-hq",)
    assert state.redundant == ("a-site",)
    assert state.collisions == ()


def test_late_repeat_after_further_progress_is_redundant() -> None:
    # site accepts and verifies; HQ's concurrent accept is ordered after the verify
    events = [ev(K.ACCEPT, 1, "site"), ev(K.VERIFY, 2, "site"), ev(K.ACCEPT, 3, "hq", eid="late")]
    state = derive_state(events)
    assert state.stage is S.VERIFYING
    assert state.redundant == ("late",)
    assert state.collisions == ()


def test_two_closes_and_two_identical_transfers_are_redundant() -> None:
    feedback = history(PATH[S.FEEDBACK])
    state = derive_state([*feedback, ev(K.CLOSE, 10, "a"), ev(K.CLOSE, 10, "b", eid="c2")])
    assert (state.stage, state.redundant, state.collisions) == (S.CLOSED, ("c2",), ())
    accepted = history(PATH[S.ACCEPTED])
    t1 = ev(K.TRANSFER, 10, "a", params={"to": "HQ"})
    t2 = ev(K.TRANSFER, 10, "b", params={"to": "HQ"}, eid="t2")
    t3 = ev(K.TRANSFER, 10, "c", params={"to": "劳资部"}, eid="t3")
    state = derive_state([*accepted, t1, t2, t3])
    assert (state.stage, state.transferred_to) == (S.TRANSFERRED, "HQ")
    assert (state.redundant, state.collisions) == (("t2",), ("t3",))


def test_close_versus_improve_is_a_collision_when_close_first() -> None:
    feedback = history(PATH[S.FEEDBACK])
    close = ev(K.CLOSE, 10, "site")
    improve = ev(K.IMPROVE, 11, "hq", eid="imp")
    state = derive_state([*feedback, improve, close])
    assert (state.stage, state.collisions) == (S.CLOSED, ("imp",))


def test_accept_after_transfer_is_a_new_round() -> None:
    # a second accept after a transfer is the receiver's acceptance, not a repeat
    events = [ev(K.ACCEPT, 1), ev(K.TRANSFER, 2), ev(K.ACCEPT, 3, "hq"), ev(K.ACCEPT, 3, "x")]
    state = derive_state(events)
    assert state.stage is S.ACCEPTED
    assert len(state.applied) == 3
    assert len(state.redundant) == 1


def test_duplicate_delivery_is_a_no_op() -> None:
    events = history(PATH[S.CLOSED])
    assert derive_state(events + events + events[:2]) == derive_state(events)


# --------------------------------------------------------------------------- property

KIND_PARAMS: Mapping[EventKind, list[dict[str, str]]] = {
    kind: [VALID[kind][0]] for kind in EventKind
} | {
    K.CALLBACK: [callback_params("D", True), callback_params("D", False), {"satisfaction": "C"}],
    K.TRANSFER: [{"to": "HQ"}, {"to": "劳资部"}],
    K.MERGE: [{"target": "R-2"}, {"target": "R-3"}],
    K.REJECT: [{"reason": "litigation"}, {}],  # {} is malformed on purpose
}


@st.composite
def events(draw: st.DrawFn) -> Event:
    kind = draw(st.sampled_from(list(EventKind)))
    return Event(
        id=draw(st.sampled_from([f"id{i}" for i in range(12)])),
        kind=kind,
        at=T0 + timedelta(minutes=draw(st.integers(0, 5))),
        order_key=(draw(st.integers(0, 8)), draw(st.sampled_from(["hq", "site-a", "site-b"]))),
        actor=draw(st.sampled_from(["张", "李"])),
        note=draw(st.sampled_from(["", "备注"])),
        params=draw(st.sampled_from(KIND_PARAMS[kind])),
    )


@given(
    evs=st.lists(events(), max_size=25),
    data=st.data(),
)
def test_derive_state_ignores_order_and_duplication(evs: list[Event], data: st.DataObject) -> None:
    expected = derive_state(evs)
    dups = data.draw(st.lists(st.sampled_from(evs), max_size=10)) if evs else []
    shuffled = data.draw(st.permutations(evs + dups))
    assert derive_state(shuffled) == expected
    assert derive_state(iter(shuffled)) == expected
    # every distinct id is accounted for exactly once
    accounted = expected.applied + expected.collisions + expected.redundant
    assert sorted(accounted) == sorted({e.id for e in evs})


@given(evs=st.lists(events(), max_size=25, unique_by=lambda e: e.id))
def test_applied_events_were_legal_steps(evs: list[Event]) -> None:
    """Replaying the applied events one by one through check_step never refuses one."""
    by_id = {e.id: e for e in evs}
    state = derive_state(evs)
    replayed = RequestState()
    for i, eid in enumerate(state.applied):
        event = by_id[eid]
        assert check_step(replayed, event.kind, event.params, event.note) == []
        replayed = derive_state([by_id[x] for x in state.applied[: i + 1]])
    assert replayed.stage is state.stage


# --------------------------------------------------------------------------- vocabularies


def test_labels_complete() -> None:
    assert set(CHANNEL_LABELS) == set(Channel)
    assert set(URGENCY_LABELS) == set(Urgency)
    assert set(STAGE_LABELS) == set(Stage)
    assert set(EVENT_LABELS) == set(EventKind)
    assert set(CATEGORY_LABELS) == set(Category)
    assert all(v.isascii() for v in [*Channel, *Urgency, *Stage, *EventKind, *Category])
    assert STAGE_LABELS[S.CLOSED] == "已办结"
    assert CHANNEL_LABELS[Channel.PATROL] == "夜巡"


def test_categories_and_limits() -> None:
    assert [(c, d) for c, _name, d in REQUEST_CATEGORIES] == [
        (Category.WAGES, 13),
        (Category.SAFETY, 3),
        (Category.LIVING, 3),
        (Category.HEALTH, 3),
        (Category.LEGAL, 13),
        (Category.TRAINING, 13),
        (Category.PSYCH, 3),
        (Category.OTHER, 13),
    ]
    assert DEFAULT_LIMIT_DAYS[Urgency.URGENT] == 0
    assert DEFAULT_LIMIT_DAYS[RequestKind.CONSULT] == DEFAULT_LIMIT_DAYS[RequestKind.HELP] == 3
    assert DEFAULT_LIMIT_DAYS["complaint"] == 13
    assert default_limit_days(Category.WAGES) == 13
    assert default_limit_days(Category.WAGES, RequestKind.CONSULT) == 3
    assert default_limit_days(Category.SAFETY, RequestKind.SUGGESTION) == 3
    assert default_limit_days(Category.WAGES, RequestKind.COMPLAINT, Urgency.URGENT) == 0


# --------------------------------------------------------------------------- messages


def _all_emitted_problems() -> list[problems.Problem]:
    found: list[problems.Problem] = []
    for stage, kind in MATRIX:
        params, note = VALID[kind]
        found += check_step(RequestState(stage=stage), kind, params, note)
    for kind, params, note, _codes in PARAM_CASES:
        found += check_step(
            RequestState(stage=_stage_for(kind)), kind, params, note, request_id="R-0001"
        )
    return found


def test_every_emitted_code_has_chinese_and_english_text() -> None:
    emitted = _all_emitted_problems()
    codes = {p.code for p in emitted}
    assert codes <= problems.known_codes()
    # and every request.* code is reachable from the cases above
    assert codes == {c for c in problems.known_codes() if c.startswith("request.")}
    for p in emitted:
        zh, en = p.message("zh"), p.message("en")
        assert p.code.startswith("request.")
        assert zh != en and zh != p.code and en != p.code
        assert "{" not in zh and "{" not in en
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
        assert en.isascii() or "“" in en
