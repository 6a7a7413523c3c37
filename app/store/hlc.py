"""Hybrid logical clock (Kulkarni et al., 2014).

A timestamp is one 64-bit integer: milliseconds since the Unix epoch in the high 48 bits and
a logical counter in the low 16. It never goes backwards on a node, even when the wall clock
does, and after a node has seen a remote timestamp its own next one is later — so a site
whose clock is years off still orders its own edits, and every node orders all edits alike
by ``(hlc, node_id)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def pack(ms: int, counter: int) -> int:
    return (ms << COUNTER_BITS) | counter


def physical_ms(hlc: int) -> int:
    return hlc >> COUNTER_BITS


def to_datetime(hlc: int) -> datetime:
    return datetime.fromtimestamp(physical_ms(hlc) / 1000, tz=UTC)


def stamp(hlc: int, node_id: str) -> str:
    """A version stamp whose string order is the order ``(hlc, node_id)``."""
    return f"{hlc:016x}:{node_id}"


def parse_stamp(value: str) -> tuple[int, str]:
    hlc_hex, _, node_id = value.partition(":")
    return int(hlc_hex, 16), node_id


class HybridClock:
    def __init__(self, last: int = 0, now_ms: Callable[[], int] = wall_ms) -> None:
        self._last = last
        self._now_ms = now_ms

    @property
    def last(self) -> int:
        return self._last

    def wall(self) -> int:
        """This node's wall clock in ms: what it believes the time is (for drift estimates)."""
        return self._now_ms()

    def tick(self) -> int:
        """A timestamp for a local event, later than every one this clock has issued or seen."""
        candidate = pack(self._now_ms(), 0)
        self._last = candidate if candidate > self._last else self._last + 1
        return self._last

    def observe(self, remote: int) -> None:
        """Take account of a timestamp seen elsewhere (a received change, another process)."""
        if remote > self._last:
            self._last = remote
