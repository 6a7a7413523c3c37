from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from stdnum.cn import ric

from app.domain.requests import Stage
from app.store.database import Database
from app.store.demo import DemoError, make_demo
from app.store.info import summary
from app.store.models import Handout, StockMovement, SupplyItem, Worker
from app.store.supplies import balance


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = Database.open(f"sqlite:///{path}")
    make_demo(db, today=date(2026, 8, 27))
    return db


def test_demo_is_a_full_site(demo_db: Database) -> None:
    s = summary(demo_db)
    assert s.site_code == "GQ2"
    assert s.count("team") == 17
    assert s.count("worker") >= 300
    assert set(s.requests_by_stage) == set(Stage)  # requests in every stage
    assert s.count("handout_campaign") == 1 and s.count("handout") > 0
    assert 0 < s.workers_on_site < s.count("worker")  # some have left the site


def test_demo_workers_have_valid_unique_ids(demo_db: Database) -> None:
    with demo_db.read() as session:
        sealed = session.scalars(select(Worker.id_number)).all()
    numbers = [demo_db.require_vault().open(n) for n in sealed]
    assert len(numbers) == len(set(numbers))
    assert all(ric.is_valid(n) for n in numbers)


def test_demo_stock_balances_match_movements(demo_db: Database) -> None:
    with demo_db.read() as session:
        items = {i.name: i.id for i in session.scalars(select(SupplyItem))}
        assert set(items) == {"西瓜", "绿豆", "白糖", "藿香正气水"}
        handed = session.scalars(select(Handout.quantity).where(Handout.item_id == items["西瓜"]))
        # 60 received, 2 lost, 2 per team to 12 teams
        assert sum(handed) == 24
        assert balance(session, items["西瓜"]) == 60 - 2 - 24
        assert session.scalar(select(StockMovement).where(StockMovement.kind == "loss"))
        # the tonic went out card by card: one per worker, nobody twice
        per_head = session.scalars(
            select(Handout.worker_id).where(Handout.item_id == items["藿香正气水"])
        ).all()
        assert per_head and len(per_head) == len(set(per_head))
        assert balance(session, items["藿香正气水"]) == 400 - len(per_head)


def test_demo_refuses_a_folder_that_has_data(demo_db: Database) -> None:
    with pytest.raises(DemoError, match="空的数据目录"):
        make_demo(demo_db)
