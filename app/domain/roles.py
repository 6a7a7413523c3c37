"""Roles and what each may do (DESIGN.md, Security).

* 站点文员 (clerk) registers workers, records requests and handouts, prints — always masked;
* 站点负责人 (manager) may also show whole numbers, resolve conflicts, change settings, delete,
  and manage the users of the site;
* 项目部管理员 (HQ administrator) may do all of that for every site, and make other admins.
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.problems import DomainError, Problem, register_messages


class Role(StrEnum):
    CLERK = "clerk"
    MANAGER = "manager"
    HQ_ADMIN = "hq_admin"


class Permission(StrEnum):
    UNMASK = "unmask"  # see a whole ID, phone or bank-card number
    RESOLVE_CONFLICT = "resolve_conflict"
    CHANGE_SETTINGS = "change_settings"
    DELETE = "delete"
    MANAGE_USERS = "manage_users"
    PURGE = "purge"  # remove what is past its retention
    VIEW_AUDIT = "view_audit"
    APPROVE = "approve"  # extend a request's time limit, reopen a closed or rejected one
    MANAGE_SITES = "manage_sites"  # HQ: add work areas, enrol and revoke PCs


ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.CLERK: ("站点文员", "site clerk"),
    Role.MANAGER: ("站点负责人", "site manager"),
    Role.HQ_ADMIN: ("项目部管理员", "HQ administrator"),
}

PERMISSION_LABELS: dict[Permission, tuple[str, str]] = {
    Permission.UNMASK: ("查看完整证件号、电话或银行卡号", "show whole personal numbers"),
    Permission.RESOLVE_CONFLICT: ("处理冲突", "resolve conflicts"),
    Permission.CHANGE_SETTINGS: ("修改设置", "change settings"),
    Permission.DELETE: ("删除记录", "delete records"),
    Permission.MANAGE_USERS: ("管理用户", "manage users"),
    Permission.PURGE: ("清理超过保存期限的记录", "purge records past retention"),
    Permission.VIEW_AUDIT: ("查看审计日志", "read the audit log"),
    Permission.APPROVE: ("批准诉求延期或重新办理", "approve extensions and reopen requests"),
    Permission.MANAGE_SITES: ("添加工区、注册或吊销电脑", "add sites, enrol and revoke PCs"),
}

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(),
    Role.MANAGER: frozenset(Permission) - {Permission.MANAGE_SITES},
    Role.HQ_ADMIN: frozenset(Permission),
}

register_messages(
    {
        "role.refused": (
            "{role}无权{action}，请联系站点负责人。",
            "A {role_en} may not {action_en}; ask the site manager.",
        ),
        "role.unknown": (
            "角色只能是站点文员、站点负责人或项目部管理员。",
            "Role must be clerk, manager or hq_admin.",
        ),
    }
)


def parse_role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise DomainError([Problem("role.unknown", field="role")]) from None


def allowed(role: Role | str, permission: Permission) -> bool:
    try:
        return permission in GRANTS[Role(role)]
    except ValueError:
        return False


def require(role: Role | str, permission: Permission) -> None:
    """Raise a clear refusal unless ``role`` may do ``permission``."""
    if allowed(role, permission):
        return
    try:
        zh, en = ROLE_LABELS[Role(role)]
    except ValueError:
        zh, en = str(role), str(role)
    action_zh, action_en = PERMISSION_LABELS[permission]
    raise DomainError(
        [
            Problem(
                "role.refused",
                params={"role": zh, "role_en": en, "action": action_zh, "action_en": action_en},
            )
        ]
    )
