"""``sitedesk demo --hq``: an HQ that heard from demo sites' PCs through a folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.domain.workdays import CN_2026
from app.store.dashboard import dashboard
from app.store.database import Database
from app.store.duplicates import cross_site_duplicates
from app.store.sites import FirstUser
from app.sync.conflicts import list_conflicts
from app.sync.demo_project import DEMO_SITES, NO_PC_YET, make_demo_project

TODAY = date(2026, 8, 27)


def test_a_demo_hq_holds_its_sites_a_stale_one_and_a_person_at_two(tmp_path: Path) -> None:
    hq = Database.open(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    try:
        made = make_demo_project(
            hq, FirstUser("admin", "演示管理员", "demo-password"), sites=3, workers=20, today=TODAY
        )
        board = dashboard(hq, today=TODAY, calendar=CN_2026)
        codes = [s.code for s in board.sites]
        assert codes == [code for code, _name in DEMO_SITES[:3]] + [NO_PC_YET[0]]
        assert board.total.workers == made.workers == 3 * 20 + 2
        assert board.total.requests == made.requests
        assert all(s.requests and s.nodes == 1 for s in board.sites[:3])
        assert [s.code for s in board.stale_sites] == ["GQ3", "GQ9"]
        with hq.read() as session:
            (dup,) = cross_site_duplicates(session)
            assert dup.site_codes == ["GQ1", "GQ2"] and dup.conflict_status == "open"
            assert [c.kind for c in list_conflicts(session)] == ["duplicate_worker"]
        assert hq.local_node().kind == "hq"
    finally:
        hq.close()
