from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from app.domain import problems
from app.domain.idnumbers import (
    ID_TYPE_LABELS,
    Gender,
    IdCheck,
    IdType,
    check_id,
    normalize_id,
)
from app.domain.problems import Severity

TODAY = date(2024, 6, 15)


def make_number(body17: str) -> str:
    """A GB 11643 number with the right check character.

    stdnum's calc_check_digit ignores the last character of its argument, so a placeholder is
    appended to the 17-digit body.
    """
    assert len(body17) == 17
    return body17 + ric.calc_check_digit(body17 + "0")


def codes(result: IdCheck) -> list[str]:
    return [p.code for p in result.problems]


def resident(raw: str) -> IdCheck:
    return check_id(IdType.RESIDENT, raw, today=TODAY)


# --- types ---


def test_every_type_has_a_chinese_label() -> None:
    assert set(ID_TYPE_LABELS) == set(IdType)
    assert ID_TYPE_LABELS[IdType.RESIDENT] == "居民身份证"
    assert ID_TYPE_LABELS[IdType.HMT_RESIDENCE] == "港澳台居民居住证"
    assert ID_TYPE_LABELS[IdType.FOREIGN_PR] == "外国人永久居留身份证"
    assert IdType("resident") is IdType.RESIDENT
    assert Gender("F") is Gender.FEMALE


# --- normalising ---


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002X",
        "11010519491231002x",
        " 110105 19491231 002x ",
        "110105-19491231-002X",
        "１１０１０５１９４９１２３１００２ｘ",
        "１１０１０５\u3000１９４９１２３１\u3000００２Ｘ",
        "\ufeff11010519491231002X\u200b",
        "110105\t19491231\n002X",
    ],
)
def test_normalize_resident(raw: str) -> None:
    assert normalize_id(IdType.RESIDENT, raw) == "11010519491231002X"


def test_normalize_passport_keeps_dashes_for_the_format_check() -> None:
    assert normalize_id(IdType.PASSPORT, " e 1234５６７８ ") == "E12345678"
    assert normalize_id(IdType.PASSPORT, "E-123") == "E-123"


# --- 居民身份证 ---


def test_known_good_number() -> None:
    result = resident("11010519491231002X")
    assert result == IdCheck("11010519491231002X", (), Gender.FEMALE, date(1949, 12, 31))
    assert result.ok


def test_lowercase_x_and_full_width_input_are_accepted() -> None:
    result = resident("１１０１０５ １９４９１２３１ ００２x")
    assert result.ok
    assert result.normalized == "11010519491231002X"
    assert result.gender is Gender.FEMALE


def test_known_bad_checksum() -> None:
    result = resident("360426199101010072")
    assert codes(result) == ["id.checksum"]
    assert not result.ok
    assert result.gender is None
    assert result.birth_date is None
    assert "校验位" in result.problems[0].message()


def test_corrected_checksum_is_male() -> None:
    result = resident("360426199101010071")
    assert result.ok
    assert result.gender is Gender.MALE
    assert result.birth_date == date(1991, 1, 1)


def test_wrong_check_letter() -> None:
    assert codes(resident("11010519491231002Y")) == ["id.checksum"]


@pytest.mark.parametrize("raw", ["1101051949123100", "11010519491231002X1", "1"])
def test_wrong_length(raw: str) -> None:
    result = resident(raw)
    assert codes(result) == ["id.length"]
    assert result.problems[0].params["actual"] == len(raw)


@pytest.mark.parametrize("raw", ["11010519491231A02X", "X10105194912310020", "1101051949*231002X"])
def test_wrong_characters(raw: str) -> None:
    assert codes(resident(raw)) == ["id.format"]


def test_old_15_digit_number_asks_for_the_18_digit_one() -> None:
    result = resident("110105491231002")
    assert codes(result) == ["id.old15"]
    assert "18位" in result.problems[0].message()


@pytest.mark.parametrize("raw", ["", "   ", "\u3000", "\u200b"])
def test_empty_is_required(raw: str) -> None:
    for id_type in IdType:
        result = check_id(id_type, raw, today=TODAY)
        assert codes(result) == ["id.required"]
        assert result.normalized == ""


@pytest.mark.parametrize("ymd", ["19900230", "19910229", "19000229", "19901301", "19900000"])
def test_impossible_birth_date(ymd: str) -> None:
    result = resident(make_number("110105" + ymd + "001"))
    assert codes(result) == ["id.date"]
    assert result.problems[0].params["digits"] == ymd


