"""Long work that reports how far it got and may be stopped by the person waiting.

A service that takes ``progress`` calls it now and then with ``(done, total)``; ``total`` is 0
while the amount is not yet known. When it returns False the work stops: the service raises
:class:`Cancelled` and keeps nothing of what it had begun (one transaction, or no file).
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], bool]


class Cancelled(Exception):  # noqa: N818 - a stop the person asked for, not an error
    """The person stopped the work; nothing of it was kept."""


def report(progress: Progress | None, done: int, total: int) -> None:
    """Tell ``progress`` how far the work is; raise :class:`Cancelled` if it says stop."""
    if progress is not None and not progress(done, total):
        raise Cancelled
