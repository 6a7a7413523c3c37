"""Search keys for Chinese names: full pinyin and initials, with surnames read as surnames.

pypinyin reads 单 as dan and 曾 as ceng; as surnames they are Shan and Zeng. A clerk types
what the person says, so the surname table wins. Where a surname has two readings in use
(乐 Yue/Le, 覃 Qin/Tan) the key holds both, so either finds the person.
"""

from __future__ import annotations

from pypinyin import lazy_pinyin

# compound surnames (syllables split by a space) are matched before single characters
SURNAMES: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu chi",),
    "万俟": ("mo qi",),
    "长孙": ("zhang sun",),
    "澹台": ("tan tai",),
    "单于": ("chan yu",),
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "朴": ("piao",),
    "查": ("zha",),
    "乐": ("yue", "le"),
    "覃": ("qin", "tan"),
    "盖": ("ge", "gai"),
    "繁": ("po",),
    "员": ("yun",),
    "缪": ("miao",),
    "翟": ("zhai",),
    "种": ("chong",),
    "黑": ("he",),
    "秘": ("bi",),
    "宓": ("fu",),
    "折": ("she",),
    "召": ("shao",),
    "冼": ("xian",),
    "蕃": ("pi",),
    "谌": ("chen",),
    "藏": ("zang",),
    "重": ("chong",),
    "薄": ("bo",),
}


def _surname(name: str) -> tuple[str, tuple[str, ...]]:
    for length in (2, 1):
        head = name[:length]
        if len(head) == length and head in SURNAMES:
            return head, SURNAMES[head]
    return "", ()


def search_key(name: str) -> str:
    """``"shanxiongxin sxx"`` for 单雄信: every reading's full pinyin and its initials."""
    name = name.strip()
    if not name:
        return ""
    head, readings = _surname(name)
    if readings:
        rest = lazy_pinyin(name[len(head) :], errors="ignore")
        variants = [[*reading.split(), *rest] for reading in readings]
    else:
        variants = [lazy_pinyin(name, errors="ignore")]
    keys: list[str] = []
    for parts in variants:
        words = [p.lower() for p in parts if p.isascii() and p.isalpha()]
        if words:
            keys += ["".join(words), "".join(w[0] for w in words)]
    return " ".join(dict.fromkeys(keys))
