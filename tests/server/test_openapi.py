"""Property-based calls generated from the server's OpenAPI description (schemathesis): no
input, authenticated or not, makes the server fail with a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from app.sync import wire
from app.sync.http import server_config
from tests.server.conftest import Live, live_server

# a push of several bundles is frames: random bytes, and frames of random bytes
schemathesis.openapi.media_type(
    wire.FRAMES_TYPE,
    st.binary(max_size=512)
    | st.lists(st.binary(max_size=256), max_size=3).map(
        lambda parts: wire.encode_frames(iter([({}, part) for part in parts]))
    ),
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Live, str]]:
    root: Path = tmp_path_factory.mktemp("openapi")
    with live_server(root, "sqlite") as live:
        node = live.enrol("gq2-a")
        config = server_config(node)
        assert config is not None
        yield live, config.token


@pytest.fixture(scope="module")
def api_schema(server: tuple[Live, str]) -> Any:
    live, _token = server
    return schemathesis.openapi.from_url(f"{live.url}/openapi.json")


def test_no_input_makes_the_server_fail(api_schema: Any, server: tuple[Live, str]) -> None:
    _live, token = server
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:
        strategy = operation.as_strategy()

        @given(case=strategy)
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
            )

        call()


def test_the_description_names_every_route(api_schema: Any, server: tuple[Live, str]) -> None:
    import httpx

    live, _ = server
    paths = set(httpx.get(f"{live.url}/openapi.json").json()["paths"])
    assert {
        "/api/v1/enrol",
        "/api/v1/sync/state",
        "/api/v1/sync/push",
        "/api/v1/sync/push-many",
        "/api/v1/sync/pull",
        "/api/v1/health",
        "/f/{code}",
    } <= paths