def test_leap_day_is_a_real_date() -> None:
    result = resident(make_number("110105" + "20000229" + "002"))
    assert result.ok
    assert result.birth_date == date(2000, 2, 29)
    assert result.gender is Gender.FEMALE


def test_future_birth_date() -> None:
    result = resident(make_number("110105" + "20240616" + "001"))
    assert codes(result) == ["id.future"]
    assert result.problems[0].params["birth"] == "2024-06-16"
    assert result.birth_date is None


def test_born_today_is_not_future() -> None:
    result = resident(make_number("110105" + "20240615" + "001"))
    assert result.ok
    assert result.birth_date == TODAY


def test_birth_before_1900() -> None:
    assert codes(resident(make_number("110105" + "18991231" + "001"))) == ["id.too_early"]
    assert resident(make_number("110105" + "19000101" + "001")).ok


@pytest.mark.parametrize(
    "body",
    [
        "119999" + "19900101" + "001",  # known province, unknown county (stdnum: KeyError)
        "999999" + "19900101" + "001",  # nothing known (stdnum: InvalidComponent)
        "110103" + "20150101" + "001",  # 崇文区, merged in 2010 (stdnum checks the birth year)
    ],
)
def test_unknown_region_only_warns(body: str) -> None:
    result = resident(make_number(body))
    assert codes(result) == ["id.region_unknown"]
    problem = result.problems[0]
    assert problem.severity is Severity.WARNING
    assert problem.params["region"] == body[:6]
    assert result.ok
    assert result.gender is Gender.MALE
    assert result.birth_date == date(int(body[6:10]), int(body[10:12]), int(body[12:14]))


def test_unknown_region_does_not_hide_a_date_error() -> None:
    assert codes(resident(make_number("999999" + "19900230" + "001"))) == ["id.date"]


def test_problems_name_the_id_field() -> None:
    for raw in ["", "1", "360426199101010072", make_number("999999" + "19900101" + "001")]:
        result = resident(raw)
        assert result.problems
        assert all(p.field == "id_number" for p in result.problems)


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_generated_numbers_are_valid(birth: date, sequence: int) -> None:
    number = make_number(f"110105{birth:%Y%m%d}{sequence:03d}")
    result = resident(number.lower())
    assert result.ok
    assert result.normalized == number
    assert result.birth_date == birth
    assert result.gender is (Gender.MALE if sequence % 2 else Gender.FEMALE)


@given(st.text(max_size=40), st.sampled_from(list(IdType)))
def test_check_id_never_raises(raw: str, id_type: IdType) -> None:
    result = check_id(id_type, raw, today=TODAY)
    assert result.ok == (not any(p.severity is Severity.ERROR for p in result.problems))
    if not result.ok:
        assert result.gender is None
        assert result.birth_date is None


# --- 港澳台居民居住证 ---


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_hmt_regions(region: str) -> None:
    # born 1990: stdnum's table would reject 810000 before 1997 and does not know 830000
    number = make_number(region + "19900101" + "003")
    result = check_id(IdType.HMT_RESIDENCE, number, today=TODAY)
    assert result.ok
    assert result.problems == ()
    assert result.gender is Gender.MALE
    assert result.birth_date == date(1990, 1, 1)


def test_hmt_rejects_a_mainland_region() -> None:
    result = check_id(IdType.HMT_RESIDENCE, "11010519491231002X", today=TODAY)
    assert codes(result) == ["id.hmt_region"]
    assert result.problems[0].params["region"] == "110105"


def test_hmt_checksum_date_and_length() -> None:
    good = make_number("810000" + "19900101" + "003")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert codes(check_id(IdType.HMT_RESIDENCE, bad, today=TODAY)) == ["id.checksum"]
    feb30 = make_number("820000" + "19900230" + "003")
    assert codes(check_id(IdType.HMT_RESIDENCE, feb30, today=TODAY)) == ["id.date"]
    future = make_number("830000" + "20300101" + "003")
    assert codes(check_id(IdType.HMT_RESIDENCE, future, today=TODAY)) == ["id.future"]
    assert codes(check_id(IdType.HMT_RESIDENCE, good[:-1], today=TODAY)) == ["id.length"]


# --- 外国人永久居留身份证 ---


def test_foreign_pr_2023_version() -> None:
    number = make_number("9" + "11" + "840" + "19850315" + "002")
    result = check_id(IdType.FOREIGN_PR, number.lower(), today=TODAY)
    assert result.ok
    assert result.problems == ()
    assert result.gender is Gender.FEMALE
    assert result.birth_date == date(1985, 3, 15)


