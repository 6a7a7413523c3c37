"""Translated names of the request vocabularies (stages, steps, channels …) for the UI.

The domain keeps the Chinese names for paper and the CLI; the window shows these, so the
English UI has no Chinese left in it and the Chinese UI reads the same as the paper.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.requests import Category, Channel, EventKind, Stage, Timeliness, Urgency

translate = QCoreApplication.translate  # the name lupdate looks for


def stage_label(stage: Stage) -> str:
    return {
        Stage.RECEIVED: translate("Stage", "Awaiting acceptance"),
        Stage.ACCEPTED: translate("Stage", "Accepted"),
        Stage.VERIFYING: translate("Stage", "Verifying"),
        Stage.HANDLING: translate("Stage", "Handling"),
        Stage.FEEDBACK: translate("Stage", "Result fed back"),
        Stage.IMPROVING: translate("Stage", "Improving"),
        Stage.CLOSED: translate("Stage", "Closed"),
        Stage.REJECTED: translate("Stage", "Not accepted"),
        Stage.MERGED: translate("Stage", "Merged"),
        Stage.TRANSFERRED: translate("Stage", "Transferred"),
    }[stage]


def step_label(kind: EventKind) -> str:
    return {
        EventKind.ACCEPT: translate("Step", "Accept"),
        EventKind.VERIFY: translate("Step", "Verify"),
        EventKind.HANDLE: translate("Step", "Handle"),
        EventKind.FEEDBACK: translate("Step", "Feed back the result"),
        EventKind.IMPROVE: translate("Step", "Improve"),
        EventKind.CLOSE: translate("Step", "Close"),
        EventKind.REJECT: translate("Step", "Do not accept"),
        EventKind.MERGE: translate("Step", "Merge"),
        EventKind.TRANSFER: translate("Step", "Transfer"),
        EventKind.EXTEND: translate("Step", "Extend the time limit"),
        EventKind.CALLBACK: translate("Step", "Call back"),
        EventKind.REOPEN: translate("Step", "Reopen"),
        EventKind.NOTE: translate("Step", "Note"),
    }[kind]


def channel_label(code: str) -> str:
    labels: dict[str, str] = {
        Channel.QR: translate("Channel", "QR code"),
        Channel.PHONE: translate("Channel", "Phone"),
        Channel.COUNTER: translate("Channel", "Counter"),
        Channel.BOX: translate("Channel", "Suggestion box"),
        Channel.PATROL: translate("Channel", "Night patrol"),
        Channel.VISIT: translate("Channel", "Door-to-door visit"),
    }
    return labels.get(code, code)


def urgency_label(code: str) -> str:
    labels: dict[str, str] = {
        Urgency.NORMAL: translate("Urgency", "Normal"),
        Urgency.URGENT: translate("Urgency", "Urgent"),
    }
    return labels.get(code, code)


def category_label(code: str, stored: str) -> str:
    """A known category's translated name; a category added at HQ keeps its stored name."""
    labels: dict[str, str] = {
        Category.WAGES: translate("Category", "Wages"),
        Category.SAFETY: translate("Category", "Work safety"),
        Category.LIVING: translate("Category", "Living conditions"),
        Category.HEALTH: translate("Category", "Health"),
        Category.LEGAL: translate("Category", "Legal help"),
        Category.TRAINING: translate("Category", "Skills training"),
        Category.PSYCH: translate("Category", "Psychological help"),
        Category.OTHER: translate("Category", "Other"),
    }
    return labels.get(code, stored)


def satisfaction_label(grade: str) -> str:
    labels = {
        "A": translate("Satisfaction", "A · very satisfied"),
        "B": translate("Satisfaction", "B · satisfied"),
        "C": translate("Satisfaction", "C · fairly satisfied"),
        "D": translate("Satisfaction", "D · dissatisfied"),
    }
    return labels.get(grade, grade)


def timeliness_label(when: Timeliness) -> str:
    return {
        Timeliness.ON_TIME: translate("Timeliness", "In time"),
        Timeliness.DUE_SOON: translate("Timeliness", "Due soon"),
        Timeliness.OVERDUE: translate("Timeliness", "Overdue"),
        Timeliness.CLOSED_ON_TIME: translate("Timeliness", "Closed in time"),
        Timeliness.CLOSED_LATE: translate("Timeliness", "Closed late"),
        Timeliness.ENDED: "",
    }[when]


def conflict_label(kind: str) -> str:
    labels = {
        "duplicate_worker": translate("Conflict", "The same ID number registered twice"),
        "double_handout": translate("Conflict", "The same entitlement handed out twice"),
        "request_step": translate("Conflict", "A request step that collided with another"),
    }
    return labels.get(kind, kind)


TIMELINESS_COLOURS = {
    Timeliness.OVERDUE: "#c1121f",
    Timeliness.DUE_SOON: "#b35c00",
    Timeliness.CLOSED_LATE: "#8a5a00",
}
