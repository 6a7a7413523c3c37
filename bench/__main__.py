"""Run every benchmark: ``python -m bench [name …]``."""

from __future__ import annotations

import sys

from bench import (
    dashboard,
    handout_scan,
    journal_overhead,
    printing,
    server_sync,
    sync_throughput,
    worker_list,
)

BENCHES = {
    "journal": journal_overhead.main,
    "sync": sync_throughput.main,
    "list": worker_list.main,
    "handout": handout_scan.main,
    "print": printing.main,
    "server": server_sync.main,
    "dashboard": dashboard.main,
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    failed = 0
    for name in names:
        if name not in BENCHES:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHES)}", file=sys.stderr)
            return 2
        failed += 0 if BENCHES[name]() else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
