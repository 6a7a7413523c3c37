"""How a node's changes are cut into bundles."""

from __future__ import annotations

import pytest

from app.sync.outbox import FIRST_BUNDLE, MAX_CHANGES_PER_BUNDLE, chunks


def test_a_long_run_starts_small_and_doubles_up_to_the_largest_bundle() -> None:
    ranges = chunks(1, 100_009)
    sizes = [b - a + 1 for a, b in ranges]
    assert sizes[:4] == [FIRST_BUNDLE, 2 * FIRST_BUNDLE, 4 * FIRST_BUNDLE, MAX_CHANGES_PER_BUNDLE]
    assert max(sizes) == MAX_CHANGES_PER_BUNDLE
    assert ranges[-1] == (97_501, 100_009)


@pytest.mark.parametrize(
    ("first", "last", "size"), [(1, 1, 20_000), (7, 3_000, 20_000), (41, 40_040, 2_000), (5, 9, 3)]
)
def test_the_ranges_cover_every_change_once_in_order(first: int, last: int, size: int) -> None:
    ranges = chunks(first, last, size)
    covered = [seq for a, b in ranges for seq in range(a, b + 1)]
    assert covered == list(range(first, last + 1))
    assert all(b - a + 1 <= size for a, b in ranges)


def test_nothing_to_write_is_no_range() -> None:
    assert chunks(11, 10) == []
