"""Validation findings that every layer can show in the user's language.

The domain speaks in codes with parameters; the text is looked up here so that the UI, the CLI
and printed error lists say the same thing, in Chinese first and English on request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the value cannot be saved as it is
    WARNING = "warning"  # the value can be saved, but a person should look at it


# code -> (Chinese, English); str.format placeholders refer to Problem.params.
_CATALOG: dict[str, tuple[str, str]] = {}


def register_messages(messages: Mapping[str, tuple[str, str]]) -> None:
    """Add message templates; each domain module registers its own codes at import."""
    for code, texts in messages.items():
        if code in _CATALOG and _CATALOG[code] != texts:
            raise ValueError(f"message code registered twice with different text: {code}")
        _CATALOG[code] = texts


def known_codes() -> frozenset[str]:
    return frozenset(_CATALOG)


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity = Severity.ERROR
    field: str | None = None
    params: Mapping[str, Any] = dataclass_field(default_factory=lambda: MappingProxyType({}))

    def message(self, lang: str = "zh") -> str:
        zh, en = _CATALOG.get(self.code, (self.code, self.code))
        template = en if lang.lower().startswith("en") else zh
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]


def join_messages(problems: Iterable[Problem], lang: str = "zh") -> str:
    """Several findings as one line: "…；…" in Chinese, "…; …" in English, without a full
    stop doubled before each separator."""
    english = lang.lower().startswith("en")
    texts = [t for p in problems if (t := p.message(lang))]
    stops = "。." if english else "。"
    return ("; " if english else "；").join([t.rstrip(stops) for t in texts[:-1]] + texts[-1:])


class DomainError(ValueError):
    """Raised when a service refuses an operation; carries the problems that explain why."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        super().__init__(join_messages(self.problems, "zh"))

    def message(self, lang: str = "zh") -> str:
        return join_messages(self.problems, lang)