def test_foreign_pr_2023_version_checks() -> None:
    good = make_number("9" + "31" + "250" + "19700101" + "011")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert codes(check_id(IdType.FOREIGN_PR, bad, today=TODAY)) == ["id.checksum"]
    feb30 = make_number("9" + "31" + "250" + "19700230" + "011")
    assert codes(check_id(IdType.FOREIGN_PR, feb30, today=TODAY)) == ["id.date"]
    mainland = "11010519491231002X"
    assert codes(check_id(IdType.FOREIGN_PR, mainland, today=TODAY)) == ["id.foreign_prefix"]


def test_foreign_pr_old_version_is_format_only() -> None:
    result = check_id(IdType.FOREIGN_PR, "usa 110 085 031 502", today=TODAY)
    assert result.ok
    assert result.normalized == "USA110085031502"
    assert result.gender is None
    assert result.birth_date is None


@pytest.mark.parametrize("raw", ["US1110085031502", "USA11008503150", "USA1100850315X2", "ABCD"])
def test_foreign_pr_bad_format(raw: str) -> None:
    assert codes(check_id(IdType.FOREIGN_PR, raw, today=TODAY)) == ["id.foreign_format"]


# --- 护照 and 其他 ---


def test_passport() -> None:
    result = check_id(IdType.PASSPORT, "e1234 5678", today=TODAY)
    assert result == IdCheck("E12345678", (), None, None)
    assert codes(check_id(IdType.PASSPORT, "E1234", today=TODAY)) == []
    assert codes(check_id(IdType.PASSPORT, "E123", today=TODAY)) == ["id.length_range"]
    assert codes(check_id(IdType.PASSPORT, "E" * 21, today=TODAY)) == ["id.length_range"]
    assert codes(check_id(IdType.PASSPORT, "E-1234567", today=TODAY)) == ["id.passport_format"]
    assert codes(check_id(IdType.PASSPORT, "护照1234567", today=TODAY)) == ["id.passport_format"]


def test_other() -> None:
    result = check_id(IdType.OTHER, "军官证 第123号", today=TODAY)
    assert result == IdCheck("军官证第123号", (), None, None)
    assert codes(check_id(IdType.OTHER, "A" * 30, today=TODAY)) == []
    too_long = check_id(IdType.OTHER, "A" * 31, today=TODAY)
    assert codes(too_long) == ["id.length_range"]
    assert too_long.problems[0].params == {"min": 1, "max": 30, "actual": 31}
    assert codes(check_id(IdType.OTHER, "AB\x00C", today=TODAY)) == ["id.other_format"]


# --- messages ---

ID_CODES = {
    "id.required",
    "id.length",
    "id.format",
    "id.checksum",
    "id.date",
    "id.future",
    "id.too_early",
    "id.region_unknown",
    "id.old15",
    "id.hmt_region",
    "id.foreign_prefix",
    "id.foreign_format",
    "id.passport_format",
    "id.other_format",
    "id.length_range",
}

SAMPLES: list[tuple[IdType, str]] = [
    (IdType.RESIDENT, ""),
    (IdType.RESIDENT, "1101051949123100"),
    (IdType.RESIDENT, "11010519491231A02X"),
    (IdType.RESIDENT, "360426199101010072"),
    (IdType.RESIDENT, make_number("110105" + "19900230" + "001")),
    (IdType.RESIDENT, make_number("110105" + "20300101" + "001")),
    (IdType.RESIDENT, make_number("110105" + "18991231" + "001")),
    (IdType.RESIDENT, make_number("999999" + "19900101" + "001")),
    (IdType.RESIDENT, "110105491231002"),
    (IdType.HMT_RESIDENCE, "11010519491231002X"),
    (IdType.FOREIGN_PR, "11010519491231002X"),
    (IdType.FOREIGN_PR, "ABCD"),
    (IdType.PASSPORT, "E-1"),
    (IdType.PASSPORT, "E1"),
    (IdType.OTHER, "\x00"),
]


def test_every_emitted_code_has_chinese_and_english_text() -> None:
    emitted = [p for id_type, raw in SAMPLES for p in check_id(id_type, raw, today=TODAY).problems]
    assert {p.code for p in emitted} == ID_CODES
    assert problems.known_codes() >= ID_CODES
    for problem in emitted:
        zh, en = problem.message("zh"), problem.message("en")
        assert zh != problem.code
        assert en != problem.code
        assert "{" not in zh
        assert "{" not in en
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
        assert en.isascii()
