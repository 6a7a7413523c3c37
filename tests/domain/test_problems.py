"""Findings in the user's language, one line for several."""

from __future__ import annotations

from app.domain.problems import DomainError, Problem, join_messages, register_messages

register_messages({"test.one": ("第一。", "First."), "test.two": ("第二。", "Second.")})


def test_several_findings_read_as_one_line_without_doubled_stops() -> None:
    both = [Problem("test.one"), Problem("test.two")]
    assert join_messages(both) == "第一；第二。"
    assert join_messages(both, "en") == "First; Second."
    assert join_messages([]) == ""
    assert (
        DomainError(both).message("en") == "First; Second."
        and str(DomainError(both)) == "第一；第二。"
    )
