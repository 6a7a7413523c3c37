"""Fixtures of the store's tests."""

from __future__ import annotations

import pytest

from app.store.database import Database
from tests.store.requests_data import known_requests


@pytest.fixture
def known(db: Database) -> dict[str, str]:
    """Six August requests (and two outside August) whose figures are counted in the tests."""
    return known_requests(db)
