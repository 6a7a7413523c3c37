"""Setting up a PC from an enrolment code: register at the HQ server, then join the project.

The PC makes its node id and signing key first and sends the server only the public half;
the server answers with the node's credentials, its site, and the project keys (over TLS,
as the project file would travel by hand). Then the PC is set up as an ordinary node of that
site, with the server as its sync transport.
"""

from __future__ import annotations

import httpx
import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import __version__
from app.domain.problems import DomainError
from app.store.database import Database
from app.store.journal import new_id
from app.store.sites import FirstUser, InitResult, init_node
from app.store.users import check_new_user
from app.sync import wire
from app.sync.http import TIMEOUT, HttpSyncError, ServerConfig, call, save_server_config
from app.sync.keys import import_project, private_hex, public_hex


def enrol(
    db: Database,
    code: wire.EnrolmentCode,
    admin: FirstUser,
    *,
    name: str = "",
    client: httpx.Client | None = None,
) -> InitResult:
    """Register this (new) installation with the server named in ``code``."""
    if db.has_local_node():
        raise HttpSyncError("本机已经初始化，不能再用注册码注册。")
    # the first user is checked before the code is spent: a code works only once
    problems = check_new_user(admin.username, admin.display_name, admin.password)
    if problems:
        raise DomainError(problems)
    node_id = new_id()
    key = Ed25519PrivateKey.generate()
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT)
    try:
        answer = call(
            http,
            "POST",
            f"{code.server.rstrip('/')}/api/v1/enrol",
            json={
                "token": code.token,
                "node_id": node_id,
                "public_key": public_hex(key.public_key()),
                "name": name[:200],
                "app_version": __version__,
            },
        ).json()
    finally:
        if own:
            http.close()
    try:
        import_project(db, orjson.dumps(answer["project"]))
        site = answer["site"]
        result = init_node(
            db,
            site_code=str(site["code"]),
            site_name=str(site["name"]),
            kind=str(answer["kind"]),
            tag=str(answer["tag"]),
            admin=admin,
            identity=(node_id, private_hex(key)),
        )
        server = answer["server"]
        save_server_config(
            db, ServerConfig(code.server, str(answer["token"]), str(server["node_id"]))
        )
    except (KeyError, TypeError) as exc:
        raise HttpSyncError("服务器的注册回复不完整，请稍后重试。") from exc
    return result
