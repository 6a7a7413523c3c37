"""Build SiteDesk as one frozen folder (PyInstaller) and, where makensis is found, the Windows
setup program (NSIS) around it. Runs the same on Windows and Linux:

    python -m installer.build                 # dist/SiteDesk/ and dist/SiteDesk-<version>-setup.exe
    python -m installer.build --no-setup      # the frozen folder only
    python -m installer.build --setup-only    # the setup program around an existing dist/SiteDesk

After freezing it runs the frozen ``sitedesk --version`` and ``sitedesk check`` on a
temporary data folder, so a build that left out a file fails here. The version comes from
``app.__version__``, the one place it is written.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "sitedesk.spec"
NSI = ROOT / "installer" / "sitedesk.nsi"
ICON = ROOT / "resources" / "icons" / "sitedesk.ico"
FOLDER = "SiteDesk"  # the one-folder build's name, and the install folder's
EXE = ".exe" if sys.platform == "win32" else ""


class BuildError(RuntimeError):
    pass


def app_version() -> str:
    """The version, read from the package source (not imported: the build needs no Qt)."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if not found:
        raise BuildError("app/__init__.py has no __version__")
    return found.group(1)


def windows_version(version: str) -> tuple[int, int, int, int]:
    """Windows wants four numbers: 1.2.3rc1 → (1, 2, 3, 0); missing parts are 0."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:3]]
    if not numbers:
        raise BuildError(f"version {version!r} has no numbers")
    return (*numbers, *[0] * (4 - len(numbers)))  # type: ignore[return-value]


def version_resource(version: str) -> str:
    """The Windows version resource of both programs, in the text form PyInstaller reads."""
    four = windows_version(version)
    strings = {
        "CompanyName": "SiteDesk",
        "FileDescription": "SiteDesk 工区服务台",
        "FileVersion": version,
        "InternalName": "sitedesk",
        "LegalCopyright": "SiteDesk",
        "ProductName": "SiteDesk 工区服务台",
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 0x0804 simplified Chinese, code page 1200 (UTF-16): "080404b0"
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080404b0', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def freeze(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the one-folder build (``dist/SiteDesk``)."""
    work.mkdir(parents=True, exist_ok=True)
    resource = work / "version.txt"
    resource.write_text(version_resource(app_version()), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
        "--",
        "--version-file",
        str(resource),
    ]
    _run(command, "PyInstaller")
    folder = dist / FOLDER
    for program in ("sitedesk", "sitedeskw"):
        if not (folder / f"{program}{EXE}").is_file():
            raise BuildError(f"PyInstaller made no {program}{EXE} in {folder}")
    return folder


def smoke(folder: Path) -> str:
    """The frozen program's ``--version`` and ``check`` on a temporary data folder."""
    program = str(folder / f"sitedesk{EXE}")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    version = _run([program, "--version"], "the frozen program", env=env).strip()
    if version != f"sitedesk {app_version()}":
        raise BuildError(f"the frozen program says {version!r}, not version {app_version()}")
    with tempfile.TemporaryDirectory(prefix="sitedesk-build-") as data:
        return _run([program, "--data-dir", data, "check"], "sitedesk check", env=env)


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found:
        return found
    for variable in ("ProgramFiles(x86)", "ProgramFiles"):  # where NSIS's own setup puts it
        candidate = Path(os.environ.get(variable, "")) / "NSIS" / "makensis.exe"
        if os.environ.get(variable) and candidate.is_file():
            return str(candidate)
    return None


def setup_command(makensis: str, folder: Path, out: Path, *, compress: bool = True) -> list[str]:
    """makensis with the script's defines: version, the frozen folder, the icon, the output
    (and, for the tests, no compression: the same script, minutes quicker)."""
    version = app_version()
    return [
        makensis,
        "-V2",
        "-WX",  # a warning is a mistake in the script
        "-INPUTCHARSET",
        "UTF8",
        f"-DVERSION={version}",
        f"-DVERSION4={'.'.join(map(str, windows_version(version)))}",
        f"-DDIST_DIR={folder.resolve()}",
        f"-DICON={ICON}",
        f"-DOUT_FILE={out.resolve()}",
        *([] if compress else ["-DNO_COMPRESSION"]),
        str(NSI),
    ]


def setup_name() -> str:
    """``SiteDesk-<version>-setup.exe`` (not plain "setup.exe": Windows loads compatibility
    shims into a program of that name). Built on another system, the setup program holds that
    system's programs: it proves the script compiles, it is not for a site PC, and says so."""
    elsewhere = "" if sys.platform == "win32" else f"-{sys.platform}-check-only"
    return f"SiteDesk-{app_version()}-setup{elsewhere}.exe"


def make_setup(folder: Path, out_dir: Path, makensis: str, *, compress: bool = True) -> Path:
    """The setup program around the frozen folder: ``SiteDesk-<version>-setup.exe``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / setup_name()
    out.unlink(missing_ok=True)
    _run(setup_command(makensis, folder, out, compress=compress), "makensis")
    if not out.is_file():
        raise BuildError(f"makensis made no {out}")
    return out


def _run(command: list[str], what: str, *, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BuildError(
            f"{what} failed (exit {done.returncode}):\n{done.stdout[-4000:]}{done.stderr[-4000:]}"
        )
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Freeze SiteDesk (PyInstaller), check it, and make the setup program (NSIS)."
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work"
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--no-setup", action="store_true", help="freeze only, no setup program")
    what.add_argument("--setup-only", action="store_true", help="setup program only")
    parser.add_argument("--require-setup", action="store_true", help="fail if makensis is missing")
    args = parser.parse_args(argv)
    try:
        if args.setup_only:
            folder = args.dist / FOLDER
            if not folder.is_dir():
                raise BuildError(f"no frozen build in {folder}: run without --setup-only first")
        else:
            print(f"Freezing SiteDesk {app_version()} into {args.dist / FOLDER} …", flush=True)
            folder = freeze(args.dist, args.work)
            print(smoke(folder), end="", flush=True)
        if args.no_setup:
            return 0
        makensis = find_makensis()
        if makensis is None:
            message = "makensis not found: no setup program made (install NSIS)"
            if args.require_setup:
                raise BuildError(message)
            print(message)
            return 0
        print("Compressing the setup program (LZMA: a few minutes) …", flush=True)
        print(f"Setup program: {make_setup(folder, args.dist, makensis)}")
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
