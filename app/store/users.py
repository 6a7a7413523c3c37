"""Users, logging in, and the data key a login opens.

A user's row (synced, so the same login works on every PC of the site and at HQ) holds a
scrypt password hash and a key slot: the project's data key under that password
(app.store.vault). Logging in checks the password, opens the slot and keeps the data key on
the Database for the session. Five wrong passwords in a row lock the name on this PC for
fifteen minutes; the counter is local to the PC, like the attempt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.problems import DomainError, Problem, register_messages
from app.domain.roles import Permission, Role, parse_role, require
from app.store.audit import record
from app.store.database import Database, WriteUnit
from app.store.models import User
from app.store.sealing import seal_plaintext
from app.store.settings import read_raw, write_raw
from app.store.vault import Vault, VaultError, check_password, hash_password, unwrap_key, wrap_key

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")

register_messages(
    {
        "user.username": (
            "用户名须为 2 至 64 位字母、数字或 _ . -：“{username}”不符合。",
            "Username must be 2 to 64 letters, digits or _ . -: '{username}' is not.",
        ),
        "user.exists": ("用户名“{username}”已被使用。", "Username '{username}' is taken."),
        "user.display_name": ("请填写姓名。", "Enter the person's name."),
        "user.password_short": (
            "密码至少需要 {min} 位。",
            "The password needs at least {min} characters.",
        ),
        "user.login_failed": ("用户名或密码不正确。", "Wrong username or password."),
        "user.locked": (
            "密码连续输错 {n} 次，该账号已锁定，请在 {until} 之后再试。",
            "{n} wrong passwords in a row: this login is locked until {until}.",
        ),
        "user.disabled": (
            "该账号已停用，请联系站点负责人。",
            "This login is disabled; ask the site manager.",
        ),
        "user.not_found": ("找不到用户“{username}”。", "No user '{username}'."),
        "user.no_key": (
            "该账号没有数据密钥，请让站点负责人重设其密码。",
            "This login holds no data key; ask the site manager to reset its password.",
        ),
        "user.hq_only": (
            "只有项目部管理员可以设置项目部管理员账号。",
            "Only an HQ administrator may make HQ administrators.",
        ),
        "user.self_disable": ("不能停用自己的账号。", "You cannot disable your own login."),
    }
)


@dataclass(frozen=True)
class Actor:
    """Who is logged in: every guarded action names one."""

    user_id: str
    username: str
    display_name: str
    role: Role


@dataclass(frozen=True)
class UserView:
    id: str
    username: str
    display_name: str
    role: Role
    disabled: bool
    site_id: str


def _problem(code: str, **params: object) -> DomainError:
    return DomainError([Problem(code, params=params)])


def _live(session: Session, username: str) -> User | None:
    return session.scalar(
        select(User).where(User.username == username, User.deleted.is_(False)).limit(1)
    )


def check_new_user(username: str, display_name: str, password: str) -> list[Problem]:
    problems = []
    if not USERNAME.match(username):
        problems.append(Problem("user.username", field="username", params={"username": username}))
    if not display_name.strip():
        problems.append(Problem("user.display_name", field="display_name"))
    if len(password) < MIN_PASSWORD:
        problems.append(
            Problem("user.password_short", field="password", params={"min": MIN_PASSWORD})
        )
    return problems


def add_user(
    unit: WriteUnit,
    vault: Vault,
    actor: Actor | None,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
) -> str:
    """Make a user who can log in on every node of the project. ``actor`` is None only for the
    first user, made when the installation is set up."""
    username = username.strip()
    wanted = parse_role(role)
    if actor is not None:
        require(actor.role, Permission.MANAGE_USERS)
        if wanted is Role.HQ_ADMIN and actor.role is not Role.HQ_ADMIN:
            raise _problem("user.hq_only")
    problems = check_new_user(username, display_name, password)
    if _live(unit.session, username) is not None:
        problems.append(Problem("user.exists", field="username", params={"username": username}))
    if problems:
        raise DomainError(problems)
    user_id = unit.journal.insert(
        User,
        {
            "username": username,
            "display_name": display_name.strip(),
            "role": wanted.value,
            "password_hash": hash_password(password),
            "key_slot": wrap_key(vault.data_key, password),
        },
    )
    record(unit, actor.username if actor else username, "create", "app_user", user_id, username)
    return user_id


def _lock_key(username: str) -> str:
    return f"login:{username}"


def _attempts(db: Database, username: str) -> tuple[int, datetime | None]:
    with db.engine.connect() as conn:
        raw = read_raw(conn, _lock_key(username))
    if not raw:
        return 0, None
    value = orjson.loads(raw)
    until = datetime.fromisoformat(value["until"]) if value.get("until") else None
    return int(value.get("failures", 0)), until


def _save_attempts(db: Database, username: str, failures: int, until: datetime | None) -> None:
    value = orjson.dumps({"failures": failures, "until": until.isoformat() if until else None})
    with db.engine.begin() as conn:
        write_raw(conn, _lock_key(username), value.decode())


def login(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check the password, open the data key (``db.vault``) and return who is logged in."""
    now = now or datetime.now(UTC)
    username = username.strip()
    failures, until = _attempts(db, username)
    if until is not None and now < until:
        local = until.astimezone().strftime("%H:%M")
        raise _problem("user.locked", n=MAX_FAILURES, until=local)
    with db.read() as session:
        user = _live(session, username)
        ok = user is not None and check_password(password, user.password_hash)
        if user is not None:
            session.expunge(user)
    if not ok or user is None:
        failures += 1
        locked = now + LOCKOUT if failures >= MAX_FAILURES else None
        _save_attempts(db, username, 0 if locked else failures, locked)
        if locked:
            raise _problem(
                "user.locked", n=MAX_FAILURES, until=locked.astimezone().strftime("%H:%M")
            )
        raise _problem("user.login_failed")
    if user.disabled:
        raise _problem("user.disabled")
    try:
        vault = Vault(unwrap_key(user.key_slot, password))
    except VaultError:
        raise _problem("user.no_key") from None
    if failures or until:
        _save_attempts(db, username, 0, None)
    db.vault = vault
    from app.store.workers import fill_search_keys  # workers needs this module's Actor

    with db.write(user.username) as unit:  # rows from before an update, once
        seal_plaintext(unit)
        fill_search_keys(unit)
    return Actor(user.id, user.username, user.display_name, Role(user.role))


