from __future__ import annotations

from datetime import date

import pytest

from app.store.database import Database
from app.store.models import Team
from app.store.worker_list import Order, Presence, WorkerFilter, count, page, teams
from app.store.workers import WorkerInput, record_movement, register_workers

PEOPLE = [
    ("单雄信", "11010519491231002X", "13800138000", "钢筋一班", "020"),
    ("张伟", "51010719900101123X", "13912345678", "钢筋一班", "020"),
    ("曾小红", "510107198505052233", "", "木工班", "240"),
]


@pytest.fixture
def ids(db: Database) -> dict[str, str]:
    with db.write("clerk") as unit:
        team_ids = {
            name: unit.journal.insert(Team, {"name": name}) for name in ("钢筋一班", "木工班")
        }
        made = register_workers(
            unit,
            [
                WorkerInput(n, i, mobile=m, team_id=team_ids[t], trade_code=c)
                for n, i, m, t, c in PEOPLE
            ],
            today=date(2026, 11, 24),
        ).ids
        by_name = dict(zip([p[0] for p in PEOPLE], made, strict=True))
        record_movement(unit, by_name["单雄信"], "entry", date(2026, 8, 1))
        record_movement(unit, by_name["张伟"], "entry", date(2026, 8, 1))
        record_movement(unit, by_name["张伟"], "exit", date(2026, 10, 1))
    return by_name


def _names(db: Database, **kw: object) -> list[str]:
    f = WorkerFilter(**kw)  # type: ignore[arg-type]
    with db.read() as session:
        rows = page(session, f, 0, 50)
        assert count(session, f) == len(rows)
    return [r.name for r in rows]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", ["单雄信", "曾小红", "张伟"]),  # by pinyin: shan, zeng, zhang
        ("雄", ["单雄信"]),
        ("shan", ["单雄信"]),
        ("sxx", ["单雄信"]),
        ("Zeng Xiao", ["曾小红"]),
        ("002x", ["单雄信"]),  # ID tail, lower-case x
        ("5678", ["张伟"]),  # mobile tail
        ("木工", ["曾小红"]),  # team name
        ("%", []),
        ("_", []),
    ],
)
def test_search_as_you_type(db: Database, ids: dict[str, str], text: str, found: list[str]) -> None:
    assert _names(db, text=text) == found


def test_filters_and_order(db: Database, ids: dict[str, str]) -> None:
    assert _names(db, presence=Presence.ON_SITE) == ["单雄信"]
    assert _names(db, presence=Presence.LEFT) == ["张伟"]
    assert _names(db, presence=Presence.NEVER) == ["曾小红"]
    assert _names(db, trade_code="240") == ["曾小红"]
    assert _names(db, order=Order.NAME, descending=True) == ["张伟", "曾小红", "单雄信"]
    assert _names(db, order=Order.TEAM) == ["曾小红", "单雄信", "张伟"]  # 木工班, 钢筋一班
    with db.read() as session:
        team_list = teams(session)
        rows = page(session, WorkerFilter(text="单"), 0, 10)
    assert [name for _id, name in team_list] == sorted(["钢筋一班", "木工班"])
    (row,) = rows
    assert row.id_masked == "110105********002X" and row.mobile_masked == "138****8000"
    assert row.team == "钢筋一班" and row.trade == "钢筋工" and row.presence is Presence.ON_SITE
    gang = next(tid for tid, name in team_list if name == "钢筋一班")
    assert _names(db, team_id=gang) == ["单雄信", "张伟"]


def test_paging(db: Database, ids: dict[str, str]) -> None:
    with db.read() as session:
        first = page(session, WorkerFilter(), 0, 2)
        rest = page(session, WorkerFilter(), 2, 2)
    assert [r.name for r in first + rest] == ["单雄信", "曾小红", "张伟"]
