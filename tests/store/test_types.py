from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from app.store.types import Milli, UTCDateTime


def test_milli_is_exact() -> None:
    t = Milli()
    for value in ("0.001", "2.5", "100", "-1.5", "12345.678"):
        stored = t.process_bind_param(Decimal(value), None)  # type: ignore[arg-type]
        assert isinstance(stored, int)
        assert t.process_result_value(stored, None) == Decimal(value)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="three decimals"):
        t.process_bind_param(Decimal("0.0001"), None)  # type: ignore[arg-type]


def test_utc_datetime_refuses_naive_and_returns_utc() -> None:
    t = UTCDateTime()
    beijing = timezone(timedelta(hours=8))
    local = datetime(2026, 8, 26, 9, 0, tzinfo=beijing)
    stored = t.process_bind_param(local, None)  # type: ignore[arg-type]
    assert stored == datetime(2026, 8, 26, 1, 0)
    assert t.process_result_value(stored, None) == local.astimezone(UTC)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="naive"):
        t.process_bind_param(datetime(2026, 8, 26), None)  # type: ignore[arg-type]
