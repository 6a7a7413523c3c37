"""The derived request states: folded like the lists fold them, and kept up to date by reading
the change journal — local steps and synced ones alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.progress import Cancelled
from app.domain.requests import EventKind, Stage
from app.domain.roles import Role
from app.store import request_state
from app.store.database import Database
from app.store.models import DerivedMark, DerivedRequestState, Request
from app.store.request_list import RequestFilter, list_requests
from app.store.requests import take_step
from tests.store.requests_data import CAL, TODAY
from tests.sync.conftest import Nodes, deliver


def states(db: Database) -> dict[str, DerivedRequestState]:
    with db.read() as session:
        return {s.request_id: s for s in session.scalars(select(DerivedRequestState))}


def test_the_first_refresh_folds_every_request(db: Database, known: dict[str, str]) -> None:
    assert request_state.refresh(db) == len(known)
    got = states(db)
    assert set(got) == set(known.values())
    on_time, late = got[known["on_time"]], got[known["late"]]
    assert (on_time.stage, on_time.is_open, on_time.satisfaction) == ("closed", False, "A")
    assert (late.stage, late.satisfaction) == ("closed", "D")
    assert got[known["urgent"]].limit_days == 0 and got[known["urgent"]].is_open
    assert got[known["rejected"]].stage == "rejected" and not got[known["rejected"]].is_open
    extended = got[known["extended"]]
    assert (extended.stage, extended.limit_days) == ("accepted", 3 + 5)  # living + 5 days
    # received 23:30 local on 08-31 (15:30 UTC): the local day counts
    assert got[known["last_evening"]].received_on == date(2026, 8, 31)
    assert got[known["september"]].received_on == date(2026, 9, 1)


def test_states_agree_with_the_list(db: Database, known: dict[str, str]) -> None:
    request_state.refresh(db)
    got = states(db)
    with db.read() as session:
        rows = list_requests(session, RequestFilter(), today=TODAY, calendar=CAL)
    assert len(rows) == len(got)
    for row in rows:
        assert (got[row.id].stage, got[row.id].satisfaction) == (row.stage.value, row.satisfaction)


def test_later_refreshes_fold_only_what_changed(db: Database, known: dict[str, str]) -> None:
    request_state.refresh(db)
    assert not request_state.stale(db)
    assert request_state.refresh(db) == 0
    with db.write("clerk") as unit:
        take_step(unit, known["urgent"], EventKind.VERIFY)
    assert request_state.stale(db)
    assert request_state.refresh(db) == 1
    assert states(db)[known["urgent"]].stage == Stage.VERIFYING.value


def test_a_deleted_request_leaves(db: Database, known: dict[str, str]) -> None:
    request_state.refresh(db)
    with db.write("clerk") as unit:
        unit.journal.delete(Request, known["july"])
    assert request_state.refresh(db) == 1
    assert known["july"] not in states(db)


def test_a_stopped_first_refresh_keeps_nothing(db: Database, known: dict[str, str]) -> None:
    with pytest.raises(Cancelled):
        request_state.refresh(db, lambda done, total: done == 0)
    assert states(db) == {}
    with db.read() as session:
        assert session.scalars(select(DerivedMark)).all() == []
    assert request_state.refresh(db) == len(known)


def test_steps_received_by_sync_are_folded_at_hq(tmp_path: Path) -> None:
    from tests.store.requests_data import known_requests
    from tests.sync.conftest import unlock

    nodes = Nodes(tmp_path)
    site = unlock(nodes.make("site"))
    hq = nodes.make("hq", site="XMB", kind="hq", tag="H")
    known = known_requests(site)
    deliver(site, hq)
    assert request_state.refresh(hq) == len(known)
    with site.write("clerk") as unit:
        take_step(unit, known["extended"], EventKind.VERIFY, role=Role.MANAGER)
        take_step(unit, known["urgent"], EventKind.VERIFY, role=Role.MANAGER)
    deliver(site, hq)
    assert request_state.refresh(hq) == 2
    got = states(hq)
    assert got[known["extended"]].stage == got[known["urgent"]].stage == "verifying"
    assert states(site) == {}  # nothing is derived until somebody looks
    nodes.close()
