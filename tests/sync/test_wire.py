"""The HTTP transport's framing and the enrolment code."""

from __future__ import annotations

import pytest

from app.sync.wire import EnrolmentCode, Sender, WireError, decode_frames, encode_frames


def test_frames_round_trip_and_a_cut_answer_is_refused() -> None:
    frames = [({"node_id": "n1", "kind": "site"}, b"abc"), ({"node_id": "n2"}, b"")]
    payload = encode_frames(iter(frames))
    assert decode_frames(payload) == frames
    assert decode_frames(b"") == []
    for cut in (3, 10, len(payload) - 1):
        with pytest.raises(WireError):
            decode_frames(payload[:cut])


def test_a_sender_frames_as_the_same_details_in_a_mapping_do() -> None:
    """A server keeps a sender's details framed once (Sender); its frames are the bytes a
    plain mapping of the same details gives, and it reads as that mapping."""
    details = {"node_id": "n1", "site_id": "s1", "kind": "site", "name": "一号机"}
    sender = Sender(details.items())
    assert sender == details and dict(sender) == details and len(sender) == 4
    frames = [(sender, b"one"), ({"node_id": "n2"}, b"two"), (sender, b"three")]
    plain = [(dict(details), b"one"), ({"node_id": "n2"}, b"two"), (dict(details), b"three")]
    assert encode_frames(frames) == encode_frames(plain)
    assert decode_frames(encode_frames(frames)) == plain
    with pytest.raises(TypeError):
        sender["name"] = "改名"  # type: ignore[index]


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
