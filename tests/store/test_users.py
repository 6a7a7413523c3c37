from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from app.config import Paths
from app.domain.problems import DomainError
from app.domain.roles import Role
from app.store.database import Database, VaultLockedError
from app.store.sites import FirstUser, init_node
from app.store.users import (
    MAX_FAILURES,
    Actor,
    add_user,
    change_password,
    list_users,
    login,
    set_disabled,
)
from app.store.workers import WorkerInput, register_worker

MANAGER_PW = "manager-pw-1"
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def site(paths: Paths) -> Iterator[Database]:
    """A set-up PC reopened, as after a restart: nothing is unlocked until someone logs in."""
    db = Database.open(paths.database_url)
    init_node(db, site_code="GQ2", site_name="二工区", admin=FirstUser("li", "李站长", MANAGER_PW))
    db.close()
    again = Database.open(paths.database_url)
    yield again
    again.close()


def _add(db: Database, actor: Actor, username: str, role: str, pw: str = "clerk-pw-12") -> None:
    with db.write(actor.username) as unit:
        add_user(
            unit,
            db.require_vault(),
            actor,
            username=username,
            display_name=username,
            role=role,
            password=pw,
        )


def test_personal_data_needs_a_login_after_a_restart(site: Database) -> None:
    with pytest.raises(VaultLockedError, match="请先登录"), site.write("x") as unit:
        register_worker(unit, WorkerInput("张三", "51010719900101123X"), today=date(2026, 11, 24))
    manager = login(site, "li", MANAGER_PW)
    assert manager.role is Role.MANAGER and site.vault is not None
    with site.write(manager.username) as unit:
        register_worker(unit, WorkerInput("张三", "51010719900101123X"), today=date(2026, 11, 24))


def test_every_user_opens_the_same_data_key(site: Database) -> None:
    manager = login(site, "li", MANAGER_PW)
    key = site.require_vault().data_key
    _add(site, manager, "wang", "clerk")
    site.vault = None
    clerk = login(site, "wang", "clerk-pw-12")
    assert clerk.role is Role.CLERK and site.require_vault().data_key == key


def test_a_clerk_may_not_manage_users_and_a_manager_may_not_make_admins(site: Database) -> None:
    manager = login(site, "li", MANAGER_PW)
    _add(site, manager, "wang", "clerk")
    clerk = login(site, "wang", "clerk-pw-12")
    with pytest.raises(DomainError, match="站点文员无权管理用户"):
        _add(site, clerk, "zhao", "clerk")
    with pytest.raises(DomainError, match="只有项目部管理员"):
        _add(site, manager, "boss", "hq_admin")
    with pytest.raises(DomainError, match="已被使用"):
        _add(site, manager, "wang", "clerk")
    with pytest.raises(DomainError) as info:
        _add(site, manager, "a b", "clerk", pw="short")
    text = info.value.message()
    assert "用户名须为" in text and "密码至少需要 8 位" in text
    assert [u.username for u in list_users(site)] == ["li", "wang"]


def test_five_wrong_passwords_lock_the_login_for_a_while(site: Database) -> None:
    for n in range(MAX_FAILURES - 1):
        with pytest.raises(DomainError, match="用户名或密码不正确"):
            login(site, "li", "guess", now=T0 + timedelta(seconds=n))
    with pytest.raises(DomainError, match="已锁定"):
        login(site, "li", "guess", now=T0 + timedelta(seconds=10))
    with pytest.raises(DomainError, match="已锁定"):  # even the right password, for now
        login(site, "li", MANAGER_PW, now=T0 + timedelta(minutes=5))
    assert site.vault is None
    assert login(site, "li", MANAGER_PW, now=T0 + timedelta(minutes=16)).username == "li"
    # a success clears the count: one wrong password later is not a lock-out
    with pytest.raises(DomainError, match="用户名或密码不正确"):
        login(site, "li", "guess", now=T0 + timedelta(minutes=17))


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(site: Database) -> None:
    with pytest.raises(DomainError, match="用户名或密码不正确"):
        login(site, "nobody", "whatever-1")


def test_a_disabled_user_is_refused(site: Database) -> None:
    manager = login(site, "li", MANAGER_PW)
    _add(site, manager, "wang", "clerk")
    with site.write("li") as unit:
        set_disabled(unit, manager, "wang")
        with pytest.raises(DomainError, match="不能停用自己的账号"):
            set_disabled(unit, manager, "li")
    with pytest.raises(DomainError, match="已停用"):
        login(site, "wang", "clerk-pw-12")


def test_a_new_password_opens_the_key_and_the_old_one_does_not(site: Database) -> None:
    manager = login(site, "li", MANAGER_PW)
    key = site.require_vault().data_key
    _add(site, manager, "wang", "clerk")
    clerk = login(site, "wang", "clerk-pw-12")
    with site.write("wang") as unit:
        change_password(unit, site.require_vault(), clerk, "wang", "new-clerk-pw")
        with pytest.raises(DomainError, match="站点文员无权"):
            change_password(unit, site.require_vault(), clerk, "li", "taken-over!")
    site.vault = None
    with pytest.raises(DomainError):
        login(site, "wang", "clerk-pw-12")
    login(site, "wang", "new-clerk-pw")
    assert site.require_vault().data_key == key
