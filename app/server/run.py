"""Running the HQ server: one process, or several sharing one listening socket.

Each request is handled by one process at a time and every process works on the same
database (PostgreSQL in production), holding nothing of its own that another would need:
stream heads are locked in the database, the server's own bundles are rebuilt or cached
per process, a revoked node is refused by every process at its next call. So more processes
serve more sites at once, up to the cores the machine has.

With ``workers`` > 1 the socket is bound once, before the processes are forked, and every
process accepts on it (the kernel hands each connection to one of them); the workers are
forked from a process whose administrator has logged in, so each holds the data key the
form needs to seal phone numbers. Forking needs a POSIX system; on Windows one process
serves.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import traceback
from collections.abc import Callable
from typing import Any

import uvicorn

from app.server.api import create_app
from app.store.database import Database
from app.sync.keys import ensure_keys

BACKLOG = 2048  # connections waiting to be accepted (200 sites at once, with room)


def can_fork() -> bool:
    return hasattr(os, "fork")


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    sock.set_inheritable(True)
    return sock


def serve(
    db: Database,
    *,
    host: str,
    port: int,
    workers: int = 1,
    log_level: str = "info",
    make_app: Callable[[Database], Any] | None = None,
    **uvicorn_options: Any,
) -> None:
    """Serve until stopped (SIGINT or SIGTERM), in ``workers`` processes."""
    build = make_app or (lambda database: create_app(database))
    if workers <= 1 or not can_fork():
        uvicorn.run(build(db), host=host, port=port, log_level=log_level, **uvicorn_options)
        return
    ensure_keys(db)  # made once, here: workers making them at once would make two
    sock = listening_socket(host, port)
    db.engine.dispose()  # no connection of the parent's is carried into a worker
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker: serve until told to stop, then leave without cleaning up
            status = 1  # the parent's state (its handlers, its exit hooks) is not ours
            try:
                _worker(db, sock, build, log_level, uvicorn_options)
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(status)
        children.append(pid)

    def stop(_signum: int, _frame: Any) -> None:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)  # each finishes what it is answering, then exits

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    failed = 0
    try:
        for pid in children:
            _, status = os.waitpid(pid, 0)
            # uvicorn ends by raising the signal it was stopped with again: a normal end
            code = os.waitstatus_to_exitcode(status)
            failed += code not in (0, -signal.SIGTERM, -signal.SIGINT)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        sock.close()
    if failed:
        raise RuntimeError(f"{failed} of {workers} server processes failed")


def _worker(
    db: Database,
    sock: socket.socket,
    build: Callable[[Database], Any],
    log_level: str,
    options: dict[str, Any],
) -> None:
    db.engine.dispose(close=False)  # the pool starts empty in this process
    config = uvicorn.Config(build(db), log_level=log_level, **options)
    uvicorn.Server(config).run(sockets=[sock])
