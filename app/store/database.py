"""The database of one installation: engine, pragmas, local node, read and write units.

A write unit holds the database's write lock from its first statement (SQLite
``BEGIN IMMEDIATE``; on PostgreSQL a row lock on the local node), so the journal's per-node
sequence stays gap-free even when the desktop app and a CLI command write at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from app.store import durability, schema
from app.store.durability import AFTER_RUN, AT_COMMIT, Flusher
from app.store.hlc import HybridClock, pack
from app.store.journal import Journal, install_guard, new_id, read_head
from app.store.models import Change, Node
from app.store.vault import Vault

# A remote clock further ahead than this is not followed by ours (its drift is recorded).
MAX_FOLLOW_MS = 24 * 3600 * 1000

POOL_SIZE = 20  # connections per engine; the HQ server's requests at once (app.server.api)

SQLITE_PRAGMAS = (
    # 16 KiB pages: a worker row is about 1 KiB, four to a default page; larger pages halve
    # the B-tree work of a first sync or a roster import. Only a new file takes it (WAL
    # fixes the page size), so it must come before journal_mode.
    "PRAGMA page_size=16384",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA cache_size=-65536",  # 64 MiB: a roster import is written once, not spilled twice
    # a sync run's log grows to its whole size (app.store.durability): cut back once copied
    "PRAGMA journal_size_limit=67108864",
)


class NoLocalNodeError(RuntimeError):
    pass


class VaultLockedError(RuntimeError):
    """Personal data was needed, but no user has logged in on this Database."""


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine with SiteDesk's pragmas (SQLite) and the journal guard (every engine).

    A database in a file or on a server gets a pool of ``POOL_SIZE`` connections and no
    overflow: the HQ server runs that many requests at once (``app.server.api``), so a
    request never waits for a connection another request holds."""
    parsed = make_url(url)
    if parsed.database not in (None, "", ":memory:") and "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", 0)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" below emits BEGIN
            cursor = dbapi_conn.cursor()
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            options = conn.get_execution_options()
            # a pooled connection keeps its pragmas: set them only where they must change
            # (app.store.durability: a sync run's write units need not wait for the disk)
            wanted = AFTER_RUN if options.get("sitedesk_after_run") else AT_COMMIT
            held = conn.connection.info.setdefault("pragmas", AT_COMMIT)
            if held is not wanted:
                for name, value in wanted.items():
                    conn.exec_driver_sql(f"PRAGMA {name}={value}")
                conn.connection.info["pragmas"] = wanted
            conn.exec_driver_sql(f"BEGIN {options.get('sqlite_begin', 'DEFERRED')}")
    else:
        engine = create_engine(url, **kwargs)
    install_guard(engine)
    return engine


@dataclass(frozen=True)
class LocalNode:
    node_id: str
    site_id: str
    kind: str
    tag: str
    name: str


