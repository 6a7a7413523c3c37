"""Cross-site duplicate workers at HQ, on the project the sites' PCs synced (multisite)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.store.duplicates import DUPLICATE_WORKER, count_cross_site, cross_site_duplicates
from app.store.models import Worker
from app.store.sites import site_id_for
from app.store.worker_list import Presence
from app.store.workers import WorkerInput, register_workers
from app.sync import conflicts
from app.sync.folder import sync_folder
from tests.store.multisite import SHARED_ID, TODAY, Project, build
from tests.sync.conftest import Nodes, settle, unlock


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    made = build(tmp_path)
    yield made
    made.close()


def test_the_person_registered_at_two_sites_is_listed_with_the_conflict(
    project: Project,
) -> None:
    with project.hq.read() as session:
        (dup,) = cross_site_duplicates(session)
        assert count_cross_site(session) == 1
        (conflict,) = conflicts.list_conflicts(session)
    assert dup.site_codes == ["GQ2", "GQ3"]
    assert [(r.site_code, r.name, r.presence) for r in dup.registrations] == [
        ("GQ2", "二甲", Presence.ON_SITE),
        ("GQ3", "三甲", Presence.ON_SITE),
    ]
    assert dup.id_masked == dup.registrations[1].id_masked
    assert SHARED_ID not in dup.id_masked and dup.id_masked.endswith(SHARED_ID[-4:])
    assert dup.conflict_id == conflict.id and dup.conflict_status == "open"
    assert conflict.kind == DUPLICATE_WORKER == conflicts.DUPLICATE_WORKER
    assert sorted(conflict.row_ids) == sorted(r.worker_id for r in dup.registrations)


def test_a_site_sees_only_its_own_duplicates(project: Project) -> None:
    with project.hq.read() as session:
        assert len(cross_site_duplicates(session, site_id_for("GQ3"))) == 1
        assert cross_site_duplicates(session, site_id_for("GQ4")) == []


def test_kept_as_two_people_stays_listed_as_decided(project: Project) -> None:
    with project.hq.read() as session:
        (dup,) = cross_site_duplicates(session)
    assert dup.conflict_id is not None
    with project.hq.write("zhao") as unit:
        conflicts.resolve(unit, dup.conflict_id, "both", note="同名同号，核实为两人")
    with project.hq.read() as session:
        (after,) = cross_site_duplicates(session)
    assert (after.conflict_status, after.resolution) == ("resolved", "both")


def test_keeping_one_registration_removes_the_other_at_its_site(project: Project) -> None:
    with project.hq.read() as session:
        (dup,) = cross_site_duplicates(session)
    gq2, gq3 = dup.registrations
    assert dup.conflict_id is not None
    with project.hq.write("zhao") as unit:
        conflicts.resolve(unit, dup.conflict_id, "keep", keep=gq2.worker_id, note="调往二工区")
    with project.hq.read() as session:
        assert cross_site_duplicates(session) == []
    sync_folder(project.hq, project.folder)  # HQ publishes its decision …
    sync_folder(project.sites["GQ3"], project.folder)  # … and the site applies it
    with project.sites["GQ3"].read() as session:
        assert session.scalar(select(Worker.deleted).where(Worker.id == gq3.worker_id)) is True


def test_two_pcs_of_one_site_are_not_a_cross_site_duplicate(tmp_path: Path) -> None:
    nodes = Nodes(tmp_path)
    hq = nodes.make("hq", site="XMB", kind="hq", tag="H")
    a, b = unlock(nodes.make("a")), unlock(nodes.make("b", tag="B"))
    for db, name in ((a, "李娜"), (b, "李娜")):
        with db.write("clerk") as unit:
            register_workers(unit, [WorkerInput(name=name, id_number=SHARED_ID)], today=TODAY)
    settle(a, b, hq)
    with hq.read() as session:
        assert cross_site_duplicates(session) == []
        assert [c.kind for c in conflicts.list_conflicts(session)] == [DUPLICATE_WORKER]
    nodes.close()
