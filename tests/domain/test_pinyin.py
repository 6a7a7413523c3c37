from __future__ import annotations

import pytest

from app.domain.pinyin import search_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("张伟", "zhangwei zw"),
        ("欧阳雪梅", "ouyangxuemei oyxm"),
        ("单雄信", "shanxiongxin sxx"),  # not dan
        ("曾国藩", "zengguofan zgf"),  # not ceng
        ("解缙", "xiejin xj"),
        ("仇英", "qiuying qy"),
        ("区志强", "ouzhiqiang ozq"),
        ("尉迟恭", "yuchigong ycg"),
        ("乐嘉", "yuejia yj lejia lj"),  # both readings are in use
        ("", ""),
    ],
)
def test_search_keys_read_surnames_as_surnames(name: str, key: str) -> None:
    assert search_key(name) == key
