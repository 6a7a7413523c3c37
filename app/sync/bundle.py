"""The bundle: the unit of sync on the wire and on disk. Format in docs/bundle-format.md.

::

    MAGIC "SDBUNDLE" | version u16 | header length u32 | header (canonical JSON)
    | Ed25519 signature (64) | body length u64 | nonce (12) + ChaCha20-Poly1305 ciphertext

The header travels in clear (node, audience, sequence range, chain hashes, the body's
SHA-256 and what kind of entries it holds: nothing personal) so a receiver can route a
bundle and see a gap before it decrypts anything. The signature covers the header, and so
the body through its hash. The body is ``zlib(JSON)`` of the entries and attachments,
encrypted with the audience's key. Entries outside the audience's scope carry only their
digest, which is enough to verify the hash chain.

A bundle that carries nothing in full for its audience can travel as its **stub**: the
same bytes without the body. Its signed header still says, in the writer's name, where the
chain runs from and to and that nothing in between is for this audience: a receiver
advances its head by it without the digests. (Format 1, still read, signed the whole file.)
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from app.domain.problems import Problem, register_messages
from app.store.files import atomic_write
from app.store.journal import GENESIS, change_digest, link_hash
from app.sync.keys import Keys, load_public

MAGIC = b"SDBUNDLE"
FORMAT_VERSION = 2  # written; 1 is still read
FORMATS = (1, 2)
SIGNATURE_SIZE = 64
NONCE_SIZE = 12
_PREFIX = struct.Struct(">8sHI")  # magic, version, header length
_BODY_LEN = struct.Struct(">Q")
MAX_BUNDLE_BYTES = 512 * 1024 * 1024  # refused beyond this, and never decompressed past it

register_messages(
    {
        "bundle.damaged": (
            "同步文件不完整或已损坏（{detail}），未导入任何内容。",
            "The bundle is incomplete or damaged ({detail}); nothing was applied.",
        ),
        "bundle.signature": (
            "同步文件的签名不符：可能被改动过，或不是由所记节点生成，未导入任何内容。",
            "The bundle's signature does not match: it was altered or not written by the "
            "node it names; nothing was applied.",
        ),
        "bundle.foreign": (
            "同步文件属于另一个项目，未导入任何内容。",
            "The bundle belongs to another project; nothing was applied.",
        ),
        "bundle.chain": (
            "同步文件的变更链校验失败（{detail}），未导入任何内容。",
            "The bundle's change chain does not verify ({detail}); nothing was applied.",
        ),
        "bundle.newer": (
            "此同步文件由更新版本的 SiteDesk 生成（数据库版本 {revision}），请升级本程序；"
            "文件已保留，升级后会自动导入。",
            "This bundle was written by a newer SiteDesk (schema {revision}): please update "
            "the app; the bundle is kept and will be applied after the update.",
        ),
        "bundle.scope": (
            "此同步文件不是写给本机的（其中缺少本机应收的内容），未导入任何内容；"
            "请等待对方写给本工区的文件。",
            "This bundle is not written for this PC (it leaves out records this PC must "
            "receive); nothing was applied.",
        ),
        "bundle.key_changed": (
            "节点 {node} 的密钥与之前记录的不同，已拒绝其同步文件。请联系管理员核实。",
            "Node {node} presents a different key than before; its bundles are refused.",
        ),
    }
)


class BundleError(Exception):
    """A bundle that must not be applied; ``code`` is a problem code with a message."""

    def __init__(self, code: str, **params: str) -> None:
        self.code = code
        self.problem = Problem(code, params=params)
        super().__init__(self.problem.message("zh"))

    def message(self, lang: str = "zh") -> str:
        return self.problem.message(lang)


ERASED = "e"  # the op of a change whose contents a retention purge erased


class Entry(NamedTuple):
    """One change as carried in a bundle; ``fields is None`` when it is outside the scope.

    A tuple rather than a frozen dataclass: a first sync builds hundreds of thousands."""

    seq: int
    digest: str
    hlc: int = 0
    entity: str = ""
    row_id: str = ""
    site_id: str = ""
    op: str = ""
    author: str = ""
    fields: str | None = None

    @property
    def redacted(self) -> bool:
        return self.fields is None

    @property
    def erased(self) -> bool:
        """Redacted by the sender's retention purge (not outside the audience)."""
        return self.fields is None and self.op == ERASED

    def to_json(self) -> list[Any]:
        if self.fields is None:
            if self.op == ERASED:
                return [self.seq, self.site_id, self.digest, ERASED]
            return [self.seq, self.site_id, self.digest]
        return [
            self.seq,
            self.hlc,
            self.entity,
            self.row_id,
            self.site_id,
            self.op,
            self.author,
            self.fields,
        ]

    @classmethod
    def from_json(cls, node_id: str, value: Any) -> Entry:
        if not isinstance(value, list):
            raise BundleError("bundle.damaged", detail="entry")
        if len(value) == 3:  # outside the audience: its site (not personal) and digest only
            seq, site_id, digest = value
            return cls(seq=int(seq), digest=str(digest), site_id=str(site_id))
        if len(value) == 4 and value[3] == ERASED:  # its contents erased by retention
            seq, site_id, digest, _ = value
            return cls(seq=int(seq), digest=str(digest), site_id=str(site_id), op=ERASED)
        seq, hlc, entity, row_id, site_id, op, author, fields = value
        digest = change_digest(
            node_id, int(seq), int(hlc), entity, row_id, site_id, op, author, fields.encode()
        )
        return cls(int(seq), digest, int(hlc), entity, row_id, site_id, op, author, fields)


