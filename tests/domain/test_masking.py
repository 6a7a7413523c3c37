from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.masking import id_tail, mask_card, mask_id, mask_phone

ID_CHARS = "0123456789X"


def test_mask_id_examples() -> None:
    assert mask_id("110105194912310123") == "110105********0123"
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id(" 11010519491231002X ") == "110105********002X"
    assert mask_id("USA110085031502") == "USA110*****1502"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("E12345678", "E1*****78"),
        ("12345678", "12****78"),
        ("1234567890123", "12*********23"),
        ("1234567", "*****67"),
        ("123", "*23"),
        ("12", "*2"),
        ("1", "*"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_id_short_numbers(number: str, masked: str) -> None:
    assert mask_id(number) == masked


@given(st.text(alphabet=ID_CHARS, min_size=18, max_size=18))
def test_mask_id_reveals_at_most_10_of_18(number: str) -> None:
    masked = mask_id(number)
    assert len(masked) == 18
    assert sum(ch != "*" for ch in masked) <= 10
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert masked[6:14] == "*" * 8


@given(st.text(alphabet=ID_CHARS + "ABC", min_size=1, max_size=40))
def test_mask_id_keeps_length_and_hides_something(number: str) -> None:
    masked = mask_id(number)
    assert len(masked) == len(number)
    hidden = masked.count("*")
    assert hidden >= 1
    assert hidden >= 4 or len(number) < 8
    for original, shown in zip(number, masked, strict=True):
        assert shown in ("*", original)


def test_mask_phone() -> None:
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("010-12345678") == "010*****5678"
    assert mask_phone("12345678") == "123*5678"
    assert mask_phone("1234567") == "*****67"
    assert mask_phone("12") == "*2"
    assert mask_phone("") == ""


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("6222000000001234", "6222 **** **** 1234"),
        ("6222 0000 0000 1234", "6222 **** **** 1234"),
        ("62220000000001234", "6222 **** **** 1234"),
        ("622200000000001234", "6222 **** **** 1234"),
        ("6222000000000001234", "6222 **** **** 1234"),
        ("622200001234", "6222 **** **** 1234"),
        ("12345678", "**** 78"),
        ("12", "****"),
        ("", ""),
    ],
)
def test_mask_card(number: str, masked: str) -> None:
    assert mask_card(number) == masked


@given(st.text(alphabet="0123456789", min_size=16, max_size=19))
def test_mask_card_shows_first_and_last_four(number: str) -> None:
    masked = mask_card(number)
    assert masked == f"{number[:4]} **** **** {number[-4:]}"


def test_id_tail() -> None:
    assert id_tail("11010519491231002X") == "002X"
    assert id_tail("11010519491231002X", 6) == "31002X"
    assert id_tail(" 12 ") == "12"
    assert id_tail("11010519491231002X", 0) == ""
    assert id_tail("") == ""
