"""Several nodes of one project, each with its own SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.store.database import Database
from app.store.models import synced_models, table_of
from app.store.sites import FirstUser, init_node
from app.store.users import login
from app.sync.keys import ensure_keys, export_project, import_project

ADMIN, PASSWORD = "admin", "correct-horse"


def unlock(db: Database) -> Database:
    """Log in as the node's first user, as a clerk would after opening the app."""
    login(db, ADMIN, PASSWORD)
    return db


class Nodes:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.project: bytes | None = None
        self.all: list[Database] = []

    def make(self, name: str, *, site: str = "GQ2", kind: str = "site", tag: str = "A") -> Database:
        db = Database.open(f"sqlite:///{self.root / name}.sqlite3")
        return self.adopt(db, site=site, kind=kind, tag=tag)

    def adopt(
        self, db: Database, *, site: str = "GQ2", kind: str = "site", tag: str = "A"
    ) -> Database:
        """Make an opened database (PostgreSQL, say) a node of the project."""
        if self.project is not None:
            import_project(db, self.project)
        names = {"GQ2": "二工区", "GQ3": "三工区", "GQ4": "四工区", "XMB": "项目部"}
        init_node(
            db,
            site_code=site,
            site_name=names.get(site, site),
            kind=kind,
            tag=tag,
            admin=FirstUser(ADMIN, "管理员", PASSWORD),
        )
        ensure_keys(db)
        if self.project is None:
            self.project = export_project(db)
        self.all.append(db)
        return db

    def close(self) -> None:
        for db in self.all:
            db.close()


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[Nodes]:
    made = Nodes(tmp_path)
    yield made
    made.close()


def dump(db: Database, *, skip: frozenset[str] = frozenset()) -> dict[str, list[dict[str, Any]]]:
    """Every synced row, canonically ordered: two nodes holding the same data dump the same."""
    out: dict[str, list[dict[str, Any]]] = {}
    with db.engine.connect() as conn:
        for model in synced_models():
            if model.__tablename__ in skip:
                continue
            table = table_of(model)
            rows = conn.execute(select(table).order_by(table.c.id)).mappings().all()
            out[model.__tablename__] = [dict(r) for r in rows]
    return out


def head(db: Database) -> int:
    from app.store.journal import read_head

    with db.engine.connect() as conn:
        return read_head(conn, db.local_node().node_id).seq


def bundle_for(
    sender: Database, receiver: Database, first: int = 1, last: int | None = None
) -> bytes:
    """The bundle ``sender`` writes for ``receiver``'s audience (as the folder transport does)."""
    from app.sync import outbox
    from app.sync.keys import HQ, site_audience

    me = receiver.local_node()
    audience = HQ if me.kind == HQ else site_audience(me.site_id)
    if sender.local_node().kind != HQ and audience == HQ:
        audience = site_audience(sender.local_node().site_id)
    return outbox.build(sender, ensure_keys(sender), audience, first, last or head(sender))


def deliver(sender: Database, receiver: Database, first: int = 1, last: int | None = None) -> Any:
    from app.sync.apply import apply_bundle

    data = bundle_for(sender, receiver, first, last)
    return apply_bundle(receiver, data, public_key=ensure_keys(sender).public_hex)


def settle(*dbs: Database, rounds: int = 4) -> None:
    """Deliver everything to everyone until nothing new appears (conflict rows are changes too)."""
    for _ in range(rounds):
        before = [head(d) for d in dbs]
        for sender in dbs:
            for receiver in dbs:
                if sender is not receiver and head(sender):
                    deliver(sender, receiver)
        if [head(d) for d in dbs] == before:
            return
    raise AssertionError(f"nodes still writing new changes after {rounds} rounds of delivery")


def heat_relief(db: Database) -> tuple[str, str]:
    """A campaign giving one team 2 watermelons, with 20 in stock: (campaign id, team id)."""
    from datetime import date
    from decimal import Decimal

    from app.store.models import Team
    from app.store.supplies import Entitlement, add_item, create_campaign, move_stock

    with db.write("clerk") as unit:
        melon = add_item(unit, "西瓜", "个")
        move_stock(unit, melon, "receive", Decimal(20), date(2026, 8, 26))
        team = unit.journal.insert(Team, {"name": "隧道六队"})
        campaign = create_campaign(
            unit,
            name="防暑",
            on_date=date(2026, 8, 26),
            team_ids=[team],
            items=[Entitlement(melon, per_team=Decimal(2))],
        )
    return campaign, team
