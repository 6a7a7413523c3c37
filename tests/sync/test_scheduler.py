"""The sync scheduler without Qt: every configured transport in one run, each failing on its
own, and a back-off while nothing can be reached."""

from __future__ import annotations

from pathlib import Path

from app.sync.folder import SyncReport
from app.sync.http import ServerConfig, save_server_config
from app.sync.scheduler import Backoff, Outcome, Run, configured, run_configured
from tests.server.conftest import free_port
from tests.sync.conftest import Nodes


def test_backoff_doubles_while_offline_and_resets_after_a_success() -> None:
    backoff = Backoff(every_s=300, first_s=60, longest_s=1800)
    offline = Run([Outcome("server", offline=True)])
    assert [backoff.after(offline) for _ in range(7)] == [60, 120, 240, 480, 960, 1800, 1800]
    assert backoff.after(Run([Outcome("server", SyncReport())])) == 300
    assert backoff.after(offline) == 60
    # a refusal (say, a revoked PC) is not "offline": no hammering, no silence either
    assert backoff.after(Run([Outcome("server", error="吊销")])) == 300


def test_a_server_out_of_reach_does_not_stop_the_folder(nodes: Nodes, tmp_path: Path) -> None:
    a = nodes.make("a")
    assert not configured(a, None)
    save_server_config(a, ServerConfig(f"http://127.0.0.1:{free_port()}", "t" * 40))
    assert configured(a, None)
    folder = tmp_path / "share"
    folder.mkdir()
    run = run_configured(a, folder)
    server, by_folder = run.outcomes
    assert server.transport == "server" and server.offline and "无法连接" in server.error
    assert by_folder.transport == "folder" and by_folder.ok
    assert not run.offline and run.sent > 0
    unplugged = run_configured(a, tmp_path / "stick")
    assert unplugged.offline, "neither the server nor the stick is there"
