"""SQLAlchemy 2 models of every record SiteDesk keeps.

Two kinds of table:

* **Synced** tables (every class deriving from :class:`Synced`) hold what the sites and HQ
  share. Their rows carry the sync columns of DESIGN.md and are written only through the
  change journal (:mod:`app.store.journal`); a write that tries to go around it fails.
  ``__sync__`` says how rows merge: ``MUTABLE`` rows merge per field, last writer wins by
  ``(hlc, node)``; ``APPEND`` rows are written once and merge as a union.
* **Local** tables (nodes, the journal itself, local settings) belong to one installation.

Synced tables carry no unique constraint that two offline nodes could both satisfy on their
own (a username, a site code): the services check those on local writes, and the merge sends
a collision to the conflicts queue instead of failing. ``request.number`` stays unique because
it embeds the node's letter (not a database constraint either: two PCs given the same
letter by mistake must still sync). Nor do synced tables have database foreign keys: changes from
different nodes may arrive in any order (a worker before the team another PC created) and the
merge must accept them in any order; the services keep referential rules on local writes, and
tombstones mean a parent never disappears from under a child. Foreign keys are on
(``PRAGMA foreign_keys=ON``) for any local table that declares one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar, cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.store.types import Milli, UTCDateTime

# Reference data every site receives (sites, labour companies, categories, supply items).
SHARED_SITE = "*"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UTCDateTime(),
        Decimal: Milli(),
        str: String(200),
    }


class SyncMode(StrEnum):
    MUTABLE = "mutable"
    APPEND = "append"


# Columns the journal maintains itself; never part of a change's field set.
SYNC_META_COLUMNS = frozenset(
    {"id", "site_id", "created_at", "updated_at", "updated_by", "stamp", "field_versions"}
)


class Synced(Base):
    """The sync columns of DESIGN.md, shared by every synced table."""

    __abstract__ = True
    __sync__: ClassVar[SyncMode] = SyncMode.MUTABLE

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7, text
    site_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime]  # physical part of the creating change's HLC
    updated_at: Mapped[datetime]  # physical part of the latest change's HLC
    updated_by: Mapped[str] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)  # tombstone
    # Version stamp "<hlc:016x>:<node_id>" of the change that created the row; it orders
    # append-only rows deterministically and is the version of every field not named below.
    stamp: Mapped[str] = mapped_column(String(64))
    # Per-field versions: JSON {field: stamp} for fields changed after creation.
    field_versions: Mapped[str] = mapped_column(Text, default="{}")


# --- organisation -----------------------------------------------------------------------


class Site(Synced):
    """A work area (工区), or headquarters (项目部). Shared reference data."""

    __tablename__ = "site"

    code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str]
    kind: Mapped[str] = mapped_column(String(10), default="site")  # site | hq
    service_phone: Mapped[str] = mapped_column(String(30), default="")
    counter_location: Mapped[str] = mapped_column(default="")
    counter_hours: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(default="")


class LabourCompany(Synced):
    """劳务企业. Shared reference data: one company works at several sites."""

    __tablename__ = "labour_company"

    name: Mapped[str]
    credit_code: Mapped[str] = mapped_column(String(18), default="")  # 统一社会信用代码
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(200), default="")  # sealed
    contact_phone_masked: Mapped[str] = mapped_column(String(20), default="")


class Team(Synced):
    """劳务队 (labour team) or 班组 (crew, optionally inside a labour team)."""

    __tablename__ = "team"

    name: Mapped[str]
    kind: Mapped[str] = mapped_column(String(20), default="labour_team")  # labour_team | crew
    company_id: Mapped[str | None] = mapped_column(String(36), index=True)
    parent_team_id: Mapped[str | None] = mapped_column(String(36))
    leader_name: Mapped[str] = mapped_column(String(50), default="")
    leader_phone: Mapped[str] = mapped_column(String(200), default="")  # sealed
    leader_phone_masked: Mapped[str] = mapped_column(String(20), default="")
    work_point: Mapped[str] = mapped_column(default="")  # 工点, e.g. a tunnel adit


# --- real-name registration (劳务实名制) -----------------------------------------------


class Worker(Synced):
    """A worker's real-name record, after the national platform's field set (DOMAIN.md)."""

    __tablename__ = "worker"
    __table_args__ = (
        # the duplicate-ID check and the sync conflict scan, answered from the index alone
        Index("ix_worker_fingerprint_live", "id_fingerprint", "deleted"),
        # the worker list's search and order, covered: no table scan per keystroke
        Index(
            "ix_worker_search",
            "deleted",
            "name_pinyin",
            "name",
            "id_tail",
            "mobile_masked",
            "team_id",
        ),
    )

    # affiliation
    company_id: Mapped[str | None] = mapped_column(String(36))
    team_id: Mapped[str | None] = mapped_column(String(36), index=True)
    is_team_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    trade_code: Mapped[str] = mapped_column(String(10), default="1000")
    role: Mapped[str] = mapped_column(String(10), default="worker")  # manager | worker
    # identity
    name: Mapped[str] = mapped_column(String(50))
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")  # search key
    id_type: Mapped[str] = mapped_column(String(20), default="resident")
    # personal numbers are sealed (app.store.vault): the file alone does not reveal them
    id_number: Mapped[str] = mapped_column(String(200))
    id_fingerprint: Mapped[str] = mapped_column(String(64), default="")  # keyed HMAC
    id_masked: Mapped[str] = mapped_column(String(40), default="")  # 500101********0000
    id_tail: Mapped[str] = mapped_column(String(4))  # last four, for search
    id_issuer: Mapped[str] = mapped_column(default="")
    ethnicity_code: Mapped[str] = mapped_column(String(2), default="01")
    address: Mapped[str] = mapped_column(String(300), default="")
    id_valid_from: Mapped[date | None] = mapped_column(Date)
    id_valid_to: Mapped[date | None] = mapped_column(Date)  # None with id_long_term = 长期
    id_long_term: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str] = mapped_column(String(1), default="")  # M | F, from the ID
    birth_date: Mapped[date | None] = mapped_column(Date)
    photo_id: Mapped[str | None] = mapped_column(String(36))  # attachment
    # personal
    mobile: Mapped[str] = mapped_column(String(200), default="")  # sealed
    mobile_masked: Mapped[str] = mapped_column(String(20), default="")
    political_status: Mapped[str] = mapped_column(String(20), default="")
    education: Mapped[str] = mapped_column(String(20), default="")
    emergency_contact: Mapped[str] = mapped_column(String(50), default="")
    emergency_phone: Mapped[str] = mapped_column(String(200), default="")  # sealed
    union_joined_on: Mapped[date | None] = mapped_column(Date)
    # pay / insurance
    bank_card: Mapped[str] = mapped_column(String(200), default="")  # sealed
    bank_card_masked: Mapped[str] = mapped_column(String(30), default="")
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    injury_insurance: Mapped[bool] = mapped_column(Boolean, default=False)
    # agreement (劳动合同 or 用工书面协议)
    agreement_type: Mapped[str] = mapped_column(String(20), default="")
    agreement_start: Mapped[date | None] = mapped_column(Date)
    agreement_end: Mapped[date | None] = mapped_column(Date)
    # opaque code printed in the worker card's QR; never derived from the ID number
    card_code: Mapped[str] = mapped_column(String(32), index=True)


class WorkerMovement(Synced):
    """Entry (进场) or exit (退场) of a worker; the ledger is append-only."""

    __tablename__ = "worker_movement"
    __sync__ = SyncMode.APPEND
    # a worker's movements, and the latest (on site or left) read from the index alone
    __table_args__ = (
        Index("ix_worker_movement_latest", "worker_id", "on_date", "stamp", "kind", "deleted"),
    )

    worker_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(10))  # entry | exit
    on_date: Mapped[date] = mapped_column(Date)
    document: Mapped[str] = mapped_column(default="")  # e.g. the agreement or exit form no.
    note: Mapped[str] = mapped_column(String(500), default="")


class Training(Synced):
    """Safety training (安全教育培训) a worker attended."""

    __tablename__ = "training"

    worker_id: Mapped[str] = mapped_column(String(36), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal]
    name: Mapped[str]
    trainer: Mapped[str] = mapped_column(String(50), default="")


class Attachment(Synced):
    """A file (photo, signed sheet) stored content-addressed by its SHA-256."""

    __tablename__ = "attachment"
    __sync__ = SyncMode.APPEND

    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str]
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    purpose: Mapped[str] = mapped_column(String(20))  # head_photo | id_photo | signoff | request
    owner_entity: Mapped[str] = mapped_column(String(40), default="")
    owner_id: Mapped[str] = mapped_column(String(36), default="")
    local_only: Mapped[bool] = mapped_column(Boolean, default=False)  # photos stay on site


# --- requests (诉求) ----------------------------------------------------------------------


class RequestCategory(Synced):
    """Kind of request with its time limit in working days. Shared reference data."""

    __tablename__ = "request_category"

    code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(50))
    limit_days: Mapped[int] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Request(Synced):
    """A worker's request (诉求). Its status is derived from its events, never stored."""

    __tablename__ = "request"

    # readable, e.g. GQ2-20260826-A007: site, local day, the node's letter, a count per node
    # and day — unique without coordination as long as node letters are (see sites.NODE_TAG)
    number: Mapped[str] = mapped_column(String(40), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    worker_id: Mapped[str | None] = mapped_column(String(36), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(200), default="")  # sealed
    contact_phone_masked: Mapped[str] = mapped_column(String(20), default="")
    team_id: Mapped[str | None] = mapped_column(String(36))
    work_point: Mapped[str] = mapped_column(default="")
    category_code: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    title: Mapped[str] = mapped_column(default="")
    description: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]
    limit_days: Mapped[int] = mapped_column(Integer)  # the category's limit when received


