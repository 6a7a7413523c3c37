"""The worker roster (花名册) in Excel: export it, and import one with a preview.

Export writes ID, phone and card cells as text, masked unless an allowed role asks for whole
numbers (then the export is audited as such). Import reads .xlsx and old .xls, finds the
columns by their Chinese headers, checks every row as the registration form does, and
refuses an ID typed as a number — Excel has already dropped its last digits. Nothing is
imported while a row is wrong, unless the clerk chooses to skip the wrong rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.domain.codes import (
    AGREEMENT_TYPES,
    EDUCATION,
    ETHNICITIES,
    POLITICAL_STATUS,
    TRADES,
    WORKER_ROLES,
)
from app.domain.idnumbers import ID_TYPE_LABELS
from app.domain.masking import mask_id, mask_phone
from app.domain.people import AgeLimits
from app.domain.problems import DomainError, Problem, register_messages
from app.domain.progress import Cancelled, Progress, report
from app.domain.roles import Permission, require
from app.store.audit import record
from app.store.database import Database
from app.store.models import Team, Worker, WorkerMovement
from app.store.users import Actor
from app.store.workers import WorkerInput, check_worker, find_by_id_number, register_workers

register_messages(
    {
        "roster.row": ("第 {line} 行：{zh}", "Row {line}: {en}"),
        "roster.unreadable": (
            "无法读取文件“{name}”：{reason}。请确认它是 Excel 文件（.xlsx 或 .xls）。",
            "Cannot read {name}: {reason}. Is it an Excel file (.xlsx or .xls)?",
        ),
        "roster.no_header": (
            "在文件前 10 行中没有找到含“姓名”和“证件号码”（或“身份证号”）的表头行。",
            "No header row with 姓名 and 证件号码 in the first 10 rows.",
        ),
        "roster.empty": ("文件中没有人员数据。", "The file holds no rows."),
        "roster.numeric_id": (
            "证件号码是数字格式，Excel 已丢失其末尾几位；请把该列设为“文本”后重新录入。",
            "The ID number is a number cell: Excel has lost its last digits; "
            "make the column text and type it again.",
        ),
        "roster.numeric_card": (
            "工资卡号是数字格式，超过 15 位的部分已被 Excel 改为 0；请把该列设为“文本”后重新录入。",
            "The bank card is a number cell: Excel zeroed digits after the 15th; "
            "make the column text and type it again.",
        ),
        "roster.bad_date": (
            "“{column}”不是日期：“{value}”（格式如 2026-08-26）。",
            "{column} is not a date: '{value}' (like 2026-08-26).",
        ),
        "roster.bad_choice": (
            "“{column}”的值“{value}”不在可选范围内。",
            "{column}: '{value}' is not one of the allowed values.",
        ),
        "roster.bad_flag": (
            "“{column}”只能填“是”或“否”：“{value}”。",
            "{column} must be yes or no: '{value}'.",
        ),
        "roster.new_team": (
            "班组“{team}”尚不存在，导入时将新建。",
            "Team {team} does not exist yet and will be created.",
        ),
        "roster.duplicate_in_file": (
            "证件号码 {masked} 与第 {other} 行重复。",
            "ID {masked} repeats row {other}.",
        ),
        "roster.bad_rows": (
            "有 {n} 行数据有误，未导入任何人员：{first}",
            "{n} row(s) have errors; nothing was imported: {first}",
        ),
    }
)


@dataclass(frozen=True)
class Column:
    key: str  # WorkerInput field, or a roster-only key (team, status)
    header: str
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text | id | phone | card | date | flag | choice | team
    choices: Mapping[str, str] | None = None  # code -> label


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名"),
    Column(
        "id_type",
        "证件类型",
        kind="choice",
        choices={k.value: v for k, v in ID_TYPE_LABELS.items()},
    ),
    Column("id_number", "证件号码", ("身份证号", "身份证号码", "公民身份号码", "证件号"), "id"),
    Column("team", "劳务队/班组", ("班组", "劳务队", "所属班组", "班组名称"), "team"),
    Column("trade_code", "工种", ("工种名称", "工种代码"), "choice", TRADES),
    Column("role", "人员类别", (), "choice", WORKER_ROLES),
    Column("is_team_leader", "是否班组长", ("班组长",), "flag"),
    Column("mobile", "手机号码", ("手机", "手机号", "联系电话", "电话"), "phone"),
    Column("ethnicity_code", "民族", (), "choice", ETHNICITIES),
    Column("id_issuer", "发证机关", ("签发机关",)),
    Column("address", "住址", ("地址", "家庭住址", "身份证地址")),
    Column("id_valid_from", "证件有效期起", ("有效期起",), "date"),
    Column("id_valid_to", "证件有效期止", ("有效期止",), "date"),
    Column("political_status", "政治面貌", (), "choice", POLITICAL_STATUS),
    Column("education", "文化程度", ("学历",), "choice", EDUCATION),
    Column("emergency_contact", "紧急联系人"),
    Column("emergency_phone", "紧急联系电话", ("紧急联系人电话",), "phone"),
    Column("bank_card", "工资卡号", ("银行卡号", "工资卡", "银行账号"), "card"),
    Column("bank_name", "开户银行", ("开户行", "银行名称")),
    Column("injury_insurance", "已购工伤保险", ("工伤保险",), "flag"),
    Column("agreement_type", "合同类型", ("用工形式",), "choice", AGREEMENT_TYPES),
    Column("agreement_start", "合同开始日期", ("合同开始",), "date"),
    Column("agreement_end", "合同结束日期", ("合同结束",), "date"),
    Column("entry_date", "进场日期", ("进场时间",), "date"),
)
# written on export only
EXPORT_ONLY = ("gender", "birth_date", "status")
EXPORT_HEADERS = {"gender": "性别", "birth_date": "出生日期", "status": "在场状态"}

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", ""}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _norm(header: Any) -> str:
    return re.sub(r"[\s*＊:：()（）]", "", str(header or ""))


# --- reading --------------------------------------------------------------------------


def _sheet_rows(path: Path) -> list[list[Any]]:
    """The first sheet's cells, as Python values (numbers stay numbers: that is checked)."""
    try:
        if path.suffix.lower() == ".xls":
            import xlrd

            book = xlrd.open_workbook(str(path))
            sheet = book.sheet_by_index(0)
            rows: list[list[Any]] = []
            for r in range(sheet.nrows):
                row: list[Any] = []
                for c in range(sheet.ncols):
                    cell = sheet.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    else:
                        row.append(cell.value)
                rows.append(row)
            return rows
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            return [list(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    except Exception as exc:  # every reader fails in its own way on a wrong file
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise DomainError(
            Problem("roster.unreadable", params={"name": path.name, "reason": reason})
        ) from exc


def _header_map(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]]:
    names: dict[str, Column] = {}
    for col in COLUMNS:
        for text in (col.header, *col.aliases):
            names[_norm(text)] = col
    for index, row in enumerate(rows[:10]):
        found: dict[str, int] = {}
        for pos, cell in enumerate(row):
            hit = names.get(_norm(cell))
            if hit is not None and hit.key not in found:
                found[hit.key] = pos
        if "name" in found and "id_number" in found:
            return index, found
    raise DomainError(Problem("roster.no_header"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return bool(re.fullmatch(r"\d(\.\d+)?[eE]\+\d+", str(value).strip()))


def _choice(col: Column, value: str) -> str | None:
    assert col.choices is not None
    if value in col.choices:
        return value
    for code, label in col.choices.items():
        if value == label:
            return code
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if text.isdigit() and len(text) == 8:
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    m = _DATE.match(text)
    if not m:
        raise ValueError(text)
    return date(int(m[1]), int(m[2]), int(m[3]))


@dataclass(frozen=True)
class RosterRow:
    line: int  # the row number in the sheet, as Excel shows it
    values: Mapping[str, Any]  # WorkerInput fields, plus "team" (a name)
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def _parse_row(line: int, cells: Sequence[Any], where: Mapping[str, int]) -> RosterRow:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    by_key = {c.key: c for c in COLUMNS}
    for key, pos in where.items():
        col = by_key[key]
        raw = cells[pos] if pos < len(cells) else None
        text = _text(raw)
        if col.kind == "id":
            if raw is not None and _is_number(raw):
                problems.append(Problem("roster.numeric_id", field=key))
            values[key] = text
        elif col.kind == "card":
            if raw is not None and _is_number(raw) and len(text.replace(".", "")) > 15:
                problems.append(Problem("roster.numeric_card", field=key))
            values[key] = text
        elif key == "id_valid_to" and text == "长期":
            values["id_long_term"] = True
        elif col.kind == "date":
            if text:
                try:
                    values[key] = _date(raw)
                except ValueError:
                    problems.append(
                        Problem(
                            "roster.bad_date",
                            field=key,
                            params={"column": col.header, "value": text},
                        )
                    )
        elif col.kind == "flag":
            if text.lower() in _TRUE:
                values[key] = True
            elif text.lower() in _FALSE:
                values[key] = False
            else:
                problems.append(
                    Problem(
                        "roster.bad_flag", field=key, params={"column": col.header, "value": text}
                    )
                )
        elif col.kind == "choice":
            if text:
                code = _choice(col, text)
                if code is None:
                    problems.append(
                        Problem(
                            "roster.bad_choice",
                            field=key,
                            params={"column": col.header, "value": text},
                        )
                    )
                else:
                    values[key] = code
        else:
            values[key] = text
    return RosterRow(line, values, tuple(problems))


def read_roster(path: Path) -> list[RosterRow]:
    """The sheet's rows, parsed (not yet checked as workers)."""
    rows = _sheet_rows(path)
    header, where = _header_map(rows)
    parsed = [
        _parse_row(header + 2 + i, cells, where)
        for i, cells in enumerate(rows[header + 1 :])
        if any(_text(c) for c in cells)
    ]
    if not parsed:
        raise DomainError(Problem("roster.empty"))
    return parsed


# --- checking and importing -----------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    rows: list[RosterRow]
    new_teams: list[str] = field(default_factory=list)

    @property
    def good(self) -> list[RosterRow]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[RosterRow]:
        return [r for r in self.rows if not r.ok]


def _input(values: Mapping[str, Any], team_id: str | None) -> WorkerInput:
    known = set(WorkerInput.__dataclass_fields__)
    args = {k: v for k, v in values.items() if k in known}
    return replace(WorkerInput(name="", id_number=""), **args, team_id=team_id)


def _teams(session: Any) -> dict[str, str]:
    return {
        name: tid
        for tid, name in session.execute(select(Team.id, Team.name).where(Team.deleted.is_(False)))
    }


def preview(
    db: Database,
    path: Path,
    *,
    today: date,
    limits: AgeLimits | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Every row checked as the registration form checks it, against this database too.
    ``progress`` (see app.domain.progress) may stop it: it raises Cancelled then."""
    limits = limits or AgeLimits()
    vault = db.require_vault()
    report(progress, 0, 0)
    parsed = read_roster(path)
    seen: dict[str, int] = {}
    out: list[RosterRow] = []
    with db.read() as session:
        teams = _teams(session)
        new_teams: list[str] = []
        for n, row in enumerate(parsed):
            if n % 50 == 0:
                report(progress, n, len(parsed))
            problems = list(row.problems)
            team = str(row.values.get("team") or "")
            if team and team not in teams and team not in new_teams:
                new_teams.append(team)
            checked = check_worker(_input(row.values, None), today=today, limits=limits)
            already = {p.field for p in row.problems}  # e.g. a numeric ID: say it once
            problems += [p for p in checked.problems if p.field not in already]
            number = checked.values["id_number"]
            id_wrong = any(p.field == "id_number" and p.is_error for p in problems)
            if number and not id_wrong:
                masked = mask_id(number)
                if number in seen:
                    problems.append(
                        Problem(
                            "roster.duplicate_in_file",
                            field="id_number",
                            params={"masked": masked, "other": seen[number]},
                        )
                    )
                else:
                    seen[number] = row.line
                    existing = find_by_id_number(session, vault, number)
                    if existing is not None:
                        problems.append(
                            Problem(
                                "worker.duplicate_id",
                                field="id_number",
                                params={"masked": masked, "name": existing.name},
                            )
                        )
            out.append(RosterRow(row.line, row.values, _unique(problems)))
    return Preview(out, new_teams)


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for p in problems:
        if (p.code, p.field) not in seen:
            seen.add((p.code, p.field))
            out.append(p)
    return tuple(out)


def row_problem(row: RosterRow, problem: Problem) -> Problem:
    """A row's problem, prefixed with its line number (for lists of many rows)."""
    return Problem(
        "roster.row",
        problem.severity,
        problem.field,
        {"line": row.line, "zh": problem.message("zh"), "en": problem.message("en")},
    )


@dataclass(frozen=True)
class Imported:
    ids: list[str]
    skipped: list[RosterRow]
    new_teams: list[str]


def import_rows(
    db: Database,
    actor: Actor,
    checked: Preview,
    *,
    today: date,
    skip_bad: bool = False,
    limits: AgeLimits | None = None,
    progress: Progress | None = None,
) -> Imported:
    """Register the previewed rows in one transaction: all of them; or, when the clerk chose
    to skip wrong rows, all the right ones. Missing teams are created with them. Stopped
    through ``progress``, it raises Cancelled and registers no one."""
    bad = checked.bad
    if bad and not skip_bad:
        first = [row_problem(r, p) for r in bad[:5] for p in r.problems if p.is_error][:5]
        raise DomainError(
            Problem(
                "roster.bad_rows",
                params={"n": len(bad), "first": "；".join(p.message("zh") for p in first)},
            )
        )
    good = checked.good
    with db.write(actor.username) as unit:
        teams = _teams(unit.session)
        made: list[str] = []
        for row in good:
            name = str(row.values.get("team") or "")
            if name and name not in teams:
                teams[name] = unit.journal.insert(Team, {"name": name})
                made.append(name)
        inputs = [
            _input(r.values, teams.get(str(r.values.get("team") or "")) or None) for r in good
        ]
        ids: list[str] = []
        for start in range(0, len(inputs), _IMPORT_STEP):  # one transaction, told in steps
            report(progress, start, len(inputs))
            chunk = inputs[start : start + _IMPORT_STEP]
            ids += register_workers(unit, chunk, today=today, limits=limits).ids
        report(progress, len(inputs), len(inputs))
    return Imported(ids, bad, made)


_IMPORT_STEP = 200


# --- exporting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    path: Path
    count: int
    whole_numbers: bool


def _statuses(session: Any) -> dict[str, tuple[str, date | None]]:
    """Per worker: the latest movement's kind, and the first entry day."""
    latest: dict[str, tuple[Any, str]] = {}
    first_entry: dict[str, date] = {}
    for wid, kind, on, stamp in session.execute(
        select(
            WorkerMovement.worker_id,
            WorkerMovement.kind,
            WorkerMovement.on_date,
            WorkerMovement.stamp,
        ).where(WorkerMovement.deleted.is_(False))
    ):
        key = (on, stamp)
        if wid not in latest or key > latest[wid][0]:
            latest[wid] = (key, kind)
        if kind == "entry" and (wid not in first_entry or on < first_entry[wid]):
            first_entry[wid] = on
    return {w: (k, first_entry.get(w)) for w, (_, k) in latest.items()}


def export_roster(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    whole_numbers: bool = False,
    progress: Progress | None = None,
) -> Exported:
    """Write the live workers to ``path`` (.xlsx). Numbers are masked unless ``whole_numbers``,
    which needs the UNMASK permission. Audited either way. Stopped through ``progress``, it
    raises Cancelled and writes no file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if whole_numbers:
        require(actor.role, Permission.UNMASK)
    vault = db.require_vault()
    columns = COLUMNS
    headers = [c.header for c in columns] + [EXPORT_HEADERS[k] for k in EXPORT_ONLY]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    try:
        count = _write_rows(db, ws, columns, vault, whole_numbers, progress)
    except Cancelled:
        ws.close()  # the write-only sheet streams into a temporary file: remove it
        if ws._writer is not None:
            ws._writer.cleanup()
        raise
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    with db.write(actor.username) as unit:
        record(
            unit,
            actor.username,
            "export",
            "worker",
            "",
            f"{count} workers to {path.name}, {'whole numbers' if whole_numbers else 'masked'}",
        )
    if progress is not None:
        progress(count, count)
    return Exported(path, count, whole_numbers)


def _write_rows(
    db: Database,
    ws: Any,
    columns: Sequence[Column],
    vault: Any,
    whole_numbers: bool,
    progress: Progress | None,
) -> int:
    from openpyxl.cell import WriteOnlyCell

    from app.store.exports import looks_like_formula

    with db.read() as session:
        total = (
            session.scalar(
                select(func.count()).select_from(Worker).where(Worker.deleted.is_(False))
            )
            or 0
        )
        team_names = {tid: name for name, tid in _teams(session).items()}
        statuses = _statuses(session)
        query = (
            select(Worker)
            .outerjoin(Team, Team.id == Worker.team_id)
            .where(Worker.deleted.is_(False))
            .order_by(Team.name, Worker.name_pinyin, Worker.name)
            .execution_options(yield_per=2000)
        )
        count = 0
        for w in session.scalars(query):
            status, entry = statuses.get(w.id, ("", None))
            cells: list[Any] = []
            for col in columns:
                value = _cell(ws, w, col, vault, whole_numbers, team_names, entry)
                if looks_like_formula(value):  # a name or address typed as =…: text
                    value = WriteOnlyCell(ws, value=value)
                    value.data_type = "s"
                cells.append(value)
            cells += [
                {"M": "男", "F": "女"}.get(w.gender, ""),
                w.birth_date,
                {"entry": "在场", "exit": "已退场"}.get(status, "未进场"),
            ]
            ws.append(cells)
            count += 1
            if count % 500 == 0:
                report(progress, count, total)
    return count


def _cell(
    ws: Any,
    w: Worker,
    col: Column,
    vault: Any,
    whole: bool,
    team_names: Mapping[str, str],
    entry: date | None,
) -> Any:
    from openpyxl.cell import WriteOnlyCell

    key = col.key
    if key == "team":
        return team_names.get(w.team_id or "", "")
    if key == "entry_date":
        return entry
    if col.kind in ("id", "phone", "card"):
        sealed = {
            "id_number": (w.id_number, w.id_masked),
            "mobile": (w.mobile, w.mobile_masked),
            "emergency_phone": (w.emergency_phone, ""),
            "bank_card": (w.bank_card, w.bank_card_masked),
        }[key]
        if whole:
            text = vault.open(sealed[0])
        elif key == "emergency_phone":
            text = mask_phone(vault.open(sealed[0])) if sealed[0] else ""
        else:
            text = sealed[1]
        cell = WriteOnlyCell(ws, value=text)
        cell.number_format = "@"  # text: Excel must not turn it into a number
        cell.data_type = "s"
        return cell
    value = getattr(w, key)
    if col.kind == "choice" and col.choices is not None:
        return col.choices.get(value, value)
    if col.kind == "flag":
        return "是" if value else "否"
    return value
