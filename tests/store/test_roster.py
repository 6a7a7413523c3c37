"""The roster in Excel: masked export, whole numbers only for allowed roles (audited), and
an import that checks every row and refuses what Excel has already damaged."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.domain.problems import DomainError
from app.domain.progress import Cancelled
from app.domain.roles import Role
from app.store.audit import entries
from app.store.database import Database
from app.store.models import Team, Worker
from app.store.roster import export_roster, import_rows, preview, read_roster
from app.store.users import Actor
from app.store.workers import WorkerInput, register_worker

MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)
CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)
TODAY = date(2026, 11, 24)
DATA = Path(__file__).parent / "data"
GOOD = [
    ("张伟", "11010519491231002X", "隧道一队", "钢筋工", "13800138000", "6222020200112233445"),
    ("李娜", "51010719900101123X", "隧道一队", "020", "13900139000", ""),
    ("欧阳明", "510107198505052233", "桥梁二队", "木工", "", ""),
]
HEADER = ["序号", "姓名", "身份证号码", "班组", "工种", "手机号", "工资卡号", "进场日期"]


def _xlsx(path: Path, rows: list[list[Any]], *, title: str | None = "二工区花名册") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if title:
        ws.append([title])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _good_rows() -> list[list[Any]]:
    return [[i + 1, *r, "2026-08-26"] for i, r in enumerate(GOOD)]


def _count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Worker)) or 0


def test_a_good_roster_is_previewed_then_imported_with_its_new_teams(
    db: Database, tmp_path: Path
) -> None:
    checked = preview(db, _xlsx(tmp_path / "r.xlsx", _good_rows()), today=TODAY)
    assert [r.line for r in checked.rows] == [3, 4, 5]  # as Excel numbers them
    assert checked.bad == [] and checked.new_teams == ["隧道一队", "桥梁二队"]
    done = import_rows(db, CLERK, checked, today=TODAY)
    assert len(done.ids) == 3 and done.new_teams == ["隧道一队", "桥梁二队"]
    with db.read() as session:
        teams = {t.id: t.name for t in session.scalars(select(Team))}
        workers = {w.name: w for w in session.scalars(select(Worker))}
    assert teams[workers["李娜"].team_id or ""] == "隧道一队"
    assert workers["李娜"].trade_code == "020" and workers["张伟"].trade_code == "020"
    assert workers["张伟"].id_masked == "110105********002X"


def test_a_number_typed_as_a_number_is_refused_and_nothing_is_imported(
    db: Database, tmp_path: Path
) -> None:
    rows = _good_rows()
    rows[1][2] = 510107199001011230  # Excel shows 5.10107E+17: the last digits are gone
    rows[2][6] = 6222020200112233445
    checked = preview(db, _xlsx(tmp_path / "r.xlsx", rows), today=TODAY)
    assert [r.line for r in checked.bad] == [4, 5]
    (problem,) = checked.bad[0].problems
    assert "数字格式" in problem.message("zh") and "文本" in problem.message("zh")
    assert "超过 15 位" in checked.bad[1].problems[0].message("zh")
    with pytest.raises(DomainError) as caught:
        import_rows(db, CLERK, checked, today=TODAY)
    assert "2 行数据有误" in caught.value.message("zh") and "第 4 行" in caught.value.message("zh")
    assert _count(db) == 0
    done = import_rows(db, CLERK, checked, today=TODAY, skip_bad=True)
    assert len(done.ids) == 1 and [r.line for r in done.skipped] == [4, 5]


def test_each_wrong_row_says_what_is_wrong(db: Database, tmp_path: Path) -> None:
    with db.write("clerk") as unit:
        register_worker(unit, WorkerInput("王强", "11010519491231002X"), today=TODAY)
    rows = [
        [1, "张伟", "11010519491231002X", "", "", "", "", ""],  # registered already
        [2, "李娜", "360426199101010072", "", "", "", "", ""],  # wrong check digit
        [3, "赵六", "51010719900101123X", "", "焊工", "", "", "2026-13-01"],
        [4, "孙七", "51010719900101123X", "", "", "12345", "", ""],  # repeats row 5
    ]
    checked = preview(db, _xlsx(tmp_path / "r.xlsx", rows, title=None), today=TODAY)
    said = {r.line: " ".join(p.message("zh") for p in r.problems) for r in checked.rows}
    assert "已登记为“王强”" in said[2]
    assert "校验" in said[3]
    assert "工种" in said[4] and "焊工" in said[4] and "不是日期" in said[4]
    assert "与第 4 行重复" in said[5] and "手机" in said[5]


def test_an_old_xls_roster_is_read_too(db: Database) -> None:
    rows = read_roster(DATA / "roster-old.xls")
    assert [r.values["name"] for r in rows] == ["张伟", "李娜"]
    assert rows[0].values["entry_date"] == date(2026, 8, 26)
    assert rows[1].values["entry_date"] == date(2026, 8, 27)
    assert rows[0].ok and not rows[1].ok  # its ID is a number cell
    assert rows[1].values["mobile"] == "13900139000"  # an 11-digit number survives Excel


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"not a spreadsheet", "无法读取"), (None, "表头"), (b"", "无法读取")],
)
def test_a_wrong_file_is_refused_with_a_reason(
    db: Database, tmp_path: Path, content: bytes | None, says: str
) -> None:
    path = tmp_path / "r.xlsx"
    if content is None:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["编号", "名字"])
        wb.save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(DomainError, match=says):
        preview(db, path, today=TODAY)


def _registered(db: Database, tmp_path: Path) -> None:
    import_rows(
        db, CLERK, preview(db, _xlsx(tmp_path / "in.xlsx", _good_rows()), today=TODAY), today=TODAY
    )


def _xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_the_export_is_masked_with_numbers_as_text_and_audited(
    db: Database, tmp_path: Path
) -> None:
    _registered(db, tmp_path)
    out = export_roster(db, CLERK, tmp_path / "out.xlsx")
    assert out.count == 3 and not out.whole_numbers
    xml = _xml(out.path)
    for _name, number, _t, _tr, phone, card in GOOD:
        assert (
            number not in xml and (not phone or phone not in xml) and (not card or card not in xml)
        )
    ws = load_workbook(out.path).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    rows = [{h: c for h, c in zip(header, r, strict=False)} for r in ws.iter_rows(min_row=2)]
    # by team, then by pinyin
    assert [r["姓名"].value for r in rows] == ["欧阳明", "李娜", "张伟"]
    row = rows[2]
    assert row["证件号码"].value == "110105********002X" and row["证件号码"].number_format == "@"
    assert row["手机号码"].value == "138****8000" and row["手机号码"].data_type == "s"
    assert row["工资卡号"].value == "6222 **** **** 3445"
    assert row["劳务队/班组"].value == "隧道一队" and row["工种"].value == "钢筋工"
    assert row["在场状态"].value == "在场" and row["性别"].value == "女"
    (audit,) = entries(db, db.require_vault(), action="export")
    assert audit.actor == "wang" and "masked" in audit.detail and "3 workers" in audit.detail


def test_whole_numbers_only_for_an_allowed_role(db: Database, tmp_path: Path) -> None:
    _registered(db, tmp_path)
    with pytest.raises(DomainError, match="无权"):
        export_roster(db, CLERK, tmp_path / "whole.xlsx", whole_numbers=True)
    assert not (tmp_path / "whole.xlsx").exists()
    out = export_roster(db, MANAGER, tmp_path / "whole.xlsx", whole_numbers=True)
    ws = load_workbook(out.path).active
    assert ws is not None
    values = [c.value for r in ws.iter_rows(min_row=2) for c in r]
    assert "11010519491231002X" in values and "6222020200112233445" in values
    (audit,) = entries(db, db.require_vault(), action="export")
    assert audit.actor == "li" and "whole numbers" in audit.detail


def test_an_export_read_back_imports_nowhere_twice(db: Database, tmp_path: Path) -> None:
    """A masked export is not a backup: importing it is refused row by row, not half-done."""
    _registered(db, tmp_path)
    out = export_roster(db, CLERK, tmp_path / "out.xlsx")
    checked = preview(db, out.path, today=TODAY)
    assert len(checked.bad) == 3


def _stop_after(calls: int) -> Any:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return len(seen) < calls

    progress.seen = seen  # type: ignore[attr-defined]
    return progress


def test_progress_is_reported_and_a_stopped_import_registers_no_one(
    db: Database, tmp_path: Path
) -> None:
    rows = [
        [i + 1, _name(i), _number(i), "隧道一队", "020", "", "", "2026-08-26"] for i in range(450)
    ]
    told: list[tuple[int, int]] = []
    checked = preview(
        db,
        _xlsx(tmp_path / "big.xlsx", rows),
        today=TODAY,
        progress=lambda d, t: told.append((d, t)) or True,
    )
    assert told[0] == (0, 0) and told[-1] == (400, 450) and checked.bad == []
    stop = _stop_after(2)  # stopped after the first 200 were registered in the transaction
    with pytest.raises(Cancelled):
        import_rows(db, CLERK, checked, today=TODAY, progress=stop)
    assert stop.seen == [(0, 450), (200, 450)]
    assert _count(db) == 0
    with db.read() as session:
        assert session.scalars(select(Team)).all() == []  # its new team went with it
    done = import_rows(db, CLERK, checked, today=TODAY, progress=lambda d, t: True)
    assert len(done.ids) == 450 and _count(db) == 450


def test_a_stopped_preview_or_export_leaves_nothing(db: Database, tmp_path: Path) -> None:
    _registered(db, tmp_path)
    with pytest.raises(Cancelled):
        preview(db, _xlsx(tmp_path / "r.xlsx", _good_rows()), today=TODAY, progress=_stop_after(1))
    for i in range(600):
        with db.write("clerk") as unit:
            register_worker(unit, WorkerInput(name=_name(i), id_number=_number(i)), today=TODAY)
    with pytest.raises(Cancelled):
        export_roster(db, CLERK, tmp_path / "out.xlsx", progress=_stop_after(1))
    assert list(tmp_path.glob("out.xlsx*")) == []
    assert entries(db, db.require_vault(), action="export") == []


def _name(i: int) -> str:
    return (
        "张王李赵刘陈杨黄周吴"[i % 10]
        + "伟芳娜敏静丽强磊军洋"[i // 10 % 10]
        + "一二三四五六"[i // 100]
    )


def _number(i: int) -> str:
    from stdnum.cn import ric

    body = f"51010719800101{i:03d}"
    return body + ric.calc_check_digit(body + "0")


def test_an_address_typed_like_a_formula_is_exported_as_text(db: Database, tmp_path: Path) -> None:
    from app.store.workers import WorkerInput, register_worker

    with db.write("clerk") as unit:
        register_worker(
            unit,
            WorkerInput(
                name="李娜",
                id_number="51010719900101123X",
                address='=HYPERLINK("http://x","点此")',
            ),
            today=TODAY,
        )
    out = export_roster(db, CLERK, tmp_path / "out.xlsx")
    ws = load_workbook(out.path).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    address = ws.cell(row=2, column=header.index("住址") + 1)
    assert address.data_type == "s" and address.value == '=HYPERLINK("http://x","点此")'
