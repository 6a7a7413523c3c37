"""Printing: 1,000 worker cards, and a sign-off sheet of 2,000 rows.

Each figure is the whole paper from the database to the PDF file, as ``sitedesk print`` does
it: gathering the rows, laying out every page, embedding the font subset, writing the file.
The baseline is the floor of any PDF of that many pages: the same number of pages with one
line of text each, through the same reportlab and the same font.

Targets: < 10 s each.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as pdfcanvas
from sqlalchemy import select

from app.domain.pinyin import search_key
from app.domain.roles import Role
from app.printing import jobs
from app.printing.base import FONT, Printed, register_font
from app.store.database import Database
from app.store.models import Team, Worker, WorkerMovement
from app.store.sites import init_node
from app.store.supplies import Entitlement, add_item, create_campaign
from app.store.users import Actor
from app.store.workers import new_card_code
from bench.journal_overhead import make_inputs

CARDS = int(os.environ.get("BENCH_CARDS", "1000"))
ROWS = int(os.environ.get("BENCH_SIGNOFF_ROWS", "2000"))
TARGET_S = 10.0
DAY = date(2026, 8, 26)
ACTOR = Actor("u-1", "bench", "基准", Role.MANAGER)


def build(directory: Path, workers: int) -> tuple[Database, str]:
    db = Database.open(f"sqlite:///{directory / 'print'}.sqlite3")
    init_node(db, site_code="GQ2", site_name="康渝高铁二工区")
    rows = make_inputs(workers)
    with db.write("bench") as unit:
        teams = unit.journal.insert_many(
            Team, [{"name": f"隧道{i + 1}队（中铁某某劳务有限公司）"} for i in range(17)]
        )
        for i, row in enumerate(rows):
            row["name"] = "欧阳" + "伟芳娜秀英敏静丽强磊"[i % 10] + ("" if i % 3 else "明")
            row["name_pinyin"] = search_key(row["name"])
            row["team_id"] = teams[i % 17]
            row["card_code"] = new_card_code()
        ids = unit.journal.insert_many(Worker, rows)
        unit.journal.insert_many(
            WorkerMovement, [{"worker_id": w, "kind": "entry", "on_date": DAY} for w in ids]
        )
        tonic = add_item(unit, "藿香正气水", "盒", "10支/盒")
        campaign = create_campaign(
            unit,
            name="夏季防暑降温物资发放",
            reason="工友扫码反映需要防暑降温物品",
            on_date=DAY,
            place="项目驻地党群服务中心",
            items=[Entitlement(tonic, per_head=Decimal(1))],
            team_ids=teams,
        )
    return db, campaign


def _floor(out: Path, pages: int) -> float:
    register_font()
    start = time.perf_counter()
    c = pdfcanvas.Canvas(str(out), pagesize=A4)
    for n in range(pages):
        c.setFont(FONT, 12)
        c.drawString(72, 720, f"第 {n + 1} 页 工友服务卡")
        c.showPage()
    c.save()
    return time.perf_counter() - start


def _timed(fn: Callable[[], Printed]) -> tuple[float, int]:
    start = time.perf_counter()
    done = fn()
    return time.perf_counter() - start, done.pages


def main() -> bool:
    with tempfile.TemporaryDirectory(prefix="sitedesk-bench-") as tmp:
        root = Path(tmp)
        db, campaign = build(root, max(CARDS, ROWS))
        with db.read() as session:
            chosen = list(session.scalars(select(Worker.id).limit(CARDS)))
        cards_s, cards_pages = _timed(
            lambda: jobs.print_cards(db, ACTOR, root / "cards.pdf", worker_ids=chosen)
        )
        sheet_s, sheet_pages = _timed(
            lambda: jobs.print_signoff(db, ACTOR, campaign, root / "signoff.pdf")
        )
        floor_cards = _floor(root / "floor-cards.pdf", cards_pages)
        floor_sheet = _floor(root / "floor-sheet.pdf", sheet_pages)
        db.close()
    ok = cards_s < TARGET_S and sheet_s < TARGET_S
    print(f"[print] {CARDS:,} cards, a {ROWS:,}-row sign-off sheet, {datetime.now(UTC):%Y-%m-%d}")
    print(f"  baseline: {cards_pages} one-line pages          {floor_cards:7.2f} s")
    print(
        f"  {CARDS:,} worker cards ({cards_pages} pages)        {cards_s:7.2f} s   "
        f"target < {TARGET_S:.0f} s   {'OK' if cards_s < TARGET_S else 'MISSED'}"
    )
    print(f"  baseline: {sheet_pages} one-line pages          {floor_sheet:7.2f} s")
    print(
        f"  sign-off sheet, {ROWS:,} rows ({sheet_pages} pages)  {sheet_s:7.2f} s   "
        f"target < {TARGET_S:.0f} s   {'OK' if sheet_s < TARGET_S else 'MISSED'}"
    )
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
