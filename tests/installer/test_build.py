"""installer/build.py: the version it stamps on the programs and the setup program comes from
app.__version__, in the forms Windows wants."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from app import __version__
from installer import build


def test_the_version_is_the_apps() -> None:
    assert build.app_version() == __version__


@pytest.mark.parametrize(
    ("version", "four"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3rc1", (1, 2, 3, 0)),
        ("2", (2, 0, 0, 0)),
        ("2.0.0+local.7", (2, 0, 0, 0)),
        ("1.2.3.4.5", (1, 2, 3, 0)),
    ],
)
def test_windows_gets_four_numbers(version: str, four: tuple[int, int, int, int]) -> None:
    assert build.windows_version(version) == four


def test_a_version_without_numbers_is_refused() -> None:
    with pytest.raises(build.BuildError):
        build.windows_version("dev")


def _pyinstaller_versioninfo(monkeypatch: pytest.MonkeyPatch) -> Any:
    """PyInstaller's own reader of version resources. It imports two Windows-only modules it
    does not need for reading and encoding; stand-ins let it load here, privately."""
    import PyInstaller.compat

    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(PyInstaller.compat, "win32api", types.ModuleType("win32api"), raising=False)
    origin = Path(PyInstaller.compat.__file__).parent / "utils" / "win32" / "versioninfo.py"
    spec = importlib.util.spec_from_file_location("_versioninfo_under_test", origin)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_version_resource_is_read_and_encoded_by_pyinstaller(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    versioninfo = _pyinstaller_versioninfo(monkeypatch)
    resource = tmp_path / "version.txt"
    resource.write_text(build.version_resource("1.4.2rc1"), encoding="utf-8")
    info = versioninfo.load_version_info_from_text_file(str(resource))
    assert info.ffi.fileVersionMS == (1 << 16) | 4 and info.ffi.fileVersionLS == 2 << 16
    string_file, var_file = info.kids
    (table,) = string_file.kids
    assert table.name == "080404b0"  # simplified Chinese, UTF-16
    strings = {s.name: s.val for s in table.kids}
    assert strings["FileVersion"] == strings["ProductVersion"] == "1.4.2rc1"
    assert strings["ProductName"] == "SiteDesk 工区服务台"
    assert var_file.kids[0].kids == [0x0804, 1200]
    raw = info.toRaw()  # the bytes PyInstaller writes into the .exe on Windows
    assert "工区服务台".encode("utf-16-le") in raw and "1.4.2rc1".encode("utf-16-le") in raw


def test_makensis_is_given_the_version_and_stops_at_warnings(tmp_path: Path) -> None:
    command = build.setup_command("makensis", tmp_path / "SiteDesk", tmp_path / "setup.exe")
    assert f"-DVERSION={__version__}" in command and "-WX" in command
    assert "-DVERSION4=" + ".".join(map(str, build.windows_version(__version__))) in command
    assert command[-1] == str(build.NSI) and "-DNO_COMPRESSION" not in command
    quick = build.setup_command("makensis", tmp_path, tmp_path / "s.exe", compress=False)
    assert "-DNO_COMPRESSION" in quick