class RequestEvent(Synced):
    """One step in a request's history; history is appended to, never edited."""

    __tablename__ = "request_event"
    __sync__ = SyncMode.APPEND

    request_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON {name: text}


# --- supply handouts (物资发放) ----------------------------------------------------------


class SupplyItem(Synced):
    """An item handed out (西瓜, 绿豆, 白糖 …) with its unit. Shared reference data."""

    __tablename__ = "supply_item"

    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20))
    spec: Mapped[str] = mapped_column(String(100), default="")


class StockMovement(Synced):
    """Stock in or out; the balance is the sum of movements, never a stored counter."""

    __tablename__ = "stock_movement"
    __sync__ = SyncMode.APPEND

    item_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # receive|handout|loss|return|stocktake
    quantity: Mapped[Decimal]  # signed: + in, - out
    on_date: Mapped[date] = mapped_column(Date)
    campaign_id: Mapped[str | None] = mapped_column(String(36))
    handout_id: Mapped[str | None] = mapped_column(String(36))
    counted: Mapped[Decimal | None]  # stocktake: the counted figure
    note: Mapped[str] = mapped_column(String(500), default="")


class HandoutCampaign(Synced):
    """A distribution: reason, date, place; optionally caused by a request."""

    __tablename__ = "handout_campaign"

    name: Mapped[str]
    reason: Mapped[str] = mapped_column(String(500), default="")
    on_date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(default="")
    request_id: Mapped[str | None] = mapped_column(String(36))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class CampaignItem(Synced):
    """What one recipient is entitled to in a campaign: per team and/or per head."""

    __tablename__ = "campaign_item"

    campaign_id: Mapped[str] = mapped_column(String(36), index=True)
    item_id: Mapped[str] = mapped_column(String(36))
    per_team: Mapped[Decimal | None]
    per_head: Mapped[Decimal | None]