V1_FIELDS = (
    "project_id",
    "schema",
    "node_id",
    "audience",
    "seq_from",
    "seq_to",
    "prev_hash",
    "last_hash",
    "created_ms",
    "format",
)


@dataclass(frozen=True)
class Header:
    project_id: str
    schema: str
    node_id: str
    audience: str
    seq_from: int
    seq_to: int
    prev_hash: str
    last_hash: str
    created_ms: int  # the writer's wall clock, for drift estimates
    format: int = FORMAT_VERSION
    # format 2: what the body holds, so that the header alone (a stub) says it in the
    # writer's name. ``encode`` fills them in.
    body: str = ""  # SHA-256 (hex) of the body: nonce and ciphertext
    full: int = 0  # entries carried in full
    files: int = 0  # attachments
    hidden: tuple[str, ...] = ()  # sites of the digest-only entries (not erased), sorted

    def to_bytes(self) -> bytes:
        value = {k: v for k, v in self.__dict__.items() if self.format > 1 or k in V1_FIELDS}
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)

    def sealed_bytes(self) -> bytes:
        """What the body's encryption binds it to: the header without the body's own hash
        (format 1: the header)."""
        if self.format == 1:
            return self.to_bytes()
        value = {k: v for k, v in self.__dict__.items() if k != "body"}
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)

    @property
    def changes(self) -> int:
        return self.seq_to - self.seq_from + 1

    @classmethod
    def from_bytes(cls, data: bytes, version: int = 1) -> Header:
        """The header of these bytes, checked for the types and shapes the format says.
        Every pulled bundle's header is read (a site's pull brings about one per other site),
        so the checks are plain tests on the parsed values and the frozen instance is filled
        in directly: it has no ``__post_init__`` to skip."""
        try:
            value = orjson.loads(data)
            given = {k: value[k] for k in (V1_FIELDS if version == 1 else _V2_FIELDS)}
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise BundleError("bundle.damaged", detail="header") from exc
        if version > 1:
            hidden = given["hidden"]
            if type(hidden) is not list or not all(type(v) is str for v in hidden):
                raise BundleError("bundle.damaged", detail="header")
            given["hidden"] = tuple(hidden)
        else:
            given.update(_V2_DEFAULTS)
        if not _well_formed(given, version):
            raise BundleError("bundle.damaged", detail="header")
        header = object.__new__(cls)
        header.__dict__.update(given)
        return header


@dataclass(frozen=True)
class Bundle:
    header: Header
    entries: Sequence[Entry]
    attachments: Mapping[str, bytes] = field(default_factory=dict)
    # the chain hash after each change, seq_from first (set by ``decode``, which checks them)
    hashes: Sequence[str] = ()


_V2_FIELDS = tuple(Header.__dataclass_fields__)  # every field, in order
_HEX = "0123456789abcdef"
# what a format 1 header reads as for the fields format 2 added
_V2_DEFAULTS = {k: Header.__dataclass_fields__[k].default for k in _V2_FIELDS if k not in V1_FIELDS}


def _hex64(value: object) -> bool:
    return type(value) is str and len(value) == 64 and not value.strip(_HEX)


