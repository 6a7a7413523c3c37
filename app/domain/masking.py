"""Masking of personal numbers for the screen and for public paper (个人信息保护法).

Examples (DOMAIN.md): ID ``110105********0123``, phone ``138****8000``,
card ``6222 **** **** 1234``.
The functions take the stored (normalised) value; surrounding whitespace is ignored.
"""

from __future__ import annotations

from typing import Final

MASK: Final = "*"


def _keep(text: str, head: int, tail: int) -> str:
    """Keep ``head`` leading and ``tail`` trailing characters; mask the rest, same length."""
    hidden = len(text) - head - tail
    return text[:head] + MASK * hidden + text[len(text) - tail :]


def mask_id(number: str) -> str:
    """First 6 and last 4 visible, the middle masked with as many ``*``.

    Shorter numbers: from 8 to 13 characters only the first 2 and last 2 stay visible (first 6 +
    last 4 would hide little or nothing); below 8 characters only the last 2.
    """
    text = number.strip()
    if not text:
        return ""
    if len(text) >= 14:
        return _keep(text, 6, 4)
    if len(text) >= 8:
        return _keep(text, 2, 2)
    return _keep(text, 0, min(2, len(text) - 1))


def mask_phone(number: str) -> str:
    """``13800138000`` -> ``138****8000``; 8 or more characters keep first 3 and last 4,
    shorter ones only the last 2."""
    text = number.strip()
    if not text:
        return ""
    if len(text) >= 8:
        return _keep(text, 3, 4)
    return _keep(text, 0, min(2, len(text) - 1))


def mask_card(number: str) -> str:
    """``6222 **** **** 1234``: first 4 and last 4 digits with two groups of ``****`` between.

    For 16 to 19 digits the form is always the same, whatever the length; other numbers of 12
    or more characters get the same form, shorter ones show ``****`` and the last 2.
    """
    text = "".join(number.split())
    if not text:
        return ""
    if len(text) >= 12:
        return f"{text[:4]} {MASK * 4} {MASK * 4} {text[-4:]}"
    return f"{MASK * 4} {text[-2:]}" if len(text) > 2 else MASK * 4


def id_tail(number: str, n: int = 4) -> str:
    """The last ``n`` characters (``尾号``), e.g. to tell two workers with the same name apart."""
    text = number.strip()
    if n <= 0:
        return ""
    return text[-n:]
