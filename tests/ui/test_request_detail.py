"""A request's detail in the desktop app: the timeline and every step, from acceptance to the
call-back, with the refusals a clerk meets on the way."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import orjson
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.domain.requests import EventKind, Stage
from app.domain.roles import Role
from app.store.database import Database
from app.store.models import RequestEvent
from app.store.requests import RequestInput, add_request, state_of
from app.store.users import Actor
from app.ui.request_detail import RequestDetailDialog, StepDialog

CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)
MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)
RECEIVED = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)  # Monday 09:30 in Beijing
TODAY = date(2026, 11, 24)


def _request(db: Database, description: str = "宿舍空调坏了") -> str:
    with db.write("clerk") as unit:
        inp = RequestInput(
            channel="phone",
            category_code="living",
            description=description,
            contact_name="李娜",
            contact_phone="13800138000",
            received_at=RECEIVED,
        )
        return add_request(unit, inp, node_tag="A")


def _detail(qtbot: QtBot, db: Database, rid: str, actor: Actor = CLERK) -> RequestDetailDialog:
    dialog = RequestDetailDialog(db, rid, actor, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    return dialog


def _step(
    detail: RequestDetailDialog, kind: EventKind, note: str = "", **fill: object
) -> StepDialog:
    """Open the step's form as its button would, fill it in and press OK."""
    assert detail.step_buttons[kind].isEnabled()
    step = detail.step_dialog(kind)
    step.note.setPlainText(note)
    for name, value in fill.items():
        if name == "grade":
            assert step.grades is not None
            step.grades.button("ABCD".index(str(value))).setChecked(True)
            continue
        widget = getattr(step, name)
        if isinstance(value, bool):
            widget.setChecked(value)
        elif hasattr(widget, "setValue"):
            widget.setValue(value)
        elif hasattr(widget, "setEditText"):
            widget.setEditText(str(value))
        else:
            widget.setText(str(value))
    step.accept()
    if step.result() == QDialog.DialogCode.Accepted:
        detail.stepped(step)
    return step


def _timeline(detail: RequestDetailDialog) -> list[tuple[str, str]]:
    items = [detail.timeline.topLevelItem(i) for i in range(detail.timeline.topLevelItemCount())]
    return [(item.text(1), item.text(3)) for item in items if item is not None]


