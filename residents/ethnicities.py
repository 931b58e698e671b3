"""GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码, plus 97 and 98.

(code, name, roman, letter code). The short name is the name without its final 族. The minority rule
(``is_minority``, ``minority``) is written here once, beside the code it names.
"""

from django.db.models import Q

ETHNICITIES = [
    ("01", "汉族", "Han", "HA"),
    ("02", "蒙古族", "Mongol", "MG"),
    ("03", "回族", "Hui", "HU"),
    ("04", "藏族", "Zang", "ZA"),
    ("05", "维吾尔族", "Uygur", "UG"),
    ("06", "苗族", "Miao", "MH"),
    ("07", "彝族", "Yi", "YI"),
    ("08", "壮族", "Zhuang", "ZH"),
    ("09", "布依族", "Buyei", "BY"),
    ("10", "朝鲜族", "Chosen", "CS"),
    ("11", "满族", "Man", "MA"),
    ("12", "侗族", "Dong", "DO"),
    ("13", "瑶族", "Yao", "YA"),
    ("14", "白族", "Bai", "BA"),
    ("15", "土家族", "Tujia", "TJ"),
    ("16", "哈尼族", "Hani", "HN"),
    ("17", "哈萨克族", "Kazak", "KZ"),
    ("18", "傣族", "Dai", "DA"),
    ("19", "黎族", "Li", "LI"),
    ("20", "傈僳族", "Lisu", "LS"),
    ("21", "佤族", "Va", "VA"),
    ("22", "畲族", "She", "SH"),
    ("23", "高山族", "Gaoshan", "GS"),
    ("24", "拉祜族", "Lahu", "LH"),
    ("25", "水族", "Sui", "SU"),
    ("26", "东乡族", "Dongxiang", "DX"),
    ("27", "纳西族", "Naxi", "NX"),
    ("28", "景颇族", "Jingpo", "JP"),
    ("29", "柯尔克孜族", "Kirgiz", "KG"),
    ("30", "土族", "Tu", "TU"),
    ("31", "达斡尔族", "Daur", "DU"),
    ("32", "仫佬族", "Mulao", "ML"),
    ("33", "羌族", "Qiang", "QI"),
    ("34", "布朗族", "Blang", "BL"),
    ("35", "撒拉族", "Salar", "SL"),
    ("36", "毛南族", "Maonan", "MN"),
    ("37", "仡佬族", "Gelao", "GL"),
    ("38", "锡伯族", "Xibe", "XB"),
    ("39", "阿昌族", "Achang", "AC"),
    ("40", "普米族", "Pumi", "PM"),
    ("41", "塔吉克族", "Tajik", "TA"),
    ("42", "怒族", "Nu", "NU"),
    ("43", "乌孜别克族", "Uzbek", "UZ"),
    ("44", "俄罗斯族", "Russ", "RS"),
    ("45", "鄂温克族", "Ewenki", "EW"),
    ("46", "德昂族", "Deang", "DE"),
    ("47", "保安族", "Bonan", "BN"),
    ("48", "裕固族", "Yugur", "YG"),
    ("49", "京族", "Gin", "GI"),
    ("50", "塔塔尔族", "Tatar", "TT"),
    ("51", "独龙族", "Derung", "DR"),
    ("52", "鄂伦春族", "Oroqen", "OR"),
    ("53", "赫哲族", "Hezhen", "HZ"),
    ("54", "门巴族", "Monba", "MB"),
    ("55", "珞巴族", "Lhoba", "LB"),
    ("56", "基诺族", "Jino", "JN"),
    ("97", "未识别民族", "Unrecognised", "UN"),
    ("98", "外国血统中国籍人士", "Naturalised", "NA"),
]

HAN = "01"


def is_minority(code: str | None) -> bool:
    """The minority rule (DOMAIN.md): every ethnicity but 汉族 is a minority, 未识别 and 入籍 included."""
    return code != HAN


def minority(via: str = "") -> Q:
    """The minority rule as a filter on residents, or on what reaches them through ``via``
    (``"resident__"``, ``"household__members__"``). The one place it is written for the database."""
    return ~Q(**{f"{via}ethnicity_id": HAN})


SHORT_NAMES = {"97": "未识别", "98": "入籍"}


def short_name(code: str, name: str) -> str:
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    return name[:-1] if name.endswith("族") else name
