from __future__ import annotations

from collections.abc import Mapping

import pytest

from app.domain import codes
from app.domain.codes import (
    AGREEMENT_TYPES,
    EDUCATION,
    ETHNICITIES,
    POLITICAL_STATUS,
    TRADES,
    WORKER_ROLES,
    label,
    labels,
)

TABLES: list[Mapping[str, str]] = [
    TRADES,
    ETHNICITIES,
    EDUCATION,
    POLITICAL_STATUS,
    WORKER_ROLES,
    AGREEMENT_TYPES,
]


def test_trades() -> None:
    assert TRADES["010"] == "砌筑工"
    assert TRADES["240"] == "木工"
    assert TRADES["270"] == "电焊工"
    assert TRADES["900"] == "管理人员"
    assert TRADES["1000"] == "其它"
    assert len(TRADES) == 32
    assert all(code.isdigit() for code in TRADES)


def test_ethnicities_follow_gb_t_3304() -> None:
    assert len(ETHNICITIES) == 58
    assert [f"{n:02d}" for n in range(1, 57)] == list(ETHNICITIES)[:56]
    assert ETHNICITIES["01"] == "汉族"
    assert ETHNICITIES["02"] == "蒙古族"
    assert ETHNICITIES["05"] == "维吾尔族"
    assert ETHNICITIES["56"] == "基诺族"
    assert ETHNICITIES["97"] == "其他"
    assert ETHNICITIES["98"] == "外国血统中国籍人士"
    names = [ETHNICITIES[f"{n:02d}"] for n in range(1, 57)]
    assert all(name.endswith("族") for name in names)
    assert len(set(names)) == 56


def test_small_tables() -> None:
    assert WORKER_ROLES == {"manager": "管理人员", "worker": "建筑工人"}
    assert AGREEMENT_TYPES == {"contract": "劳动合同", "written": "用工书面协议"}
    assert {"中共党员", "中共预备党员", "共青团员", "群众"} <= set(POLITICAL_STATUS.values())
    assert {"大学本科", "高中", "初中", "小学"} <= set(EDUCATION.values())


@pytest.mark.parametrize("table", TABLES)
def test_tables_are_read_only_and_labelled(table: Mapping[str, str]) -> None:
    with pytest.raises(TypeError):
        table["x"] = "y"  # type: ignore[index]
    assert table
    for code, text in table.items():
        assert isinstance(code, str)
        assert text
        assert label(table, code) == text
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_label_of_unknown_code_is_the_code() -> None:
    assert label(TRADES, "999") == "999"
    assert label(ETHNICITIES, "1") == "1"
    assert codes.label(ETHNICITIES, "") == ""


def test_every_code_has_an_english_label_for_the_english_ui() -> None:
    for table in TABLES:
        english = labels(table, "en")
        assert list(english) == list(table)  # same codes, same order
        assert all(text.isascii() for text in english.values()), english
    assert label(TRADES, "020", "en") == "Steel fixer" and label(TRADES, "020") == "钢筋工"
    assert label(TRADES, "999", "en") == "999"  # unknown: the code itself
