from __future__ import annotations

import pytest

from app.store.vault import (
    Vault,
    VaultError,
    check_password,
    hash_password,
    is_sealed,
    new_data_key,
    unwrap_key,
    wrap_key,
)


def test_sealed_values_open_and_never_repeat() -> None:
    vault = Vault(new_data_key())
    a, b = vault.seal("51010719900101123X"), vault.seal("51010719900101123X")
    assert a != b and is_sealed(a) and "123X" not in a
    assert vault.open(a) == vault.open(b) == "51010719900101123X"
    assert vault.seal("") == "" and vault.open("") == ""


def test_fingerprints_are_keyed_and_stable() -> None:
    key = new_data_key()
    assert Vault(key).fingerprint("110") == Vault(key).fingerprint("110")
    assert Vault(key).fingerprint("110") != Vault(new_data_key()).fingerprint("110")


def test_another_key_or_an_altered_value_does_not_open() -> None:
    vault = Vault(new_data_key())
    sealed = vault.seal("6222024344395891755")
    with pytest.raises(VaultError):
        Vault(new_data_key()).open(sealed)
    altered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(VaultError):
        vault.open(altered)
    with pytest.raises(VaultError):
        vault.open("6222024344395891755")  # a number that was never sealed


def test_a_key_slot_opens_only_with_its_password() -> None:
    key = new_data_key()
    slot = wrap_key(key, "correct-horse")
    assert key.hex() not in slot
    assert unwrap_key(slot, "correct-horse") == key
    with pytest.raises(VaultError):
        unwrap_key(slot, "correct-hose")
    with pytest.raises(VaultError):
        unwrap_key("scrypt1$garbage", "correct-horse")


def test_password_hashes_are_salted_and_checked() -> None:
    first, second = hash_password("correct-horse"), hash_password("correct-horse")
    assert first != second and "correct-horse" not in first
    assert check_password("correct-horse", first) and not check_password("x", first)
    assert not check_password("correct-horse", "") and not check_password("x", "md5$1$2$3$4$5")
