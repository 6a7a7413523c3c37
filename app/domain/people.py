"""Checks on a worker's personal data: age, mobile, wage card, employer code, name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from stdnum import luhn
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from app.domain.codes import AGREEMENT_TYPES
from app.domain.idnumbers import Gender, to_halfwidth
from app.domain.problems import Problem, Severity, register_messages

register_messages(
    {
        "age.too_young": (
            "年龄{age}岁，未满{limit}周岁，按本地规定不宜进场作业，请核实",
            "Age {age} is below the minimum of {limit}; local rules may bar the worker from "
            "the site. Please check.",
        ),
        "age.too_old": (
            "年龄{age}岁，超过{limit}周岁，按本地规定不宜进场作业，请核实",
            "Age {age} is above the limit of {limit}; local rules may bar the worker from the "
            "site. Please check.",
        ),
        "phone.required": ("请填写手机号码", "The mobile number is required."),
        "phone.invalid": (
            "手机号码应为以1开头的11位数字，请核对",
            "A mobile number must be 11 digits starting with 1; please check it.",
        ),
        "card.format": (
            "银行卡号只能包含数字",
            "A bank card number may contain only digits.",
        ),
        "card.length": (
            "银行卡号应为16到19位数字，现在是{actual}位",
            "A bank card number must have 16 to 19 digits; it has {actual}.",
        ),
        "card.luhn": (
            "银行卡号校验未通过，可能输错了，请对照银行卡核对；确认无误可以继续保存",
            "The bank card number fails the check-digit test and may be mistyped; compare it "
            "with the card. If it is right, it can be saved.",
        ),
        "uscc.required": (
            "请填写统一社会信用代码",
            "The unified social credit code is required.",
        ),
        "uscc.length": (
            "统一社会信用代码应为18位，现在是{actual}位",
            "The unified social credit code must have 18 characters; it has {actual}.",
        ),
        "uscc.format": (
            "统一社会信用代码格式不正确：前8位是数字，其后是数字或大写字母（不含I、O、Z、S、V）",
            "The unified social credit code is malformed: 8 digits, then digits or capital "
            "letters other than I, O, Z, S and V.",
        ),
        "uscc.checksum": (
            "统一社会信用代码校验位不正确，请对照营业执照核对",
            "The unified social credit code's check character is wrong; compare it with the "
            "business licence.",
        ),
        "name.required": ("请填写姓名", "The name is required."),
        "name.digits": ("姓名中不能有数字", "A name cannot contain digits."),
        "name.chars": (
            "姓名中有不允许的字符“{chars}”",
            "The name contains characters that are not allowed: {chars}",
        ),
        "name.length": (
            "姓名最多{max}个字，现在是{actual}个",
            "A name may have at most {max} characters; it has {actual}.",
        ),
    }
)


def _problem(
    code: str, field: str, severity: Severity = Severity.ERROR, **params: object
) -> Problem:
    return Problem(code, severity, field, MappingProxyType(dict(params)))


# --- age ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeLimits:
    """Local entry rules (e.g. Shanghai 2019). A setting; breaking them only warns.

    A worker is too young below ``min_age`` and too old above the maximum, in completed years:
    with the defaults a man aged 60 passes and warns from his 61st birthday.
    """

    min_age: int = 18
    max_age_male: int = 60
    max_age_female: int = 50


def age_on(birth: date, on: date) -> int:
    """Completed years (周岁) on a day; someone born on 29 February ages on 1 March in common
    years. Raises ValueError when ``on`` is before ``birth``."""
    if on < birth:
        raise ValueError(f"{on} is before the birth date {birth}")
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def check_age(
    birth: date | None, gender: Gender | None, *, today: date, limits: AgeLimits
) -> list[Problem]:
    """Warnings for ages outside the local limits; nothing when the birth date is unknown or
    in the future (the ID check reports that). With unknown gender, the larger maximum applies."""
    if birth is None or birth > today:
        return []
    age = age_on(birth, today)
    if age < limits.min_age:
        return [
            _problem("age.too_young", "birth_date", Severity.WARNING, age=age, limit=limits.min_age)
        ]
    if gender is Gender.MALE:
        limit = limits.max_age_male
    elif gender is Gender.FEMALE:
        limit = limits.max_age_female
    else:
        limit = max(limits.max_age_male, limits.max_age_female)
    if age > limit:
        return [_problem("age.too_old", "birth_date", Severity.WARNING, age=age, limit=limit)]
    return []


# --- mobile -------------------------------------------------------------------------------------

_MOBILE: Final = re.compile(r"1[3-9][0-9]{9}")
_PHONE_JUNK: Final = frozenset("-()\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u200b\ufeff")


def check_mobile(
    raw: str, *, required: bool = True, field: str = "mobile"
) -> tuple[str, list[Problem]]:
    """Normalise a mainland mobile number (drops spaces, dashes, brackets and a +86/0086 prefix)
    and check it. Empty input is an error only when ``required``."""
    text = "".join(ch for ch in to_halfwidth(raw) if not ch.isspace() and ch not in _PHONE_JUNK)
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if not text:
        return "", [_problem("phone.required", field)] if required else []
    if not _MOBILE.fullmatch(text):
        return text, [_problem("phone.invalid", field)]
    return text, []


# --- bank card ----------------------------------------------------------------------------------

CARD_LENGTH: Final = (16, 19)


def check_bank_card(raw: str, *, field: str = "bank_card") -> tuple[str, list[Problem]]:
    """Normalise and check a wage card number. The card is optional: empty input is fine.
    A failed Luhn check only warns: some bank cards do not follow it."""
    text = "".join(ch for ch in to_halfwidth(raw) if not ch.isspace() and ch not in _PHONE_JUNK)
    if not text:
        return "", []
    if not re.fullmatch(r"[0-9]+", text):
        return text, [_problem("card.format", field)]
    low, high = CARD_LENGTH
    if not low <= len(text) <= high:
        return text, [_problem("card.length", field, actual=len(text))]
    if not luhn.is_valid(text):
        return text, [_problem("card.luhn", field, Severity.WARNING)]
    return text, []


# --- unified social credit code ------------------------------------------------------------------


def check_credit_code(
    raw: str, *, required: bool = True, field: str = "credit_code"
) -> tuple[str, list[Problem]]:
    """统一社会信用代码 of the labour company, checked with ``stdnum.cn.uscc``."""
    text = "".join(
        ch for ch in to_halfwidth(raw) if not ch.isspace() and ch not in _PHONE_JUNK
    ).upper()
    if not text:
        return "", [_problem("uscc.required", field)] if required else []
    try:
        uscc.validate(text)
    except InvalidLength:
        return text, [_problem("uscc.length", field, actual=len(text))]
    except InvalidChecksum:
        return text, [_problem("uscc.checksum", field)]
    except ValidationError:
        return text, [_problem("uscc.format", field)]
    return text, []


# --- names --------------------------------------------------------------------------------------

MIDDLE_DOT: Final = "·"
_DOT_VARIANTS: Final = str.maketrans(dict.fromkeys("•．・‧⋅･∙", MIDDLE_DOT))
_NAME_PUNCTUATION: Final = frozenset(" ·-'.")
NAME_MAX_LENGTH: Final = 50


_HAN_CLASS: Final = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_HAN: Final = re.compile(f"[{_HAN_CLASS}]")
_SPACE_BETWEEN_HAN: Final = re.compile(f"(?<=[{_HAN_CLASS}]) (?=[{_HAN_CLASS}])")


def _normalize_name(raw: str) -> str:
    text = to_halfwidth(raw.translate(_DOT_VARIANTS))
    text = " ".join(text.split())
    text = text.replace(" ·", MIDDLE_DOT).replace("· ", MIDDLE_DOT)
    # "张 三" typed to line names up: drop the spaces between two Chinese characters.
    return _SPACE_BETWEEN_HAN.sub("", text)


def check_name(raw: str, *, field: str = "name") -> tuple[str, list[Problem]]:
    """Chinese names (with · for transliterated names, e.g. 阿依古丽·买买提) and Latin names.

    Normalises •．・ to ·, collapses whitespace, removes spaces around · and between Chinese
    characters. Letters of any script are allowed, plus space · - ' and '.'.
    """
    name = _normalize_name(raw)
    if not name:
        return "", [_problem("name.required", field)]
    if any(unicodedata.category(ch) in ("Nd", "No") for ch in name):
        return name, [_problem("name.digits", field)]
    bad = [
        ch
        for ch in name
        if ch not in _NAME_PUNCTUATION
        and not _HAN.fullmatch(ch)
        and unicodedata.category(ch)[0] not in ("L", "M")
    ]
    if bad:
        return name, [_problem("name.chars", field, chars="".join(dict.fromkeys(bad)))]
    if len(name) > NAME_MAX_LENGTH:
        return name, [_problem("name.length", field, max=NAME_MAX_LENGTH, actual=len(name))]
    return name, []


register_messages(
    {
        "agreement.type": (
            "合同类型只能是劳动合同或用工书面协议。",
            "The agreement is a labour contract or a written employment agreement.",
        ),
        "agreement.start": ("请填写合同开始日期。", "Give the agreement's start date."),
        "agreement.order": (
            "合同结束日期不能早于开始日期。",
            "The agreement cannot end before it starts.",
        ),
    }
)


def check_agreement(kind: str, start: date | None, end: date | None) -> list[Problem]:
    """劳动合同 or 用工书面协议: a known type with a start; an end not before the start."""
    if not kind:
        return []
    problems = []
    if kind not in AGREEMENT_TYPES:
        problems.append(Problem("agreement.type", field="agreement_type"))
    if start is None:
        problems.append(Problem("agreement.start", field="agreement_start"))
    elif end is not None and end < start:
        problems.append(Problem("agreement.order", field="agreement_end"))
    return problems
