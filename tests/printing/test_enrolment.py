"""The enrolment sheet: its QR decodes, with an independent decoder, to the code itself."""

from __future__ import annotations

from pathlib import Path

from app.printing.enrolment import enrolment_sheet
from app.sync.wire import EnrolmentCode
from tests.printing.test_jobs import codes_of, fonts_of, text_of


def test_the_sheet_carries_the_code_as_a_qr_and_says_how_to_use_it(tmp_path: Path) -> None:
    code = EnrolmentCode(
        "https://hq.example.cn", "t0ken-" * 6, "GQ2", "二工区", "2026-12-08T00:00:00+00:00"
    )
    out = tmp_path / "gq2.pdf"
    assert enrolment_sheet(code, out) == 1
    (found,) = codes_of(out)
    assert EnrolmentCode.parse(found) == code
    text = text_of(out)
    for words in ("二工区", "GQ2", "2026-12-08", "只能注册一台电脑", "sitedesk init --enrol"):
        assert words in text.replace("\n", "")
    assert all(embedded for _name, embedded in fonts_of(out))
