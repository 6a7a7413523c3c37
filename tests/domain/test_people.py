from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import uscc

from app.domain import problems
from app.domain.idnumbers import Gender
from app.domain.people import (
    AgeLimits,
    age_on,
    check_age,
    check_bank_card,
    check_credit_code,
    check_mobile,
    check_name,
)
from app.domain.problems import Problem, Severity

TODAY = date(2024, 6, 15)
LIMITS = AgeLimits()


def codes(found: list[Problem]) -> list[str]:
    return [p.code for p in found]


# --- age ---


def test_age_on_counts_completed_years() -> None:
    birth = date(1990, 6, 15)
    assert age_on(birth, date(2024, 6, 14)) == 33
    assert age_on(birth, date(2024, 6, 15)) == 34
    assert age_on(birth, birth) == 0


def test_age_on_leap_day_birthday() -> None:
    birth = date(2000, 2, 29)
    assert age_on(birth, date(2018, 2, 28)) == 17
    assert age_on(birth, date(2018, 3, 1)) == 18
    assert age_on(birth, date(2020, 2, 28)) == 19
    assert age_on(birth, date(2020, 2, 29)) == 20


def test_age_on_before_birth_raises() -> None:
    with pytest.raises(ValueError):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


def anniversary(birth: date, year: int) -> date:
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


@given(st.dates(max_value=date(2100, 1, 1)), st.dates(max_value=date(2100, 1, 1)))
def test_age_on_counts_birthdays(a: date, b: date) -> None:
    birth, on = min(a, b), max(a, b)
    birthdays = sum(1 for y in range(birth.year + 1, on.year + 1) if anniversary(birth, y) <= on)
    assert age_on(birth, on) == birthdays


def test_check_age_under_18_warns() -> None:
    found = check_age(date(2006, 6, 16), Gender.MALE, today=TODAY, limits=LIMITS)
    assert codes(found) == ["age.too_young"]
    assert found[0].severity is Severity.WARNING
    assert dict(found[0].params) == {"age": 17, "limit": 18}
    assert found[0].field == "birth_date"
    assert check_age(date(2006, 6, 15), Gender.MALE, today=TODAY, limits=LIMITS) == []


def test_check_age_old_limits_depend_on_gender() -> None:
    man_60 = date(1964, 1, 1)
    man_61 = date(1963, 6, 15)
    assert check_age(man_60, Gender.MALE, today=TODAY, limits=LIMITS) == []
    found = check_age(man_61, Gender.MALE, today=TODAY, limits=LIMITS)
    assert codes(found) == ["age.too_old"]
    assert dict(found[0].params) == {"age": 61, "limit": 60}
    assert found[0].severity is Severity.WARNING

    woman_50 = date(1974, 1, 1)
    woman_51 = date(1973, 1, 1)
    assert check_age(woman_50, Gender.FEMALE, today=TODAY, limits=LIMITS) == []
    found = check_age(woman_51, Gender.FEMALE, today=TODAY, limits=LIMITS)
    assert dict(found[0].params) == {"age": 51, "limit": 50}
    # a 51-year-old man is fine
    assert check_age(woman_51, Gender.MALE, today=TODAY, limits=LIMITS) == []


def test_check_age_unknown_gender_uses_the_larger_limit() -> None:
    assert check_age(date(1970, 1, 1), None, today=TODAY, limits=LIMITS) == []
    found = check_age(date(1960, 1, 1), None, today=TODAY, limits=LIMITS)
    assert dict(found[0].params) == {"age": 64, "limit": 60}


def test_check_age_unknown_or_future_birth() -> None:
    assert check_age(None, Gender.MALE, today=TODAY, limits=LIMITS) == []
    assert check_age(date(2030, 1, 1), Gender.MALE, today=TODAY, limits=LIMITS) == []


def test_check_age_limits_are_a_setting() -> None:
    strict = AgeLimits(min_age=20, max_age_male=55, max_age_female=45)
    young = check_age(date(2005, 1, 1), None, today=TODAY, limits=strict)
    assert codes(young) == ["age.too_young"]
    old = check_age(date(1968, 1, 1), Gender.MALE, today=TODAY, limits=strict)
    assert codes(old) == ["age.too_old"]


# --- mobile ---


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        " 138 0013 8000 ",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+86-13800138000",
        "008613800138000",
        "(+86)13800138000",
        "１３８００１３８０００",
        "＋８６　１３８００１３８０００",
    ],
)
def test_mobile_normalised(raw: str) -> None:
    assert check_mobile(raw) == ("13800138000", [])


@pytest.mark.parametrize("raw", ["12800138000", "1380013800", "138001380001", "1380013800a"])
def test_mobile_invalid(raw: str) -> None:
    _, found = check_mobile(raw)
    assert codes(found) == ["phone.invalid"]
    assert found[0].is_error
    assert found[0].field == "mobile"


def test_mobile_required_or_optional() -> None:
    assert codes(check_mobile("  ")[1]) == ["phone.required"]
    assert check_mobile("  ", required=False) == ("", [])
    assert check_mobile("", required=False, field="emergency_phone") == ("", [])
    _, found = check_mobile("123", required=False, field="emergency_phone")
    assert found[0].field == "emergency_phone"


# --- bank card ---


def card(body: str) -> str:
    return body + luhn.calc_check_digit(body)


def test_bank_card_valid() -> None:
    number = card("622202123456789")
    spaced = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    assert check_bank_card(spaced) == (number, [])
    assert check_bank_card(card("621700000000000000")) == (card("621700000000000000"), [])