class Database:
    """One installation's database with its local node and hybrid clock."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.clock = HybridClock()
        self._node: LocalNode | None = None
        self._schema_rev: str | None = None
        # the project's data key, once a user has logged in (app.store.users.login)
        self.vault: Vault | None = None
        self._deferring = threading.local()  # .flusher: this thread's, in deferred_durability
        self._files: list[Path | None] = []  # the database file, once asked (_file)

    @classmethod
    def open(
        cls, url: str | URL, *, backup_dir: Path | None = None, upgrade: bool = True
    ) -> Database:
        db = cls(make_engine(url))
        if upgrade:
            schema.upgrade(db.engine, backup_dir=backup_dir)
            db._resume_clock()
        return db

    def _resume_clock(self) -> None:
        """Continue after every change this database holds, its own and applied ones — but do
        not follow one that lies more than a day past this PC's clock."""
        with self.engine.connect() as conn:
            latest = conn.execute(select(func.max(Change.hlc))).scalar() or 0
        self.clock.observe(min(latest, pack(self.clock.wall() + MAX_FOLLOW_MS, 0)))

    def close(self) -> None:
        self.vault = None
        self.engine.dispose()

    def require_vault(self) -> Vault:
        """The opened data key; personal numbers cannot be sealed or shown without it."""
        if self.vault is None:
            raise VaultLockedError(
                "个人信息已加密保存，请先登录。 (personal data is locked: log in first)"
            )
        return self.vault

    def schema_revision(self) -> str:
        """The schema revision this database is at (read once: it changes only when the
        program starts and upgrades it)."""
        if self._schema_rev is None:
            self._schema_rev = schema.current_revision(self.engine) or ""
        return self._schema_rev

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    # --- the local node ----------------------------------------------------------------

    def local_node(self) -> LocalNode:
        if self._node is None:
            with self.engine.connect() as conn:
                row = conn.execute(select(Node).where(Node.is_local.is_(True))).first()
            if row is None:
                raise NoLocalNodeError(
                    "本机尚未初始化：请先运行 sitedesk init（或在首次运行向导中设置工区）。"
                    " (this installation has no node yet: run `sitedesk init`)"
                )
            self._node = LocalNode(row.node_id, row.site_id, row.kind, row.tag, row.name)
        return self._node

    def has_local_node(self) -> bool:
        try:
            self.local_node()
        except NoLocalNodeError:
            return False
        return True

    def create_local_node(
        self,
        *,
        site_id: str,
        kind: str,
        tag: str,
        name: str,
        node_id: str | None = None,
        signing_key: str = "",
    ) -> LocalNode:
        """Make this installation a node. Nodes are local rows: no journal entry.

        ``node_id`` and ``signing_key`` (raw Ed25519, hex) come from enrolment, where the
        server registered them before this PC was set up; otherwise they are made here."""
        if self.has_local_node():
            raise RuntimeError("this installation already has a node")
        node_id = node_id or new_id()
        with self.engine.begin() as conn:
            conn.execute(
                insert(Node).values(
                    node_id=node_id,
                    site_id=site_id,
                    kind=kind,
                    tag=tag,
                    name=name,
                    is_local=True,
                    created_at=datetime.now(UTC),
                    signing_key=signing_key,
                )
            )
        return self.local_node()

    def forget_local_node(self) -> None:
        """Undo :meth:`create_local_node` when setting up the node failed before any change."""
        node = self.local_node()
        with self.engine.begin() as conn:
            if read_head(conn, node.node_id).seq:
                raise RuntimeError("the node has changes in its journal: it cannot be forgotten")
            conn.execute(delete(Node).where(Node.node_id == node.node_id))
        self._node = None

    # --- units of work -----------------------------------------------------------------

    @contextmanager
    def deferred_durability(self) -> Iterator[None]:
        """Within this block, this thread's write units commit without waiting for the disk;
        a background thread writes them out (app.store.durability). On leaving it — and at
        each :meth:`make_durable` — everything committed is on the disk. Other threads' writes
        (a clerk saving a form meanwhile) still wait for the disk at their commit.

        A no-op where there is no file to flush (PostgreSQL, an in-memory database). Within
        an enclosing block it defers nothing more, but leaving it still makes all durable.
        If the block raises, that error is what propagates; a failed flush is noted on it."""
        if self._flusher() is not None:
            yield
            self.make_durable()
            return
        path = self._file()
        if path is None:
            yield
            return
        flusher = Flusher(path)
        self._deferring.flusher = flusher
        try:
            yield
        except BaseException as exc:
            self._deferring.flusher = None
            try:
                flusher.close()
            except Exception as flush_error:  # the block's own error says what went wrong
                exc.add_note(f"and writing the sync's commits to the disk failed: {flush_error!r}")
            raise
        self._deferring.flusher = None
        flusher.close()

    def make_durable(self) -> None:
        """Return once every write committed to this database before the call — by this
        thread, another thread or another process — is on the disk. Whatever tells anyone
        what this database holds reads it first, then calls this, then tells."""
        flusher = self._flusher()
        if flusher is not None:
            flusher.barrier()  # this thread's commits, and any error of the flusher
        path = self._file()
        if path is not None:  # anyone else's commit that did not wait for the disk
            durability.sync_log(Path(f"{path}-wal"))

    def _file(self) -> Path | None:
        """The SQLite database file, as SQLite itself opened it; None for PostgreSQL and for
        a database in memory or in a temporary file."""
        if not self.is_sqlite:
            return None
        if not self._files:
            with self.engine.connect() as conn:
                rows = conn.exec_driver_sql("PRAGMA database_list").all()
            name = next((r[2] for r in rows if r[1] == "main"), "")
            self._files.append(Path(name) if name else None)
        return self._files[0]

    def _flusher(self) -> Flusher | None:
        return getattr(self._deferring, "flusher", None)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self, author: str) -> Iterator[WriteUnit]:
        """A transaction holding the write lock; every synced write goes through its journal."""
        node = self.local_node()
        flusher = self._flusher()
        with (
            self.engine.connect().execution_options(
                sqlite_begin="IMMEDIATE", sitedesk_after_run=flusher is not None
            ) as conn,
            conn.begin(),
        ):
            if not self.is_sqlite:
                conn.execute(
                    select(Node.node_id).where(Node.node_id == node.node_id).with_for_update()
                )
            journal = Journal(conn, node.node_id, node.site_id, author, self.clock)
            with Session(bind=conn) as session:
                yield WriteUnit(conn, journal, session, self.vault)
        if flusher is not None:
            flusher.committed()


@dataclass
class WriteUnit:
    conn: Connection
    journal: Journal
    session: Session  # for reads inside the transaction; writes go through the journal
    vault: Vault | None = None  # the data key, when a user has logged in

    def require_vault(self) -> Vault:
        if self.vault is None:
            raise VaultLockedError(
                "个人信息已加密保存，请先登录。 (personal data is locked: log in first)"
            )
        return self.vault
