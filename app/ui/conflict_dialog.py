"""处理冲突: the records a conflict is about, side by side, and the decisions that fit it.

* the same ID registered twice: keep one record (the others are deleted), or keep both as
  different people (a note says why);
* the same entitlement handed out twice: both really went out (with a note), or the extra
  goods came back into stock;
* a request step that collided with one taken elsewhere: acknowledged with a note, once the
  right step has been taken by hand.

Deciding needs the RESOLVE_CONFLICT permission; the decision goes through
:func:`app.sync.conflicts.resolve` and reaches the other PCs with the next sync.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import DomainError
from app.domain.roles import Permission, allowed
from app.store.database import Database
from app.store.users import Actor
from app.sync.conflicts import (
    DOUBLE_HANDOUT,
    DUPLICATE_WORKER,
    REQUEST_STEP,
    SIDE_FACTS,
    ConflictView,
    list_conflicts,
    resolve,
    sides,
)
from app.ui.labels import conflict_label
from app.ui.style import MessageLine, current_lang

DIFFERS = "#fff3bf"  # the facts where the records differ


class ConflictDialog(QDialog):
    def __init__(
        self, db: Database, conflict_id: str, actor: Actor | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.conflict_id = conflict_id
        self.resolved = False
        with db.read() as session:
            found = [c for c in list_conflicts(session, open_only=False) if c.id == conflict_id]
            self.sides = sides(session, conflict_id) if found else []
        # a sync may have brought its deletion since the list was shown: nothing to decide
        view = found[0] if found else ConflictView(conflict_id, "", "", [], "gone", "", "")
        self.kind = view.kind
        self.setWindowTitle(
            self.tr("Conflict: {what}").replace("{what}", conflict_label(self.kind))
        )
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        explain = QLabel(self._explanation())
        explain.setWordWrap(True)
        layout.addWidget(explain)

        keys = [k for k in SIDE_FACTS if any(k in dict(s.facts) for s in self.sides)]
        self.table = QTableWidget(len(keys), len(self.sides))
        self.table.setVerticalHeaderLabels([self.fact_label(k) for k in keys])
        self.table.setHorizontalHeaderLabels(
            [self.tr("Record {n}").replace("{n}", str(n + 1)) for n in range(len(self.sides))]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for c, side in enumerate(self.sides):
            facts = dict(side.facts)
            for r, key in enumerate(keys):
                item = QTableWidgetItem(facts.get(key, ""))
                values = {dict(s.facts).get(key, "") for s in self.sides}
                if len(values) > 1:  # where the records differ
                    item.setBackground(QColor(DIFFERS))
                self.table.setItem(r, c, item)
        layout.addWidget(self.table, 1)

        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note on the decision (who checked, what was found)"))
        layout.addWidget(self.note)
        self.choice_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        may = actor is not None and allowed(actor.role, Permission.RESOLVE_CONFLICT)
        for key, text in self._choices():
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=key: self.decide(k))
            button.setEnabled(may and view.status == "open")
            if not may:
                button.setToolTip(self.tr("Only a site manager may decide."))
            self.buttons[key] = button
            self.choice_row.addWidget(button)
        self.choice_row.addStretch(1)
        layout.addLayout(self.choice_row)
        self.message = MessageLine()
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def _explanation(self) -> str:
        return {
            DUPLICATE_WORKER: self.tr(
                "Two PCs or two sites registered the same ID number. If it is one person, keep "
                "the record that is right; if they are different people, keep both."
            ),
            DOUBLE_HANDOUT: self.tr(
                "Two PCs, offline, each recorded this handout. If both really went out, say so; "
                "if the extra goods came back, they return to stock."
            ),
            REQUEST_STEP: self.tr(
                "This step was taken on another PC while this one took a different step; it is "
                "kept in the history but not in effect. Take the right step on the request by "
                "hand if needed, then mark this as seen."
            ),
        }.get(self.kind, "")

    def fact_label(self, key: str) -> str:
        return {
            "site": self.tr("Work area"),
            "name": self.tr("Name"),
            "gender": self.tr("Gender"),
            "birth": self.tr("Born"),
            "id": self.tr("ID number"),
            "team": self.tr("Team"),
            "trade": self.tr("Trade"),
            "status": self.tr("Status"),
            "registered": self.tr("Registered"),
            "item": self.tr("Item"),
            "quantity": self.tr("Quantity"),
            "recipient": self.tr("Recipient"),
            "handed_at": self.tr("Handed out"),
            "handed_by": self.tr("By"),
            "request": self.tr("Request"),
            "step": self.tr("Step"),
            "step_at": self.tr("When"),
            "step_by": self.tr("By"),
            "note": self.tr("Note"),
            "stage_now": self.tr("Stage now"),
        }.get(key, key)

    def _choices(self) -> list[tuple[str, str]]:
        if self.kind == DUPLICATE_WORKER:
            keep = [
                (f"keep:{s.row_id}", self.tr("Keep record {n}").replace("{n}", str(n + 1)))
                for n, s in enumerate(self.sides)
            ]
            return [*keep, ("both", self.tr("Different people: keep both"))]
        if self.kind == DOUBLE_HANDOUT:
            return [
                ("accept", self.tr("Both really went out")),
                ("return", self.tr("The extra came back to stock")),
            ]
        return [("acknowledge", self.tr("Seen"))]

    def decide(self, choice: str) -> None:
        if self._actor is None:
            return
        action, _, keep = choice.partition(":")
        try:
            with self._db.write(self._actor.username) as unit:
                resolve(
                    unit,
                    self.conflict_id,
                    action,
                    keep=keep or None,
                    note=self.note.text(),
                )
        except DomainError as exc:
            self.message.say(exc.message(current_lang()), error=True)
            return
        self.resolved = True
        for button in self.buttons.values():
            button.setEnabled(False)
        self.message.say(self.tr("Decided. The decision reaches the other PCs with the next sync."))
