"""The HQ server over HTTP (FastAPI): sync, enrolment, health and the QR request form.

Every answer that is not a page or a bundle is JSON; every refusal is
``{"error": {"code", "message" (Chinese), "message_en", ...}}`` with a fitting status.
The OpenAPI description is at ``/openapi.json``. Run behind a TLS proxy (see README).
"""

import gc
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, NamedTuple
from urllib.parse import parse_qs

import anyio.to_thread
import orjson
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import __version__
from app.domain.problems import DomainError, Problem, register_messages
from app.server import form as forms
from app.server.applier import Applier
from app.server.hub import Caller, Hub, HubError
from app.server.limits import RateLimit
from app.store.database import POOL_SIZE, Database
from app.store.journal import read_head
from app.sync import wire
from app.sync.bundle import BundleError

log = logging.getLogger(__name__)

MAX_PUSH_BYTES = 64 * 1024 * 1024
MAX_JSON_BYTES = 4 * 1024 * 1024
MAX_FORM_BYTES = 16 * 1024
MAX_SEQ = 2**62  # a change number; databases store 64-bit integers

register_messages(
    {
        "server.too_large": (
            "请求太大（上限 {limit} 字节）。",
            "The request is too large (limit {limit} bytes).",
        ),
        "server.rate": ("请求过于频繁，请稍后再试。", "Too many requests: retry later."),
        "server.invalid": ("请求内容不符合要求：{detail}", "The request is not valid: {detail}"),
        "server.not_found": ("没有这个地址。", "No such address."),
        "server.failed": (
            "服务器内部错误，已记录。请稍后再试。",
            "Internal server error (logged); retry later.",
        ),
        "server.hq_only": ("只有项目部节点可以查看。", "Only HQ nodes may read this."),
        "server.busy_db": (
            "服务器正忙，请稍后自动重试。",
            "The server is busy; retry shortly.",
        ),
    }
)

BUNDLE_STATUS = {
    "bundle.signature": 403,
    "bundle.foreign": 403,
    "bundle.key_changed": 403,
    "bundle.scope": 403,
}


