"""Long work told how far it got, and stopped when the person says so."""

from __future__ import annotations

import pytest

from app.domain.progress import Cancelled, report


def test_report_goes_on_while_told_to_and_stops_when_not() -> None:
    told: list[tuple[int, int]] = []
    report(None, 1, 2)  # nobody asked: nothing happens
    report(lambda d, t: told.append((d, t)) or True, 1, 2)
    assert told == [(1, 2)]
    with pytest.raises(Cancelled):
        report(lambda d, t: False, 2, 2)
