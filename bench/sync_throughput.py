"""Sync throughput: export and apply 100,000 changes between two nodes through a folder.

Node A registers 100,000 workers (one change each); ``sync_folder`` on A writes the bundles,
``sync_folder`` on B verifies, decrypts and merges them. The baseline is a plain Core bulk
insert of the same 100,000 worker rows into B's kind of database.

The apply and the baseline run ``BENCH_SYNC_RUNS`` times (3), one after the other, each on
a fresh copy of B as it was before its first sync and of the folder as A left it: this
machine's speed changes from one minute to the next, so each apply is printed beside the
baseline measured right after it, and the target is judged on the median apply.

Target: ≥ 25,000 changes/s applied (PowerSync's published desktop first-sync rate is about
27,600 rows/s).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, event, insert

from app.store.database import Database
from app.store.hlc import HybridClock
from app.store.models import Worker
from app.store.sites import init_node
from app.sync.folder import sync_folder
from app.sync.keys import ensure_keys, export_project, import_project
from bench.journal_overhead import _pragmas, _with_meta, make_inputs

ROWS = int(os.environ.get("BENCH_SYNC_ROWS", "100000"))
RUNS = max(1, int(os.environ.get("BENCH_SYNC_RUNS", "3")))
TARGET = 25_000


def _apply_once(root: Path, run: int) -> tuple[int, float]:
    """Changes applied and seconds: a fresh copy of B syncs with a fresh copy of the folder."""
    here = root / f"run-{run}"
    here.mkdir()
    shutil.copyfile(root / "b-before.sqlite3", here / "b.sqlite3")
    shutil.copytree(root / "share", here / "share")
    b = Database.open(f"sqlite:///{here / 'b.sqlite3'}")
    try:
        start = time.perf_counter()
        report = sync_folder(b, here / "share")
        took = time.perf_counter() - start
    finally:
        b.close()
    shutil.rmtree(here)
    return report.applied, took


def _plain_once(root: Path, inputs: list[dict[str, object]], run: int) -> float:
    """Seconds for a plain Core bulk insert of the same rows into a new database."""
    path = root / f"plain-{run}.sqlite3"
    Database.open(f"sqlite:///{path}").close()
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _pragmas)
    try:
        start = time.perf_counter()
        rows = _with_meta(inputs, HybridClock())
        with engine.begin() as conn:
            conn.execute(insert(Worker), rows)
        return time.perf_counter() - start
    finally:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> bool:
    inputs = make_inputs(ROWS)
    with tempfile.TemporaryDirectory(prefix="sitedesk-sync-bench-") as tmp:
        root = Path(tmp)
        a = Database.open(f"sqlite:///{root / 'a.sqlite3'}")
        init_node(a, site_code="GQ2", site_name="二工区")
        ensure_keys(a)
        b = Database.open(f"sqlite:///{root / 'b-before.sqlite3'}")
        import_project(b, export_project(a))
        init_node(b, site_code="GQ2", site_name="二工区", tag="B")
        b.close()  # its file is copied for every run
        with a.write("bench") as unit:
            unit.journal.insert_many(Worker, inputs)
        folder = root / "share"
        start = time.perf_counter()
        sync_folder(a, folder)
        export_s = time.perf_counter() - start
        a.close()
        size = sum(p.stat().st_size for p in folder.rglob("*.sdb"))

        runs: list[tuple[int, float, float]] = []  # applied, apply s, plain s
        for run in range(RUNS):
            applied, apply_s = _apply_once(root, run)
            runs.append((applied, apply_s, _plain_once(root, inputs, run)))

    applied = runs[0][0]
    rates = [n / s for n, s, _ in runs]
    rate = statistics.median(rates)
    plain = statistics.median(ROWS / p for _, _, p in runs)
    ok = rate >= TARGET and all(n == applied for n, _, _ in runs)
    print(f"[sync] {applied:,} changes from node A to node B through a folder")
    print(
        f"  export (A → folder, 2 audiences)  {export_s:7.3f} s  {applied / export_s:10,.0f} changes/s"
        f"  ({size / 1e6:.1f} MB of bundles)"
    )
    for k, (n, apply_s, plain_s) in enumerate(runs, 1):
        print(
            f"  run {k}: apply (folder → B) {apply_s:6.3f} s  {n / apply_s:8,.0f} changes/s;"
            f"  plain bulk insert of the same rows right after {plain_s:6.3f} s"
            f"  {ROWS / plain_s:8,.0f} rows/s"
        )
    print(
        f"  apply, median of {len(runs)}               {rate:10,.0f} changes/s"
        f"   target ≥ {TARGET:,}   {'OK' if ok else 'MISSED'}"
    )
    print(f"  plain bulk insert, median of {len(runs)} {plain:10,.0f} rows/s (baseline)")
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
