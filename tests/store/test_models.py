"""Model-level promises that SQLite alone would not enforce."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import String

from app.domain.codes import AGREEMENT_TYPES, POLITICAL_STATUS, TRADES, WORKER_ROLES
from app.domain.idnumbers import IdType
from app.domain.requests import Channel, EventKind, Urgency
from app.store.models import Base, Synced, synced_models


def _string_columns() -> list[tuple[str, Any]]:
    return [
        (f"{t.name}.{c.key}", c)
        for t in Base.metadata.tables.values()
        for c in t.columns
        if isinstance(c.type, String) and c.type.length
    ]


@pytest.mark.parametrize(
    "name,column", _string_columns(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_string_defaults_fit_their_column(name: str, column: Any) -> None:
    """PostgreSQL refuses a value longer than the column; SQLite would not notice."""
    default = (
        column.default.arg if column.default is not None and column.default.is_scalar else None
    )
    if isinstance(default, str):
        assert len(default) <= column.type.length, name


@pytest.mark.parametrize(
    "column,values",
    [
        ("worker.trade_code", TRADES),
        ("worker.role", WORKER_ROLES),
        ("worker.agreement_type", AGREEMENT_TYPES),
        ("worker.political_status", POLITICAL_STATUS),
        ("worker.id_type", [t.value for t in IdType]),
        ("request.channel", [c.value for c in Channel]),
        ("request.urgency", [u.value for u in Urgency]),
        ("request_event.kind", [k.value for k in EventKind]),
        ("team.kind", ["labour_team", "crew"]),
    ],
)
def test_code_values_fit_their_column(column: str, values: Any) -> None:
    table, name = column.split(".")
    length = Base.metadata.tables[table].columns[name].type.length
    assert max(len(v) for v in values) <= length


def test_every_synced_model_has_the_sync_columns() -> None:
    for model in synced_models():
        assert issubclass(model, Synced)
        names = set(model.__table__.columns.keys())
        assert {
            "id",
            "site_id",
            "created_at",
            "updated_at",
            "updated_by",
            "deleted",
            "stamp",
            "field_versions",
        } <= names
