"""The change journal: every write to a synced table, recorded in the same transaction.

Each change is ``(node_id, seq, hlc, entity, row_id, site_id, op, fields, author)`` plus the
hash of the node's previous change and its own hash:

* ``seq`` counts up per node from 1 with no gaps (the node's head is read inside the write
  transaction, which holds the database's write lock);
* ``hlc`` is a hybrid logical clock timestamp (:mod:`app.store.hlc`);
* ``fields`` is canonical JSON of the values written (:mod:`app.store.codec`); an insert
  carries every column, so a receiver rebuilds the same row whatever its own defaults;
* ``digest = sha256(node ␟ seq ␟ hlc ␟ entity ␟ row_id ␟ site ␟ op ␟ author ␞ fields)`` and
  ``hash = sha256(prev_hash ␟ digest)`` where ``prev_hash`` is the hash of the node's change
  ``seq - 1`` (64 zeros before the first), so a receiver can prove it holds changes 1..n of a
  node, unaltered — even one that is sent only the digest of changes outside its scope. The
  previous hash is not stored with each change: it is the preceding row's ``hash``.

Rows carry their per-field versions (``stamp`` for the insert, ``field_versions`` for later
field writes), which is what the merge compares.

:class:`Journal` is the only code allowed to write synced tables or the journal. The guard
installed by :func:`install_guard` enforces that at the connection: any INSERT, UPDATE or
DELETE on those tables that does not come from a journal method raises
:class:`JournalBypassError` before it reaches the database — ORM flushes, Core statements
and raw SQL text alike.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

import orjson
import uuid6
from sqlalchemy import (
    Connection,
    Dialect,
    Engine,
    Table,
    bindparam,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from app.store import codec
from app.store.codec import normalize, normalize_in_place
from app.store.hlc import HybridClock, parse_stamp, stamp, to_datetime
from app.store.models import (
    SYNC_META_COLUMNS,
    Change,
    DeferredChange,
    Synced,
    SyncMode,
    synced_models,
    table_of,
)

GENESIS = "0" * 64
_JOURNAL_TOKEN = "sitedesk.journal_write"
_MIGRATION_TOKEN = "sitedesk.migration"


class JournalError(RuntimeError):
    """A write the journal refuses (unknown field, update of an append-only row …)."""


class JournalBypassError(JournalError):
    """A write to a synced table that did not go through the journal."""


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def new_id() -> str:
    """A UUIDv7 as text: time-ordered, so ids sort roughly by creation and index well."""
    return str(uuid6.uuid7())


def reference_id(entity: str, natural_key: str) -> str:
    """A deterministic id for seeded reference data, the same on every node.

    Every node seeds the same request categories; with the same ids their changes merge into
    one row instead of making duplicates.
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sitedesk:{entity}:{natural_key}"))


def change_digest(
    node_id: str,
    seq: int,
    hlc: int,
    entity: str,
    row_id: str,
    site_id: str,
    op: str,
    author: str,
    fields: bytes,
) -> str:
    """The content hash of one change: ``sha256(node ␟ seq ␟ hlc ␟ entity ␟ row ␟ site ␟ op ␟
    author ␞ fields)``, hex."""
    header = (
        f"{node_id}\x1f{seq}\x1f{hlc}\x1f{entity}\x1f{row_id}\x1f{site_id}\x1f{op}\x1f{author}\x1e"
    )
    return hashlib.sha256(header.encode() + fields).hexdigest()


def link_hash(prev_hash: str, digest: str) -> str:
    """The chain link: ``sha256(prev_hash ␟ digest)``, hex. A receiver outside a change's
    scope gets only its digest and can still verify the chain through it."""
    return hashlib.sha256(f"{prev_hash}\x1f{digest}".encode()).hexdigest()


CHANGE_COLUMNS = (
    "node_id",
    "seq",
    "hlc",
    "entity",
    "row_id",
    "site_id",
    "op",
    "fields",
    "author",
    "hash",
)
# ``digest`` follows: it is set only when retention redacts a change (Journal.redact)
if tuple(c.key for c in table_of(Change).columns)[: len(CHANGE_COLUMNS)] != CHANGE_COLUMNS:
    raise RuntimeError("journal rows are built in the change table's column order")


