"""Rows written before numbers were sealed are sealed at the first login that opens the key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from app.config import Paths
from app.store.database import Database
from app.store.models import LabourCompany, Request, Team, Worker
from app.store.sealing import seal, seal_plaintext
from app.store.sites import FirstUser, init_node
from app.store.users import login
from app.store.vault import Vault, is_sealed, new_data_key
from app.store.workers import find_by_id_number

PW = "manager-pw-1"


@pytest.fixture
def site(paths: Paths) -> Iterator[Database]:
    db = Database.open(paths.database_url)
    init_node(db, site_code="GQ2", site_name="二工区", admin=FirstUser("li", "李站长", PW))
    yield db
    db.close()


def test_seal_fills_masks_and_fingerprint_and_leaves_other_fields() -> None:
    vault = Vault(new_data_key())
    out = seal(
        Worker,
        {"name": "张三", "id_number": "11010519491231002X", "mobile": "13800138000"},
        vault,
    )
    assert out["name"] == "张三"
    assert is_sealed(out["id_number"]) and vault.open(out["id_number"]) == "11010519491231002X"
    assert out["id_masked"] == "110105********002X"
    assert out["id_fingerprint"] == vault.fingerprint("11010519491231002X")
    assert out["mobile_masked"] == "138****8000"
    assert "bank_card" not in out  # absent stays absent: an update touches only its fields
    team = seal(Team, {"leader_phone": ""}, vault)
    assert team == {"leader_phone": "", "leader_phone_masked": ""}


def test_plain_numbers_from_an_older_version_are_sealed_at_login(site: Database) -> None:
    with site.write("old-version") as unit:  # as rows stood before migrations 0004 and 0005
        wid = unit.journal.insert(
            Worker,
            {
                "name": "张三",
                "id_number": "11010519491231002X",
                "id_tail": "002X",
                "mobile": "13800138000",
                "card_code": "C1",
            },
        )
        tid = unit.journal.insert(Team, {"name": "隧道一队", "leader_phone": "13900139000"})
        cid = unit.journal.insert(
            LabourCompany, {"name": "某劳务公司", "contact_phone": "13700137000"}
        )
        rid = unit.journal.insert(
            Request,
            {
                "number": "GQ2-20260826-A001",
                "channel": "phone",
                "category_code": "wages",
                "description": "工资",
                "received_at": datetime(2026, 8, 26, tzinfo=UTC),
                "limit_days": 3,
                "contact_phone": "13600136000",
            },
        )
    site.vault = None
    login(site, "li", PW)
    vault = site.require_vault()
    with site.read() as session:
        worker, team = session.get(Worker, wid), session.get(Team, tid)
        company, request = session.get(LabourCompany, cid), session.get(Request, rid)
        assert worker and team and company and request
        assert vault.open(worker.id_number) == "11010519491231002X"
        assert worker.name_pinyin == "zhangsan zs"  # its search key, made at login too
        assert worker.id_masked == "110105********002X"
        assert vault.open(worker.mobile) == "13800138000" and worker.mobile_masked == "138****8000"
        assert vault.open(team.leader_phone) == "13900139000"
        assert team.leader_phone_masked == "139****9000"
        assert vault.open(company.contact_phone) == "13700137000"
        assert vault.open(request.contact_phone) == "13600136000"
        assert request.contact_phone_masked == "136****6000"
        found = find_by_id_number(session, vault, "11010519491231002X")
        assert found is not None and found.id == wid
    with site.write("li") as unit:  # the next login has nothing left to seal
        assert seal_plaintext(unit) == 0
