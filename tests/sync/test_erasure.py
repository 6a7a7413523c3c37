"""Retention's erasure travels like any change: every node that holds the record erases it,
and a journal redacted by a purge still verifies and still syncs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.domain.roles import Role
from app.store import settings
from app.store.database import Database
from app.store.models import Change, Worker, WorkerMovement
from app.store.retention import ERASED_NAME, due, purge
from app.store.users import Actor
from app.store.workers import WorkerInput, record_movement, register_worker
from tests.sync.conftest import Nodes, deliver, dump, head

ADMIN = Actor("u", "admin", "管理员", Role.MANAGER)
NAME = "欧阳雪梅"
TODAY = date(2031, 1, 1)


def _settle_works(db: Database) -> None:
    with db.write("admin") as unit:
        settings.change(unit, ADMIN, "works.settled_on", "2027-06-30")


def names_in_journal(db: Database) -> int:
    with db.read() as session:
        return sum(NAME in c.fields for c in session.scalars(select(Change)))


def test_an_erasure_reaches_hq_and_a_late_joiner_verifies_the_redacted_chain(
    nodes: Nodes,
) -> None:
    site, hq = nodes.make("site"), nodes.make("hq", site="XMB", kind="hq", tag="H")
    with site.write("clerk") as unit:
        wid = register_worker(
            unit, WorkerInput(NAME, "11010519491231002X"), today=date(2026, 8, 26)
        ).ids[0]
        record_movement(unit, wid, "entry", date(2026, 8, 26), "入场")
    deliver(site, hq)
    sent = head(site)
    _settle_works(site)
    purge(site, ADMIN, TODAY, due(site, TODAY))
    deliver(site, hq, sent + 1)

    with hq.read() as session:
        worker = session.get(Worker, wid)
        assert worker is not None and worker.deleted and worker.name == ERASED_NAME
        movement = session.scalars(select(WorkerMovement)).one()  # an append-only row
        assert movement.deleted and movement.note == ""
    assert dump(hq)["worker"] == dump(site)["worker"]
    assert dump(hq)["worker_movement"] == dump(site)["worker_movement"]

    # HQ still holds its received copies of the old changes until its own purge runs
    assert names_in_journal(hq) > 0
    _settle_works(hq)
    purge(hq, ADMIN, TODAY, due(hq, TODAY))
    assert names_in_journal(hq) == 0

    # a PC that joins the site later gets the whole chain: digests where contents were
    late = nodes.make("late", tag="C")
    result = deliver(site, late)
    assert result.applied == head(site) and not result.duplicate and result.missing is None
    with late.read() as session:
        assert session.get(Worker, wid) is None  # its insert arrived as a digest only
    assert names_in_journal(late) == 0
