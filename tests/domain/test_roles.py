from __future__ import annotations

import pytest

from app.domain.problems import DomainError
from app.domain.roles import Permission, Role, allowed, parse_role, require

# the whole matrix, written out: a change to who may do what must change this table
EXPECTED = {
    Role.CLERK: set(),
    Role.MANAGER: set(Permission) - {Permission.MANAGE_SITES},  # sites are HQ's
    Role.HQ_ADMIN: set(Permission),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_each_role_is_allowed_or_refused_each_action(role: Role, permission: Permission) -> None:
    should = permission in EXPECTED[role]
    assert allowed(role, permission) is should
    if should:
        require(role, permission)
    else:
        with pytest.raises(DomainError) as info:
            require(role, permission)
        zh, en = {
            Role.CLERK: ("站点文员", "site clerk"),
            Role.MANAGER: ("站点负责人", "site manager"),
        }[role]
        assert f"{zh}无权" in info.value.message("zh")
        assert f"{en} may not" in info.value.message("en")


def test_unknown_roles_are_refused() -> None:
    assert not allowed("janitor", Permission.UNMASK)
    with pytest.raises(DomainError):
        require("janitor", Permission.UNMASK)
    with pytest.raises(DomainError, match="角色只能是"):
        parse_role("boss")