@dataclass(frozen=True)
class _DriverInsert:
    """An INSERT of every column, compiled once per table and dialect, for driver executemany.

    Bulk writes (a roster import of thousands of workers) skip SQLAlchemy's per-row parameter
    machinery: each row becomes a list in column order, and only the columns whose type has a
    bind processor (dates, times, quantities) are passed through it, so the stored values are
    exactly what a Core insert would store.
    """

    sql: str
    columns: tuple[str, ...]
    processed: tuple[tuple[int, Callable[[Any], Any]], ...]
    positional: bool

    def params(self, rows: Iterable[Mapping[str, Any]]) -> list[Any]:
        getter = itemgetter(*self.columns)
        processed = self.processed
        out: list[Any] = []
        for row in rows:
            values = list(getter(row))
            for index, process in processed:
                values[index] = process(values[index])
            out.append(tuple(values))
        if self.positional:
            return out
        return [dict(zip(self.columns, values, strict=True)) for values in out]


@cache
def driver_insert(
    table: Table, dialect: Dialect, only: tuple[str, ...] | None = None
) -> _DriverInsert:
    """``only``: these columns, in this order (the rest take their defaults)."""
    columns = only or tuple(c.key for c in table.columns)
    compiled = insert(table).values({c: bindparam(c) for c in columns}).compile(dialect=dialect)
    if compiled.positional and list(compiled.positiontup or []) != list(columns):
        raise JournalError(f"unexpected parameter order for {table.name}")
    processed = tuple(
        (i, proc)
        for i, c in enumerate(table.c[name] for name in columns)
        if (proc := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    return _DriverInsert(str(compiled), columns, processed, bool(compiled.positional))


def insert_change_rows(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Journal rows are plain text and integers, already in column order."""
    target = driver_insert(table_of(Change), conn.dialect, CHANGE_COLUMNS)
    if target.positional and not target.processed:
        conn.exec_driver_sql(target.sql, list(rows))
    else:
        conn.exec_driver_sql(
            target.sql, target.params(dict(zip(CHANGE_COLUMNS, r, strict=True)) for r in rows)
        )


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    hlc: int


GENESIS_HEAD = Head(0, GENESIS, 0)


def read_head(conn: Connection, node_id: str) -> Head:
    row = conn.execute(
        select(Change.seq, Change.hash, Change.hlc)
        .where(Change.node_id == node_id)
        .order_by(Change.seq.desc())
        .limit(1)
    ).first()
    return GENESIS_HEAD if row is None else Head(row.seq, row.hash, row.hlc)


@dataclass(frozen=True)
class _ModelInfo:
    entity: str
    mode: SyncMode
    columns: frozenset[str]  # data columns a change may name
    defaults: Mapping[str, Any]  # value written when an insert does not name a column
    required: frozenset[str]  # data columns an insert must name


@cache
def _info(model: type[Synced]) -> _ModelInfo:
    columns: set[str] = set()
    defaults: dict[str, Any] = {}
    required: set[str] = set()
    for col in table_of(model).columns:
        if col.key in SYNC_META_COLUMNS:
            continue
        columns.add(col.key)
        default = col.default
        if isinstance(default, ScalarElementColumnDefault):
            defaults[col.key] = default.arg
        elif col.nullable:
            defaults[col.key] = None
        else:
            required.add(col.key)
    return _ModelInfo(
        entity=model.__tablename__,
        mode=model.__sync__,
        columns=frozenset(columns),
        defaults=defaults,
        required=frozenset(required),
    )


class Journal:
    """Writes synced rows and their changes, in the caller's transaction.

    One instance serves one transaction; :class:`app.store.database.Database` makes it.
    """

    def __init__(
        self, conn: Connection, node_id: str, site_id: str, author: str, clock: HybridClock
    ) -> None:
        self._conn = conn
        self._node_id = node_id
        self._site_id = site_id
        self._author = author
        self._clock = clock
        self._head: Head | None = None

    @property
    def node_id(self) -> str:
        return self._node_id

    @property
    def site_id(self) -> str:
        return self._site_id

    @property
    def author(self) -> str:
        return self._author

    @property
    def conn(self) -> Connection:
        return self._conn

    def head(self) -> Head:
        if self._head is None:
            self._head = read_head(self._conn, self._node_id)
            self._clock.observe(self._head.hlc)  # another process may have written since
        return self._head

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Rows and their changes succeed or fail together: a savepoint around both, so a
        caller that catches a failed write cannot commit rows that have no change."""
        with journal_writes(self._conn), self._conn.begin_nested():
            yield

    def _change_row(
        self, head: Head, entity: str, row_id: str, site_id: str, op: str, fields: bytes
    ) -> tuple[Head, tuple[Any, ...]]:
        hlc = self._clock.tick()
        seq = head.seq + 1
        digest = link_hash(
            head.hash,
            change_digest(
                self._node_id, seq, hlc, entity, row_id, site_id, op, self._author, fields
            ),
        )
        row = (
            self._node_id,
            seq,
            hlc,
            entity,
            row_id,
            site_id,
            op,
            fields.decode(),
            self._author,
            digest,
        )
        return Head(seq, digest, hlc), row

    # --- inserts ---------------------------------------------------------------------

    def insert(self, model: type[Synced], values: Mapping[str, Any]) -> str:
        return self.insert_many(model, [values])[0]

    def insert_many(self, model: type[Synced], rows: Sequence[Mapping[str, Any]]) -> list[str]:
        """Insert rows of one model; returns their ids. Each row may name ``id`` and ``site_id``.

        This is the path a roster import of thousands of rows takes, so the loop is kept lean:
        the journal rows go to the driver as plain tuples (they need no type conversion).
        """
        if not rows:
            return []
        info = _info(model)
        head = self.head()
        node_id, author, entity = self._node_id, self._author, info.entity
        allowed = info.columns | {"id", "site_id"}
        defaults, required = info.defaults, info.required
        encode, tick = codec.encode, self._clock.tick
        seq, prev = head.seq, head.hash
        hlc = head.hlc
        table_rows: list[dict[str, Any]] = []
        change_rows: list[tuple[Any, ...]] = []
        for values in rows:
            keys = values.keys()
            if not keys <= allowed:
                raise JournalError(f"{entity}: unknown fields {sorted(keys - allowed)}")
            if not required <= keys:
                raise JournalError(f"{entity}: missing required fields {sorted(required - keys)}")
            fields = normalize_in_place(model, {**defaults, **values})
            if fields["deleted"]:
                raise JournalError(f"{entity}: a row is inserted live; tombstone it afterwards")
            row_id = fields.pop("id", None) or new_id()
            site_id = fields.pop("site_id", None) or self._site_id
            payload = encode(fields)
            hlc, seq = tick(), seq + 1
            digest = link_hash(
                prev,
                change_digest(node_id, seq, hlc, entity, row_id, site_id, "i", author, payload),
            )
            change_rows.append(
                (
                    node_id,
                    seq,
                    hlc,
                    entity,
                    row_id,
                    site_id,
                    "i",
                    payload.decode(),
                    author,
                    digest,
                )
            )
            prev = digest
            when = to_datetime(hlc)
            fields.update(
                id=row_id,
                site_id=site_id,
                created_at=when,
                updated_at=when,
                updated_by=author,
                deleted=False,
                stamp=stamp(hlc, node_id),
                field_versions="{}",
            )
            table_rows.append(fields)
        table = table_of(model)
        target = driver_insert(table, self._conn.dialect)
        with self._writing():
            self._conn.exec_driver_sql(target.sql, target.params(table_rows))
            self._insert_changes(change_rows)
        self._head = Head(seq, prev, hlc)
        return [r["id"] for r in table_rows]

    def _insert_changes(self, rows: list[tuple[Any, ...]]) -> None:
        insert_change_rows(self._conn, rows)

    # --- updates ---------------------------------------------------------------------

    def update(self, model: type[Synced], row_id: str, values: Mapping[str, Any]) -> bool:
        """Change some fields of a mutable row; returns False when nothing differed."""
        info = _info(model)
        if info.mode is not SyncMode.MUTABLE:
            raise JournalError(f"{info.entity} is append-only: record a new entry instead")
        return self._update(model, row_id, values)

    def erase(self, model: type[Synced], row_id: str, values: Mapping[str, Any]) -> bool:
        """Retention's erasure: overwrite a row's personal fields and tombstone it — also in
        an append-only table, the one edit such history allows. The caller then drops the
        earlier changes' contents from the journal (:meth:`redact`)."""
        return self._update(model, row_id, {**values, "deleted": True})

    def redact(self, entity: str, row_ids: Iterable[str]) -> int:
        """Drop the contents of every change of these rows but each row's latest (its
        erasure), whichever node wrote them. A redacted change keeps its digest, so the
        chain still verifies and the change travels as a digest alone."""
        wanted = set(row_ids)
        if not wanted:
            return 0
        table = table_of(Change)
        found = [
            r
            for r in self._conn.execute(
                select(table).where(table.c.entity == entity, table.c.digest.is_(None))
            )
            if r.row_id in wanted
        ]
        latest: dict[str, tuple[int, str]] = {}
        for r in found:
            key = (r.hlc, r.node_id)
            if r.row_id not in latest or key > latest[r.row_id]:
                latest[r.row_id] = key
        done = 0
        with self._writing():
            for r in found:
                if r.digest is not None or (r.hlc, r.node_id) == latest[r.row_id]:
                    continue
                digest = change_digest(
                    r.node_id,
                    r.seq,
                    r.hlc,
                    r.entity,
                    r.row_id,
                    r.site_id,
                    r.op,
                    r.author,
                    r.fields.encode(),
                )
                self._conn.execute(
                    update(table)
                    .where(table.c.node_id == r.node_id, table.c.seq == r.seq)
                    .values(fields="{}", digest=digest)
                )
                done += 1
            # a received update still waiting for its row will never be merged now
            for chunk in _chunks(sorted(wanted)):
                self._conn.execute(
                    delete(DeferredChange).where(
                        DeferredChange.entity == entity, DeferredChange.row_id.in_(chunk)
                    )
                )
        return done

    def _update(self, model: type[Synced], row_id: str, values: Mapping[str, Any]) -> bool:
        info = _info(model)
        unknown = values.keys() - info.columns
        if unknown:
            raise JournalError(f"{info.entity}: unknown fields {sorted(unknown)}")
        table = table_of(model)
        current = self._conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
        if current is None:
            raise JournalError(f"{info.entity} {row_id} does not exist")
        values = normalize(model, values)
        fields = {k: v for k, v in values.items() if current[k] != v}
        if not fields:
            return False
        # The new stamp must be later than every version the row holds — also versions from a
        # node whose clock runs ahead, or changes applied before this process started —
        # otherwise this edit would win here and lose everywhere else.
        versions_now = orjson.loads(current["field_versions"])
        self.head()
        self._clock.observe(
            max(parse_stamp(v)[0] for v in [current["stamp"], *versions_now.values()])
        )
        head, change = self._change_row(
            self.head(), info.entity, row_id, current["site_id"], "u", codec.encode(fields)
        )
        versions: dict[str, str] = orjson.loads(current["field_versions"])
        version = stamp(head.hlc, self._node_id)
        versions.update(dict.fromkeys(fields, version))
        with self._writing():
            self._conn.execute(
                update(model)
                .where(table.c.id == row_id)
                .values(
                    **fields,
                    updated_at=to_datetime(head.hlc),
                    updated_by=self._author,
                    field_versions=orjson.dumps(versions, option=orjson.OPT_SORT_KEYS).decode(),
                )
            )
            self._insert_changes([change])
        self._head = head
        return True

    def delete(self, model: type[Synced], row_id: str) -> bool:
        """Tombstone a mutable row: synced rows are never removed, so sync stays correct."""
        return self.update(model, row_id, {"deleted": True})

    def remote(self) -> RemoteWriter:
        """The writer that applies changes received from other nodes (see app.sync.apply)."""
        return RemoteWriter(self._conn, self._clock)


class RemoteWriter:
    """Records received changes in the journal and merges them into the synced tables.

    It writes nothing that is not a change of another node's journal, recorded in the same
    transaction: the merge is the journal's, not a way around it.
    """

    def __init__(self, conn: Connection, clock: HybridClock) -> None:
        self.conn = conn
        self.clock = clock

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with journal_writes(self.conn):
            yield

    def record(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Received changes, as tuples in the change table's column order."""
        if rows:
            with self._writing():
                insert_change_rows(self.conn, rows)

    def insert_rows(self, model: type[Synced], rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            target = driver_insert(table_of(model), self.conn.dialect)
            with self._writing():
                self.conn.exec_driver_sql(target.sql, target.params(rows))

    def copy_from_journal(self, sql: str, params: tuple[Any, ...]) -> None:
        """Rows made from changes :meth:`record` wrote in this transaction, by one
        ``INSERT … SELECT … FROM change`` (see app.sync.apply._SqliteCopy)."""
        with self._writing():
            self.conn.exec_driver_sql(sql, params)

    def update_row(self, model: type[Synced], row_id: str, values: Mapping[str, Any]) -> None:
        table = table_of(model)
        with self._writing():
            self.conn.execute(update(table).where(table.c.id == row_id).values(**values))


# --- the guard ---------------------------------------------------------------------------
#
# Two layers. Every engine checks the SQL text before it reaches the driver (comments
# stripped; every INSERT/UPDATE/DELETE/REPLACE/TRUNCATE target anywhere in the statement, so
# a CTE or a prefix does not hide one). On SQLite the database itself also asks an
# authorizer while it prepares each statement, which sees the tables a statement really
# writes, whatever its spelling, including through triggers; it also refuses DDL on those
# tables outside migrations.

_COMMENTS = re.compile(r"/\*.*?\*/|--[^\n]*", re.DOTALL)
_WRITE_TARGET = re.compile(
    r"""\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?
          |DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)
        \s+(?:ONLY\s+)?((?:[\w"`\[\]']+\s*\.\s*)?[\w"`\[\]']+)""",
    re.IGNORECASE | re.VERBOSE,
)


def written_tables(statement: str) -> set[str]:
    """The tables a statement's text writes to (lower case, unquoted)."""
    text = _COMMENTS.sub(" ", statement)
    return {
        m.group(1).split(".")[-1].strip().strip("\"`[]'").lower()
        for m in _WRITE_TARGET.finditer(text)
    }


def guarded_tables() -> frozenset[str]:
    return frozenset({m.__tablename__ for m in synced_models()} | {Change.__tablename__})


def _allowed(info: Mapping[Any, Any]) -> bool:
    return bool(info.get(_JOURNAL_TOKEN) or info.get(_MIGRATION_TOKEN))


def install_guard(engine: Engine) -> None:
    """Refuse, at the connection, every write to a synced table that skips the journal."""
    guarded = guarded_tables()

    @event.listens_for(engine, "before_cursor_execute")
    def _check(
        conn: Connection,
        cursor: DBAPICursor,
        statement: str,
        parameters: Any,
        context: ExecutionContext | None,
        executemany: bool,
    ) -> None:
        hit = written_tables(statement) & guarded
        if hit and not _allowed(conn.info):
            raise JournalBypassError(
                f"write to synced table {sorted(hit)[0]!r} outside the change journal: "
                "use app.store.journal.Journal"
            )

    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_authorizer(guarded))


def _sqlite_authorizer(guarded: frozenset[str]) -> Callable[[Any, Any], None]:
    writes = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}
    ddl_arg1 = {sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_DROP_INDEX}
    ddl_arg2 = {
        sqlite3.SQLITE_ALTER_TABLE,
        sqlite3.SQLITE_CREATE_TRIGGER,
        sqlite3.SQLITE_DROP_TRIGGER,
    }

    def install(dbapi_conn: Any, record: Any) -> None:
        info = record.info  # the same dict as Connection.info, where the tokens are set

        def authorize(
            action: int, arg1: str | None, arg2: str | None, db: str | None, source: str | None
        ) -> int:
            if action in writes:
                target = arg1
            elif action in ddl_arg1 or action in ddl_arg2:
                if info.get(_MIGRATION_TOKEN):
                    return sqlite3.SQLITE_OK
                target = (
                    arg2 if action in ddl_arg2 or action == sqlite3.SQLITE_CREATE_INDEX else arg1
                )
                if action in (sqlite3.SQLITE_CREATE_TRIGGER, sqlite3.SQLITE_DROP_TRIGGER):
                    return sqlite3.SQLITE_DENY  # no triggers outside migrations at all
            else:
                return sqlite3.SQLITE_OK
            if target is not None and target.lower() in guarded and not _allowed(info):
                return sqlite3.SQLITE_DENY
            return sqlite3.SQLITE_OK

        dbapi_conn.set_authorizer(authorize)

    return install


@contextmanager
def _token(conn: Connection, token: str) -> Iterator[None]:
    """Mark the connection as writing for the journal (or a migration), for both guards.

    On PostgreSQL the database checks too: triggers on the synced tables refuse any write
    unless the transaction-local setting ``sitedesk.journal`` is on (migration 0003).
    """
    conn.info[token] = True
    postgres = conn.dialect.name == "postgresql"
    try:
        if postgres:
            conn.exec_driver_sql("SELECT set_config('sitedesk.journal', 'on', true)")
        yield
    finally:
        conn.info.pop(token, None)
        if postgres:
            # an aborted transaction cannot run this, and forgets the setting anyway
            with contextlib.suppress(DBAPIError):
                conn.exec_driver_sql("SELECT set_config('sitedesk.journal', 'off', true)")


def journal_writes(conn: Connection) -> contextlib.AbstractContextManager[None]:
    return _token(conn, _JOURNAL_TOKEN)


def migration_writes(conn: Connection) -> contextlib.AbstractContextManager[None]:
    """Let a schema migration rewrite synced tables (it runs on every node alike)."""
    return _token(conn, _MIGRATION_TOKEN)