class CampaignTeam(Synced):
    """A team that a campaign serves (all its workers when the entitlement is per head)."""

    __tablename__ = "campaign_team"

    campaign_id: Mapped[str] = mapped_column(String(36), index=True)
    team_id: Mapped[str] = mapped_column(String(36))


class Handout(Synced):
    """One recorded handout to a team or a worker. Append-only."""

    __tablename__ = "handout"
    __sync__ = SyncMode.APPEND

    campaign_id: Mapped[str] = mapped_column(String(36), index=True)
    item_id: Mapped[str] = mapped_column(String(36))
    team_id: Mapped[str | None] = mapped_column(String(36))
    worker_id: Mapped[str | None] = mapped_column(String(36))
    quantity: Mapped[Decimal]
    at: Mapped[datetime]
    handed_by: Mapped[str] = mapped_column(String(64))
    receiver_name: Mapped[str] = mapped_column(String(50), default="")
    # "<campaign>:<item>:team:<id>" or ":worker:<id>": the same key twice is a double handout
    entitlement_key: Mapped[str] = mapped_column(String(160), index=True)
    override_reason: Mapped[str] = mapped_column(String(500), default="")


# --- notices, users, audit ---------------------------------------------------------------


class Notice(Synced):
    """A 公示 notice: handout results, handled requests, or free text."""

    __tablename__ = "notice"

    kind: Mapped[str] = mapped_column(String(20))  # handout | requests | free | wage_board
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    campaign_id: Mapped[str | None] = mapped_column(String(36))