def list_users(db: Database) -> list[UserView]:
    with db.read() as session:
        rows = session.scalars(
            select(User).where(User.deleted.is_(False)).order_by(User.username)
        ).all()
        return [
            UserView(u.id, u.username, u.display_name, Role(u.role), u.disabled, u.site_id)
            for u in rows
        ]


def change_password(
    unit: WriteUnit, vault: Vault, actor: Actor, username: str, new_password: str
) -> None:
    """A user changes their own password; a manager or admin resets another's. The key slot
    is rewrapped, so the new password opens the data key."""
    user = _live(unit.session, username.strip())
    if user is None:
        raise _problem("user.not_found", username=username)
    if user.id != actor.user_id:
        require(actor.role, Permission.MANAGE_USERS)
    if len(new_password) < MIN_PASSWORD:
        raise DomainError(
            [Problem("user.password_short", field="password", params={"min": MIN_PASSWORD})]
        )
    unit.journal.update(
        User,
        user.id,
        {
            "password_hash": hash_password(new_password),
            "key_slot": wrap_key(vault.data_key, new_password),
        },
    )
    record(unit, actor.username, "update", "app_user", user.id, "password")


def set_disabled(unit: WriteUnit, actor: Actor, username: str, disabled: bool = True) -> None:
    require(actor.role, Permission.MANAGE_USERS)
    user = _live(unit.session, username.strip())
    if user is None:
        raise _problem("user.not_found", username=username)
    if user.id == actor.user_id and disabled:
        raise _problem("user.self_disable")
    unit.journal.update(User, user.id, {"disabled": disabled})
    record(
        unit, actor.username, "update", "app_user", user.id, "disabled" if disabled else "enabled"
    )
