"""Work areas added at HQ: only an HQ administrator may, codes are checked, adding twice is one."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.problems import DomainError
from app.domain.roles import Role
from app.store.database import Database
from app.store.sites import FirstUser, add_site, init_node, list_sites
from app.store.users import Actor

HQ_ADMIN = Actor("u-1", "zhao", "赵主任", Role.HQ_ADMIN)
MANAGER = Actor("u-2", "li", "李站长", Role.MANAGER)


def test_an_hq_admin_adds_a_site_once_and_a_site_manager_may_not(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    try:
        init_node(
            db,
            site_code="XMB",
            site_name="项目部",
            kind="hq",
            admin=FirstUser("zhao", "赵", "correct-horse"),
        )
        with db.write("zhao") as unit:
            first = add_site(unit, HQ_ADMIN, " gq5 ", " 五工区 ", "023-1234")
            again = add_site(unit, HQ_ADMIN, "GQ5", "五工区")
        assert first == again
        assert [(s.code, s.name, s.kind) for s in list_sites(db)] == [
            ("GQ5", "五工区", "site"),
            ("XMB", "项目部", "hq"),
        ]
        with pytest.raises(DomainError, match="无权添加工区"), db.write("li") as unit:
            add_site(unit, MANAGER, "GQ6", "六工区")
        with pytest.raises(DomainError) as bad, db.write("zhao") as unit:
            add_site(unit, HQ_ADMIN, "工区 6", "")
        assert {p.code for p in bad.value.problems} == {"site.code", "site.name"}
    finally:
        db.close()
