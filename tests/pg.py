"""A throw-away PostgreSQL database per test, when a server is configured.

Set ``SITEDESK_TEST_PG_URL`` to a URL of a database the tests may connect to as a user who
can create databases (``.ci/run`` does). Without it, PostgreSQL tests are skipped with a
message — except in CI (``CI=true``), where a missing server fails them.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager

import pytest

from bench import fresh_database

ENV = "SITEDESK_TEST_PG_URL"


def pg_admin_url() -> str:
    url = os.environ.get(ENV, "").strip()
    if not url:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{ENV} is not set in CI: PostgreSQL tests must not be skipped there")
        pytest.skip(f"no PostgreSQL configured: set {ENV} to run this test")
    return url


def fresh_pg_database() -> AbstractContextManager[str]:
    """A new database on the configured server, dropped afterwards."""
    return fresh_database(pg_admin_url(), "sitedesk_test")
