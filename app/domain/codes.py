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


# English labels, for the English UI (paper and exports stay Chinese).
_ENGLISH: Final[dict[int, Mapping[str, str]]] = {
    id(TRADES): {
        "010": "Bricklayer",
        "020": "Steel fixer",
        "030": "Scaffolder",
        "040": "Concrete worker",
        "050": "Formwork carpenter",
        "060": "Machinery installer",
        "070": "Ventilation worker",
        "080": "Rigger (installation)",
        "090": "Fitter (installation)",
        "100": "Electrical installer",
        "110": "Pipe fitter",
        "120": "Substation installer",
        "130": "Construction electrician",
        "140": "Pump operator",
        "150": "Excavator and piling driver",
        "160": "Pile driver operator",
        "170": "Crane signaller",
        "180": "Crane erector",
        "190": "Decorator",
        "200": "Interior fittings installer",
        "210": "Window and curtain-wall installer",
        "220": "Curtain-wall maker",
        "230": "Waterproofer",
        "240": "Carpenter",
        "250": "Stonemason",
        "270": "Welder",
        "280": "Blaster",
        "290": "Dust remover",
        "300": "Surveyor",
        "310": "Line erector",
        "900": "Manager",
        "1000": "Other",
    },
    id(ETHNICITIES): {
        "01": "Han",
        "02": "Mongol",
        "03": "Hui",
        "04": "Tibetan",
        "05": "Uyghur",
        "06": "Miao",
        "07": "Yi",
        "08": "Zhuang",
        "09": "Bouyei",
        "10": "Korean",
        "11": "Manchu",
        "12": "Dong",
        "13": "Yao",
        "14": "Bai",
        "15": "Tujia",
        "16": "Hani",
        "17": "Kazakh",
        "18": "Dai",
        "19": "Li",
        "20": "Lisu",
        "21": "Va",
        "22": "She",
        "23": "Gaoshan",
        "24": "Lahu",
        "25": "Sui",
        "26": "Dongxiang",
        "27": "Nakhi",
        "28": "Jingpo",
        "29": "Kyrgyz",
        "30": "Tu",
        "31": "Daur",
        "32": "Mulao",
        "33": "Qiang",
        "34": "Blang",
        "35": "Salar",
        "36": "Maonan",
        "37": "Gelao",
        "38": "Xibe",
        "39": "Achang",
        "40": "Pumi",
        "41": "Tajik",
        "42": "Nu",
        "43": "Uzbek",
        "44": "Russian",
        "45": "Evenki",
        "46": "De'ang",
        "47": "Bonan",
        "48": "Yugur",
        "49": "Gin",
        "50": "Tatar",
        "51": "Derung",
        "52": "Oroqen",
        "53": "Hezhen",
        "54": "Monba",
        "55": "Lhoba",
        "56": "Jino",
        "97": "Other",
        "98": "Chinese citizen of foreign origin",
    },
    id(EDUCATION): {
        "10": "Postgraduate",
        "20": "Bachelor's degree",
        "30": "College diploma",
        "40": "Vocational school",
        "60": "Senior high school",
        "70": "Junior high school",
        "80": "Primary school",
        "90": "Other",
    },
    id(POLITICAL_STATUS): {
        "01": "CPC member",
        "02": "CPC probationary member",
        "03": "CYL member",
        "04": "RCCK member",
        "05": "CDL member",
        "06": "CNDCA member",
        "07": "CAPD member",
        "08": "CPWDP member",
        "09": "CZGP member",
        "10": "Jiusan Society member",
        "11": "TDSGL member",
        "12": "No party affiliation",
        "13": "Ordinary citizen",
    },
    id(WORKER_ROLES): {"manager": "Manager", "worker": "Construction worker"},
    id(AGREEMENT_TYPES): {"contract": "Labour contract", "written": "Written employment agreement"},
}


def label(table: Mapping[str, str], code: str, lang: str = "zh") -> str:
    """A code's label in ``lang`` (Chinese unless "en"), or the code itself when unknown."""
    if lang.lower().startswith("en"):
        english = _ENGLISH.get(id(table))
        if english is not None and code in english:
            return english[code]
    return table.get(code, code)


def labels(table: Mapping[str, str], lang: str = "zh") -> dict[str, str]:
    """Every code of ``table`` with its label in ``lang``, in the table's order."""
    return {code: label(table, code, lang) for code in table}
