"""The server's sync service without HTTP: enrolment codes, tags, expiry, pushes in order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from app.server.hub import Hub, HubError
from app.store.models import Enrolment
from tests.server.conftest import Live


def test_each_pc_of_a_site_gets_its_own_tag_and_w_is_the_forms(live_sqlite: Live) -> None:
    hub = Hub(live_sqlite.db)
    tags = [hub.create_enrolment("GQ2").tag for _ in range(24)]
    assert tags == [chr(c) for c in range(ord("A"), ord("Z") + 1) if chr(c) != "W"][:24]
    hub.create_enrolment("GQ2")
    with pytest.raises(HubError) as full:
        hub.create_enrolment("GQ2")
    assert full.value.code == "enrol.tags"
    assert hub.create_enrolment("GQ3").tag == "A"
    with pytest.raises(HubError) as unknown:
        hub.create_enrolment("GQ9")
    assert unknown.value.status == 404 and "GQ9" in unknown.value.message()


def test_an_expired_code_is_refused(live_sqlite: Live) -> None:
    code = live_sqlite.code()
    with live_sqlite.db.engine.begin() as conn:
        conn.execute(update(Enrolment).values(expires_at=datetime.now(UTC) - timedelta(days=1)))
    with pytest.raises(HubError) as expired:
        live_sqlite.hub.enrol(
            code.token, node_id="0" * 8 + "-0000-7000-8000-" + "0" * 12, public_key="ab" * 32
        )
    assert expired.value.code == "enrol.expired"


def test_a_push_that_skips_ahead_or_forks_is_refused(live_sqlite: Live) -> None:
    from app.sync import outbox
    from app.sync.keys import ensure_keys, site_audience
    from tests.server.test_api import add_req
    from tests.sync.conftest import head

    a = live_sqlite.enrol("gq2-a")
    for n in range(4):
        add_req(a, f"诉求 {n}")
    caller = live_sqlite.hub.authenticate(_token(a))
    audience = site_audience(a.local_node().site_id)
    later = outbox.build(a, ensure_keys(a), audience, 3, head(a))
    with pytest.raises(HubError) as gap:
        live_sqlite.hub.push(caller, later)
    assert gap.value.code == "server.gap" and gap.value.params["next"] == 1
    first = outbox.build(a, ensure_keys(a), audience, 1, 2)
    assert live_sqlite.hub.push(caller, first)["stored"]
    assert not live_sqlite.hub.push(caller, first)["stored"], "a resend is a no-op"
    assert live_sqlite.hub.heads(caller) == {audience: 2}


def _token(db) -> str:  # type: ignore[no-untyped-def]
    from app.sync.http import server_config

    config = server_config(db)
    assert config is not None
    return config.token
