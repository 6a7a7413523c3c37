"""Reference code tables of the real-name record, code -> Chinese label (read-only).

Codes are strings and keep their leading zeros ("010", "01").
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

# 工种: codes of the national construction-worker real-name platform.
TRADES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "010": "砌筑工",
        "020": "钢筋工",
        "030": "架子工",
        "040": "混凝土工",
        "050": "模板工",
        "060": "机械设备安装工",
        "070": "通风工",
        "080": "安装起重工",
        "090": "安装钳工",
        "100": "电气设备安装调试工",
        "110": "管道工",
        "120": "变电安装工",
        "130": "建筑电工",
        "140": "司泵工",
        "150": "挖掘铲运和桩工机械司机",
        "160": "桩机操作工",
        "170": "起重信号工",
        "180": "建筑起重机械安装拆卸工",
        "190": "装饰装修工",
        "200": "室内成套设施安装工",
        "210": "建筑门窗幕墙安装工",
        "220": "幕墙制作工",
        "230": "防水工",
        "240": "木工",
        "250": "石工",
        "270": "电焊工",
        "280": "爆破工",
        "290": "除尘工",
        "300": "测量放线工",
        "310": "线路架设工",
        "900": "管理人员",
        "1000": "其它",
    }
)

# 民族: GB/T 3304-1991 numeric codes, plus the two catch-all codes used with it.
ETHNICITIES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "01": "汉族",
        "02": "蒙古族",
        "03": "回族",
        "04": "藏族",
        "05": "维吾尔族",
        "06": "苗族",
        "07": "彝族",
        "08": "壮族",
        "09": "布依族",
        "10": "朝鲜族",
        "11": "满族",
        "12": "侗族",
        "13": "瑶族",
        "14": "白族",
        "15": "土家族",
        "16": "哈尼族",
        "17": "哈萨克族",
        "18": "傣族",
        "19": "黎族",
        "20": "傈僳族",
        "21": "佤族",
        "22": "畲族",
        "23": "高山族",
        "24": "拉祜族",
        "25": "水族",
        "26": "东乡族",
        "27": "纳西族",
        "28": "景颇族",
        "29": "柯尔克孜族",
        "30": "土族",
        "31": "达斡尔族",
        "32": "仫佬族",
        "33": "羌族",
        "34": "布朗族",
        "35": "撒拉族",
        "36": "毛南族",
        "37": "仡佬族",
        "38": "锡伯族",
        "39": "阿昌族",
        "40": "普米族",
        "41": "塔吉克族",
        "42": "怒族",
        "43": "乌孜别克族",
        "44": "俄罗斯族",
        "45": "鄂温克族",
        "46": "德昂族",
        "47": "保安族",
        "48": "裕固族",
        "49": "京族",
        "50": "塔塔尔族",
        "51": "独龙族",
        "52": "鄂伦春族",
        "53": "赫哲族",
        "54": "门巴族",
        "55": "珞巴族",
        "56": "基诺族",
        "97": "其他",
        "98": "外国血统中国籍人士",
    }
)

# 文化程度: the top-level codes of GB/T 4658-2006 (short list).
EDUCATION: Final[Mapping[str, str]] = MappingProxyType(
    {
        "10": "研究生",
        "20": "大学本科",
        "30": "大学专科",
        "40": "中专/技校/职高",
        "60": "高中",
        "70": "初中",
        "80": "小学",
        "90": "其他",
    }
)

# 政治面貌: GB/T 4762-1984 codes.
POLITICAL_STATUS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "01": "中共党员",
        "02": "中共预备党员",
        "03": "共青团员",
        "04": "民革党员",
        "05": "民盟盟员",
        "06": "民建会员",
        "07": "民进会员",
        "08": "农工党党员",
        "09": "致公党党员",
        "10": "九三学社社员",
        "11": "台盟盟员",
        "12": "无党派人士",
        "13": "群众",
    }
)

WORKER_ROLES: Final[Mapping[str, str]] = MappingProxyType(
    {"manager": "管理人员", "worker": "建筑工人"}
)

AGREEMENT_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {"contract": "劳动合同", "written": "用工书面协议"}
)


def label(table: Mapping[str, str], code: str) -> str:
    """The Chinese label of a code, or the code itself when the table does not know it."""
    return table.get(code, code)
