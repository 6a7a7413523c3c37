"""The console program of the frozen build (``sitedesk.exe``): the ``sitedesk`` command."""

from __future__ import annotations

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