def test_the_whole_flow_from_acceptance_to_the_call_back(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    rid = _request(db)
    detail = _detail(qtbot, db, rid)
    assert detail.heading.text().endswith("待受理")
    assert detail.fields["who"].text() == "李娜 138****8000"
    # living: 3 working days from Monday → Thursday
    assert detail.fields["due"].text() == "2026-11-26（3 个工作日）"
    assert list(detail.step_buttons) == [
        EventKind.ACCEPT,
        EventKind.REJECT,
        EventKind.MERGE,
        EventKind.EXTEND,
        EventKind.NOTE,
    ]
    assert not detail.step_buttons[EventKind.EXTEND].isEnabled()  # a manager approves that
    assert detail.timing.text() == "未到期"  # two working days left
    detail._today = lambda: date(2026, 11, 25)
    detail.reload()
    assert detail.timing.text() == "即将到期"

    _step(detail, EventKind.ACCEPT, "张工承办")
    _step(detail, EventKind.VERIFY, "空调压缩机损坏")
    _step(detail, EventKind.HANDLE, "已报修")
    _step(detail, EventKind.FEEDBACK, "已更换空调，电话告知")
    assert detail.heading.text().endswith("结果反馈")
    assert detail.message.text() == "已结果反馈。该诉求现为“结果反馈”。"
    # dissatisfied, and the handler is to blame: back to handling
    _step(detail, EventKind.CALLBACK, "仍然不制冷", grade="D", handler_owned=True)
    assert detail.state.stage is Stage.HANDLING and detail.state.reopen_count == 1
    _step(detail, EventKind.FEEDBACK, "已再次维修")
    _step(detail, EventKind.IMPROVE, "宿舍空调每月巡检")
    _step(detail, EventKind.CLOSE, "办结")
    _step(detail, EventKind.CALLBACK, grade="A")
    assert detail.heading.text().endswith("已办结") and detail.changed
    assert detail.fields["satisfaction"].text() == "A 非常满意"
    steps = _timeline(detail)
    assert [s for s, _ in steps] == [
        "受理",
        "审查核实",
        "分类处理",
        "结果反馈",
        "回访",
        "结果反馈",
        "整改提升",
        "办结",
        "回访",
    ]
    assert steps[4][1] == "D 不满意；属承办方原因，重新办理；仍然不制冷"
    assert EventKind.REOPEN in detail.step_buttons
    with db.read() as session:
        assert state_of(session, rid).stage is Stage.CLOSED


def test_steps_that_are_refused_say_why_and_change_nothing(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    rid = _request(db)
    detail = _detail(qtbot, db, rid)
    step = detail.step_dialog(EventKind.REJECT)
    step.reason_choice.setCurrentIndex(2)  # type: ignore[union-attr]  # "other", nothing said
    step.accept()
    assert step.result() != QDialog.DialogCode.Accepted and "须填写理由" in step.error.text()
    step = _step(detail, EventKind.MERGE, target="GQ2-19990101-A001")
    assert step.result() != QDialog.DialogCode.Accepted
    assert step.error.text() == "找不到诉求 GQ2-19990101-A001。"
    step = _step(detail, EventKind.NOTE)
    assert "备注内容不能为空" in step.error.text()
    assert _timeline(detail) == [] and detail.heading.text().endswith("待受理")
    # a clerk cannot approve an extension, even past a disabled button
    step = detail.step_dialog(EventKind.EXTEND)
    step.reason.setText("等待配件")  # type: ignore[union-attr]
    step.accept()
    assert "无权" in step.error.text()


def test_a_manager_extends_merges_and_the_timeline_reads_well(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    first, rid = _request(db, "空调坏了"), _request(db, "空调又坏了")
    detail = _detail(qtbot, db, rid, MANAGER)
    _step(detail, EventKind.EXTEND, reason="等待厂家配件", days=5)
    assert detail.fields["due"].text() == "2026-12-03（3 个工作日，已延长 5 个工作日）"
    with db.read() as session:
        from app.store.requests import find_request

        number = find_request(session, first).number  # type: ignore[union-attr]
    _step(detail, EventKind.MERGE, "与前一条重复", target=number)
    assert detail.heading.text().endswith("已合并")
    assert _timeline(detail) == [
        ("延期", "理由：等待厂家配件；延长 5 个工作日"),
        ("合并", f"并入 {number}；与前一条重复"),
    ]


def test_a_step_that_collided_elsewhere_is_shown_but_not_in_effect(
    qtbot: QtBot, zh_app: QApplication, db: Database
) -> None:
    rid = _request(db)
    detail = _detail(qtbot, db, rid)
    for kind in (EventKind.ACCEPT, EventKind.VERIFY, EventKind.HANDLE, EventKind.FEEDBACK):
        _step(detail, kind, "办理")
    _step(detail, EventKind.CLOSE, "办结")
    # what a sync brings: HQ, offline, rejected the request it had not seen accepted
    with db.write("hq") as unit:
        unit.journal.insert(
            RequestEvent,
            {
                "request_id": rid,
                "kind": "reject",
                "at": RECEIVED + timedelta(days=1),
                "actor": "hq",
                "note": "",
                "params": orjson.dumps({"reason": "不属于受理范围"}).decode(),
            },
        )
    detail.reload()
    assert detail.heading.text().endswith("已办结")
    last = detail.timeline.topLevelItem(detail.timeline.topLevelItemCount() - 1)
    assert last is not None and last.text(1) == "不予受理（未生效）"
    assert "冲突" in last.toolTip(0)