def _well_formed(h: dict[str, Any], version: int) -> bool:
    """Whether a header's parsed values have the types and shapes the format says."""
    seq_from, seq_to = h["seq_from"], h["seq_to"]
    if not (
        type(seq_from) is int
        and type(seq_to) is int
        and type(h["created_ms"]) is int
        and h["format"] == version
        and type(h["format"]) is int
        and type(h["project_id"]) is str
        and type(h["schema"]) is str
        and type(h["node_id"]) is str
        and type(h["audience"]) is str
        and 1 <= seq_from <= seq_to
        and _hex64(h["prev_hash"])
        and _hex64(h["last_hash"])
    ):
        return False
    full, files = h["full"], h["files"]
    return version == 1 or (
        _hex64(h["body"])
        and type(full) is int
        and type(files) is int
        and 0 <= full <= seq_to - seq_from + 1
        and files >= 0
    )


def _hidden(entries: Sequence[Entry]) -> tuple[str, ...]:
    return tuple(sorted({e.site_id for e in entries if e.redacted and not e.erased}))


def encode(bundle: Bundle, keys: Keys, *, version: int = FORMAT_VERSION) -> bytes:
    """The signed, encrypted bundle (``version`` 1 only to test that old bundles still read)."""
    plain = orjson.dumps(
        {
            "entries": [e.to_json() for e in bundle.entries],
            "attachments": {k: base64.b64encode(v).decode() for k, v in bundle.attachments.items()},
        }
    )
    header = replace(
        bundle.header,
        format=version,
        body="",
        full=sum(1 for e in bundle.entries if not e.redacted),
        files=len(bundle.attachments),
        hidden=_hidden(bundle.entries),
    )
    nonce = os.urandom(NONCE_SIZE)
    cipher = ChaCha20Poly1305(keys.audience_key(header.audience))
    body = nonce + cipher.encrypt(nonce, zlib.compress(plain, 6), MAGIC + header.sealed_bytes())
    if version == 1:
        head = header.to_bytes()
        signed = _PREFIX.pack(MAGIC, 1, len(head)) + head + _BODY_LEN.pack(len(body)) + body
        return signed + keys.sign(signed)
    head = replace(header, body=hashlib.sha256(body).hexdigest()).to_bytes()
    signed = _PREFIX.pack(MAGIC, version, len(head)) + head
    return signed + keys.sign(signed) + _BODY_LEN.pack(len(body)) + body


class _Parts(NamedTuple):
    version: int
    header: bytes
    body: bytes  # empty in a stub
    signed: bytes
    signature: bytes


def _split(data: bytes) -> _Parts:
    """The parts of a bundle of either format — or BundleError("bundle.damaged")."""
    if len(data) < _PREFIX.size:
        raise BundleError("bundle.damaged", detail="too short")
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle.damaged", detail="too large")
    magic, version, header_len = _PREFIX.unpack_from(data)
    if magic != MAGIC:
        raise BundleError("bundle.damaged", detail="not a SiteDesk bundle")
    if version not in FORMATS:
        raise BundleError("bundle.newer", revision=f"format {version}")
    at = _PREFIX.size
    header = data[at : at + header_len]
    at += header_len
    if len(header) != header_len:
        raise BundleError("bundle.damaged", detail="truncated header")
    if version == 1:  # header, body, then the signature over everything before it
        if len(data) < at + _BODY_LEN.size:
            raise BundleError("bundle.damaged", detail="truncated header")
        (body_len,) = _BODY_LEN.unpack_from(data, at)
        at += _BODY_LEN.size
        body = data[at : at + body_len]
        signature = data[at + body_len :]
        if len(body) != body_len or len(signature) != SIGNATURE_SIZE:
            raise BundleError("bundle.damaged", detail="truncated body")
        return _Parts(1, header, body, data[: at + body_len], signature)
    # format 2: header, the signature over the header, then the body
    signed, signature = data[:at], data[at : at + SIGNATURE_SIZE]
    at += SIGNATURE_SIZE
    if len(signature) != SIGNATURE_SIZE or len(data) < at + _BODY_LEN.size:
        raise BundleError("bundle.damaged", detail="truncated header")
    (body_len,) = _BODY_LEN.unpack_from(data, at)
    at += _BODY_LEN.size
    body = data[at:]
    if len(body) != body_len:
        raise BundleError("bundle.damaged", detail="truncated body")
    return _Parts(version, header, body, signed, signature)


def read_header(data: bytes) -> Header:
    """The clear header, unverified: enough to route a bundle and see gaps."""
    parts = _split(data)
    return Header.from_bytes(parts.header, parts.version)


def is_stub(data: bytes) -> bool:
    """Whether these bytes are a stub: a format 2 header and signature, without the body."""
    parts = _split(data)
    return parts.version > 1 and not parts.body


