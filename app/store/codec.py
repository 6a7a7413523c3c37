"""Canonical encoding of a change's field values, and decoding back to column types.

A change's ``fields`` are canonical JSON (sorted keys, no spaces, UTF-8): the same values
always give the same bytes, so the hash chain can be checked by any reader. Values are JSON
natives, except dates and times (ISO 8601 strings; times in UTC) and exact quantities
(decimal strings such as ``"2.5"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Boolean, Date, Integer

from app.store.models import Synced, table_of
from app.store.types import Milli, UTCDateTime

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_UTC_Z


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"cannot encode {type(value).__name__} in a change")


def encode(fields: Mapping[str, Any]) -> bytes:
    return orjson.dumps(fields, default=_default, option=_OPTIONS)


def decode_raw(data: bytes | str) -> dict[str, Any]:
    value = orjson.loads(data)
    if not isinstance(value, dict):
        raise ValueError("change fields are not a JSON object")
    return value


@cache
def _decoders(model: type[Synced]) -> dict[str, Any]:
    decoders: dict[str, Any] = {}
    for column in table_of(model).columns:
        kind = column.type
        if isinstance(kind, UTCDateTime):
            decoders[column.key] = datetime.fromisoformat
        elif isinstance(kind, Milli):
            decoders[column.key] = Decimal
        elif isinstance(kind, Date):
            decoders[column.key] = date.fromisoformat
    return decoders


def decode(model: type[Synced], fields: Mapping[str, Any]) -> dict[str, Any]:
    """JSON values of a change back to the Python values of the model's columns."""
    decoders = _decoders(model)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        conv = decoders.get(name)
        out[name] = conv(value) if conv is not None and value is not None else value
    return out


class RejectedValueError(ValueError):
    """A value that cannot be stored exactly (a float, a naive time, text for a number)."""


_MILLI_Q = Decimal("0.001")


def _milli(value: Any) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise RejectedValueError(f"quantity must be a Decimal or int, not {type(value).__name__}")
    try:
        d = Decimal(value)
        if not d.is_finite():
            raise RejectedValueError(f"quantity is not a number: {value}")
        q = d.quantize(_MILLI_Q)
    except ArithmeticError as exc:
        raise RejectedValueError(f"not a quantity: {value!r}") from exc
    if q != d:
        raise RejectedValueError(f"quantity has more than three decimals: {value}")
    return Decimal(int(q * 1000)) / 1000  # one spelling per value: 2.50 and 2.5 → 2.5


def _utc(value: Any) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise RejectedValueError("a time must be an aware datetime")
    return value.astimezone(UTC)


def _date(value: Any) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise RejectedValueError(f"a date is required, not {type(value).__name__}")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RejectedValueError(f"an integer is required, not {type(value).__name__}")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise RejectedValueError(f"true or false is required, not {type(value).__name__}")
    return value


@cache
def _normalizers(model: type[Synced]) -> tuple[tuple[str, Any, type | None], ...]:
    """(column, fixer, the type that is already canonical as it is) per checked column."""
    out: list[tuple[str, Any, type | None]] = []
    for column in table_of(model).columns:
        kind = column.type
        if isinstance(kind, Milli):
            out.append((column.key, _milli, None))
        elif isinstance(kind, UTCDateTime):
            out.append((column.key, _utc, None))
        elif isinstance(kind, Date):
            out.append((column.key, _date, date))
        elif isinstance(kind, Boolean):
            out.append((column.key, _boolean, bool))
        elif isinstance(kind, Integer):  # BigInteger too
            out.append((column.key, _integer, int))
    return tuple(out)


def normalize(model: type[Synced], values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as they will be stored and journaled: exact, UTC, one spelling per value."""
    return normalize_in_place(model, dict(values))


def normalize_in_place(model: type[Synced], values: dict[str, Any]) -> dict[str, Any]:
    """:func:`normalize` on a dict the caller owns (the bulk insert path)."""
    for name, fix, canonical in _normalizers(model):
        value = values.get(name)
        if value is None or type(value) is canonical:
            continue
        try:
            values[name] = fix(value)
        except RejectedValueError as exc:
            raise RejectedValueError(f"{model.__tablename__}.{name}: {exc}") from None
    if float in map(type, values.values()):
        raise RejectedValueError(f"{model.__tablename__}: floats are never stored")
    return values
