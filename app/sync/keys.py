"""The keys of sync: a node's Ed25519 signing key and the project's bundle key.

Every bundle is signed by the node that wrote it and encrypted for an *audience*:

* ``hq`` — headquarters, which sees everything;
* ``site:<site_id>`` — the nodes of one work area, which see their own site's records;
* ``shared`` — every node, which sees only shared reference data.

Each audience has its own key, derived from the project key with HKDF-SHA256, so a node can
be given only the keys of the audiences it belongs to. (Until enrolment hands out per-site
keys, every node of a project holds the project key, and the audience keys keep a site from
*receiving* other sites' personal data rather than from being able to decrypt it.)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import orjson
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy import insert, select, update

from app.store.database import Database
from app.store.journal import new_id
from app.store.models import Node, Project
from app.store.vault import Vault

HQ = "hq"
SHARED = "shared"


def site_audience(site_id: str) -> str:
    return f"site:{site_id}"


class SyncKeyError(RuntimeError):
    """Keys are missing or do not match (a foreign project, a node whose key changed)."""


@dataclass(frozen=True)
class Keys:
    node_id: str
    signing: Ed25519PrivateKey
    project_id: str
    project_key: bytes

    @property
    def public_hex(self) -> str:
        return public_hex(self.signing.public_key())

    def audience_key(self, audience: str) -> bytes:
        return HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=self.project_id.encode(),
            info=b"sitedesk bundle key " + audience.encode(),
        ).derive(self.project_key)

    def sign(self, data: bytes) -> bytes:
        return self.signing.sign(data)


def public_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def load_public(hex_key: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))


def private_hex(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()


def create_project(db: Database, name: str = "") -> str:
    """A new project with a fresh random key; returns its id."""
    project_id = new_id()
    with db.engine.begin() as conn:
        conn.execute(
            insert(Project).values(
                project_id=project_id, name=name, key=secrets.token_bytes(32).hex()
            )
        )
    return project_id


def export_project(db: Database) -> bytes:
    """The project file another PC joins with (``sitedesk init --join``). Keep it secret: it
    holds the bundle key and the data key that opens personal numbers (so it needs a
    logged-in user, whose password opened that key)."""
    vault = db.require_vault()
    ensure_keys(db)
    with db.engine.connect() as conn:
        row = conn.execute(select(Project)).first()
    if row is None:
        raise SyncKeyError("本机没有项目密钥。 (this installation has no project key)")
    return orjson.dumps(
        {
            "format": "sitedesk-project",
            "version": 1,
            "project_id": row.project_id,
            "name": row.name,
            "key": row.key,
            "data_key": vault.data_key.hex(),
        },
        option=orjson.OPT_INDENT_2,
    )


def import_project(db: Database, data: bytes) -> str:
    try:
        value = orjson.loads(data)
        assert value["format"] == "sitedesk-project" and value["version"] == 1
        key = bytes.fromhex(value["key"])
        assert len(key) == 32
        data_key = bytes.fromhex(value["data_key"])
        assert len(data_key) == 32
        project_id = str(value["project_id"])
    except (orjson.JSONDecodeError, KeyError, AssertionError, ValueError, TypeError) as exc:
        raise SyncKeyError("项目文件无效或已损坏。 (not a valid project file)") from exc
    with db.engine.begin() as conn:
        existing = conn.execute(select(Project.project_id)).scalar()
        if existing is not None and existing != project_id:
            raise SyncKeyError(
                "本机已属于另一个项目。 (this installation belongs to another project)"
            )
        if db.vault is not None and db.vault.data_key != data_key:
            raise SyncKeyError(
                "本机已属于另一个项目。 (this installation belongs to another project)"
            )
        if existing is None:
            conn.execute(
                insert(Project).values(
                    project_id=project_id, name=str(value.get("name", "")), key=key.hex()
                )
            )
    db.vault = Vault(data_key)  # wrapped for this PC's first user by init_node
    return project_id


def ensure_keys(db: Database) -> Keys:
    """This node's keys, making a signing key (and a project) the first time they are needed."""
    node = db.local_node()
    with db.engine.begin() as conn:
        row = conn.execute(select(Node.signing_key).where(Node.node_id == node.node_id)).scalar()
        if not row:
            row = private_hex(Ed25519PrivateKey.generate())
            conn.execute(update(Node).where(Node.node_id == node.node_id).values(signing_key=row))
        project = conn.execute(select(Project)).first()
    if project is None:
        create_project(db)
        return ensure_keys(db)
    return Keys(
        node_id=node.node_id,
        signing=Ed25519PrivateKey.from_private_bytes(bytes.fromhex(row)),
        project_id=project.project_id,
        project_key=bytes.fromhex(project.key),
    )
