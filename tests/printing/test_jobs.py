"""Every paper rendered on demo data, then read back as a person and a machine would: its text
(pypdf), its fonts (embedded, as a subset), its QR codes (rendered at 150 dpi by pdfium and
decoded by zxing-cpp, a decoder independent of the code that drew them), and the audit entry.
No whole ID or phone number may appear on any of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import select

from app.domain.problems import DomainError
from app.domain.roles import Role
from app.printing import jobs
from app.printing.base import Printed
from app.store import settings
from app.store.attachments import AttachmentStore
from app.store.audit import entries
from app.store.database import Database
from app.store.demo import make_demo
from app.store.models import HandoutCampaign, Notice, Worker
from app.store.users import Actor
from app.store.worker_list import on_site_condition
from tests.numbers import whole_numbers

MANAGER = Actor("u-1", "li", "李站长", Role.MANAGER)
TODAY = date(2026, 8, 27)
BASE = "https://hq.example.cn"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    """One demo site for the whole module: rendering is what is tested, not the demo."""
    from app.config import Paths
    from app.store.sites import init_node

    root = tmp_path_factory.mktemp("print")
    paths = Paths(root / "node").ensure()
    db = Database.open(paths.database_url, backup_dir=paths.backups)
    init_node(db, site_code="GQ2", site_name="康渝高铁二工区", tag="A")
    make_demo(db, workers=60, today=TODAY)
    with db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, "form.base_url", BASE)
    yield db, root
    db.close()


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def fonts_of(path: Path) -> list[tuple[str, bool]]:
    """(base font, embedded?) of every font any page uses."""
    found = []
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.append((str(font.get("/BaseFont")), embedded))
    return found


def codes_of(path: Path, pages: int | None = None) -> list[str]:
    """Every QR zxing-cpp finds on a 150 dpi rendering of the pages."""
    found: list[str] = []
    pdf = pdfium.PdfDocument(str(path))
    for n in range(len(pdf) if pages is None else min(pages, len(pdf))):
        image = pdf[n].render(scale=150 / 72).to_pil()
        found += [b.text for b in zxingcpp.read_barcodes(image)]
    pdf.close()
    return found


def check_paper(done: Printed, db: Database, *, says: list[str]) -> str:
    assert done.path.exists() and done.pages >= 1
    assert len(PdfReader(done.path).pages) == done.pages
    text = text_of(done.path)
    for words in says:
        assert words in text, words
    fonts = fonts_of(done.path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    # the bundled font only, as a subset (a subset's name is prefixed with six capitals and +)
    assert all(name.split("+")[-1].startswith("WenQuanYiMicroHei") for name, _ in fonts)
    assert all(len(name.split("+")[0]) == 7 and "+" in name for name, _ in fonts)
    leaked = {n for n in whole_numbers(db) if n in text.replace(" ", "")}
    assert not leaked, leaked
    return text


def test_the_poster_reads_at_a_glance_and_its_qr_opens_the_form(
    site: tuple[Database, Path], tmp_path: Path
) -> None:
    db, _ = site
    for size in ("A4", "A3"):
        done = jobs.print_poster(db, MANAGER, tmp_path / f"poster-{size}.pdf", size=size)
        check_paper(done, db, says=["微信扫一扫", "反映诉求", "服务电话", "匿名", "GQ2"])
        assert codes_of(done.path) == [f"{BASE}/f/GQ2"]
        page = PdfReader(done.path).pages[0]
        width_mm = float(page.mediabox.width) / 72 * 25.4
        assert round(width_mm) == (297 if size == "A3" else 210)


def test_the_leaflet_has_the_qr_on_its_back(site: tuple[Database, Path], tmp_path: Path) -> None:
    db, _ = site
    done = jobs.print_leaflet(db, MANAGER, tmp_path / "leaflet.pdf")
    check_paper(done, db, says=["服务指南", "诉求怎么办", "反映渠道", "12348"])
    assert done.pages == 2
    assert codes_of(done.path, pages=1) == [f"{BASE}/f/GQ2"]


def test_the_sign_off_sheet_lists_every_recipient_with_totals(
    site: tuple[Database, Path], tmp_path: Path
) -> None:
    db, _ = site
    with db.read() as session:
        campaign = session.scalars(select(HandoutCampaign)).first()
        assert campaign is not None
        on_site = session.scalars(
            select(Worker.name).where(Worker.deleted.is_(False), on_site_condition())
        ).all()
    done = jobs.print_signoff(db, MANAGER, campaign.id, tmp_path / "signoff.pdf")
    text = check_paper(
        done,
        db,
        says=[
            "物资发放签收表",
            "领取人签字(手印)",
            "发放人",
            "审核人",
            "监督人",
            "合计",
            "第 1 页 / 共",
        ],
    )
    assert all(name in text for name in on_site)  # every worker on site is on it
    assert f"共 {done.pages} 页" in text


def test_worker_cards_carry_the_card_code_never_the_id(
    site: tuple[Database, Path], tmp_path: Path
) -> None:
    db, root = site
    done = jobs.print_cards(
        db, MANAGER, tmp_path / "cards.pdf", attachments=AttachmentStore(root / "none")
    )
    text = check_paper(done, db, says=["工友服务卡", "照片"])
    with db.read() as session:
        cards = {w.card_code: w for w in session.scalars(select(Worker))}
    first_page = codes_of(done.path, pages=1)
    assert len(first_page) == 8 and set(first_page) <= set(cards)
    for code in first_page:
        assert cards[code].id_masked in text and cards[code].name in text


def test_notices_for_a_handout_for_handled_requests_and_free_text(
    site: tuple[Database, Path], tmp_path: Path
) -> None:
    db, _ = site
    with db.read() as session:
        campaign = session.scalars(select(HandoutCampaign)).first()
        assert campaign is not None
    start = date(2026, 9, 30)  # Wednesday; the National Day holidays follow
    done = jobs.print_handout_notice(db, MANAGER, campaign.id, tmp_path / "n1.pdf", start=start)
    text = check_paper(
        done, db, says=["关于夏季防暑降温物资发放情况的公示", "按队组发放", "按人发放"]
    )
    # five working days: Wed 09-30, then (10-01…10-07 off) Thu 10-08, Fri 10-09,
    # Sat 10-10 (worked in lieu) and Mon 10-12
    assert "公示期：2026年09月30日至2026年10月12日（5个工作日）" in text.replace("\n", "")
    assert "********" in text  # IDs masked
    done = jobs.print_requests_notice(
        db, MANAGER, date(2026, 8, 1), tmp_path / "n2.pdf", start=TODAY
    )
    check_paper(done, db, says=["诉求办理情况的公示", "不含姓名"])
    done = jobs.print_text_notice(
        db,
        MANAGER,
        "食堂管理制度",
        "一、饭菜价格公开。\n二、每周公布菜单。",
        tmp_path / "n3.pdf",
        start=TODAY,
    )
    check_paper(done, db, says=["关于食堂管理制度的公示", "每周公布菜单"])
    body = jobs.wage_board_body(contractor="中铁某局", pay_day="15")
    done = jobs.print_text_notice(
        db, MANAGER, "维权信息告示牌", body, tmp_path / "n4.pdf", start=TODAY, kind="wage_board"
    )
    text = check_paper(done, db, says=["维权信息告示牌", "12333", "每月 15 日", "中铁某局"])
    assert "公示期" not in text  # a standing board has no period
    with db.read() as session:
        kinds = sorted(n.kind for n in session.scalars(select(Notice)))
    assert kinds.count("handout") >= 2 and "wage_board" in kinds and "requests" in kinds
    with pytest.raises(DomainError, match="标题和正文"):
        jobs.print_text_notice(db, MANAGER, "", "", tmp_path / "n5.pdf", start=TODAY)


def test_the_monthly_report_and_the_roster(site: tuple[Database, Path], tmp_path: Path) -> None:
    db, _ = site
    done = jobs.print_report(db, MANAGER, date(2026, 8, 1), tmp_path / "report.pdf", today=TODAY)
    check_paper(done, db, says=["2026年08月 诉求办理情况月报", "办结率", "满意率", "类别", "渠道"])
    done = jobs.print_roster(db, MANAGER, tmp_path / "roster.pdf", today=TODAY)
    text = check_paper(done, db, says=["劳务人员花名册", "共 60 人", "已打码"])
    assert text.count("********") >= 60


def test_every_print_is_audited_and_the_poster_needs_the_form_address(
    site: tuple[Database, Path], tmp_path: Path
) -> None:
    db, _ = site
    printed = {e.entity for e in entries(db, db.require_vault(), action="print")}
    assert {"poster", "leaflet", "signoff", "cards", "notice", "report", "roster"} <= printed
    with db.write(MANAGER.username) as unit:
        settings.change(unit, MANAGER, "form.base_url", "")
    try:
        with pytest.raises(DomainError, match="诉求表单网址"):
            jobs.print_poster(db, MANAGER, tmp_path / "p.pdf")
    finally:
        with db.write(MANAGER.username) as unit:
            settings.change(unit, MANAGER, "form.base_url", BASE)


def test_names_with_markup_characters_print_as_typed(tmp_path: Path) -> None:
    from decimal import Decimal

    from app.printing import signoff

    data = signoff.SignoffData(
        site_code="GQ2",
        site_name="二工区",
        campaign="防暑<b>降温",
        reason="A&B 劳务队反映",
        on_date="2026-08-26",
        place="驻地",
        items="西瓜 每队 2 个",
        number="GQ2-20260826-ABCDEF",
        teams=[
            signoff.TeamSheet(
                "A&B劳务队（中铁某某劳务有限公司第二作业队第三班组）",
                [
                    signoff.Line(
                        "A&B劳务队（中铁某某劳务有限公司第二作业队第三班组）",
                        "<王伟>",
                        "西瓜",
                        Decimal(2),
                        "个",
                    )
                ],
            )
        ],
    )
    out = tmp_path / "s.pdf"
    assert signoff.render(data, out) == 1
    text = text_of(out)
    assert "A&B劳务队" in text and "<王伟>" in text and "防暑<b>降温" in text
