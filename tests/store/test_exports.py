"""Excel exports at HQ: two sites' records arrive by real syncs, and the workbooks hold every
site's rows, or one site's, with numbers masked and an audit entry for each export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.roles import Role
from app.domain.workdays import CN_2026
from app.store.audit import entries
from app.store.database import Database
from app.store.exports import export_handouts, export_requests, export_stock
from app.store.models import Site, Team
from app.store.requests import RequestInput, add_request
from app.store.supplies import Entitlement, add_item, create_campaign, hand_out_to_team, move_stock
from app.store.users import Actor
from tests.sync.conftest import Nodes, settle

ADMIN = Actor("u-9", "zhao", "赵主任", Role.HQ_ADMIN)
TODAY = date(2026, 8, 28)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[Database, dict[str, str]]]:
    """HQ and two work areas; each site records a request, a campaign and its handout."""
    made = Nodes(tmp_path)
    hq = made.make("hq", site="XMB", kind="hq", tag="H")
    sites = {
        "GQ2": made.make("gq2", site="GQ2", tag="A"),
        "GQ3": made.make("gq3", site="GQ3", tag="C"),
    }
    for n, (code, db) in enumerate(sites.items()):
        with db.write("clerk") as unit:
            add_request(
                unit,
                RequestInput(
                    "phone",
                    "wages",
                    f"{code} 工资未发",
                    contact_name="王师傅",
                    contact_phone=f"1380013800{n}",
                    received_at=datetime(2026, 8, 26, 2, 0, tzinfo=UTC),
                ),
                node_tag=db.local_node().tag,
            )
            melon = add_item(unit, f"{code}西瓜", "个")
            move_stock(unit, melon, "receive", Decimal(10 + n), date(2026, 8, 26))
            team = unit.journal.insert(Team, {"name": f"{code}隧道队"})
            campaign = create_campaign(
                unit,
                name="防暑降温",
                on_date=date(2026, 8, 27),
                items=[Entitlement(melon, per_team=Decimal(2))],
                team_ids=[team],
            )
            hand_out_to_team(unit, campaign, team, receiver_name="李队长")
    settle(hq, *sites.values())
    with hq.read() as session:
        ids = {s.code: s.id for s in session.scalars(select(Site))}
    yield hq, ids
    made.close()


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    book = load_workbook(path, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    return rows


def test_requests_of_every_site_or_of_one(
    project: tuple[Database, dict[str, str]], tmp_path: Path
) -> None:
    hq, sites = project
    out = tmp_path / "requests.xlsx"
    done = export_requests(hq, ADMIN, out, today=TODAY, calendar=CN_2026)
    header, *rows = _rows(out, "诉求")
    assert done.rows == 2 and header[:3] == ("编号", "工区", "受理时间")
    assert {r[1] for r in rows} == {"二工区", "三工区"}
    assert {r[8] for r in rows} == {"138****8000", "138****8001"}  # masked, as text
    assert all("13800138000" not in str(r) for r in rows)
    export_requests(hq, ADMIN, out, today=TODAY, calendar=CN_2026, site_id=sites["GQ3"])
    _header, *rows = _rows(out, "诉求")
    assert [r[6] for r in rows] == ["GQ3 工资未发"]


def test_handouts_and_stock_per_site(
    project: tuple[Database, dict[str, str]], tmp_path: Path
) -> None:
    hq, sites = project
    out = tmp_path / "handouts.xlsx"
    assert export_handouts(hq, ADMIN, out).rows == 2
    _header, *rows = _rows(out, "发放记录")
    assert {(r[0], r[3], r[4], r[7]) for r in rows} == {
        ("二工区", "GQ2西瓜", "2", "李队长"),
        ("三工区", "GQ3西瓜", "2", "李队长"),
    }
    out = tmp_path / "stock.xlsx"
    export_stock(hq, ADMIN, out, site_id=sites["GQ2"])
    _header, *balances = _rows(out, "库存")
    assert balances == [("二工区", "GQ2西瓜", None, "个", "8")]  # 10 in, 2 out; no spec
    _header, *moves = _rows(out, "出入库明细")
    assert [(m[3], m[4]) for m in moves] == [("入库", "10"), ("发放", "-2")]
    audited = [e.detail for e in entries(hq, hq.require_vault(), action="export")]
    assert any("全部工区" in d for d in audited) and any("二工区" in d for d in audited)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from app.store.exports import Sheet, write_book

    out = tmp_path / "f.xlsx"
    write_book(out, [Sheet("诉求", ("标题",), [['=HYPERLINK("http://x","点此")'], ["-2"]])])
    book = load_workbook(out)
    cells = [book["诉求"].cell(row=r, column=1) for r in (2, 3)]
    assert [c.data_type for c in cells] == ["s", "s"]
    assert cells[0].value == '=HYPERLINK("http://x","点此")'
    assert not list(tmp_path.glob("*.part"))
