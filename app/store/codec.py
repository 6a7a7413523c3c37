"""Canonical encoding of a change's field values, and decoding back to column types.

A change's ``fields`` are canonical JSON (sorted keys, no spaces, UTF-8): the same values
always give the same bytes, so the hash chain can be checked by any reader. Values are JSON
natives, except dates and times (ISO 8601 strings; times in UTC) and exact quantities
(decimal strings such as ``"2.5"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Date

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
