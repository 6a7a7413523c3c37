"""What the HTTP transport puts on the wire besides bundles: the pull answer's framing, the
enrolment code, and the headers a node reports itself with.

A pull answer (``application/x-sitedesk-frames``) is a run of frames::

    sender length u32 | sender (JSON: node id, site, kind, public key …) | bundle length u64 | bundle
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

FRAMES_TYPE = "application/x-sitedesk-frames"
BUNDLE_TYPE = "application/octet-stream"
_META = struct.Struct(">I")
_DATA = struct.Struct(">Q")
MAX_META = 64 * 1024

# headers a node sends with every sync call (its health, as HQ sees it)
HEAD = "X-SiteDesk-Head"  # how many changes its journal holds
CLOCK = "X-SiteDesk-Clock"  # its wall clock, ms since the epoch
VERSION = "X-SiteDesk-Version"
SCHEMA = "X-SiteDesk-Schema"
MORE = "X-SiteDesk-More"  # on a pull answer: "1" when there is more to pull
# on a pull answer asked for it: the caller's sync state (as GET /sync/state answers), JSON
STATE = "X-SiteDesk-State"

ENROL_FORMAT = "sitedesk-enrol"


class WireError(ValueError):
    """Bytes that are not what the protocol says."""


class Sender(Mapping[str, str]):
    """A sender's details as a pull answer gives them, read-only, with their framed JSON
    made once: a server answers the same senders to every puller, hundreds a pull."""

    __slots__ = ("_values", "framed")

    def __init__(self, values: Iterable[tuple[str, str]]) -> None:
        self._values = dict(values)
        meta = orjson.dumps(self._values)
        self.framed = _META.pack(len(meta)) + meta

    def __getitem__(self, key: str) -> str:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Sender({self._values!r})"


def encode_frames(frames: Iterable[tuple[Mapping[str, Any], bytes]]) -> bytes:
    """The frames as one payload. A sender's JSON is made once per payload where its frames
    share one mapping (a pull answer: a sender's every bundle), and not at all for a
    :class:`Sender`, which holds it."""
    parts: list[bytes] = []
    made: dict[int, tuple[Mapping[str, Any], bytes]] = {}  # the mapping kept: its id stays
    for sender, data in frames:
        if type(sender) is Sender:
            parts += (sender.framed, _DATA.pack(len(data)), data)
            continue
        known = made.get(id(sender))
        if known is None:
            meta = orjson.dumps(dict(sender))
            known = made[id(sender)] = (sender, _META.pack(len(meta)) + meta)
        parts += (known[1], _DATA.pack(len(data)), data)
    return b"".join(parts)


def decode_frames(payload: bytes) -> list[tuple[dict[str, str], bytes]]:
    frames = []
    at = 0
    while at < len(payload):
        if len(payload) < at + _META.size:
            raise WireError("truncated frame")
        (n,) = _META.unpack_from(payload, at)
        at += _META.size
        if n > MAX_META or len(payload) < at + n + _DATA.size:
            raise WireError("truncated frame")
        try:
            sender = orjson.loads(payload[at : at + n])
        except orjson.JSONDecodeError as exc:
            raise WireError("frame header") from exc
        if not isinstance(sender, dict):
            raise WireError("frame header")
        at += n
        (size,) = _DATA.unpack_from(payload, at)
        at += _DATA.size
        if len(payload) < at + size:
            raise WireError("truncated frame")
        frames.append(({k: str(v) for k, v in sender.items()}, payload[at : at + size]))
        at += size
    return frames


@dataclass(frozen=True)
class EnrolmentCode:
    """What HQ hands a site to join the server: its address and a one-time token."""

    server: str
    token: str
    site_code: str
    site_name: str
    expires: str

    def to_text(self) -> str:
        return orjson.dumps(
            {
                "format": ENROL_FORMAT,
                "version": 1,
                "server": self.server,
                "token": self.token,
                "site": self.site_code,
                "site_name": self.site_name,
                "expires": self.expires,
            }
        ).decode()

    @classmethod
    def parse(cls, text: str | bytes) -> EnrolmentCode:
        try:
            value = orjson.loads(text.strip())
            if value.get("format") != ENROL_FORMAT or value.get("version") != 1:
                raise WireError("not an enrolment code")
            code = cls(
                server=str(value["server"]),
                token=str(value["token"]),
                site_code=str(value.get("site", "")),
                site_name=str(value.get("site_name", "")),
                expires=str(value.get("expires", "")),
            )
        except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError) as exc:
            raise WireError("not an enrolment code") from exc
        if not code.server.startswith(("https://", "http://")) or len(code.token) < 16:
            raise WireError("not an enrolment code")
        return code

    @property
    def expires_at(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.expires)
        except ValueError:
            return None
