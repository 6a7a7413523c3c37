"""The HQ server on PostgreSQL over real HTTP: ingest, serve, and 200 sites syncing at once.

A real server (``create_app`` under uvicorn on a free port) over a fresh PostgreSQL database
made for the run and dropped after it. The server runs as ``sitedesk serve --workers N``
does — N processes accepting on one socket, N the machine's cores (``BENCH_SERVER_WORKERS``)
— apart from the simulated PCs, whose Python work must not take the server's interpreter
lock. On a small machine they still share its cores with the server and the database. The
PCs are SQLite files enrolled at the server over HTTP.

1. Ingest: a site PC holds 100,000 changes (worker records). Its bundles for both of its
   streams (its site's, with the records, and the shared one, with only their digests) are
   built before the clock starts; the figure is the POSTs to ``/api/v1/sync/push`` with the
   PC's bearer token, i.e. what the server does for a push: verify and store. The server
   runs with ``apply_in_background=False``: merging into its own tables is the background
   applier's work, after the push has been answered. Baseline: a plain INSERT of the same
   bundle bytes into a bytea table of the same database, one transaction per bundle, right
   after each ingest. ``BENCH_SERVER_RUNS`` (3) ingests, a PC each; the target is judged on
   the median.
2. Serve: a second PC of the same site pulls the first ingest's changes
   (``/api/v1/sync/pull`` from an empty cursor, moved by the frames received, until
   ``X-SiteDesk-More`` is not 1), applying nothing while timed; applying them afterwards is
   timed apart. Baseline: the same bytes read back from that bytea table.
3. 200 simulated sites, one PC each (and one more for the baseline), run from 200 threads
   released at once by a barrier. A simulated site makes the calls ``sync_server`` makes —
   pull until the server says there is no more (the first answer brings the sync state;
   another site's bundle that holds nothing for it comes as its stub), then its bundles
   pushed several to a call, each call through the app's own ``call`` (one dropped on a
   kept-alive connection the server closed goes again once) — with its own PC's
   credentials and bundles (built and framed from its real journal before the round) and
   receives every frame in full, but applies nothing: applying is each PC's own work, on
   its own CPU, which 200 PCs cannot share with the server on one machine. For the same
   reason the frames of a pull's last answer are read (the cursor moved past them) after
   the round; the median time a PC took to read them is printed beside the round. First
   their first sync (each gets HQ's data built for its own site; no target), then
   ``BENCH_SERVER_RUNS`` (3) rounds of: every PC records 20 more requests, 200
   ``GET /healthz`` released the same way (the round's baseline, right before it), and
   their next sync, whose wall times are the target: 20 changes pushed, the other 199
   sites' new bundles pulled. The target is judged on the median of the rounds' p95. Then
   a few real PCs, one at a time, run a whole ``sync_server``, applying what the other
   sites sent since they enrolled: the PC's own share of a sync. Each site's HTTP client is
   made before the barrier (making one loads the CA bundle: 30 ms of CPU on each PC, not 6 s
   on one), and what the simulating process holds before a round (every PC's database) is
   kept out of its garbage collection: one full collection of it stopped all 200 simulated
   PCs for 0.6 s. Another baseline: one site's first whole sync alone. A round still
   running after 90 s is not waited for: the server is stopped, the unfinished runs count
   as slower than any, and p95 prints as "> cap". The server's rate limit per PC is raised
   (10,000 calls, 10,000/s).

4. A pull over a long history: the server keeps every bundle it stored, so after months a
   stream holds hundreds of them; a site's pull must cost what it sends, not what is kept.
   200 senders with 500 bundles each in their shared stream, a site lacking the last of
   each, ``Hub.pull`` in process; baseline, the same pull with only those bundles stored.

This machine's speed changes from minute to minute (by up to 2×), so every timed part that
has a target runs several times, each beside a baseline measured in the same minute.

Targets: ingest ≥ 25,000 changes/s; 200 syncs at once p95 < 2 s.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import re
import shutil
import socket
import ssl
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, delete, insert, select, text

from app import __version__
from app.server.api import create_app
from app.server.hub import Caller, Hub
from app.server.limits import RateLimit
from app.server.run import serve
from app.store.database import Database
from app.store.journal import new_id, read_head
from app.store.models import Peer, ServerNode, StoredBundle, Worker
from app.store.requests import RequestInput, add_request
from app.store.sites import FirstUser, add_site, init_node
from app.store.users import login
from app.sync import bundle as bundles
from app.sync import outbox, wire
from app.sync.apply import Pipeline, apply_bundle
from app.sync.http import (
    PUSH_CALL_BYTES,
    TIMEOUT,
    ServerConfig,
    call,
    save_server_config,
    server_config,
    sync_server,
)
from app.sync.keys import (
    SHARED,
    ensure_keys,
    import_project,
    private_hex,
    public_hex,
    site_audience,
)
from bench import fresh_database, median_ms
from bench.journal_overhead import make_inputs

ROWS = int(os.environ.get("BENCH_SERVER_ROWS", "100000"))
SITES = int(os.environ.get("BENCH_SERVER_SITES", "200"))
REQUESTS = 11  # with the 9 changes of a PC's setup: 20 changes to send
INGEST_TARGET = 25_000
P95_TARGET_S = 2.0
# a round is not waited for longer than this (the run must stay within a few minutes)
SERVER_CAP_S = float(os.environ.get("BENCH_SERVER_CAP", "90"))
# server processes, as `sitedesk serve --workers N` runs them: one per core of this machine
WORKERS = int(os.environ.get("BENCH_SERVER_WORKERS", str(os.cpu_count() or 1)))
WHOLE_SYNCS = 5  # real PCs' whole syncs after the rounds, one at a time
# ingests and next-sync rounds, each beside its baseline measured right before or after it:
# this machine's speed changes from minute to minute; a target is judged on the median
RUNS = max(1, int(os.environ.get("BENCH_SERVER_RUNS", "3")))
HISTORY = int(os.environ.get("BENCH_SERVER_HISTORY", "500"))  # bundles kept per stream (part 4)
ADMIN, PASSWORD = "admin", "correct-horse"
ROOT = Path(__file__).resolve().parent.parent


# --- PostgreSQL ----------------------------------------------------------------------------


def pg_admin_url() -> str:
    for name in ("SITEDESK_BENCH_PG_URL", "SITEDESK_TEST_PG_URL"):
        url = os.environ.get(name, "").strip()
        if url:
            return url
    done = subprocess.run(
        ["bash", "scripts/ensure-postgres"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


# --- the server and its PCs ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_server(url: str, port: int, rate: tuple[float, float] | None, log: str) -> None:
    """The server process, its output to ``log``; the administrator's login opens the vault
    (enrolment hands out the project's data key)."""
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.dup2(out, 1)
    os.dup2(out, 2)
    db = Database.open(url)
    login(db, ADMIN, PASSWORD)
    limit = RateLimit(*rate) if rate is not None else None
    serve(
        db,
        host="127.0.0.1",
        port=port,
        workers=WORKERS,
        log_level="warning",
        make_app=lambda database: create_app(database, apply_in_background=False, node_rate=limit),
        lifespan="on",
    )


class ServerProcess:
    """uvicorn over the HQ database in a process of its own, on a fixed port (the PCs keep
    its address), which can be stopped and started again."""

    def __init__(self, url: str, rate: tuple[float, float] | None, log: Path) -> None:
        self.db_url = url
        self.rate = rate
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> None:
        process = multiprocessing.get_context("spawn").Process(
            target=run_server, args=(self.db_url, self.port, self.rate, str(self.log)), daemon=True
        )
        process.start()
        self.process = process
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.url}/healthz", timeout=5).raise_for_status()
                return
            except httpx.HTTPError:
                if time.monotonic() > deadline or not process.is_alive():
                    self.stop()
                    raise RuntimeError("the bench server did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()  # uvicorn shuts down on SIGTERM, after what is in flight
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()

    def errors(self) -> tuple[int, str]:
        """How many requests failed inside the server (answered 500), and the first error."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        first = next((line for line in text.splitlines() if _EXCEPTION.match(line)), "")
        return text.count("server: unexpected error"), first


_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Timeout)\w*: ")


def make_hq(url: str, sites: dict[str, str]) -> Database:
    db = Database.open(url)
    init_node(
        db,
        site_code="XMB",
        site_name="项目部",
        kind="hq",
        admin=FirstUser(ADMIN, "管理员", PASSWORD),
    )
    actor = login(db, ADMIN, PASSWORD)
    with db.write(actor.username) as unit:
        for code, name in sites.items():
            add_site(unit, actor, code, name, "13800138000")
    return db


@dataclass
class Live:
    server: ServerProcess
    hub: Hub
    root: Path
    template: Path
    nodes: list[Database] = field(default_factory=list)

    def enrol(self, name: str, site: str, http: httpx.Client) -> Database:
        """A new PC of ``site``, enrolled over HTTP with a one-time code made at HQ: the steps
        of app.sync.enrol.enrol, without a first user (whose scrypt password hash costs 0.2 s
        of CPU a PC, 40 s for 200, and plays no part in sync)."""
        made = self.hub.create_enrolment(site)
        path = self.root / f"{name}.sqlite3"
        shutil.copyfile(self.template, path)  # an empty database at the current schema
        db = Database.open(f"sqlite:///{path}")
        self.nodes.append(db)
        node_id, key = new_id(), Ed25519PrivateKey.generate()
        answer = http.post(
            f"{self.url}/api/v1/enrol",
            json={
                "token": made.token,
                "node_id": node_id,
                "public_key": public_hex(key.public_key()),
                "name": name,
                "app_version": __version__,
            },
        )
        answer.raise_for_status()
        value = answer.json()
        import_project(db, orjson.dumps(value["project"]))
        init_node(
            db,
            site_code=value["site"]["code"],
            site_name=value["site"]["name"],
            tag=value["tag"],
            identity=(node_id, private_hex(key)),
        )
        save_server_config(db, ServerConfig(self.url, value["token"], value["server"]["node_id"]))
        return db

    @property
    def url(self) -> str:
        return self.server.url


@contextmanager
def live_server(
    root: Path, admin_url: str, sites: dict[str, str], rate: tuple[float, float] | None = None
) -> Iterator[Live]:
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(admin_url))
        db = make_hq(url, sites)
        stack.callback(db.close)
        server = ServerProcess(url, rate, root / f"server-{uuid.uuid4().hex[:8]}.log")
        server.start()
        stack.callback(server.stop)
        template = root / "template.sqlite3"
        if not template.exists():
            Database.open(f"sqlite:///{template}").close()
        live = Live(server, Hub(db), root, template)
        try:
            yield live
        finally:
            for node in live.nodes:
                node.close()


def node_headers(db: Database) -> dict[str, str]:
    """What HttpSync sends with every call."""
    config = server_config(db)
    assert config is not None
    with db.engine.connect() as conn:
        head = read_head(conn, db.local_node().node_id).seq
    return {
        "Authorization": f"Bearer {config.token}",
        wire.HEAD: str(head),
        wire.CLOCK: str(int(time.time() * 1000)),
        wire.VERSION: __version__,
        wire.SCHEMA: db.schema_revision(),
    }


def head_of(db: Database) -> int:
    with db.engine.connect() as conn:
        return read_head(conn, db.local_node().node_id).seq


def show_round(label: str, round_: Round, tail: str = "") -> None:
    print(f"    {label:<52}p95 {round_.show(round_.p95())}   max {round_.show(round_.max())}{tail}")
    if round_.unfinished:
        print(
            f"      {round_.unfinished} of {len(round_.times)} not finished at {round_.cap_s:.0f} s"
        )
    if round_.errors:
        print(f"      {len(round_.errors)} failed, first: {round_.errors[0].splitlines()[0][:200]}")


def show_calls(round_: Round) -> None:
    print(
        "      per call p95: "
        + ", ".join(f"{k} {_p95(v):.2f} s" for k, v in round_.calls.items() if v)
        + f" (of {', '.join(f'{len(v)} {k}' for k, v in round_.calls.items())} answered)"
    )


def _p95(values: list[float]) -> float:
    """Nearest rank: a time some run took (or inf, for one not waited for)."""
    return sorted(values)[math.ceil(0.95 * len(values)) - 1]


# --- 1 and 2: ingest and serve -------------------------------------------------------------


@dataclass
class Flow:
    changes: int = 0  # in the pushing PC's journal
    bundles: int = 0
    size: int = 0
    build_s: float = 0.0
    pushes: list[tuple[float, float]] = field(default_factory=list)  # push s, plain insert s
    served: int = 0  # changes in the frames pulled
    pulls: int = 0
    pull_bytes: int = 0
    pull_s: float = 0.0
    read_s: float = 0.0
    applied: int = 0
    apply_s: float = 0.0
    server_errors: tuple[int, str] = (0, "")


def ingest_and_serve(root: Path, admin_url: str) -> Flow:
    flow = Flow()
    with (
        live_server(root, admin_url, {"GQ2": "二工区"}) as live,
        httpx.Client(timeout=TIMEOUT) as http,
    ):
        pushers = [live.enrol(f"gq2-a{k}", "GQ2", http) for k in range(RUNS)]
        b = live.enrol("gq2-b", "GQ2", http)
        inputs = make_inputs(ROWS)
        _ingest(live, http, pushers[0], inputs, 0, flow)

        frames: list[tuple[dict[str, str], bytes]] = []
        have: dict[str, int] = {}
        headers = node_headers(b)
        start = time.perf_counter()
        while True:
            answer = http.post(f"{live.url}/api/v1/sync/pull", json={"have": have}, headers=headers)
            answer.raise_for_status()
            flow.pulls += 1
            flow.pull_bytes += len(answer.content)
            got = wire.decode_frames(answer.content)
            for sender, data in got:
                header = bundles.read_header(data)
                have[sender["node_id"]] = header.seq_to
                flow.served += header.seq_to - header.seq_from + 1
            frames += got
            if answer.headers.get(wire.MORE) != "1":
                break
        flow.pull_s = time.perf_counter() - start

        start = time.perf_counter()
        with Pipeline(b) as pipeline:  # as the PC's sync does: the next decoded meanwhile
            for n, (sender, data) in enumerate(frames):
                if n + 1 < len(frames):
                    following, ahead = frames[n + 1]
                    same = following["node_id"] == sender["node_id"]
                    pipeline.prefetch(ahead, following["public_key"], data if same else None)
                info = {
                    k: sender.get(k, "") for k in ("site_id", "kind", "tag", "name", "app_version")
                }
                info["schema"] = sender.get("schema", "")
                result = apply_bundle(
                    b, data, public_key=sender["public_key"], peer_info=info, pipeline=pipeline
                )
                if result.missing or result.held:
                    raise RuntimeError(f"a pulled bundle did not apply: {result}")
                flow.applied += result.applied
        flow.apply_s = time.perf_counter() - start
        for run, a in enumerate(pushers[1:], 1):  # the other ingests, after the serve
            _ingest(live, http, a, inputs, run, flow)
        flow.server_errors = live.server.errors()
    return flow


def _ingest(
    live: Live, http: httpx.Client, a: Database, inputs: list[dict[str, Any]], run: int, flow: Flow
) -> None:
    """One ingest: PC ``a`` records ``inputs``, its bundles are built (untimed) and pushed
    (timed); the plain insert of the same bytes follows right after."""
    with a.write("bench") as unit:
        unit.journal.insert_many(Worker, inputs)
    keys = ensure_keys(a)
    flow.changes = head_of(a)
    start = time.perf_counter()
    built = [
        outbox.build(a, keys, audience, seq_from, seq_to)
        for audience in outbox.audiences(a)
        for seq_from, seq_to in outbox.chunks(1, flow.changes)
    ]
    flow.build_s = time.perf_counter() - start
    flow.bundles = len(built)
    flow.size = sum(len(data) for data in built)
    headers = {**node_headers(a), "Content-Type": wire.BUNDLE_TYPE}
    start = time.perf_counter()
    for data in built:
        answer = http.post(f"{live.url}/api/v1/sync/push", content=data, headers=headers)
        answer.raise_for_status()
        if not answer.json()["stored"]:
            raise RuntimeError(f"the server did not store a bundle: {answer.text}")
    push_s = time.perf_counter() - start
    mine = site_audience(a.local_node().site_id)
    plain_s, read_s = plain_bytes(live.hub.db, built, mine, run)
    flow.pushes.append((push_s, plain_s))
    if run == 0:
        flow.read_s = read_s


def plain_bytes(
    db: Database, built: list[bytes], audience: str, run: int = 0
) -> tuple[float, float]:
    """The baselines: the same bytes into a bytea table (one per run), one transaction per
    bundle; and the bundles of one stream read back."""
    engine = create_engine(db.engine.url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    f"CREATE TABLE bench_plain_{run}"
                    " (id bigserial PRIMARY KEY, audience text NOT NULL, data bytea NOT NULL)"
                )
            )
        rows = [{"audience": bundles.read_header(data).audience, "data": data} for data in built]
        start = time.perf_counter()
        for row in rows:
            with engine.begin() as conn:
                conn.execute(
                    text(
                        f"INSERT INTO bench_plain_{run} (audience, data) VALUES (:audience, :data)"
                    ),
                    row,
                )
        insert_s = time.perf_counter() - start
        start = time.perf_counter()
        with engine.connect() as conn:
            back = (
                conn.execute(
                    text(f"SELECT data FROM bench_plain_{run} WHERE audience = :a ORDER BY id"),
                    {"a": audience},
                )
                .scalars()
                .all()
            )
        read_s = time.perf_counter() - start
        assert back
        return insert_s, read_s
    finally:
        engine.dispose()


# --- 3: many sites at once -----------------------------------------------------------------


@dataclass
class Round:
    """Wall times of a round started at once; ``None`` for a run that failed or was still
    going at the cap (it counts as slower than every finished one)."""

    cap_s: float
    times: list[float | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unfinished: int = 0
    calls: dict[str, list[float]] = field(default_factory=dict)  # per call, when recorded

    def p95(self) -> float:
        return _p95([math.inf if t is None else t for t in self.times])

    def max(self) -> float:
        done = [t for t in self.times if t is not None]
        return math.inf if self.unfinished or not done else max(done)

    def show(self, value: float) -> str:
        if not math.isinf(value):
            return f"{value:6.2f} s"
        return f"> {self.cap_s:3.0f} s" if self.unfinished else "  failed"


def at_once(
    count: int, work: Callable[[int, threading.Event], None], cap_s: float, stop: Callable[[], None]
) -> Round:
    """``work(i, cancelled)`` in ``count`` threads released together. Those still running
    ``cap_s`` after the release are not waited for: ``cancelled`` is set and ``stop`` (the
    server) makes their calls fail; they count as unfinished."""
    released, cancelled = threading.Event(), threading.Event()
    barrier = threading.Barrier(count, action=released.set)
    result = Round(cap_s, [None] * count)

    def run(i: int) -> None:
        barrier.wait()
        start = time.perf_counter()
        try:
            work(i, cancelled)
        except Exception as exc:
            if not cancelled.is_set():
                result.errors.append(f"{type(exc).__name__}: {exc}")
            return
        if not cancelled.is_set():
            result.times[i] = time.perf_counter() - start

    # This one interpreter holds every simulated PC's database (900,000 objects, where a
    # real PC's holds its own): a full collection during the round would scan them all,
    # 0.6 s with the interpreter lock held and every simulated PC stopped. What exists now
    # is kept out of collections (after one, untimed, for what is garbage already).
    gc.collect()
    gc.freeze()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    released.wait()
    deadline = time.monotonic() + cap_s
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() for t in threads):
        cancelled.set()
        result.unfinished = sum(t.is_alive() for t in threads)
        stop()
        for t in threads:
            t.join()
    return result


def add_requests(db: Database, n: int) -> None:
    tag = db.local_node().tag
    with db.write("clerk") as unit:
        for k in range(n):
            add_request(
                unit,
                RequestInput(
                    channel="phone", category_code="wages", description=f"三月工资未发 {k}"
                ),
                node_tag=tag,
            )


@dataclass
class Burst:
    sites: int = 0
    changes: int = 0  # sent in a timed round, all sites
    setup_s: float = 0.0
    alone_s: float = 0.0
    first: Round = field(default_factory=lambda: Round(0))
    # each next-sync round, with the healthz round run right before it as its baseline, and
    # the frames all sites received in it
    rounds: list[tuple[Round, Round, int]] = field(default_factory=list)
    reads: list[float] = field(default_factory=list)  # per round: a PC's reading, median s
    whole: list[tuple[float, int]] = field(default_factory=list)  # real PCs: time, bundles
    server_errors: tuple[int, str] = (0, "")


def many_sites(root: Path, admin_url: str) -> Burst:
    burst = Burst(sites=SITES)
    codes = {f"S{i:03d}": f"{i}号工区" for i in range(SITES + 1)}
    started = time.perf_counter()
    tls = ssl.create_default_context()  # one for all: each client would load the CAs again
    with (
        live_server(root, admin_url, codes, rate=(10_000, 10_000)) as live,
        ExitStack() as stack,
    ):
        clients = [stack.enter_context(httpx.Client(timeout=TIMEOUT, verify=tls)) for _ in codes]
        nodes = [live.enrol(f"pc-{code}", code, clients[0]) for code in codes]
        alone, crowd, first, clients = nodes[0], nodes[1:], clients[0], clients[1:]
        add_requests(alone, REQUESTS)
        calls = [
            server_calls(node, client, live.url)
            for node, client in zip(crowd, clients, strict=True)
        ]
        burst.setup_s = time.perf_counter() - started

        start = time.perf_counter()
        sync_server(alone, server_config(alone), client=first)
        burst.alone_s = time.perf_counter() - start

        def healthz(i: int, _cancelled: threading.Event) -> None:
            call(clients[i], "GET", f"{live.url}/healthz").raise_for_status()  # as the app calls

        timings: dict[str, list[float]] = {}

        def first_sync(i: int, _cancelled: threading.Event) -> None:
            calls[i].run(live.url, clients[i], timings)

        burst.first = at_once(len(crowd), first_sync, SERVER_CAP_S, live.server.stop)
        for site_calls in calls:
            site_calls.settle()
        burst.first.calls, timings = timings, {}

        def next_sync(i: int, _cancelled: threading.Event) -> None:
            calls[i].run(live.url, clients[i], timings)

        # the rounds with the target: 20 new changes on every PC, everyone's next sync; the
        # baseline round of GET /healthz right before each
        for _ in range(RUNS):
            if live.server.process is None:
                live.server.start()
            for site_calls, node, client in zip(calls, crowd, clients, strict=True):
                add_requests(node, 20)
                site_calls.prepare(node, client, live.url)
            burst.changes = 20 * len(crowd)
            base = at_once(len(crowd), healthz, SERVER_CAP_S, live.server.stop)
            if live.server.process is None:
                live.server.start()
            timings = {}
            timed = at_once(len(crowd), next_sync, SERVER_CAP_S, live.server.stop)
            timed.calls = timings
            reads = []
            for site_calls in calls:
                start = time.perf_counter()
                site_calls.settle()
                reads.append(time.perf_counter() - start)
            burst.rounds.append((base, timed, sum(c.received for c in calls)))
            burst.reads.append(statistics.median(reads))
        burst.server_errors = live.server.errors()

        # real PCs, one at a time after the rounds: a whole sync_server, the frames applied
        if live.server.process is None:
            live.server.start()
        for node, client in list(zip(crowd, clients, strict=True))[:WHOLE_SYNCS]:
            start = time.perf_counter()
            report = sync_server(node, server_config(node), client=client)
            took = time.perf_counter() - start
            for rep in report.nodes:
                if rep.error or rep.missing or rep.held:
                    raise RuntimeError(f"from {rep.node_id}: {rep.error or rep.missing}")
            burst.whole.append((took, sum(rep.bundles for rep in report.nodes)))
    return burst


@dataclass
class Calls:
    """One PC's sync as the server sees it, prepared: the bundles it pushes (framed for
    their calls beforehand), and its cursor, moved by the frames it receives (not applied).

    The simulated PCs share this machine's cores with the server, and their Python work
    takes one interpreter lock: what a real PC does on its own CPU once an answer is in,
    reading its frames, is left until the round is over (:meth:`settle`) — unless the
    server said there is more, when the next pull needs the cursor they move."""

    headers: dict[str, str]
    pushes: list[bytes]  # push-many bodies, a call each
    have: dict[str, int]
    received: int = 0  # frames, in the last run
    unread: list[bytes] = field(default_factory=list)  # pulled answers not read yet

    def prepare(self, db: Database, client: httpx.Client, url: str) -> None:
        """The bundles of the PC's next sync: its journal beyond the server's heads."""
        self.headers = node_headers(db)
        state = call(client, "GET", f"{url}/api/v1/sync/state", headers=self.headers)
        state.raise_for_status()
        heads: dict[str, int] = state.json()["heads"]
        head = head_of(db)
        keys = ensure_keys(db)
        built = [
            outbox.build(db, keys, audience, seq_from, seq_to)
            for audience in outbox.audiences(db)
            for seq_from, seq_to in outbox.chunks(heads.get(audience, 0) + 1, head)
        ]
        self.pushes = [
            wire.encode_frames(iter([({}, data) for data in group])) for group in push_groups(built)
        ]

    def settle(self) -> None:
        """Read the frames pulled in the last run: the cursor moves past them."""
        for content in self.unread:
            self._read(content)
        self.unread = []

    def _read(self, content: bytes) -> None:
        for sender, data in wire.decode_frames(content):
            self.have[sender["node_id"]] = bundles.read_header(data).seq_to
            self.received += 1

    def run(self, url: str, client: httpx.Client, timings: dict[str, list[float]]) -> None:
        def timed(kind: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
            start = time.perf_counter()
            answer = call(client, method, f"{url}{path}", **kwargs)  # as the app calls
            timings.setdefault(kind, []).append(time.perf_counter() - start)
            return answer

        self.received = 0
        first = True
        while True:  # the first answer brings the sync state too
            answer = timed(
                "pull",
                "POST",
                "/api/v1/sync/pull",
                json={"have": self.have, "state": first, "stubs": True},
                headers=self.headers,
            )
            if first and wire.STATE not in answer.headers:
                raise RuntimeError("the server did not answer the sync state with the pull")
            first = False
            if answer.headers.get(wire.MORE) != "1":
                self.unread.append(answer.content)
                break
            self._read(answer.content)  # the next pull asks from past these
        for body in self.pushes:
            timed(
                "push",
                "POST",
                "/api/v1/sync/push-many",
                content=body,
                headers={**self.headers, "Content-Type": wire.FRAMES_TYPE},
            )


def push_groups(pushes: list[bytes]) -> Iterator[list[bytes]]:
    """The bundles of a sync in calls of at most PUSH_CALL_BYTES, as HttpSync sends them."""
    group: list[bytes] = []
    for data in pushes:
        if group and sum(map(len, group)) + len(data) > PUSH_CALL_BYTES:
            yield group
            group = []
        group.append(data)
    if group:
        yield group


def server_calls(db: Database, client: httpx.Client, url: str) -> Calls:
    """A few new requests on the PC, and the calls of its next sync, prepared."""
    add_requests(db, REQUESTS)
    with db.engine.connect() as conn:
        have = {n: s for n, s in conn.execute(select(Peer.node_id, Peer.applied_seq)).all()}
    calls = Calls({}, [], have)
    calls.prepare(db, client, url)
    return calls


# --- 4: a pull over a long history -------------------------------------------------------


@dataclass
class History:
    senders: int = 0
    stored: int = 0
    frames: int = 0
    pull_ms: float = 0.0
    plain_ms: float = 0.0


def pull_over_history(admin_url: str) -> History:
    """What a pull costs once the server has kept months of bundles: ``SITES`` senders with
    ``HISTORY`` bundles each in their shared stream (opaque bytes the size of a stub: the
    pull does not read them), and a site that holds all but the last of each, in process
    (``Hub.pull``). Baseline: the same pull once the server keeps only the bundles it sends."""
    found = History(senders=SITES)
    with fresh_database(admin_url) as url:
        db = make_hq(url, {"S000": "0号工区"})
        try:
            hub = Hub(db)
            puller = Caller(new_id(), "puller-site", "site", "0" * 64)
            senders = [new_id() for _ in range(SITES)]
            now = datetime.now(UTC)
            with db.engine.begin() as conn:
                conn.execute(
                    insert(ServerNode),
                    [
                        {
                            "node_id": n,
                            "site_id": f"site-{i}",
                            "kind": "site",
                            "name": f"pc-{i}",
                            "public_key": "0" * 64,
                            "token_hash": uuid.uuid4().hex,
                            "enrolled_at": now,
                            "reported_head": 0,
                            "last_error": "",
                            "app_version": __version__,
                            "schema_rev": db.schema_revision(),
                        }
                        for i, n in enumerate([puller.node_id, *senders])
                    ],
                )
                stub = os.urandom(600)
                for n in senders:
                    conn.execute(
                        insert(StoredBundle),
                        [
                            {
                                "node_id": n,
                                "audience": SHARED,
                                "seq_from": k * 20 + 1,
                                "seq_to": k * 20 + 20,
                                "schema_rev": "",
                                "received_at": now,
                                "data": stub,
                                "stub": stub,
                            }
                            for k in range(HISTORY)
                        ],
                    )
                conn.execute(text("ANALYZE"))
            found.stored = SITES * HISTORY
            have = {n: (HISTORY - 1) * 20 for n in senders}
            found.frames = len(hub.pull(puller, have, stubs=True).frames)
            found.pull_ms = median_ms(lambda: hub.pull(puller, have, stubs=True))
            with db.engine.begin() as conn:  # the baseline: only what the pull sends is kept
                conn.execute(delete(StoredBundle).where(StoredBundle.seq_to <= (HISTORY - 1) * 20))
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM FULL ANALYZE stored_bundle"))
            found.plain_ms = median_ms(lambda: hub.pull(puller, have, stubs=True))
        finally:
            db.close()
    return found


# --- the run -------------------------------------------------------------------------------


def main() -> bool:
    admin_url = pg_admin_url()
    with tempfile.TemporaryDirectory(prefix="sitedesk-server-bench-") as tmp:
        root = Path(tmp)
        flow = ingest_and_serve(root, admin_url)
        burst = many_sites(root, admin_url)
    history = pull_over_history(admin_url)

    ingests = [flow.changes / push_s for push_s, _ in flow.pushes]
    ingest = statistics.median(ingests)
    ingest_ok = ingest >= INGEST_TARGET
    p95s = [timed.p95() for _, timed, _ in burst.rounds]
    p95 = statistics.median(p95s)
    burst_ok = p95 < P95_TARGET_S and not any(
        timed.errors or timed.unfinished for _, timed, _ in burst.rounds
    )
    mb = flow.size / 1e6
    n = burst.sites
    print(
        f"[server] HQ server on PostgreSQL over HTTP ({WORKERS} server processes, as"
        f" `sitedesk serve --workers {WORKERS}`, apart from the PCs' process), {__version__}"
    )
    print(
        f"  ingest: a site PC's {flow.changes:,} changes, {flow.bundles} bundles for its 2 streams"
        f" ({mb:.1f} MB, built beforehand in {flow.build_s:.1f} s); {len(ingests)} runs, a PC each"
    )
    for k, (push_s, plain_s) in enumerate(flow.pushes, 1):
        print(
            f"    run {k}: POST /sync/push, verify + store (applier off) {push_s:6.3f} s"
            f" {flow.changes / push_s:8,.0f} changes/s; plain INSERT of the bytes into a bytea"
            f" table right after (baseline) {plain_s:6.3f} s {flow.changes / plain_s:8,.0f} changes/s"
        )
    print(
        f"    ingest, median of {len(ingests)}{'':35}{ingest:10,.0f} changes/s"
        f"   target ≥ {INGEST_TARGET:,}   {'OK' if ingest_ok else 'MISSED'}"
    )
    print(
        f"  serve: a second PC of the site pulls the first run's {flow.served:,} changes"
        f" ({flow.pulls} pulls, {flow.pull_bytes / 1e6:.1f} MB)"
    )
    print(
        f"    plain SELECT of that stream's bytes (baseline)            {flow.read_s:7.3f} s"
        f"  {flow.changes / flow.read_s:10,.0f} changes/s"
    )
    print(
        f"    POST /sync/pull, nothing applied                          {flow.pull_s:7.3f} s"
        f"  {flow.served / flow.pull_s:10,.0f} changes/s   (no target)"
    )
    print(
        f"    applying them on that PC afterwards                       {flow.apply_s:7.3f} s"
        f"  {flow.applied / flow.apply_s:10,.0f} changes/s   (no target)"
    )
    print(
        f"  {n} sites, one PC each, all starting at once (a barrier); setup {burst.setup_s:.0f} s,"
        " untimed. Each site: pull until done (with the sync state), push, as sync_server calls them;"
    )
    print("    its bundles built beforehand, the frames it pulls received in full, not applied")
    print(f"    one site's first sync alone, whole sync_server (baseline) {burst.alone_s:6.2f} s")
    show_round("first sync (each HQ's data for its site; no target)", burst.first)
    show_calls(burst.first)
    for k, ((base, timed, frames), read_s) in enumerate(
        zip(burst.rounds, burst.reads, strict=True), 1
    ):
        print(
            f"    round {k}: {n} next syncs at once ({burst.changes:,} changes sent,"
            f" {frames:,} bundles received; reading them after the round, a PC's own work,"
            f" median {read_s * 1000:.1f} ms a PC)"
        )
        show_round(f"  {n} GET /healthz at once, right before (baseline)", base)
        show_round("  next sync", timed)
        show_calls(timed)
    print(
        f"    next sync, median of the {len(p95s)} rounds' p95{'':14}{p95:6.3f} s"
        f"   target p95 < {P95_TARGET_S:.0f} s   {'OK' if burst_ok else 'MISSED'}"
    )
    if burst.whole:
        times = sorted(t for t, _ in burst.whole)
        print(
            f"    then {len(times)} PCs' whole sync_server, one at a time, applying what the"
            f" other {n - 1} sites sent (~{burst.whole[0][1]} bundles each):"
            f" {times[0]:.2f}–{times[-1]:.2f} s"
        )
    print(
        f"  a pull over a long history: {history.senders} senders, {history.stored:,} bundles"
        f" stored, a site lacking the last of each ({history.frames} frames; Hub.pull, in process)"
    )
    print(
        f"    the same pull with only those bundles stored (baseline)   {history.plain_ms:7.1f} ms"
    )
    print(
        f"    the pull                                                  {history.pull_ms:7.1f} ms"
        "   (no target: it must not grow with the history)"
    )
    for part_name, (count, first) in (("1 and 2", flow.server_errors), ("3", burst.server_errors)):
        if count:
            print(f"  the server answered {count} request(s) of part {part_name} with 500: {first}")
    return ingest_ok and burst_ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
