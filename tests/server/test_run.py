"""`sitedesk serve --workers 2`: two processes accept on one port over one database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.server.hub import Hub
from app.server.run import can_fork
from app.store.database import Database
from app.store.sites import FirstUser
from app.sync.enrol import enrol
from app.sync.wire import EnrolmentCode
from bench.server_sync import make_hq
from tests.server.conftest import ADMIN, PASSWORD, SITES, free_port, sync
from tests.server.test_api import add_req, count

pytestmark = pytest.mark.skipif(not can_fork(), reason="several workers need fork()")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_two_worker_processes_serve_the_sites_and_stop_together(tmp_path: Path) -> None:
    from app.store.models import Project, Request

    url = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    hq = make_hq(url, SITES)
    hub = Hub(hq)
    port = free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"),
            *("--data-dir", str(tmp_path / "data"), "--db-url", url, "--user", ADMIN),
            *("serve", "--port", str(port), "--workers", "2"),
        ],
        env={**os.environ, "SITEDESK_PASSWORD": PASSWORD},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert len(_children(server.pid)) == 2

        pcs = []
        for name in ("gq2-a", "gq2-b"):
            made = hub.create_enrolment("GQ2")
            code = EnrolmentCode(base, made.token, "GQ2", "二工区", made.expires_at.isoformat())
            pc = Database.open(f"sqlite:///{tmp_path / name}.sqlite3")
            enrol(pc, code, FirstUser(ADMIN, "站长", PASSWORD), name=name)
            pcs.append(pc)
        for n in range(10):
            add_req(pcs[n % 2], f"诉求 {n}")
        with httpx.Client(timeout=30) as client:  # new connections spread over the workers
            for pc in pcs + pcs:
                sync(pc, client)
        assert [count(pc, Request) for pc in pcs] == [10, 10]
        assert count(hq, Project) == 1, "the workers made the project's keys once, not each"
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0].decode(errors="replace")
        for pc in locals().get("pcs", []):
            pc.close()
        hq.close()
    assert server.returncode == 0, output
    assert "2 个进程" in output
