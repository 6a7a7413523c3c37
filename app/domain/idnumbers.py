"""Identity document numbers for real-name registration (实名制): normalising and checking.

The 居民身份证 number (GB 11643-1999) is checked with ``stdnum.cn.ric``; the
港澳台居民居住证 and the 2023 外国人永久居留身份证 share its layout and ISO 7064 MOD 11-2 check
character, so they reuse the same stdnum code. Gender and birth date are read from the number
where the document type holds them, and only when the number has no errors.

Notes on python-stdnum (checked against 2.2):

* ``ric.validate`` raises ``InvalidComponent`` both for an impossible birth date and for a region
  code missing from its table, so the two are told apart here by calling ``get_birth_date``.
* For a region code whose province is known but whose county is not (e.g. ``119999``),
  ``ric.get_birth_place`` raises a plain ``KeyError`` instead of a ``ValidationError``.
* The region table is matched against the *birth year* (a county created in 1986 is "unknown"
  for someone born in 1980), although numbers are issued where the person is registered.
  Hence an unknown region is only a warning.
* ``ric.calc_check_digit`` expects the number *with* a check character in place (it ignores the
  last character); passing the 17-digit body gives a wrong answer without any error.
* ``ric.compact`` does not remove spaces, hence ``normalize_id`` does it first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from stdnum.cn import ric
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from app.domain.problems import Problem, Severity, register_messages

FIELD: Final = "id_number"


class IdType(StrEnum):
    RESIDENT = "resident"  # 居民身份证
    HMT_RESIDENCE = "hmt_residence"  # 港澳台居民居住证
    FOREIGN_PR = "foreign_pr"  # 外国人永久居留身份证
    PASSPORT = "passport"  # 护照
    OTHER = "other"  # 其他


ID_TYPE_LABELS: dict[IdType, str] = {
    IdType.RESIDENT: "居民身份证",
    IdType.HMT_RESIDENCE: "港澳台居民居住证",
    IdType.FOREIGN_PR: "外国人永久居留身份证",
    IdType.PASSPORT: "护照",
    IdType.OTHER: "其他",
}


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


GENDER_LABELS: dict[Gender, str] = {Gender.MALE: "男", Gender.FEMALE: "女"}

HMT_REGIONS: Final = MappingProxyType({"810000": "香港", "820000": "澳门", "830000": "台湾"})
EARLIEST_BIRTH: Final = date(1900, 1, 1)

register_messages(
    {
        "id.required": ("请填写证件号码", "The ID number is required."),
        "id.length": (
            "身份证号码应为18位，现在是{actual}位，请核对是否漏输或多输",
            "The ID number must have 18 characters; it has {actual}.",
        ),
        "id.format": (
            "身份证号码应为18位：前17位是数字，最后一位是数字或字母X",
            "The ID number must be 17 digits followed by a digit or X.",
        ),
        "id.checksum": (
            "身份证号码校验位不正确，请核对最后一位，也可能是前面某一位输错了",
            "The ID number's check character is wrong; check the last character and the digits "
            "before it.",
        ),
        "id.date": (
            "身份证号码中的出生日期 {digits} 不存在，请核对第7到14位",
            "The birth date {digits} in the ID number does not exist; check characters 7 to 14.",
        ),
        "id.future": (
            "身份证号码中的出生日期 {birth} 晚于今天，请核对第7到14位",
            "The birth date {birth} in the ID number is in the future; check characters 7 to 14.",
        ),
        "id.too_early": (
            "身份证号码中的出生日期 {birth} 早于1900年，请核对第7到14位",
            "The birth date {birth} in the ID number is before 1900; check characters 7 to 14.",
        ),
        "id.region_unknown": (
            "身份证号码前6位地区码 {region} 不在行政区划表中，请核对；如与证件一致，可以继续保存",
            "The region code {region} (first 6 digits) is not in the table of regions; check it. "
            "If it matches the card, it can be saved.",
        ),
        "id.old15": (
            "这是15位的旧身份证号码，已停止使用，请录入18位的新身份证号码",
            "This is an old 15-digit ID number, which is no longer in use; enter the 18-digit "
            "number.",
        ),
        "id.hmt_region": (
            "港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头，"
            "现在是{region}；如是内地居民身份证，请把证件类型改为居民身份证",
            "A residence permit number for Hong Kong, Macao or Taiwan residents must start with "
            "810000, 820000 or 830000; it starts with {region}. For a mainland ID card, change "
            "the ID type to resident ID card.",
        ),
        "id.foreign_prefix": (
            "18位的外国人永久居留身份证号码应以数字9开头，请核对证件类型和号码",
            "An 18-character foreign permanent resident ID number must start with 9; check the ID "
            "type and the number.",
        ),
        "id.foreign_format": (
            "外国人永久居留身份证号码应为18位（2023年新版，以9开头），"
            "或旧版的3个英文字母加12位数字",
            "A foreign permanent resident ID number has 18 characters starting with 9 (2023 "
            "version), or 3 letters followed by 12 digits (older version).",
        ),
        "id.passport_format": (
            "护照号码只能包含英文字母和数字",
            "A passport number may contain only Latin letters and digits.",
        ),
        "id.other_format": (
            "证件号码中有无法识别的字符，请重新输入",
            "The ID number contains characters that cannot be used; type it again.",
        ),
        "id.length_range": (
            "证件号码应为{min}到{max}位，现在是{actual}位",
            "The ID number must have {min} to {max} characters; it has {actual}.",
        ),
    }
)


def _problem(code: str, severity: Severity = Severity.ERROR, **params: object) -> Problem:
    return Problem(code, severity, FIELD, MappingProxyType(dict(params)))


# --- normalising --------------------------------------------------------------------------------

_HALFWIDTH: Final = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_INVISIBLE: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_DASHES: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


def to_halfwidth(text: str) -> str:
    """Turn full-width ASCII forms (ＡＢＣ１２３, full-width space) into plain ASCII."""
    return text.translate(_HALFWIDTH)


def normalize_id(id_type: IdType, raw: str) -> str:
    """The number as it is stored: half-width, upper case, no whitespace.

    Removes all whitespace (also full-width and zero-width characters pasted from web pages);
    for the numeric GB 11643 layouts dashes are removed too.
    """
    text = to_halfwidth(raw)
    drop = _INVISIBLE
    if id_type in (IdType.RESIDENT, IdType.HMT_RESIDENCE, IdType.FOREIGN_PR):
        drop = drop | _DASHES
    return "".join(ch for ch in text if not ch.isspace() and ch not in drop).upper()


# --- checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdCheck:
    normalized: str
    problems: tuple[Problem, ...]
    gender: Gender | None
    birth_date: date | None

    @property
    def ok(self) -> bool:
        """True when nothing stops saving; warnings may remain."""
        return not any(p.is_error for p in self.problems)


_DIGITS: Final = re.compile(r"[0-9]+")
_OLD_FOREIGN_PR: Final = re.compile(r"[A-Z]{3}[0-9]{12}")
_PASSPORT_CHARS: Final = re.compile(r"[A-Z0-9]+")
PASSPORT_LENGTH: Final = (5, 20)
OTHER_MAX_LENGTH: Final = 30


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


def _gb11643(number: str) -> tuple[list[Problem], bool]:
    """Length, characters, check character and birth date of an 18-character GB 11643 number.

    Returns the errors found and whether stdnum's region table knows the first six digits (only
    meaningful when there are no errors).
    """
    try:
        ric.validate(number)
    except InvalidLength:
        return [_problem("id.length", actual=len(number))], False
    except InvalidFormat:
        return [_problem("id.format")], False
    except InvalidChecksum:
        return [_problem("id.checksum")], False
    except InvalidComponent:
        # stdnum raises this for an impossible birth date and for an unknown region alike.
        try:
            ric.get_birth_date(number)
        except ValidationError:
            return [_problem("id.date", digits=number[6:14])], False
        return [], False
    except KeyError:
        # stdnum 2.2: known province, unknown county -> KeyError from get_birth_place().
        return [], False
    return [], True


def _birth_and_gender(number: str, today: date) -> tuple[list[Problem], Gender | None, date | None]:
    """Birth date checks and gender for a structurally valid 18-character number."""
    birth = ric.get_birth_date(number)
    if birth > today:
        return [_problem("id.future", birth=birth.isoformat())], None, None
    if birth < EARLIEST_BIRTH:
        return [_problem("id.too_early", birth=birth.isoformat())], None, None
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return [], gender, birth


def _check_resident(number: str, today: date) -> IdCheck:
    if len(number) == 15 and _is_digits(number):
        return IdCheck(number, (_problem("id.old15"),), None, None)
    problems, region_known = _gb11643(number)
    if problems:
        return IdCheck(number, tuple(problems), None, None)
    problems, gender, birth = _birth_and_gender(number, today)
    if not problems and not region_known:
        problems.append(_problem("id.region_unknown", Severity.WARNING, region=number[:6]))
    return IdCheck(number, tuple(problems), gender, birth)


def _check_hmt(number: str, today: date) -> IdCheck:
    # stdnum's region table lacks 830000 and dates 810000/820000 from 1997/1999, so the region
    # verdict of _gb11643 is ignored; the fixed list of three codes is checked instead.
    problems, _ = _gb11643(number)
    if problems:
        return IdCheck(number, tuple(problems), None, None)
    if number[:6] not in HMT_REGIONS:
        return IdCheck(number, (_problem("id.hmt_region", region=number[:6]),), None, None)
    problems, gender, birth = _birth_and_gender(number, today)
    return IdCheck(number, tuple(problems), gender, birth)


def _check_foreign_pr(number: str, today: date) -> IdCheck:
    if len(number) == 18:
        # 2023 version: 9 + province of the issuing office (2) + nationality (3) + YYYYMMDD +
        # sequence (3, odd = male) + ISO 7064 MOD 11-2 check character, as in GB 11643.
        if not number.startswith("9"):
            return IdCheck(number, (_problem("id.foreign_prefix"),), None, None)
        problems, _ = _gb11643(number)  # digits 2-6 are not a county code: ignore the region
        if problems:
            return IdCheck(number, tuple(problems), None, None)
        problems, gender, birth = _birth_and_gender(number, today)
        return IdCheck(number, tuple(problems), gender, birth)
    if _OLD_FOREIGN_PR.fullmatch(number):
        # 2004-2017 version: 3 letters (nationality) + 12 digits. Public descriptions of what the
        # digits hold (issuing office, YYMMDD birth date, sequence, check digit) disagree with
        # each other, so this stays a format check: no checksum, gender or birth date.
        return IdCheck(number, (), None, None)
    return IdCheck(number, (_problem("id.foreign_format"),), None, None)


def _check_passport(number: str) -> IdCheck:
    if not _PASSPORT_CHARS.fullmatch(number):
        return IdCheck(number, (_problem("id.passport_format"),), None, None)
    low, high = PASSPORT_LENGTH
    if not low <= len(number) <= high:
        problem = _problem("id.length_range", min=low, max=high, actual=len(number))
        return IdCheck(number, (problem,), None, None)
    return IdCheck(number, (), None, None)


def _check_other(number: str) -> IdCheck:
    if not number.isprintable():
        return IdCheck(number, (_problem("id.other_format"),), None, None)
    if len(number) > OTHER_MAX_LENGTH:
        problem = _problem("id.length_range", min=1, max=OTHER_MAX_LENGTH, actual=len(number))
        return IdCheck(number, (problem,), None, None)
    return IdCheck(number, (), None, None)


def check_id(id_type: IdType, raw: str, *, today: date) -> IdCheck:
    """Normalise and check an ID number of the given type.

    ``gender`` and ``birth_date`` are filled only when the type holds them and the number has no
    errors (an unknown-region warning does not prevent them).
    """
    number = normalize_id(id_type, raw)
    if not number:
        return IdCheck(number, (_problem("id.required"),), None, None)
    match id_type:
        case IdType.RESIDENT:
            return _check_resident(number, today)
        case IdType.HMT_RESIDENCE:
            return _check_hmt(number, today)
        case IdType.FOREIGN_PR:
            return _check_foreign_pr(number, today)
        case IdType.PASSPORT:
            return _check_passport(number)
        case IdType.OTHER:
            return _check_other(number)
