"""The HTTP transport's framing and the enrolment code."""

from __future__ import annotations

import pytest

from app.sync.wire import EnrolmentCode, WireError, decode_frames, encode_frames


def test_frames_round_trip_and_a_cut_answer_is_refused() -> None:
    frames = [({"node_id": "n1", "kind": "site"}, b"abc"), ({"node_id": "n2"}, b"")]
    payload = encode_frames(iter(frames))
    assert decode_frames(payload) == frames
    assert decode_frames(b"") == []
    for cut in (3, 10, len(payload) - 1):
        with pytest.raises(WireError):
            decode_frames(payload[:cut])


def test_an_enrolment_code_round_trips_and_nonsense_is_refused() -> None:
    code = EnrolmentCode(
        "https://hq.example.cn", "x" * 32, "GQ2", "二工区", "2026-12-08T00:00:00+00:00"
    )
    assert EnrolmentCode.parse(code.to_text()) == code
    assert EnrolmentCode.parse(code.to_text().encode()) == code
    assert code.expires_at is not None
    for bad in ("", "{}", "[1]", '{"format": "sitedesk-enrol", "version": 1}', "not json"):
        with pytest.raises(WireError):
            EnrolmentCode.parse(bad)
    with pytest.raises(WireError):
        EnrolmentCode.parse(code.to_text().replace("https://", "ftp://"))