def test_bank_card_luhn_failure_only_warns() -> None:
    number = card("622202123456789")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    normalised, found = check_bank_card(wrong)
    assert normalised == wrong
    assert codes(found) == ["card.luhn"]
    assert found[0].severity is Severity.WARNING
    assert found[0].field == "bank_card"


@pytest.mark.parametrize("raw", ["622202123456789", "62220212345678901234"])
def test_bank_card_length(raw: str) -> None:
    _, found = check_bank_card(raw)
    assert codes(found) == ["card.length"]
    assert found[0].is_error
    assert found[0].params["actual"] == len(raw)


def test_bank_card_format_and_empty() -> None:
    assert codes(check_bank_card("6222O21234567890")[1]) == ["card.format"]
    assert check_bank_card("") == ("", [])
    assert check_bank_card("   ") == ("", [])
    assert check_bank_card("６２２２ ０２１２")[0] == "62220212"


# --- 统一社会信用代码 ---


def test_credit_code() -> None:
    assert check_credit_code("91110000600037341L") == ("91110000600037341L", [])
    assert check_credit_code(" 9111 0000 6000 3734 1l ") == ("91110000600037341L", [])
    assert check_credit_code("９１１１００００６０００３７３４１Ｌ")[1] == []


def test_credit_code_errors() -> None:
    assert codes(check_credit_code("91110000600037341M")[1]) == ["uscc.checksum"]
    assert codes(check_credit_code("A1110000600037341L")[1]) == ["uscc.format"]
    assert codes(check_credit_code("9111000060003734IL")[1]) == ["uscc.format"]
    _, found = check_credit_code("9111000060003734")
    assert codes(found) == ["uscc.length"]
    assert found[0].params["actual"] == 16
    assert found[0].field == "credit_code"
    assert codes(check_credit_code("")[1]) == ["uscc.required"]
    assert check_credit_code("", required=False) == ("", [])


def test_credit_code_generated() -> None:
    body = "91320500MA1MX0AB1"
    assert check_credit_code(body + uscc.calc_check_digit(body))[1] == []


# --- names ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  张三 ", "张三"),
        ("张 三", "张三"),
        ("欧阳\u3000娜娜", "欧阳娜娜"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽 ． 买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("John   Smith", "John Smith"),
        ("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"),
        ("Seán O'Brien-Murphy", "Seán O'Brien-Murphy"),
        ("J. R. Smith", "J. R. Smith"),
        ("𠮷田", "𠮷田"),
    ],
)
def test_name_normalised(raw: str, expected: str) -> None:
    assert check_name(raw) == (expected, [])


def test_name_errors() -> None:
    assert codes(check_name("")[1]) == ["name.required"]
    assert codes(check_name(" \u3000 ")[1]) == ["name.required"]
    assert codes(check_name("张三2")[1]) == ["name.digits"]
    assert codes(check_name("张三２")[1]) == ["name.digits"]
    assert codes(check_name("张三①")[1]) == ["name.digits"]
    _, found = check_name("张三@#@")
    assert codes(found) == ["name.chars"]
    assert found[0].params["chars"] == "@#"
    assert codes(check_name("名" * 50)[1]) == []
    _, found = check_name("名" * 51)
    assert codes(found) == ["name.length"]
    assert found[0].field == "name"
    assert check_name("", field="emergency_contact")[1][0].field == "emergency_contact"


def test_chinese_numerals_are_letters_in_names() -> None:
    assert check_name("王一二") == ("王一二", [])


# --- messages ---

PEOPLE_CODES = {
    "age.too_young",
    "age.too_old",
    "phone.required",
    "phone.invalid",
    "card.format",
    "card.length",
    "card.luhn",
    "uscc.required",
    "uscc.length",
    "uscc.format",
    "uscc.checksum",
    "name.required",
    "name.digits",
    "name.chars",
    "name.length",
}


def test_every_emitted_code_has_chinese_and_english_text() -> None:
    emitted = [
        *check_age(date(2010, 1, 1), None, today=TODAY, limits=LIMITS),
        *check_age(date(1950, 1, 1), Gender.MALE, today=TODAY, limits=LIMITS),
        *check_mobile("")[1],
        *check_mobile("1")[1],
        *check_bank_card("A")[1],
        *check_bank_card("1")[1],
        *check_bank_card("6222021234567891")[1],
        *check_credit_code("")[1],
        *check_credit_code("1")[1],
        *check_credit_code("A1110000600037341L")[1],
        *check_credit_code("91110000600037341M")[1],
        *check_name("")[1],
        *check_name("1")[1],
        *check_name("@")[1],
        *check_name("名" * 51)[1],
    ]
    assert {p.code for p in emitted} == PEOPLE_CODES
    assert problems.known_codes() >= PEOPLE_CODES
    for problem in emitted:
        zh, en = problem.message("zh"), problem.message("en")
        assert zh != problem.code
        assert en != problem.code
        assert "{" not in zh
        assert "{" not in en
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
        assert en.isascii()


def test_an_agreement_needs_a_known_type_a_start_and_an_end_not_before_it() -> None:
    from app.domain.people import check_agreement

    assert check_agreement("", None, None) == []
    assert check_agreement("contract", date(2026, 8, 1), None) == []
    assert codes(check_agreement("oral", date(2026, 8, 1), None)) == ["agreement.type"]
    assert codes(check_agreement("written", None, None)) == ["agreement.start"]
    assert codes(check_agreement("written", date(2026, 8, 2), date(2026, 8, 1))) == [
        "agreement.order"
    ]
