"""Every visible string is translated, and the shipped .qm matches its .ts source."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from app.config import resources_dir

TS = resources_dir() / "i18n" / "sitedesk_zh_CN.ts"


def test_no_untranslated_or_vanished_strings() -> None:
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source")
        assert translation is not None
        kind = translation.get("type")
        if kind in ("unfinished", "vanished", "obsolete") or not (translation.text or "").strip():
            missing.append(f"{source!r} ({kind or 'empty'})")
    assert not missing, "untranslated strings: " + ", ".join(missing)


def test_ts_covers_every_tr_string_in_the_code(tmp_path: Path) -> None:
    """Run lupdate on the code into a copy: nothing new may appear."""
    copy = tmp_path / "check.ts"
    copy.write_bytes(TS.read_bytes())
    sources = sorted(str(p) for p in (Path(__file__).parents[2] / "app" / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    done = subprocess.run(
        [str(lupdate), "-no-obsolete", *sources, "-ts", str(copy)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "0 new" in done.stdout, done.stdout


def test_compiled_translations_are_shipped() -> None:
    qm = TS.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_mtime_ns > 0 and qm.stat().st_size > 100
