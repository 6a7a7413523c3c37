"""The windowed program of the frozen build (``sitedeskw.exe``, what the shortcuts start): the
desktop app, as ``sitedesk run``.

A windowed Windows program has no console, so whatever the command would print — a data
folder it cannot use, a bad option — is shown in a message box instead of being lost.
"""

from __future__ import annotations

import io
import sys

from app.cli import main


def start(argv: list[str]) -> int:
    if sys.stderr is not None and sys.stdout is not None:
        return main([*argv, "run"])
    captured = io.StringIO()
    sys.stdout = sys.stderr = captured
    try:
        code = main([*argv, "run"])
    except SystemExit as exc:  # argparse: --version or --help (0), a bad option (2)
        code = exc.code if isinstance(exc.code, int) else 2
    else:
        if code == 0:  # after a session in the window: stray warnings are not worth a box
            return code
    text = captured.getvalue().strip()
    if text:
        _show(text, error=code != 0)
    return code


def _show(text: str, *, error: bool) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    box = QMessageBox.critical if error else QMessageBox.information
    box(None, "SiteDesk 工区服务台", text)


if __name__ == "__main__":
    sys.exit(start(sys.argv[1:]))
