"""The monthly figures (received, closed, on time, satisfaction, by group, and the trend) on
the hand-counted month of tests/store/requests_data.py."""

from __future__ import annotations

from datetime import date

import pytest

from app.store.database import Database
from app.store.request_stats import monthly_stats, trend
from tests.store.requests_data import CAL, TODAY


def test_monthly_figures_on_the_known_set(db: Database, known: dict[str, str]) -> None:
    with db.read() as session:
        stats = monthly_stats(session, date(2026, 8, 1), today=TODAY, calendar=CAL)
    t = stats.total
    assert (t.received, t.closed, t.closed_on_time, t.rejected, t.open, t.overdue) == (
        6,
        2,
        1,
        1,
        3,
        2,
    )
    assert t.closed_pct == pytest.approx(100 * 2 / 6)
    assert t.on_time_pct == pytest.approx(50.0)
    assert (t.called_back, t.satisfied, t.satisfaction_pct) == (2, 1, pytest.approx(50.0))
    assert t.satisfaction == {"A": 1, "B": 0, "C": 0, "D": 1}

    by_category = {g.key: g.figures for g in stats.by_category}
    assert {k: f.received for k, f in by_category.items()} == {
        "living": 4,
        "wages": 1,
        "safety": 1,
    }
    assert stats.by_category[0].key == "living" and stats.by_category[0].label == "生活保障"
    assert by_category["living"].closed_on_time == 1
    assert by_category["wages"].on_time_pct == 0.0
    assert by_category["safety"].closed_pct == 0.0
    assert {g.key: g.figures.received for g in stats.by_channel} == {"qr": 4, "phone": 1, "box": 1}
    assert {g.key: g.figures.received for g in stats.by_area} == {"二工区": 6}
    assert {g.key: g.figures.received for g in stats.by_point} == {"": 5, "3号斜井": 1}


def test_an_empty_month_has_no_percentages(db: Database) -> None:
    with db.read() as session:
        stats = monthly_stats(session, date(2026, 2, 1), today=TODAY, calendar=CAL)
    assert stats.total.received == 0
    assert stats.total.closed_pct is None and stats.total.satisfaction_pct is None
    assert stats.by_category == []


def test_trend_counts_each_month_once(db: Database, known: dict[str, str]) -> None:
    with db.read() as session:
        months = trend(session, date(2026, 9, 30), 3, today=TODAY, calendar=CAL)
    assert [(m, f.received) for m, f in months] == [
        (date(2026, 7, 1), 1),
        (date(2026, 8, 1), 6),
        (date(2026, 9, 1), 1),
    ]
