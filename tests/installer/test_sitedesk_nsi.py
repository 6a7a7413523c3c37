"""installer/sitedesk.nsi: makensis (which runs on Linux too) compiles it around the frozen
build, in Chinese and English; the setup program holds every file of the build; and what it
installs, and what its uninstaller removes, stays clear of the user's data folder.

Running the setup program itself needs Windows (see the README)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest

from app import config
from app.store.schema import known_revisions
from installer import build
from tests.installer.conftest import require_tool

SCRIPT = build.NSI.read_text(encoding="utf-8")


def _section(name: str) -> str:
    found = re.search(rf'^Section "{name}".*?^SectionEnd$', SCRIPT, re.MULTILINE | re.DOTALL)
    assert found, name
    return found.group(0)


def test_the_setup_program_holds_the_whole_frozen_build(frozen: Path, tmp_path: Path) -> None:
    makensis, seven_zip = require_tool("makensis"), require_tool("7zz")
    out = tmp_path / build.setup_name()
    command = build.setup_command(makensis, frozen, out, compress=False)
    command[command.index("-V2")] = "-V3"  # the summary with the language tables
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^Install: .* 2 language tables", done.stdout, re.MULTILINE)
    assert re.search(r"^Uninstall: .* 2 language tables", done.stdout, re.MULTILINE)
    assert out.read_bytes()[:2] == b"MZ"  # a Windows program

    listing = subprocess.run(
        [seven_zip, "l", "-slt", str(out)], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert "Type = Nsis" in listing
    packed = {line[len("Path = ") :] for line in listing.splitlines() if line.startswith("Path = ")}
    built = {
        p.relative_to(frozen).as_posix() for p in frozen.rglob("*") if p.is_file() or p.is_symlink()
    }
    assert {"sitedesk", "sitedeskw"} <= built and len(built) > 100
    assert built - packed == set()
    assert "uninstall.exe" in packed
    revisions = {p for p in packed if p.startswith("_internal/app/store/migrations/versions/")}
    assert len(revisions) == len(known_revisions())


def test_the_script_is_built_only_through_the_build_script(tmp_path: Path) -> None:
    makensis = require_tool("makensis")
    done = subprocess.run(
        [makensis, "-INPUTCHARSET", "UTF8", str(build.NSI)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "Build with installer/build.py" in done.stdout + done.stderr


def _windows_data_dir(monkeypatch: pytest.MonkeyPatch) -> PureWindowsPath:
    """The data folder the app chooses on Windows (app.config with platformdirs' Windows
    rules), with %LOCALAPPDATA% and %APPDATA% left as NSIS writes them."""
    folders = {"CSIDL_LOCAL_APPDATA": "$LOCALAPPDATA", "CSIDL_APPDATA": "$APPDATA"}
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    return PureWindowsPath(str(config.default_data_dir()).replace("/", "\\"))


def test_the_program_and_the_data_live_in_different_folders(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _windows_data_dir(monkeypatch)
    assert data == PureWindowsPath(r"$LOCALAPPDATA\SiteDesk\SiteDesk")  # local, not roaming
    found = re.search(r'^InstallDir "(.+)"$', SCRIPT, re.MULTILINE)
    assert found
    program = PureWindowsPath(found.group(1))
    assert program == PureWindowsPath(r"$LOCALAPPDATA\Programs\SiteDesk")
    assert not program.is_relative_to(data) and not data.is_relative_to(program)
    # the directory page refuses the data folder and its parent
    assert f'"$INSTDIR" == "{data}"' in SCRIPT and f'"$INSTDIR" == "{data.parent}"' in SCRIPT
    # the uninstaller says where the data stays, in Chinese and in English
    keep = re.findall(r"^LangString KeepDataText .+$", SCRIPT, re.MULTILINE)
    assert len(keep) == 2 and all(str(data) in line for line in keep)


def test_the_uninstaller_removes_only_what_the_setup_program_put_there() -> None:
    uninstall = _section("Uninstall")
    install = _section("SiteDesk")
    assert "RequestExecutionLevel user" in SCRIPT and "HKLM" not in SCRIPT
    removed = re.findall(
        r"^\s*(RMDir /r|RMDir|Delete|DeleteRegKey) (.+?)\s*(?:;.*)?$", uninstall, re.M
    )
    assert removed == [
        ("Delete", '"$SMPROGRAMS\\${SHORTCUT}"'),
        ("Delete", '"$DESKTOP\\${SHORTCUT}"'),
        ("RMDir /r", '"$INSTDIR\\_internal"'),
        ("Delete", '"$INSTDIR\\sitedesk.exe"'),
        ("Delete", '"$INSTDIR\\sitedeskw.exe"'),
        ("Delete", '"$INSTDIR\\uninstall.exe"'),
        ("RMDir", '"$INSTDIR"'),  # not /r: only if it is empty
        ("DeleteRegKey", 'HKCU "${UNINST_KEY}"'),
    ]
    # the shortcuts start the windowed program; the uninstaller removes the same two
    shortcuts = re.findall(r'^\s*CreateShortcut "(.+?)" "\$INSTDIR\\(\w+\.exe)"', install, re.M)
    assert shortcuts == [
        ("$SMPROGRAMS\\${SHORTCUT}", "sitedeskw.exe"),
        ("$DESKTOP\\${SHORTCUT}", "sitedeskw.exe"),
    ]
    # an upgrade empties only the folder of the program's own files before copying
    assert re.findall(r"RMDir /r (.+)", install) == ['"$INSTDIR\\_internal"']
