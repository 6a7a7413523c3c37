"""Personal numbers leave a PC only sealed: not in the database file, not in a bundle on a
lost USB stick — not even inside the bundle once its transport encryption is removed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.store.database import Database
from app.store.demo import make_demo
from app.sync import bundle as bundles
from app.sync.folder import sync_folder
from app.sync.keys import ensure_keys
from tests.numbers import whole_numbers
from tests.sync.conftest import Nodes


def _numbers(db: Database) -> set[bytes]:
    return {n.encode() for n in whole_numbers(db)}


def test_no_whole_number_in_the_file_or_the_bundles(nodes: Nodes, tmp_path: Path) -> None:
    a = nodes.make("a")
    make_demo(a, workers=60, today=date(2026, 11, 24))
    secrets = _numbers(a)
    # ID numbers, phones and bank cards of 60 people; team leaders', companies' and
    # requesters' phones
    assert len(secrets) > 200
    with a.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = a.engine.url.database
    assert path
    blob = Path(path).read_bytes()
    assert not [s for s in secrets if s in blob]

    folder = tmp_path / "share"
    sync_folder(a, folder)
    files = list(folder.rglob("*.sdb"))
    assert files
    keys = ensure_keys(a)
    for file in files:
        data = file.read_bytes()
        assert not [s for s in secrets if s in data]
        body = bundles.decode(data, keys, keys.public_hex)
        opened = "".join(e.fields or "" for e in body.entries).encode()
        assert not [s for s in secrets if s in opened]