def error_body(code: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    problem = Problem(code, params=params or {})
    return {
        "error": {
            "code": code,
            "message": problem.message("zh"),
            "message_en": problem.message("en"),
            **{k: v for k, v in (params or {}).items() if isinstance(v, int | str)},
        }
    }


def _binary_body(media_type: str) -> dict[str, Any]:
    """The OpenAPI description of a request body of raw bytes."""
    return {
        "requestBody": {
            "required": True,
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


def _error(status: int, code: str, **params: Any) -> JSONResponse:
    return JSONResponse(error_body(code, params), status_code=status)


class EnrolIn(BaseModel):
    token: str = Field(min_length=16, max_length=100)
    node_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    public_key: str = Field(pattern=r"^[0-9a-f]{64}$")
    name: str = Field(default="", max_length=200)
    app_version: str = Field(default="", max_length=20)


class SiteOut(BaseModel):
    id: str
    code: str
    name: str


class EnrolOut(BaseModel):
    node_id: str
    token: str
    kind: str
    tag: str
    site: SiteOut
    project: dict[str, Any]
    server: dict[str, str]


class PullIn(BaseModel):
    have: dict[Annotated[str, Field(max_length=36)], Annotated[int, Field(ge=0, le=MAX_SEQ)]] = (
        Field(default_factory=dict, max_length=10_000)
    )
    state: bool = Field(
        default=False,
        description="Also answer the caller's sync state, as GET /api/v1/sync/state does, "
        "as JSON in the X-SiteDesk-State header: a sync that pulls first needs no call for it.",
    )
    stubs: bool = Field(
        default=False,
        description="The caller reads bundle format 2 stubs: a bundle that carries nothing "
        "for the caller and starts right after what it holds of its sender is sent as its "
        "stub, the writer's signed header without the body (docs/bundle-format.md).",
    )


class Receipt(BaseModel):
    audience: str
    seq: int
    hash: str
    stored: bool


class PushManyOut(BaseModel):
    receipts: list[Receipt]


class StateOut(BaseModel):
    node_id: str
    server_node_id: str
    server_time_ms: int
    app_version: str
    schema_rev: str
    heads: dict[str, int]
    receipts: dict[str, int]


class HealthOut(BaseModel):
    node_id: str
    site_code: str
    kind: str
    name: str
    revoked: bool
    last_contact: str | None
    stored: int
    reported: int
    missing: list[int] | None
    drift_ms: int | None
    error: str
    app_version: str
    schema_rev: str


class ErrorOut(BaseModel):
    error: dict[str, Any]


ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorOut} for s in (400, 401, 403, 404, 409, 413, 422, 429, 503)
}


class Presented(NamedTuple):
    """A sync call's bearer token and the headers a node reports itself with, as sent."""

    token: str
    head: str
    clock: str
    version: str
    schema: str


def create_app(
    db: Database,
    *,
    attachments: Any = None,
    apply_in_background: bool = True,
    node_rate: RateLimit | None = None,
    form_rate: RateLimit | None = None,
    site_rate: RateLimit | None = None,
) -> FastAPI:
    """The server over ``db`` (an HQ node; its vault open for the form's sealed phones)."""
    hub = Hub(db)
    applier = Applier(db, attachments) if apply_in_background else None
    node_limit = node_rate or RateLimit(burst=120, per_second=4)
    ip_limit = form_rate or RateLimit(burst=5, per_second=1 / 120)  # 5, then one per 2 min
    area_limit = site_rate or RateLimit(burst=200, per_second=1 / 10)
    nonces = forms.Nonces(hashlib.sha256(b"sitedesk form " + hub.keys.project_key).digest())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # as many requests at once as the database pool has connections: one more would
        # wait for a connection inside a worker thread, and time out there
        anyio.to_thread.current_default_thread_limiter().total_tokens = POOL_SIZE
        # what exists now (modules, the app and its routes) lives as long as the process: a
        # full collection would scan it all again, 0.2 s holding the interpreter lock
        gc.freeze()
        if applier is not None:
            applier.start()
        yield
        if applier is not None:
            applier.stop()

    app = FastAPI(
        title="SiteDesk HQ server",
        version=__version__,
        description="Sync for SiteDesk nodes (bundles pushed and pulled), enrolment, "
        "sync health, and the QR request form for workers' phones.",
        lifespan=lifespan,
    )
    app.state.hub = hub
    app.state.applier = applier
    bearer = HTTPBearer(auto_error=False)

    @app.exception_handler(HubError)
    async def _hub_error(_r: Request, exc: HubError) -> JSONResponse:
        return _error(exc.status, exc.code, **exc.params)

    @app.exception_handler(BundleError)
    async def _bundle_error(_r: Request, exc: BundleError) -> JSONResponse:
        return _error(BUNDLE_STATUS.get(exc.code, 400), exc.code, **dict(exc.problem.params))

    @app.exception_handler(DomainError)
    async def _domain_error(_r: Request, exc: DomainError) -> JSONResponse:
        return _error(422, "server.invalid", detail=exc.message("zh"))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_r: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error(422, "server.invalid", detail=f"{where}: {first.get('msg', '')}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_r: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = "server.not_found" if exc.status_code == 404 else "server.invalid"
        return _error(exc.status_code, code, detail=str(exc.detail))

    @app.exception_handler(SQLAlchemyTimeoutError)
    async def _busy(_r: Request, exc: SQLAlchemyTimeoutError) -> JSONResponse:
        log.warning("server: no database connection free in time: %s", exc)
        answer = _error(503, "server.busy_db")
        answer.headers["Retry-After"] = "5"
        return answer

    @app.exception_handler(Exception)
    async def _failed(_r: Request, exc: Exception) -> JSONResponse:
        log.exception("server: unexpected error", exc_info=exc)
        return _error(500, "server.failed")

    async def presented(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Presented:
        """What a call says of its caller, not yet checked: no database work here, so the
        endpoint checks it in the worker thread it runs in anyway (one hop to a thread per
        call, not two)."""
        headers = request.headers
        return Presented(
            credentials.credentials if credentials else "",
            headers.get(wire.HEAD, ""),
            headers.get(wire.CLOCK, ""),
            headers.get(wire.VERSION, ""),
            headers.get(wire.SCHEMA, ""),
        )

    def caller(said: Presented) -> Caller:
        """The authenticated caller, within its rate, its call noted (database work: in a
        worker thread)."""
        who = hub.authenticate(said.token)
        if not node_limit.allow(who.node_id):
            raise HubError(429, "server.rate")
        hub.note_contact(
            who,
            head=int(said.head) if said.head.isdigit() else None,
            client_ms=int(said.clock) if said.clock.isdigit() else None,
            app_version=said.version,
            schema_rev=said.schema,
        )
        return who

    Authed = Annotated[Presented, Depends(presented)]  # noqa: N806 - a type alias

    # --- sync ----------------------------------------------------------------------------

    @app.post("/api/v1/enrol", response_model=EnrolOut, responses=ERRORS, tags=["enrolment"])
    def enrol(body: EnrolIn) -> dict[str, Any]:
        """Register a node with the key it made, using a one-time code from HQ."""
        return hub.enrol(
            body.token,
            node_id=body.node_id,
            public_key=body.public_key,
            name=body.name,
            app_version=body.app_version,
        )

    def state_of(who: Caller) -> dict[str, Any]:
        heads, receipts = hub.streams(who)
        return {
            "node_id": who.node_id,
            "server_node_id": hub.me.node_id,
            "server_time_ms": int(time.time() * 1000),
            "app_version": __version__,
            "schema_rev": db.schema_revision(),
            "heads": heads,
            "receipts": receipts,
        }

    @app.get("/api/v1/sync/state", response_model=StateOut, responses=ERRORS, tags=["sync"])
    def state(said: Authed) -> dict[str, Any]:
        """How far the server holds each of the caller's streams, and who holds what of its
        changes: the caller pushes from there and counts what is confirmed."""
        return state_of(caller(said))

    @app.post(
        "/api/v1/sync/push",
        response_model=Receipt,
        responses=ERRORS,
        tags=["sync"],
        openapi_extra=_binary_body(wire.BUNDLE_TYPE),
    )
    async def push(request: Request, said: Authed) -> Any:
        """One signed bundle of the caller's changes, starting right after the server's
        head for its stream. A bundle the server holds already is answered as stored."""
        who = await run_in_threadpool(caller, said)  # before the body is read
        data = await _read_limited(request, MAX_PUSH_BYTES)
        result = await run_in_threadpool(hub.push, who, data)
        if applier is not None and result["stored"]:
            applier.wake()
        return result

    @app.post(
        "/api/v1/sync/push-many",
        response_model=PushManyOut,
        responses=ERRORS,
        tags=["sync"],
        openapi_extra=_binary_body(wire.FRAMES_TYPE),
    )
    async def push_many(request: Request, said: Authed) -> Any:
        """Several bundles of the caller's changes in one call, as frames (their JSON parts
        are not read), each taken in order as /sync/push takes one. A refusal answers as
        /sync/push would; the bundles before it are stored."""
        who = await run_in_threadpool(caller, said)  # before the body is read
        body = await _read_limited(request, MAX_PUSH_BYTES)
        try:
            frames = wire.decode_frames(body)
        except wire.WireError as exc:
            raise HubError(422, "server.invalid", detail=str(exc)) from exc

        def take_all() -> list[dict[str, Any]]:
            return [hub.push(who, data) for _meta, data in frames]

        results = await run_in_threadpool(take_all)
        if applier is not None and any(r["stored"] for r in results):
            applier.wake()
        return {"receipts": results}

    @app.post(
        "/api/v1/sync/pull",
        responses={
            **ERRORS,
            200: {
                "content": {wire.FRAMES_TYPE: {"schema": {"type": "string", "format": "binary"}}},
                "description": "Frames: sender JSON and bundle, each length-prefixed.",
            },
        },
        response_class=Response,
        tags=["sync"],
    )
    def pull(body: PullIn, said: Authed) -> Response:
        """The bundles the caller lacks. ``have`` is what it holds of each sender (its own
        cursor); ``X-SiteDesk-More: 1`` says to pull again."""
        who = caller(said)
        result = hub.pull(who, body.have, stubs=body.stubs)
        payload = wire.encode_frames(result.frames)
        headers = {wire.MORE: "1" if result.more else "0"}
        if body.state:
            headers[wire.STATE] = orjson.dumps(state_of(who)).decode()
        return Response(payload, media_type=wire.FRAMES_TYPE, headers=headers)

    @app.get("/api/v1/health", response_model=list[HealthOut], responses=ERRORS, tags=["health"])
    def health(said: Authed) -> list[dict[str, Any]]:
        """Sync health of every enrolled node (HQ nodes only)."""
        who = caller(said)
        if who.kind != "hq":
            raise HubError(403, "server.hq_only")
        return [
            {
                "node_id": h.node_id,
                "site_code": h.site_code,
                "kind": h.kind,
                "name": h.name,
                "revoked": h.revoked,
                "last_contact": h.last_contact.isoformat() if h.last_contact else None,
                "stored": h.stored,
                "reported": h.reported,
                "missing": list(h.missing) if h.missing else None,
                "drift_ms": h.drift_ms,
                "error": h.error,
                "app_version": h.app_version,
                "schema_rev": h.schema_rev,
            }
            for h in hub.health()
        ]

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, Any]:
        """For a proxy or a monitor: the server answers and its database does."""
        with db.engine.connect() as conn:
            head = read_head(conn, hub.me.node_id).seq
        return {"ok": True, "version": __version__, "head": head}

    # --- the QR form -----------------------------------------------------------------------

    def _html(text: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(
            text,
            status_code=status,
            headers={
                "Cache-Control": "no-store",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff",
            },
        )

    @app.get("/f/{code}", response_class=HTMLResponse, tags=["form"])
    def form_page(code: str) -> HTMLResponse:
        """The request form of one work area (the QR code on its posters)."""
        site = forms.find_site(db, code)
        if site is None:
            return _html(forms.render_missing(), 404)
        return _html(forms.render_form(site, forms.categories(db), nonces.issue()))

    @app.post("/f/{code}", response_class=HTMLResponse, tags=["form"])
    async def form_submit(code: str, request: Request) -> HTMLResponse:
        site = forms.find_site(db, code)
        if site is None:
            return _html(forms.render_missing(), 404)
        raw = await _read_limited(request, MAX_FORM_BYTES)
        fields = _form_fields(raw)
        submission = forms.Submission(
            category=fields("category"),
            description=fields("description"),
            contact_name=fields("contact_name"),
            contact_phone=fields("contact_phone"),
            work_point=fields("work_point"),
            anonymous=fields("anonymous") in ("1", "on", "true"),
            nonce=fields("nonce"),
            website=fields("website"),
        )
        address = request.client.host if request.client else "?"
        if not ip_limit.allow(address) or not area_limit.allow(site.code):
            return _html(forms.render_limited(), 429)
        try:
            number = await run_in_threadpool(forms.submit, db, site, submission, nonces)
        except DomainError as exc:
            page = forms.render_form(
                site,
                forms.categories(db),
                nonces.issue(),
                form=submission,
                errors=[p.message("zh") for p in exc.problems],
            )
            return _html(page, 422)
        return _html(forms.render_done(site, number))

    return app


def _form_fields(raw: bytes) -> Callable[[str], str]:
    try:
        parsed = parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        parsed = {}
    return lambda name: parsed.get(name, [""])[0]


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HubError(413, "server.too_large", limit=limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HubError(413, "server.too_large", limit=limit)
    return bytes(body)
