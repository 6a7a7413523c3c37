"""物资发放 in the desktop app: a campaign made in the dialog, cards scanned, a double handout
refused and overridden, a team served, stock counted, the campaign closed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.domain.roles import Role
from app.store.attachments import AttachmentStore, attachments_of
from app.store.database import Database
from app.store.models import Handout, Team, Worker
from app.store.supplies import add_item, balance, move_stock
from app.store.users import Actor
from app.store.workers import WorkerInput, record_movement, register_workers
from app.ui.handout_dialogs import CampaignDialog, StockDialog
from app.ui.handout_page import HandoutPage

CLERK = Actor("u-2", "wang", "王文员", Role.CLERK)
DAY = date(2026, 8, 26)
IDS = ["11010519491231002X", "51010719900101123X", "500101198001010013"]


def _site(db: Database) -> dict[str, str]:
    with db.write("clerk") as unit:
        melon = add_item(unit, "西瓜", "个")
        tonic = add_item(unit, "藿香正气水", "盒")
        move_stock(unit, melon, "receive", Decimal(10), DAY)
        move_stock(unit, tonic, "receive", Decimal(10), DAY)
        tunnel = unit.journal.insert(Team, {"name": "隧道六队"})
        unit.journal.insert(Team, {"name": "桥梁一队"})
        workers = register_workers(
            unit,
            [
                WorkerInput(name=name, id_number=number, team_id=tunnel)
                for name, number in zip(("李娜", "王伟", "张强"), IDS, strict=True)
            ],
            today=DAY,
        ).ids
        for w in workers:
            record_movement(unit, w, "entry", DAY)
    with db.read() as session:
        cards = {w.name: w.card_code for w in session.scalars(select(Worker))}
    return {"melon": melon, "tonic": tonic, "tunnel": tunnel, **cards}


def _campaign(qtbot: QtBot, db: Database, s: dict[str, str]) -> str:
    dialog = CampaignDialog(db, CLERK, today=DAY)
    qtbot.addWidget(dialog)
    dialog.accept()  # nothing filled in: every reason at once, nothing saved
    assert "名称" in dialog.error.text() and "物资" in dialog.error.text()
    dialog.name.setText("防暑降温")
    dialog.set_amount(s["melon"], per_team=2)
    dialog.set_amount(s["tonic"], per_head=1)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert dialog.campaign_id is not None
    return dialog.campaign_id


def _scan(page: HandoutPage, code: str) -> None:
    page.scan.setFocus()
    QTest.keyClicks(page.scan, code)
    QTest.keyClick(page.scan, Qt.Key.Key_Return)


def test_scanning_cards_and_serving_a_team(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    s = _site(db)
    campaign = _campaign(qtbot, db, s)
    store = AttachmentStore(tmp_path / "files")
    page = HandoutPage(db, CLERK, store, today=lambda: DAY)
    qtbot.addWidget(page)
    page.show()
    page.fill_campaigns(campaign)
    assert page.summary.text() == "2 个队组中已发完 0 个"

    _scan(page, s["李娜"])
    assert page.who.text() == "李娜 · 隧道六队"
    assert page.message.text() == "已发放给 李娜 · 隧道六队：藿香正气水 1 盒。"
    status = page.due.item(0, 1).text()
    assert status.startswith("已于 ") and status.endswith("由 wang 发放")
    _scan(page, s["李娜"])  # the same card again
    assert "已领取过" in page.message.text()
    with db.read() as session:
        assert len(session.scalars(select(Handout)).all()) == 1
    page.override.setText("第一盒掉进水沟")
    page.hand_out()
    assert page.message.text().startswith("已发放给 李娜")
    _scan(page, "NOT-A-CARD-0000")
    assert "不属于本站点在册人员" in page.message.text()

    page.on_typed("王伟")  # typed by hand: shown, not handed out
    assert page.who.text() == "王伟 · 隧道六队" and page.due.item(0, 1).text() == "待领"
    page.hand_out()

    page.show_progress()
    rows = {page.teams.item(r, 0).text(): r for r in range(page.teams.rowCount())}
    tunnel = rows["隧道六队"]
    assert page.teams.item(tunnel, 2).text() == "2/3"
    page.teams.selectRow(tunnel)
    assert page.who.text() == "隧道六队" and page.receiver.isVisible()
    page.receiver.setText("王队长")
    page.hand_out()
    assert page.message.text() == "已发放给 隧道六队：西瓜 2 个。"
    page.show_progress()
    assert page.teams.item(tunnel, 1).text() == "1/1"
    items = {page.items.item(r, 0).text(): r for r in range(page.items.rowCount())}
    melon = items["西瓜（个）"]
    # due 2 teams × 2; handed 2; 8 in stock
    assert [page.items.item(melon, c).text() for c in range(1, 5)] == ["4", "2", "2", "8"]
    with db.read() as session:
        assert balance(session, s["tonic"]) == Decimal(7)

    sheet = tmp_path / "签收表.jpg"
    sheet.write_bytes(b"\xff\xd8\xff\xe0 a photo of the signed sheet")
    page.attach_sheet(tmp_path / "签收表.txt")
    assert "JPEG、PNG 或 PDF" in page.message.text()
    page.attach_sheet(sheet)
    assert page.message.text() == "签收表已随本次发放保存。"
    assert page.summary.text().endswith("已附签收表 1 份")
    with db.read() as session:
        (kept,) = attachments_of(session, "handout_campaign", [campaign])
        assert kept.purpose == "signoff" and store.get(kept.sha256) == sheet.read_bytes()

    page.close_campaign(confirm=False)
    assert not page.scan.isEnabled() and "已结束" in page.campaign.currentText()
    assert "已结束" in page.message.text()


def test_exports_from_the_pages(
    qtbot: QtBot, zh_app: QApplication, db: Database, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from app.ui.request_list import RequestsPage

    s = _site(db)
    campaign = _campaign(qtbot, db, s)
    page = HandoutPage(db, CLERK, today=lambda: DAY)
    qtbot.addWidget(page)
    page.fill_campaigns(campaign)
    page.on_typed("李娜")
    page.hand_out()
    page.export(tmp_path / "handouts.xlsx")
    assert page.export_task is not None
    qtbot.waitUntil(lambda: page.message.text().startswith("已导出"), timeout=10000)
    assert page.message.text() == f"已导出 1 行到 {tmp_path / 'handouts.xlsx'}。"
    stock = StockDialog(db, CLERK, today=DAY)
    qtbot.addWidget(stock)
    stock.export(tmp_path / "stock.xlsx")
    qtbot.waitUntil(lambda: stock.message.text().startswith("已导出"), timeout=10000)
    book = load_workbook(tmp_path / "stock.xlsx", read_only=True)
    assert book.sheetnames == ["库存", "出入库明细"]
    book.close()
    requests = RequestsPage(db, CLERK, today=lambda: DAY)
    qtbot.addWidget(requests)
    requests.export(tmp_path / "requests.xlsx")
    qtbot.waitUntil(lambda: requests.message.text().startswith("已导出"), timeout=10000)
    assert (tmp_path / "requests.xlsx").exists()
