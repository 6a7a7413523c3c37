"""The QR request form: checked on the server, spam-limited, one request per page, and — in
headless Chromium against a running server — filled on a phone-sized page and delivered to
the site's PC at its next sync."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app.domain.problems import DomainError
from app.server.form import MIN_FILL_S, Nonces, Submission, find_site, submit
from app.server.limits import RateLimit
from app.store.models import Request
from tests.server.conftest import Live, live_server, sync

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _nonce(page: str) -> str:
    found = re.search(r'name="nonce" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _form(**fields: str) -> dict[str, str]:
    base = {"category": "wages", "description": "三月份工资还没发", "website": ""}
    return {**base, **fields}


def test_a_submitted_form_is_a_request_of_that_work_area(live_sqlite: Live) -> None:
    live = live_sqlite
    nonces = Nonces(b"k" * 32)
    site = find_site(live.db, "gq2")
    assert site is not None and site.name == "二工区"
    issued = nonces.issue(now=1000.0)
    number = submit(
        live.db,
        site,
        Submission(
            "wages", "  三月份工资还没发  ", "张三", "138 0013 8000", "3号隧道", nonce=issued
        ),
        nonces,
        now=1010.0,
    )
    assert number.startswith("GQ2-") and "-W" in number
    # the same page sent again is the same request
    again = submit(
        live.db, site, Submission("wages", "三月份工资还没发", nonce=issued), nonces, now=1020.0
    )
    assert again == number
    with live.db.read() as session:
        rows = list(session.scalars(select(Request)))
    assert len(rows) == 1
    row = rows[0]
    assert (row.site_id, row.channel, row.description) == (site.site_id, "qr", "三月份工资还没发")
    assert row.work_point == "3号隧道"
    assert live.db.require_vault().open(row.contact_phone) == "13800138000"


def test_form_input_is_checked_on_the_server(live_sqlite: Live) -> None:
    live = live_sqlite
    nonces = Nonces(b"k" * 32)
    site = find_site(live.db, "GQ2")
    assert site is not None
    ok = nonces.issue(now=1000.0)
    cases = [
        (Submission("wages", "", nonce=ok), "请填写诉求内容"),
        (Submission("nonsense", "内容", nonce=ok), "类别"),
        (Submission("wages", "内容", contact_phone="12345", nonce=ok), "手机"),
        (Submission("wages", "长" * 1001, nonce=ok), "太长"),
        (Submission("wages", "内容", nonce="1000.x.forged"), "过期"),
        (Submission("wages", "内容", nonce=ok, website="http://spam"), "太快"),
    ]
    for form, says in cases:
        with pytest.raises(DomainError) as refused:
            submit(live.db, site, form, nonces, now=1000.0 + MIN_FILL_S + 1)
        assert says in refused.value.message("zh"), (form, refused.value.message("zh"))
    with pytest.raises(DomainError, match="太快"):
        submit(live.db, site, Submission("wages", "内容", nonce=ok), nonces, now=1000.5)
    with live.db.read() as session:
        assert session.scalar(select(Request.id)) is None
    assert find_site(live.db, "XMB") is None, "HQ itself has no form"
    assert find_site(live.db, "NOPE") is None


def test_anonymous_keeps_no_name_and_a_flood_is_refused(tmp_path: Path) -> None:
    with (
        live_server(tmp_path, "sqlite", form_rate=RateLimit(burst=2, per_second=0.0001)) as live,
        httpx.Client(base_url=live.url) as http,
    ):
        page = http.get("/f/GQ2")
        assert page.status_code == 200
        assert "<script" not in page.text and "http" not in page.text.split("<body>")[1]
        assert "default-src 'none'" in page.headers["content-security-policy"]
        nonce = _nonce(page.text)
        other = _nonce(http.get("/f/GQ2").text)
        import time

        time.sleep(MIN_FILL_S + 0.2)
        done = http.post(
            "/f/GQ2",
            data=_form(
                nonce=nonce, anonymous="1", contact_name="张三", contact_phone="13800138000"
            ),
        )
        assert done.status_code == 200 and "受理编号" in done.text
        bad = http.post("/f/GQ2", data=_form(nonce=other, description=""))
        assert bad.status_code == 422 and "请填写诉求内容" in bad.text
        flood = http.post("/f/GQ2", data=_form(nonce=nonce))
        assert flood.status_code == 429 and "频繁" in flood.text
        assert http.get("/f/NOPE").status_code == 404
        with live.db.read() as session:
            (row,) = session.scalars(select(Request))
        assert row.anonymous and row.contact_name == "" and row.contact_phone == ""


def test_a_worker_fills_the_form_in_chromium_and_the_site_pc_receives_it(
    live_sqlite: Live, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("Chromium is missing in CI: scripts/install-system-deps installs it")
        pytest.skip("Chromium is not installed (scripts/install-system-deps)")

    live = live_sqlite
    site_pc = live.enrol("gq2-a")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            phone = browser.new_context(
                viewport={"width": 375, "height": 667},
                user_agent="Mozilla/5.0 (iPhone) MicroMessenger/8.0",
            )
            page = phone.new_page()
            blocked: list[str] = []
            page.on(
                "request",
                lambda r: blocked.append(r.url) if not r.url.startswith(live.url) else None,
            )
            page.goto(f"{live.url}/f/GQ2")
            assert "二工区" in page.title()
            page.select_option("#category", "living")
            page.fill("#description", "宿舍热水器坏了三天")
            page.fill("#work_point", "2号营地")
            page.fill("#contact_phone", "13800138000")
            page.wait_for_timeout((MIN_FILL_S + 0.2) * 1000)
            page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
            page.click("button[type=submit]")
            number = page.locator("#number").inner_text()
            width = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert not blocked, f"the page loads nothing from elsewhere: {blocked}"
    assert width <= 375, "fits a phone's screen without sideways scrolling"
    assert number.startswith("GQ2-")
    sync(site_pc)
    with site_pc.read() as session:
        row = session.scalar(select(Request).where(Request.number == number))
    assert row is not None
    assert (row.channel, row.category_code, row.work_point) == ("qr", "living", "2号营地")
