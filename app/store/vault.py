"""Personal data at rest: the project's data key, sealed fields and keyed fingerprints.

Key scheme (docs/security.md):

* one random 256-bit **data key** per project. Every node of the project holds the same one,
  so a sealed value written at a site is the same bytes in its row, its journal entry, the
  bundle and the receiver's row: sync moves sealed values without opening them;
* the data key is never stored in the clear. Each user's row carries a **key slot**: the data
  key encrypted (ChaCha20-Poly1305) under a key derived from that user's password with
  scrypt. Logging in opens the slot; a copy of the database file alone opens nothing;
* from the data key, HKDF derives the **sealing key** (ChaCha20-Poly1305, random nonce per
  value) and the **fingerprint key** (HMAC-SHA256 of a normalised ID number). Duplicate
  detection compares fingerprints, never numbers; search by 尾号 uses the stored last four.

Sealed values look like ``s1.<base64>``; an empty value stays empty.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEALED_PREFIX = "s1."
SLOT_PREFIX = "scrypt1"
NONCE = 12

# scrypt cost: 2**15 × 8 × 128 bytes = 32 MiB and about a tenth of a second per login on an
# office PC; stored in each hash, so it can be raised later without breaking old ones.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1


class VaultError(Exception):
    """A key slot or sealed value that does not open: wrong password, or altered data."""


def _derive(key: bytes, purpose: str) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=f"sitedesk:{purpose}".encode()).derive(key)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32
    )


def hash_password(password: str) -> str:
    """``scrypt1$n$r$p$salt$hash`` (hex); memory-hard, salted, parameters kept with it."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{SLOT_PREFIX}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != SLOT_PREFIX:
            return False
        got = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(got, bytes.fromhex(digest))


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def wrap_key(data_key: bytes, password: str) -> str:
    """A key slot: the data key encrypted under a key derived from ``password``."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(NONCE)
    kek = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = ChaCha20Poly1305(kek).encrypt(nonce, data_key, b"sitedesk key slot")
    return f"{SLOT_PREFIX}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${(nonce + sealed).hex()}"


def unwrap_key(slot: str, password: str) -> bytes:
    try:
        kind, n, r, p, salt, body = slot.split("$")
        if kind != SLOT_PREFIX:
            raise ValueError(kind)
        raw = bytes.fromhex(body)
        kek = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
        return ChaCha20Poly1305(kek).decrypt(raw[:NONCE], raw[NONCE:], b"sitedesk key slot")
    except (ValueError, InvalidTag) as exc:
        raise VaultError("key slot does not open") from exc


class Vault:
    """The opened data key of a project: seals, opens and fingerprints personal fields."""

    __slots__ = ("_audit_key", "_cipher", "_mac_key", "data_key")

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != 32:
            raise VaultError("a data key has 32 bytes")
        self.data_key = data_key
        self._cipher = ChaCha20Poly1305(_derive(data_key, "seal"))
        self._mac_key = _derive(data_key, "fingerprint")
        self._audit_key = _derive(data_key, "audit")

    def seal(self, plain: str) -> str:
        if not plain:
            return ""
        nonce = secrets.token_bytes(NONCE)
        body = self._cipher.encrypt(nonce, plain.encode(), None)
        return SEALED_PREFIX + base64.b64encode(nonce + body).decode()

    def open(self, sealed: str) -> str:
        if not sealed:
            return ""
        if not sealed.startswith(SEALED_PREFIX):
            raise VaultError("not a sealed value")
        try:
            raw = base64.b64decode(sealed[len(SEALED_PREFIX) :], validate=True)
            plain = self._cipher.decrypt(raw[:NONCE], raw[NONCE:], None)
        except (ValueError, InvalidTag) as exc:
            raise VaultError("sealed value does not open") from exc
        return plain.decode()

    def sign(self, data: bytes) -> str:
        """A keyed MAC only holders of the data key can make: audit entries carry one."""
        return hmac.new(self._audit_key, data, hashlib.sha256).hexdigest()

    def fingerprint(self, normalized: str) -> str:
        """Keyed HMAC of a normalised number: equal numbers, equal fingerprints, at every node."""
        return hmac.new(self._mac_key, normalized.encode(), hashlib.sha256).hexdigest()


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED_PREFIX)