class User(Synced):
    """A person who logs in: site clerk, site manager or HQ administrator."""

    __tablename__ = "app_user"

    username: Mapped[str] = mapped_column(String(64), index=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))  # clerk | manager | hq_admin
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    # the project's data key under this user's password (app.store.vault)
    key_slot: Mapped[str] = mapped_column(String(300), default="")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Synced):
    """Who did what to which record, when, from which node. Append-only."""

    __tablename__ = "audit_log"
    __sync__ = SyncMode.APPEND

    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    node_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(20))  # create|update|delete|unmask|export|print
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    # Ed25519 signature of the entry by the node that wrote it: an altered row shows
    signature: Mapped[str] = mapped_column(String(128), default="")


class Conflict(Synced):
    """Something a machine must not decide (the same ID registered twice, a double handout).

    Both records are kept; a person resolves the conflict, and the resolution is itself a
    synced change. The id is derived from the kind and the rows involved, so nodes that
    detect the same conflict independently hold one row, not two.
    """

    __tablename__ = "conflict"

    kind: Mapped[str] = mapped_column(String(30))  # duplicate_worker | double_handout
    entity: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))  # what the rows share (masked where personal)
    row_ids: Mapped[str] = mapped_column(Text)  # JSON list, sorted
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | resolved
    resolution: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    resolved_by: Mapped[str] = mapped_column(String(64), default="")


# --- local tables: this installation's identity and the change journal -----------------


class Node(Base):
    """This installation as a node (one row, ``is_local``); other nodes are ``Peer`` rows."""

    __tablename__ = "node"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(default="")
    kind: Mapped[str] = mapped_column(String(10), default="site")  # site | hq
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    # a short tag unique within the project, used in readable numbers (GQ2-20260826-A007)
    tag: Mapped[str] = mapped_column(String(8), default="")
    created_at: Mapped[datetime]
    # Ed25519 private key (raw, hex) that signs this node's bundles; only on the local row
    signing_key: Mapped[str] = mapped_column(String(64), default="")


class Project(Base):
    """The project this installation belongs to, and the key its bundles are encrypted with."""

    __tablename__ = "project"

    project_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(default="")
    key: Mapped[str] = mapped_column(String(64))  # 32 random bytes, hex


class Peer(Base):
    """Another node whose changes this one applies: its key and how far we hold its chain."""

    __tablename__ = "peer"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36), default="")
    kind: Mapped[str] = mapped_column(String(10), default="site")
    tag: Mapped[str] = mapped_column(String(8), default="")
    name: Mapped[str] = mapped_column(default="")
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, raw hex; trusted on first use
    applied_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    applied_hash: Mapped[str] = mapped_column(String(64), default="0" * 64)
    last_contact: Mapped[datetime | None]
    # the node's clock minus ours, estimated when its newest change arrived (ms; includes delay)
    drift_ms: Mapped[int | None] = mapped_column(BigInteger)
    # a gap seen at the last sync: its changes from..to have not reached us yet
    missing_from: Mapped[int | None] = mapped_column(BigInteger)
    missing_to: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # what its node file in the sync folder says it runs (app.sync.folder)
    app_version: Mapped[str] = mapped_column(String(20), default="", server_default="")
    schema_rev: Mapped[str] = mapped_column(String(40), default="", server_default="")


class Receipt(Base):
    """What another node says it holds of our chain (read from its receipt)."""

    __tablename__ = "receipt"

    receiver_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    read_at: Mapped[datetime]


class DeferredChange(Base):
    """A received update whose row has not arrived yet; applied when the row's insert does."""

    __tablename__ = "deferred_change"
    __table_args__ = (Index("ix_deferred_change_row", "entity", "row_id"),)

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))


class HeldBundle(Base):
    """A bundle written by a newer app: kept, and applied once this app has been updated."""

    __tablename__ = "held_bundle"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq_from: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    seq_to: Mapped[int] = mapped_column(BigInteger)
    schema_revision: Mapped[str] = mapped_column(String(40))
    public_key: Mapped[str] = mapped_column(String(64))  # as offered with the bundle
    held_at: Mapped[datetime]
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Change(Base):
    """One entry of the change journal: the source of truth for sync (DESIGN.md)."""

    __tablename__ = "change"

    # the node that wrote the change: this one, or a peer whose change was received
    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hlc: Mapped[int] = mapped_column(BigInteger)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    site_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(1))  # i (insert) | u (update)
    fields: Mapped[str] = mapped_column(Text)  # canonical JSON of {field: value}
    author: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # set when retention erased ``fields`` (app.store.retention): the change's digest, which
    # keeps the chain verifiable and travels in place of the change
    digest: Mapped[str | None] = mapped_column(String(64))


