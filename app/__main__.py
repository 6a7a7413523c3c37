"""``python -m app`` starts the desktop app (the same as ``sitedesk run``)."""

from __future__ import annotations

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main([*sys.argv[1:], "run"]))
