"""Creating this installation's node and its work area, and the shared reference data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.problems import DomainError, Problem, register_messages
from app.domain.requests import REQUEST_CATEGORIES
from app.domain.roles import Permission, Role, require
from app.store.database import Database, LocalNode, WriteUnit
from app.store.journal import Journal, reference_id
from app.store.models import SHARED_SITE, RequestCategory, Site
from app.store.users import add_user, check_new_user
from app.store.vault import Vault, new_data_key

if TYPE_CHECKING:
    from app.store.users import Actor

SITE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
# One letter per PC of a project: it makes request numbers unique without coordination.
NODE_TAG = re.compile(r"^[A-Z]$")
SYSTEM_AUTHOR = "system"

register_messages(
    {
        "site.code": (
            "工区代码“{code}”无效：只能用大写字母、数字和“-”，最长 20 位，例如 GQ2。",
            "Invalid site code '{code}': use capital letters, digits and '-' (at most 20),"
            " e.g. GQ2.",
        ),
        "site.name": ("请填写工区名称。", "Enter the site's name."),
        "site.kind": (
            "节点类型只能是 site（工区）或 hq（项目部）。",
            "Kind must be 'site' or 'hq'.",
        ),
        "node.tag": (
            "本机标识“{tag}”无效：应为一个大写字母（同一项目中每台电脑各不相同），例如 A。",
            "Invalid node letter '{tag}': one capital letter, different for every PC, e.g. A.",
        ),
        "node.exists": (
            "本机已经初始化为工区“{site}”，不能重复初始化。",
            "This installation is already set up for site '{site}'.",
        ),
    }
)


def site_id_for(code: str) -> str:
    """Sites are identified by their code, so PCs set up apart agree on the same site."""
    return reference_id("site", code.upper())


@dataclass(frozen=True)
class InitResult:
    node: LocalNode
    site_code: str
    site_name: str


@dataclass(frozen=True)
class FirstUser:
    username: str
    display_name: str
    password: str


def init_node(
    db: Database,
    *,
    site_code: str,
    site_name: str,
    kind: str = "site",
    tag: str = "A",
    service_phone: str = "",
    author: str = SYSTEM_AUTHOR,
    admin: FirstUser | None = None,
    identity: tuple[str, str] | None = None,
) -> InitResult:
    """Make this installation a node of a work area (or of HQ) and seed reference data.

    The project's data key (app.store.vault) is the one a joined project file brought
    (``db.vault``), or a new one. ``admin`` is the first user — site manager, or HQ
    administrator at HQ — whose password wraps that key; without one (tests, benchmarks)
    the key lives only as long as this Database object. ``identity`` is the node id and
    signing key an HQ server enrolled (app.sync.enrol)."""
    code = site_code.strip().upper()
    name = site_name.strip()
    tag = tag.strip().upper()
    problems: list[Problem] = []
    if not SITE_CODE.match(code):
        problems.append(Problem("site.code", field="site_code", params={"code": site_code}))
    if not name:
        problems.append(Problem("site.name", field="site_name"))
    if kind not in ("site", "hq"):
        problems.append(Problem("site.kind", field="kind"))
    if not NODE_TAG.match(tag):
        problems.append(Problem("node.tag", field="tag", params={"tag": tag}))
    if admin is not None:
        problems += check_new_user(admin.username, admin.display_name, admin.password)
    if db.has_local_node():
        with db.read() as session:
            existing = session.get(Site, db.local_node().site_id)
        problems.append(Problem("node.exists", params={"site": existing.name if existing else "?"}))
    if problems:
        raise DomainError(problems)

    site_id = site_id_for(code)
    node_id, signing_key = identity or (None, "")
    node = db.create_local_node(
        site_id=site_id,
        kind=kind,
        tag=tag,
        name=f"{name}-{tag}",
        node_id=node_id,
        signing_key=signing_key,
    )
    if db.vault is None:
        db.vault = Vault(new_data_key())
    try:
        _seed_site(db, author, site_id, code, name, kind, service_phone, admin)
    except BaseException:
        db.forget_local_node()  # nothing else was committed: init can simply be run again
        raise
    return InitResult(node, code, name)


def _seed_site(
    db: Database,
    author: str,
    site_id: str,
    code: str,
    name: str,
    kind: str,
    phone: str,
    admin: FirstUser | None,
) -> None:
    with db.write(author) as unit:
        _insert_site(unit, site_id, code, name, kind, phone)
        seed_reference_data(unit.journal, unit.session)
        if admin is not None:
            add_user(
                unit,
                unit.require_vault(),
                None,
                username=admin.username,
                display_name=admin.display_name,
                role=Role.HQ_ADMIN if kind == "hq" else Role.MANAGER,
                password=admin.password,
            )


def seed_reference_data(journal: Journal, session: Session) -> None:
    """Default request categories, with the same ids on every node (they merge, not double)."""
    have = set(session.scalars(select(RequestCategory.id)))
    rows = [
        {
            "id": reference_id("request_category", code),
            "site_id": SHARED_SITE,
            "code": code,
            "name": name,
            "limit_days": days,
            "sort_order": order,
        }
        for order, (code, name, days) in enumerate(REQUEST_CATEGORIES)
        if reference_id("request_category", code) not in have
    ]
    journal.insert_many(RequestCategory, rows)


def local_site(db: Database) -> Site:
    with db.read() as session:
        site = session.get(Site, db.local_node().site_id)
        if site is None:
            raise LookupError("the local node's site has no record")
        session.expunge(site)
        return site


def add_site(unit: WriteUnit, actor: Actor, code: str, name: str, service_phone: str = "") -> str:
    """HQ adds a work area (before enrolling its PCs, or for its QR form); returns its id.
    Adding a site that exists changes nothing (its id comes from its code)."""
    require(actor.role, Permission.MANAGE_SITES)
    code = code.strip().upper()
    name = name.strip()
    problems: list[Problem] = []
    if not SITE_CODE.match(code):
        problems.append(Problem("site.code", field="site_code", params={"code": code}))
    if not name:
        problems.append(Problem("site.name", field="site_name"))
    if problems:
        raise DomainError(problems)
    site_id = site_id_for(code)
    _insert_site(unit, site_id, code, name, "site", service_phone.strip())
    return site_id


def _insert_site(
    unit: WriteUnit, site_id: str, code: str, name: str, kind: str, phone: str
) -> None:
    """A site row is shared reference data; its id comes from its code, so it is made once."""
    if unit.session.get(Site, site_id) is None:
        unit.journal.insert(
            Site,
            {
                "id": site_id,
                "site_id": SHARED_SITE,
                "code": code,
                "name": name,
                "kind": kind,
                "service_phone": phone,
            },
        )


def list_sites(db: Database) -> list[Site]:
    with db.read() as session:
        return list(
            session.scalars(select(Site).where(Site.deleted.is_(False)).order_by(Site.code))
        )
