"""A real HQ server (uvicorn on a free port, in a thread) over SQLite or PostgreSQL, and site
PCs enrolled at it through HTTP, as they would be in the field."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from app.server.api import create_app
from app.server.hub import Hub
from app.store.database import Database
from app.store.sites import FirstUser
from app.sync.enrol import enrol
from app.sync.http import server_config, sync_server
from app.sync.wire import EnrolmentCode
from bench.server_sync import make_hq
from tests.pg import fresh_pg_database

ADMIN, PASSWORD = "admin", "correct-horse"
SITES = {"GQ2": "二工区", "GQ3": "三工区"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    db: Database
    app: Any
    root: Path
    nodes: list[Database] = field(default_factory=list)

    @property
    def hub(self) -> Hub:
        return self.app.state.hub  # type: ignore[no-any-return]

    def code(self, site: str = "GQ2", kind: str = "site") -> EnrolmentCode:
        made = self.hub.create_enrolment(site, kind=kind)
        return EnrolmentCode(
            self.url, made.token, made.site_code, made.site_name, made.expires_at.isoformat()
        )

    def enrol(self, name: str, site: str = "GQ2", kind: str = "site") -> Database:
        db = Database.open(f"sqlite:///{self.root / name}.sqlite3")
        enrol(db, self.code(site, kind), FirstUser(ADMIN, "站长", PASSWORD), name=name)
        self.nodes.append(db)
        return db

    def settle(self) -> None:
        """Let the server apply everything it stored."""
        assert self.app.state.applier.wait_idle(60)


def sync(db: Database, client: httpx.Client | None = None) -> Any:
    return sync_server(db, server_config(db), client=client)


@contextmanager
def serve(db: Database, **kwargs: Any) -> Iterator[tuple[str, Any]]:
    app = create_app(db, **kwargs)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@contextmanager
def live_server(root: Path, engine: str, **kwargs: Any) -> Iterator[Live]:
    with ExitStack() as stack:
        url = (
            stack.enter_context(fresh_pg_database())
            if engine == "postgresql"
            else f"sqlite:///{root / 'hq-server.sqlite3'}"
        )
        db = make_hq(url, SITES)  # the same HQ the server benchmark sets up
        stack.callback(db.close)
        http_url, app = stack.enter_context(serve(db, **kwargs))
        live = Live(http_url, db, app, root)
        try:
            yield live
        finally:
            for node in live.nodes:
                node.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Live]:
    with live_server(tmp_path, request.param) as server:
        yield server


@pytest.fixture
def live_sqlite(tmp_path: Path) -> Iterator[Live]:
    with live_server(tmp_path, "sqlite") as server:
        yield server
