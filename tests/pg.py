"""A throw-away PostgreSQL database per test, when a server is configured.

Set ``SITEDESK_TEST_PG_URL`` to a URL of a database the tests may connect to as a user who
can create databases (``.ci/run`` does). Without it, PostgreSQL tests are skipped with a
message — except in CI (``CI=true``), where a missing server fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ENV = "SITEDESK_TEST_PG_URL"


def pg_admin_url() -> str:
    url = os.environ.get(ENV, "").strip()
    if not url:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{ENV} is not set in CI: PostgreSQL tests must not be skipped there")
        pytest.skip(f"no PostgreSQL configured: set {ENV} to run this test")
    return url


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    admin_url = make_url(pg_admin_url())
    name = f"sitedesk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
