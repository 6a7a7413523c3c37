"""Sync throughput: export and apply 100,000 changes between two nodes through a folder.

Node A registers 100,000 workers (one change each); ``sync_folder`` on A writes the bundles,
``sync_folder`` on B verifies, decrypts and merges them. The baseline is a plain Core bulk
insert of the same 100,000 worker rows into B's kind of database, in the same run.

Target: ≥ 25,000 changes/s applied (PowerSync's published desktop first-sync rate is about
27,600 rows/s).
"""

from __future__ import annotations

import os
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
TARGET = 25_000


def main() -> bool:
    inputs = make_inputs(ROWS)
    with tempfile.TemporaryDirectory(prefix="sitedesk-sync-bench-") as tmp:
        root = Path(tmp)
        a = Database.open(f"sqlite:///{root / 'a.sqlite3'}")
        init_node(a, site_code="GQ2", site_name="二工区")
        ensure_keys(a)
        b = Database.open(f"sqlite:///{root / 'b.sqlite3'}")
        import_project(b, export_project(a))
        init_node(b, site_code="GQ2", site_name="二工区", tag="B")
        with a.write("bench") as unit:
            unit.journal.insert_many(Worker, inputs)
        folder = root / "share"
        start = time.perf_counter()
        sync_folder(a, folder)
        export_s = time.perf_counter() - start
        start = time.perf_counter()
        report = sync_folder(b, folder)
        apply_s = time.perf_counter() - start
        applied = report.applied
        size = sum(p.stat().st_size for p in folder.rglob("*.sdb"))
        a.close()
        b.close()

        base = Database.open(f"sqlite:///{root / 'plain.sqlite3'}")
        base.close()
        engine = create_engine(f"sqlite:///{root / 'plain.sqlite3'}")
        event.listen(engine, "connect", _pragmas)
        start = time.perf_counter()
        rows = _with_meta(inputs, HybridClock())
        with engine.begin() as conn:
            conn.execute(insert(Worker), rows)
        plain_s = time.perf_counter() - start
        engine.dispose()

    rate = applied / apply_s
    ok = rate >= TARGET
    print(f"[sync] {applied:,} changes from node A to node B through a folder")
    print(
        f"  export (A → folder, 2 audiences)  {export_s:7.3f} s  {applied / export_s:10,.0f} changes/s"
        f"  ({size / 1e6:.1f} MB of bundles)"
    )
    print(
        f"  apply  (folder → B)               {apply_s:7.3f} s  {rate:10,.0f} changes/s"
        f"   target ≥ {TARGET:,}   {'OK' if ok else 'MISSED'}"
    )
    print(
        f"  plain bulk insert of the same rows {plain_s:7.3f} s  {ROWS / plain_s:10,.0f} rows/s (baseline)"
    )
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
