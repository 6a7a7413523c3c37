"""Journal overhead: 100,000 worker records through the journal vs a plain Core insert.

Both paths start from the same 100,000 input records, make their ids and timestamps, and
commit one transaction on a fresh SQLite file with the same pragmas (WAL, synchronous=FULL).
The journaled path is ``Journal.insert_many`` — what registration and roster import end
with — and also writes one change per row with its HLC, sequence number and hash link. The
plain path is what code without a journal would do: ``insert(Worker)`` with every column.
The journal writes both tables with driver-level executemany (SQLAlchemy's type processors,
not its per-row parameter machinery), which is part of why it stays within the target; the
run also prints that same driver-level insert without the journal, so the cost of the
journal proper is visible too.

Target: journaled ≤ 1.5 × plain (cr-sqlite's published overhead is about 2.5 ×).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event, insert
from stdnum import luhn
from stdnum.cn import ric

from app.store.database import SQLITE_PRAGMAS, Database
from app.store.hlc import HybridClock, stamp, to_datetime
from app.store.journal import driver_insert, new_id
from app.store.models import Worker, table_of
from app.store.sealing import seal
from app.store.sites import init_node
from app.store.vault import Vault, new_data_key
from app.store.workers import new_card_code

ROWS = int(os.environ.get("BENCH_JOURNAL_ROWS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
TARGET = 1.5


def make_inputs(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        birth = date(1970, 1, 1) + timedelta(days=i // 500)  # unique numbers, as on a roster
        body = f"500101{birth:%Y%m%d}{i % 500 * 2:03d}"
        number = body + ric.calc_check_digit(body + "0")
        card = "622202" + f"{rng.randrange(10**12):012d}"
        # a whole worker record, as registration and roster import hand it to the journal
        rows.append(
            {
                "company_id": f"company-{i % 4}",
                "team_id": f"team-{i % 17}",
                "is_team_leader": i % 20 == 0,
                "trade_code": "020",
                "role": "worker",
                "name": "张" + "伟强军平东文辉力明"[i % 9] + "山仁波宁"[i % 4],
                "name_pinyin": "zhang wei shan",
                "id_type": "resident",
                "id_number": number,
                "id_tail": number[-4:],
                "id_issuer": "重庆市公安局万州分局",
                "ethnicity_code": "01",
                "address": "重庆市万州区某某镇某某村1号",
                "id_valid_from": date(2015, 3, 1),
                "id_valid_to": date(2035, 3, 1),
                "id_long_term": False,
                "gender": "M" if int(number[16]) % 2 else "F",
                "birth_date": birth,
                "photo_id": None,
                "mobile": f"138{i:08d}",
                "political_status": "13",
                "education": "70",
                "emergency_contact": "李秀英",
                "emergency_phone": f"139{i:08d}",
                "union_joined_on": None,
                "bank_card": card + luhn.calc_check_digit(card),
                "bank_name": "中国农业银行",
                "injury_insurance": True,
                "agreement_type": "contract",
                "agreement_start": date(2026, 3, 1),
                "agreement_end": date(2027, 2, 28),
                "card_code": new_card_code(),
            }
        )
    # stored as registration stores them: numbers sealed, with fingerprint and masks
    vault = Vault(new_data_key())
    return [seal(Worker, row, vault) for row in rows]


def _fresh_db(directory: Path, label: str) -> Database:
    db = Database.open(f"sqlite:///{directory / label}.sqlite3")
    init_node(db, site_code="GQ2", site_name="二工区")
    return db


def journaled(directory: Path, inputs: list[dict[str, Any]], label: str) -> float:
    db = _fresh_db(directory, label)
    start = time.perf_counter()
    with db.write("bench") as unit:
        unit.journal.insert_many(Worker, inputs)
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def _pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _with_meta(inputs: list[dict[str, Any]], clock: HybridClock) -> list[dict[str, Any]]:
    rows = []
    for values in inputs:
        hlc = clock.tick()
        when = to_datetime(hlc)
        rows.append(
            {
                **values,
                "id": new_id(),
                "site_id": "site",
                "created_at": when,
                "updated_at": when,
                "updated_by": "bench",
                "deleted": False,
                "stamp": stamp(hlc, "node"),
                "field_versions": "{}",
            }
        )
    return rows


def _unjournaled(
    directory: Path,
    inputs: list[dict[str, Any]],
    label: str,
    write: Callable[[Connection, list[dict[str, Any]]], object],
) -> float:
    """Same schema, node and pragmas as the journaled run, on an engine with no guard."""
    db = _fresh_db(directory, label)
    url = db.engine.url.render_as_string(hide_password=False)
    db.close()
    engine = create_engine(url)
    event.listen(engine, "connect", _pragmas)
    start = time.perf_counter()
    rows = _with_meta(inputs, HybridClock())
    with engine.begin() as conn:
        write(conn, rows)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def plain(directory: Path, inputs: list[dict[str, Any]], label: str) -> float:
    return _unjournaled(
        directory, inputs, label, lambda conn, rows: conn.execute(insert(Worker), rows)
    )


def plain_driver(directory: Path, inputs: list[dict[str, Any]], label: str) -> float:
    """For reference: the journal's own driver-level insert of the rows, with no journal."""

    def write(conn: Connection, rows: list[dict[str, Any]]) -> None:
        target = driver_insert(table_of(Worker), conn.dialect)
        conn.exec_driver_sql(target.sql, target.params(rows))

    return _unjournaled(directory, inputs, label, write)


def _median(
    fn: Callable[[Path, list[dict[str, Any]], str], float],
    inputs: list[dict[str, Any]],
    directory: Path,
    name: str,
) -> float:
    return statistics.median(fn(directory, inputs, f"{name}{r}") for r in range(ROUNDS))


def main() -> bool:
    inputs = make_inputs(ROWS)
    with tempfile.TemporaryDirectory(prefix="sitedesk-bench-") as tmp:
        directory = Path(tmp)
        journaled(directory, inputs[:1000], "warmup")
        plain_s = _median(plain, inputs, directory, "plain")
        journal_s = _median(journaled, inputs, directory, "journal")
        driver_s = _median(plain_driver, inputs, directory, "driver")
    ratio = journal_s / plain_s
    ok = ratio <= TARGET
    print(
        f"[journal] {ROWS:,} worker records, median of {ROUNDS} rounds, {datetime.now(UTC):%Y-%m-%d}"
    )
    print(f"  plain Core insert (baseline)  {plain_s:7.3f} s  {ROWS / plain_s:10,.0f} rows/s")
    print(f"  journaled insert_many         {journal_s:7.3f} s  {ROWS / journal_s:10,.0f} rows/s")
    print(
        f"  ratio journaled/plain         {ratio:7.2f} ×   target ≤ {TARGET} ×   "
        f"{'OK' if ok else 'MISSED'}   (cr-sqlite: about 2.5 ×)"
    )
    print(
        f"  reference: the journal's driver-level insert without the journal "
        f"{driver_s:.3f} s, so the journal itself costs {journal_s / driver_s:.2f} ×"
    )
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
