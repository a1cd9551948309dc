"""Small hand-kept tables for Chinese names: romanisation variants of common surnames, compound
surnames, and surnames whose reading differs from the character's everyday reading.

The romanisation table maps Wade-Giles, Hong Kong (Cantonese), Taiwanese and Hokkien/Teochew
spellings to Hanyu Pinyin. Only spellings that are *not* themselves a common pinyin surname are
listed, except ``chang`` and ``chan``, which are listed because the Wade-Giles/Cantonese reading
(张, 陈) is far more frequent than the pinyin one (常, 缠). ``wong`` is both 黄 and 王 in
Cantonese; it maps to the more frequent 黄 (huang). Ambiguous spellings that are common pinyin
surnames in their own right (Tan 谭, Teng 滕, Chiu) are left alone. Both sides of a comparison apply the same
table, so a listed spelling can only merge two spellings, never split one.
"""

from __future__ import annotations

SURNAME_ROMANISATIONS: dict[str, str] = {
    # 张
    "chang": "zhang",
    "cheung": "zhang",
    "cheong": "zhang",
    "teo": "zhang",
    # 陈
    "chan": "chen",
    # 黄
    "wong": "huang",
    "ng": "wu",  # 吴 (Cantonese)
    # 李
    "lee": "li",
    # 刘
    "lau": "liu",
    "lew": "liu",
    # 周
    "chou": "zhou",
    "chow": "zhou",
    "chau": "zhou",
    # 许
    "hsu": "xu",
    "hsue": "xu",
    # 何
    "ho": "he",
    # 郭
    "kwok": "guo",
    "kuo": "guo",
    # 杨
    "yeung": "yang",
    "yeo": "yang",
    # 蔡
    "tsai": "cai",
    "choi": "cai",
    "choy": "cai",
    # 谢
    "hsieh": "xie",
    "tse": "xie",
    # 蒋
    "chiang": "jiang",
    # 林
    "lam": "lin",
    "lim": "lin",
    # 朱
    "chu": "zhu",
    # 高
    "kao": "gao",
    # 董
    "tung": "dong",
    # 曾
    "tsang": "zeng",
    "tseng": "zeng",
    # 孙
    "suen": "sun",
    # 冯
    "fung": "feng",
    # 方
    "fong": "fang",
    # 梁
    "leung": "liang",
    # 叶
    "yip": "ye",
    "yeh": "ye",
    # 潘
    "poon": "pan",
    # 麦
    "mak": "mai",
    # 谭
    "tam": "tan",
    # 苏
    "soo": "su",
    # 顾
    "koo": "gu",
    # 关
    "kwan": "guan",
    "kuan": "guan",
    # 萧
    "hsiao": "xiao",
    "siu": "xiao",
    # 洪
    "hung": "hong",
    # 田
    "tien": "tian",
    # 钱
    "chien": "qian",
    # 钟
    "chung": "zhong",
    # 袁
    "yuen": "yuan",
    # 龚
    "kung": "gong",
    # 白
    "pai": "bai",
    # 邹
    "tsou": "zou",
    # 曹
    "tsao": "cao",
    # 吕 and other ü syllables (passport spelling "yu", input-method spelling "v")
    "lyu": "lu",
    "lv": "lu",
    "nyu": "nu",
    "nv": "nu",
}

# Two-character surnames, simplified and traditional, for splitting a whole name in Hanzi.
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {
        "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫",
        "尉迟", "尉遲", "公孙", "公孫", "慕容", "令狐", "司徒", "夏侯", "长孙", "長孫",
        "宇文", "轩辕", "軒轅", "端木", "西门", "西門", "南宫", "南宮", "独孤", "獨孤",
        "澹台", "公冶", "宗政", "濮阳", "濮陽", "淳于", "单于", "單于", "太叔", "申屠",
        "闻人", "聞人", "东郭", "東郭", "呼延", "司空", "万俟", "萬俟",
    }
)  # fmt: skip

# Surname readings (tone numbers) that differ from the everyday reading of the character.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan4", "單": "shan4", "曾": "zeng1", "仇": "qiu2", "解": "xie4", "区": "ou1",
    "區": "ou1", "朴": "piao2", "查": "zha1", "盖": "ge3", "蓋": "ge3", "乐": "yue4",
    "樂": "yue4", "缪": "miao4", "繆": "miao4", "覃": "qin2", "翟": "zhai2", "召": "shao4",
    "种": "chong2", "種": "chong2", "秘": "bi4", "员": "yun4", "員": "yun4", "黑": "he4",
    "朝": "chao2", "句": "gou1", "冼": "xian3", "尉迟": "yu4chi2", "尉遲": "yu4chi2",
    "单于": "chan2yu2", "單于": "chan2yu2", "万俟": "mo4qi2", "萬俟": "mo4qi2",
    "长孙": "zhang3sun1", "長孫": "zhang3sun1",
}  # fmt: skip

# Latin letters that Unicode does not decompose into a base letter and a mark.
LATIN_LETTERS: dict[str, str] = {
    "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th",
    "ı": "i", "ħ": "h", "ŋ": "ng", "ĸ": "k", "ſ": "s",
}  # fmt: skip
