"""Which columns hold sealed personal numbers, and how a row's numbers are sealed.

A sealed column holds ``vault.seal(number)``; beside it a masked form serves lists and paper,
and for ID numbers a keyed fingerprint serves duplicate detection (app.store.vault,
docs/security.md). Every writer of these columns goes through :func:`seal`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from app.domain.masking import mask_card, mask_id, mask_phone
from app.store.database import WriteUnit
from app.store.models import LabourCompany, Request, Synced, Team, Worker, table_of
from app.store.vault import SEALED_PREFIX, Vault, is_sealed


@dataclass(frozen=True)
class SealedColumn:
    column: str
    masked: str = ""  # the column holding the masked form, if any
    mask: Callable[[str], str] = mask_phone
    fingerprint: str = ""  # the column holding the keyed HMAC, if any


SEALED: Mapping[type[Synced], tuple[SealedColumn, ...]] = {
    Worker: (
        SealedColumn("id_number", "id_masked", mask_id, "id_fingerprint"),
        SealedColumn("mobile", "mobile_masked"),
        SealedColumn("emergency_phone"),
        SealedColumn("bank_card", "bank_card_masked", mask_card),
    ),
    LabourCompany: (SealedColumn("contact_phone", "contact_phone_masked"),),
    Team: (SealedColumn("leader_phone", "leader_phone_masked"),),
    Request: (SealedColumn("contact_phone", "contact_phone_masked"),),
}


def seal(model: type[Synced], values: Mapping[str, Any], vault: Vault) -> dict[str, Any]:
    """The row's values as stored: each plain number present sealed, with its mask and
    fingerprint beside it."""
    out = dict(values)
    for c in SEALED.get(model, ()):
        if c.column not in values:
            continue
        plain = values[c.column] or ""
        out[c.column] = vault.seal(plain)
        if c.masked:
            out[c.masked] = c.mask(plain)
        if c.fingerprint:
            out[c.fingerprint] = vault.fingerprint(plain) if plain else ""
    return out


def seal_plaintext(unit: WriteUnit) -> int:
    """Seal numbers still stored plain — rows written before the app sealed them (migrations
    0004 and 0005) — through the journal, so every node gets the sealed form. Returns how
    many rows were sealed; run at login, when the data key is open."""
    vault = unit.require_vault()
    sealed = 0
    for model, columns in SEALED.items():
        table = table_of(model)
        names = [c.column for c in columns]
        rows = unit.conn.execute(
            select(table.c.id, *(table.c[n] for n in names)).where(
                or_(*(table.c[n].not_like(f"{SEALED_PREFIX}%") & (table.c[n] != "") for n in names))
            )
        ).all()
        for row in rows:
            plain = {n: v for n, v in zip(names, row[1:], strict=True) if v and not is_sealed(v)}
            if plain and unit.journal.update(model, row.id, seal(model, plain, vault)):
                sealed += 1
    return sealed
