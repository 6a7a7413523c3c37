"""A sync run's commits, made durable together rather than one by one.

Every transaction on a SiteDesk database is atomic: a crash or a power cut never leaves half
of one, whatever the ``synchronous`` setting. What ``synchronous=FULL`` adds is that a commit
is on the disk before it returns. A clerk's save needs that: the screen says it is saved. A
sync run applying bundles needs it at one point only: before it tells anyone what this PC
holds (a receipts file in the shared folder, the ``have`` of the next pull). A bundle applied
but lost in a power cut before then is simply applied again from where it came.

So, within :meth:`app.store.database.Database.deferred_durability`, the write units of the
thread that entered it commit with ``synchronous=NORMAL`` and without checkpointing, and a
:class:`Flusher` thread does the disk's work beside them: after each commit it fsyncs the
write-ahead log and copies it into the database file (a passive checkpoint, which never
blocks a writer or a reader). :meth:`Flusher.barrier` returns once everything committed
before it was called is on the disk.

A receipt must not report a commit that is not on the disk, whoever made it: another sync
(the CLI beside the app) may have committed without waiting too. So whatever tells what this
PC holds reads it first and then calls ``Database.make_durable``, which, after the barrier,
fsyncs the log itself: everything committed before the read is then on the disk.

On a first sync of 100,000 workers the WAL and the database file take about 300 MB each:
written and fsynced in the committing thread, that was a quarter of the run.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

# the pragmas of a write unit whose commit need not wait for the disk, and of every other
AFTER_RUN = {"synchronous": "NORMAL", "wal_autocheckpoint": "0"}
AT_COMMIT = {"synchronous": "FULL", "wal_autocheckpoint": "1000"}


def sync_log(wal: Path) -> bool:
    """Fsync a write-ahead log: every frame committed to it before this call, by any
    connection or process, is then on the disk. False if there is no log: every connection
    closed, and the last one checkpointed it into the database file and synced that."""
    try:
        fd = os.open(wal, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return False
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


class Flusher:
    """Fsyncs the WAL of one database file and checkpoints it, in a thread of its own, each
    time a write unit says it committed. ``path`` is the file SQLite itself reports
    (``PRAGMA database_list``); the flusher opens it only if it exists."""

    def __init__(self, path: Path) -> None:
        self.wal = Path(f"{path}-wal")
        self._conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        self._conn.execute("PRAGMA busy_timeout=30000")  # as every other connection waits
        self._conn.execute("PRAGMA synchronous=FULL")  # a checkpoint syncs the log and the file
        # reading opens the log: it cannot vanish while this connection holds it open
        self._conn.execute("SELECT count(*) FROM sqlite_schema").fetchall()
        self._lock = threading.Condition()
        self._asked = 0  # commits told of
        self._done = 0  # commits on the disk: the last pass began after this many were told
        self._closing = False
        self._error: BaseException | None = None
        self.passes = 0
        self._thread = threading.Thread(target=self._run, name="sitedesk-flusher", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        with self._lock:
            self._asked += 1
            self._lock.notify_all()

    def barrier(self) -> None:
        """Return once every commit told of so far is on the disk (or raise what stopped it)."""
        with self._lock:
            target = self._asked
            self._lock.notify_all()
            while self._done < target and self._error is None:
                self._lock.wait()
            if self._error is not None:
                raise self._error

    def close(self) -> None:
        """Everything told of on the disk and checkpointed; the thread and its connection end."""
        try:
            self.barrier()
        finally:
            with self._lock:
                self._closing = True
                self._lock.notify_all()
            self._thread.join()
            self._conn.close()

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._asked == self._done and not self._closing:
                    self._lock.wait()
                if self._asked == self._done:
                    return
                covers = self._asked
            try:
                self._sync_log()
                self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except BaseException as exc:  # told to whoever waits, not lost in this thread
                with self._lock:
                    self._error = exc
                    self._lock.notify_all()
                return
            with self._lock:
                self._done = covers
                self.passes += 1
                self._lock.notify_all()

    def _sync_log(self) -> None:
        """Fsync the write-ahead log. (A checkpoint syncs it too, but only when it has frames
        to copy, which a reader holding an old snapshot can prevent.)"""
        if not sync_log(self.wal):  # this thread's connection keeps the log open
            raise FileNotFoundError(f"the write-ahead log {self.wal} is gone")