class ServerNode(Base):
    """A node enrolled at this HQ server: its key, its credentials and its sync health.

    The server's own bookkeeping, like ``peer``: not synced, not journaled."""

    __tablename__ = "server_node"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="site")  # site | hq
    name: Mapped[str] = mapped_column(default="")
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, raw hex
    token_hash: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of its secret
    enrolled_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_contact: Mapped[datetime | None]
    reported_head: Mapped[int] = mapped_column(BigInteger, default=0)  # its journal, as it said
    drift_ms: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str] = mapped_column(Text, default="")
    app_version: Mapped[str] = mapped_column(String(20), default="")
    schema_rev: Mapped[str] = mapped_column(String(40), default="")


class Enrolment(Base):
    """A one-time enrolment code HQ made for a site (only the hash of its token is kept)."""

    __tablename__ = "enrolment"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(10), default="site")
    tag: Mapped[str] = mapped_column(String(8), default="")
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(64), default="")
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    node_id: Mapped[str | None] = mapped_column(String(36))
    revoked_at: Mapped[datetime | None]


class StoredBundle(Base):
    """A bundle a node pushed to this server, kept as signed to be handed to other nodes.

    Per (node, audience) the stored bundles are contiguous and do not overlap: a push is
    taken only when it starts right after the stream's head (``stream_head``)."""

    __tablename__ = "stored_bundle"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    audience: Mapped[str] = mapped_column(String(50), primary_key=True)
    seq_from: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    seq_to: Mapped[int] = mapped_column(BigInteger)
    schema_rev: Mapped[str] = mapped_column(String(40), default="")
    received_at: Mapped[datetime]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # the bundle's stub, when it carries nothing in full (bundle.stub_of): sent in its place
    # to a puller that takes stubs
    stub: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class StreamHead(Base):
    """How far a node's stream for one audience reaches at this server; its row is locked
    while a push appends, so one stream grows by one bundle at a time."""

    __tablename__ = "stream_head"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    audience: Mapped[str] = mapped_column(String(50), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class Delivery(Base):
    """What a receiver said, at its last pull, that it holds of a sender's chain."""

    __tablename__ = "delivery"

    receiver_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime]


class Setting(Base):
    """A local setting of this installation (the Qt UI keeps its own in QSettings)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DerivedRequestState(Base):
    """A request's state as its events make it (app.store.request_state), kept per request.

    A local index, not a record: derived from the synced request and its events by the same
    fold the lists use, rebuilt from them whenever they change, never synced. It lets figures
    over a whole project's requests (the HQ dashboard) be counted in SQL instead of folding a
    quarter of a million event histories at every look."""

    __tablename__ = "derived_request_state"
    __table_args__ = (
        # open requests by site and by what their due date depends on, read from the index
        Index(
            "ix_derived_request_state_open",
            "is_open",
            "site_id",
            "received_on",
            "limit_days",
        ),
        # requests by site, stage and call-back, counted from the index alone
        Index(
            "ix_derived_request_state_site",
            "site_id",
            "stage",
            "satisfaction",
            "received_on",
        ),
    )

    request_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36))
    stage: Mapped[str] = mapped_column(String(20))
    is_open: Mapped[bool] = mapped_column(Boolean)
    received_on: Mapped[date] = mapped_column(Date)  # the local day of receipt
    limit_days: Mapped[int] = mapped_column(Integer)  # at receipt, plus approved extensions
    satisfaction: Mapped[str | None] = mapped_column(String(1))  # the latest call-back


class DerivedMark(Base):
    """How far a derived table has read each node's changes (``seq``, inclusive)."""

    __tablename__ = "derived_mark"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)


def table_of(model: type[Base]) -> Table:
    """The model's Table (``__table__`` is typed loosely by SQLAlchemy)."""
    return cast(Table, model.__table__)


def synced_models() -> list[type[Synced]]:
    """Every concrete synced model, in a stable order."""
    found = [
        mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Synced) and not mapper.class_.__dict__.get("__abstract__")
    ]
    return sorted(found, key=lambda cls: cls.__tablename__)


def model_for_entity(entity: str) -> type[Synced]:
    for cls in synced_models():
        if cls.__tablename__ == entity:
            return cls
    raise KeyError(f"unknown entity: {entity}")