def stub_of(data: bytes) -> bytes | None:
    """The stub of a bundle that carries nothing in full (no change, no file), else None.
    Anyone may cut it: it is the writer's own signed header."""
    parts = _split(data)
    if parts.version == 1:
        return None
    header = Header.from_bytes(parts.header, parts.version)
    if header.full or header.files:
        return None
    return parts.signed + parts.signature + _BODY_LEN.pack(0)


def verify_signature(data: bytes, public_key: str) -> Header:
    """The header of a bundle whose signature matches ``public_key`` (and, in format 2,
    whose body is the one the header names). A stub passes only when its header says there
    is nothing in the body it left out."""
    parts = _split(data)
    header = Header.from_bytes(parts.header, parts.version)
    try:
        load_public(public_key).verify(parts.signature, parts.signed)
    except (InvalidSignature, ValueError) as exc:
        raise BundleError("bundle.signature") from exc
    if parts.version > 1:
        if not parts.body:
            if header.full or header.files:
                raise BundleError("bundle.damaged", detail="body missing")
        elif hashlib.sha256(parts.body).hexdigest() != header.body:
            raise BundleError("bundle.signature")  # the body was altered
    return header


def decode(data: bytes, keys: Keys, public_key: str) -> Bundle:
    """Verify the signature, the project and the hash chain; decrypt the body. (A stub has
    no body to decode: see :func:`decode_stub`.)"""
    header = verify_signature(data, public_key)
    parts = _split(data)
    if header.project_id != keys.project_id:
        raise BundleError("bundle.foreign")
    if not parts.body:
        raise BundleError("bundle.damaged", detail="body missing")
    body = parts.body
    sealed = parts.header if parts.version == 1 else header.sealed_bytes()
    try:
        cipher = ChaCha20Poly1305(keys.audience_key(header.audience))
        inflate = zlib.decompressobj()
        plain = inflate.decompress(
            cipher.decrypt(body[:NONCE_SIZE], body[NONCE_SIZE:], MAGIC + sealed),
            MAX_BUNDLE_BYTES,
        )
        if inflate.unconsumed_tail:
            raise BundleError("bundle.damaged", detail="too large")
        value = orjson.loads(plain)
        entries = [Entry.from_json(header.node_id, v) for v in value["entries"]]
        attachments = {k: base64.b64decode(v) for k, v in value["attachments"].items()}
    except InvalidTag as exc:
        raise BundleError("bundle.foreign") from exc
    except (zlib.error, orjson.JSONDecodeError, KeyError, ValueError, TypeError) as exc:
        raise BundleError("bundle.damaged", detail="body") from exc
    if header.format > 1 and (
        header.full != sum(1 for e in entries if not e.redacted)
        or header.files != len(attachments)
        or header.hidden != _hidden(entries)
    ):
        raise BundleError("bundle.damaged", detail="header does not match body")
    hashes = verify_chain(header, entries)
    for sha, content in attachments.items():
        if hashlib.sha256(content).hexdigest() != sha:
            raise BundleError("bundle.damaged", detail=f"attachment {sha[:12]}")
    return Bundle(header, entries, attachments, hashes)


def decode_stub(data: bytes, keys: Keys, public_key: str) -> Header:
    """Verify a stub: the writer's signature and the project. Its chain cannot be checked
    change by change: the receiver checks that it starts where it holds the writer's chain."""
    header = verify_signature(data, public_key)
    if header.project_id != keys.project_id:
        raise BundleError("bundle.foreign")
    if _split(data).body:
        raise BundleError("bundle.damaged", detail="not a stub")
    if header.seq_from == 1 and header.prev_hash != GENESIS:
        raise BundleError("bundle.chain", detail="start")
    return header


def verify_chain(header: Header, entries: Sequence[Entry]) -> list[str]:
    """Check the sequence and the hash chain; returns the chain hash after each change."""
    expected = list(range(header.seq_from, header.seq_to + 1))
    if [e.seq for e in entries] != expected:
        raise BundleError("bundle.chain", detail="sequence")
    hashes = []
    running = header.prev_hash
    for entry in entries:
        running = link_hash(running, entry.digest)
        hashes.append(running)
    if running != header.last_hash:
        raise BundleError("bundle.chain", detail=f"{header.seq_from}–{header.seq_to}")
    return hashes


def write_file(path: Path, data: bytes) -> None:
    """Temp name in the same folder, fsynced, renamed: never half a bundle."""
    atomic_write(path, data)
