"""Reading bundles written at older schema revisions.

A bundle names the schema revision its writer had. Changes written before a migration that
reshaped a synced table are brought to the current shape here, one step per such revision,
before they are merged. Revisions that only added tables or local columns need no step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.store import schema
from app.sync.bundle import Entry

# revision -> function that brings an entry written *before* that revision up to it
STEPS: dict[str, Callable[[Entry], Entry]] = {}


def upgrade_entries(entries: Sequence[Entry], written_at: str) -> Sequence[Entry]:
    revisions = schema.known_revisions()
    later = revisions[revisions.index(written_at) + 1 :]
    steps = [STEPS[r] for r in later if r in STEPS]
    if not steps:
        return entries
    out = []
    for entry in entries:
        for step in steps:
            entry = step(entry)
        out.append(entry)
    return out
