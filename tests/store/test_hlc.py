from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from app.store.hlc import HybridClock, pack, parse_stamp, physical_ms, stamp


def test_tick_is_strictly_increasing_even_if_wall_clock_stalls() -> None:
    clock = HybridClock(now_ms=lambda: 1000)
    values = [clock.tick() for _ in range(5)]
    assert values == sorted(values) and len(set(values)) == 5
    assert physical_ms(values[0]) == 1000


def test_observe_moves_past_remote_time() -> None:
    clock = HybridClock(now_ms=lambda: 1000)
    remote = pack(5000, 7)
    clock.observe(remote)
    assert clock.tick() > remote


@given(st.lists(st.integers(min_value=0, max_value=2**47), min_size=1, max_size=50))
def test_monotonic_under_any_wall_clock(walls: list[int]) -> None:
    it = iter(walls)
    clock = HybridClock(now_ms=lambda: next(it))
    out = [clock.tick() for _ in walls]
    assert all(a < b for a, b in itertools.pairwise(out))


@given(
    st.tuples(st.integers(0, 2**62), st.uuids().map(str)),
    st.tuples(st.integers(0, 2**62), st.uuids().map(str)),
)
def test_stamp_string_order_is_hlc_then_node(a: tuple[int, str], b: tuple[int, str]) -> None:
    assert (stamp(*a) < stamp(*b)) == (a < b)
    assert parse_stamp(stamp(*a)) == a
