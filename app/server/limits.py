"""Per-key rate limits (a node, a phone's address, a work area): token buckets in memory.

Each server process keeps its own buckets, so N processes allow up to N times the rate; the
limits are there to stop a runaway client or a spam script, not to meter fairly.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict


class RateLimit:
    def __init__(self, burst: float, per_second: float, max_keys: int = 100_000) -> None:
        self.burst = burst
        self.rate = per_second
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str, cost: float = 1.0, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, at = self._buckets.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            ok = tokens >= cost
            self._buckets[key] = (tokens - cost if ok else tokens, now)
            while len(self._buckets) > self.max_keys:  # forget the longest-quiet keys
                self._buckets.popitem(last=False)
            return ok
