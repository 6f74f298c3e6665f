"""The figure grammar: how a figure is written in a report, built from the unit registry
(:mod:`analysis.vocab`) and the number grammar (:mod:`analysis.numbers`).

A figure is a number (Arabic, full-width or Chinese, with 万/亿 and approximation markers) followed
by a measure word of ``vocab.figure_measure_words`` (or one declared in the data), 元, a percent
sign or 百分点, or written 百分之…; a rate adds denominators after a slash (1800元/人/月,
300元/人、月, 6.0张/千人) or before the figure (每人每月1800元, 每千人口拥有床位6.0张, 人均500元).
What is not a figure is rejected by the rules kept here: measure words that are the first
character of another word (6个月, 5家庭, 300万支出), codes, ordinals and slogans.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.numbers import APPROX_AFTER, APPROX_BEFORE, APPROX_INSIDE, ARABIC, CHINESE, CN_DIGITS, CN_FIRST
from analysis.vocab import (FLOWS_BY_CODE, MEASURE_WORDS, MONEY, NOT_FIGURES, PERCENT_UNITS, RATE_PERIODS, RATE_WHO,
                            UNIT_ALIASES, figure_measure_words, is_unit)

__all__ = ["figure_pattern", "unit_then", "den", "rate_from_prefix", "RATE_PREFIX", "DIRECTION", "direction_word",
           "FIXED_NAMES", "CN_PREFIX_SKIP", "CN_FIRST_CHARS", "CODE_BEFORE", "NOT_APPROX", "VAGUE_NOT_AFTER",
           "MONEY_CUE", "PEOPLE_CUE", "PEOPLE_NOUNS", "people_unit", "PERCENT_SIGNS", "MAX_RATE_GAP"]

# --------------------------------------------------------------------------------------------------
# Units as written
# --------------------------------------------------------------------------------------------------

PERCENT_SIGNS = tuple(k for k in (*PERCENT_UNITS, *UNIT_ALIASES) if len(k) == 1
                      and PERCENT_UNITS.get(UNIT_ALIASES.get(k, k)) == "%")
_PERCENT_WORDS = tuple(k for k in PERCENT_UNITS if len(k) > 1)  # 百分点, 个百分点
_WRITTEN_ALIASES = tuple(k for k, v in UNIT_ALIASES.items() if v not in PERCENT_UNITS)  # 人(次)

# Denominators after a slash: the registry's, and how reports write them (each checked by the registry).
_WRITTEN_ONLY = ("人口", "千人口", "万人口", "千名老年人", "千名老人")
_DENOMINATORS = tuple(sorted({d for d in (*RATE_WHO, *RATE_PERIODS, *MEASURE_WORDS["people"], "日", "床位",
                                          *_WRITTEN_ONLY) if is_unit(f"{MONEY}/{d}")}, key=len, reverse=True))
_DEN = "|".join(map(re.escape, _DENOMINATORS))
# 1800元/人/月, 300元/人·月, 300元/(人·月), 300元/人、月 (after 、 only a period, not 年度/月份).
_RATE_SUFFIX = (rf"[/／][(（]?(?P<d1>{_DEN})"
                rf"(?:(?:[·•・.．/／]?(?P<d2>{_DEN}))|、(?P<d3>{'|'.join(RATE_PERIODS)})(?![度份底末初内中]))?[)）]?")
_SPACE = r"[ \u00a0\u2009\u3000]?"


@lru_cache(maxsize=32)
def figure_pattern(extra: tuple[str, ...] = ()) -> re.Pattern:
    """The figure regex for the registry's measure words plus ``extra`` (declared in the data).

    Groups: pre (approximation before), pcn (百分之…), sign, num (Arabic), pct (%), mid1/mag/mid2/unit
    (the unit of an Arabic number), bmid1/bmag/bmid2 (a bare 万/亿 without a unit), cn, cmid1/cmag/
    cmid2/cunit (a Chinese numeral and its unit), rate (d1, d2, d3), post (approximation after).
    """
    words = {*figure_measure_words(tuple(extra)), *_WRITTEN_ALIASES, MONEY, *_PERCENT_WORDS}
    units = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    inside, signs = APPROX_INSIDE, "".join(map(re.escape, PERCENT_SIGNS))
    return re.compile(
        rf"(?P<pre>{APPROX_BEFORE})?"
        rf"(?:百分之(?P<pcn>{CHINESE})"
        rf"|(?P<sign>[-+－＋])?(?P<num>{ARABIC}){_SPACE}"
        rf"(?:(?P<pct>[{signs}])"
        rf"|(?P<mid1>{inside})?(?P<mag>[万亿])?(?P<mid2>{inside})?(?P<unit>{units})"
        rf"|(?P<bmid1>{inside})?(?P<bmag>[万亿])(?P<bmid2>{inside})?)"
        rf"|(?P<cn>{CHINESE})(?P<cmid1>{inside})?(?P<cmag>[万亿])?(?P<cmid2>{inside})?(?P<cunit>{units}))"
        rf"(?P<rate>{_RATE_SUFFIX})?"
        rf"(?P<post>{APPROX_AFTER})?"
    )


# A measure word followed by these characters is part of another word (300万支出 is not 300万支,
# 5家庭 is not 5家). Durations are added from the registry below (6个月: 个 + 月 is 个月).
_UNIT_THEN: dict[str, tuple[str, ...]] = {
    "个": ("工作日", "多月", "半月", "星期", "年头", "体", "性", "别", "亿", "方面", "环节", "维度"),
    "家": ("庭", "属", "长", "园", "门", "乡"),
    "次": ("性",),
    "所": ("有", "属", "在", "得", "以", "谓"),
    "条": ("例", "件", "款"),
    "名": ("称", "单", "义", "额", "誉", "片"),
    "处": ("理", "置", "罚", "室", "长"),
    "位": ("于", "置"),
    "户": ("籍", "口", "外", "型"),
    "人": ("民", "大", "社", "事"),
    MONEY: ("旦", "素", "宵"),
    "宗": ("教", "旨"),
    "支": ("出", "持", "付", "援", "部"),
    "类": ("型", "别", "似"),
    "批": ("准", "复", "示"),
    "对": ("于", "接", "象", "照", "标"),
    "间": ("隔", "断"),
    "座": ("谈",),
    "期": ("间", "限", "末", "初", "满"),
    "场": ("所", "地", "景", "合"),
    "台": ("风", "账", "湾"),
    "本": ("级", "地", "着", "市", "区", "县", "镇"),
    "部": ("门", "署", "分"),
    "件": ("事",),
    "项": ("目",),
    "张": ("贴",),
    "床": ("位",),
    "单": ("位", "元", "独", "亲"),
    "站": ("点", "长"),
    "起": ("草", "点", "步"),
    "米": ("面", "饭"),
    "包": ("括", "含"),
    "根": ("据",),
    "把": ("握", "关"),
    "副": ("主", "局", "区", "镇", "部", "书"),
}


@lru_cache(maxsize=1)
def _followers() -> dict[str, tuple[str, ...]]:
    followers = {w: list(rest) for w, rest in _UNIT_THEN.items()}
    for dimension in NOT_FIGURES:  # 个 + 月 = 个月 (a duration)
        for duration in MEASURE_WORDS[dimension]:
            for word in figure_measure_words():
                if len(word) < len(duration) and duration.startswith(word):
                    followers.setdefault(word, []).append(duration[len(word):])
    return {w: tuple(rest) for w, rest in followers.items()}


def unit_then(unit: str, following: str) -> bool:
    """Whether the measure word ``unit`` is, with ``following``, the start of another word."""
    rests = _followers().get(unit)
    return bool(rests) and following.startswith(rests)


# --------------------------------------------------------------------------------------------------
# Words around a figure
# --------------------------------------------------------------------------------------------------

# Policy names that read like counts (残疾人两项补贴 is one programme, not two items).
FIXED_NAMES = re.compile(
    "两项补贴|两项制度|两个覆盖|两个全覆盖|两个确保|两个维护|两个责任|两个务必|两个毫不动摇|三个一|"
    "三个代表|四个意识|四个自信|四个全面|五个一|一老一小|两不愁三保障"
)
CN_PREFIX_SKIP = frozenset("第初周统唯逐之同单其数几若每拜期") | frozenset(CN_DIGITS)
CN_FIRST_CHARS = frozenset(CN_FIRST)
# 以上千 is 以上 + 千, 人数百 is 人数 + 百: the vague lead belongs to the word before it.
VAGUE_NOT_AFTER = {"上": "以线网马", "数": "人户次件总"}
CODE_BEFORE = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ0-9０-９_#/／.．\-－]$")
# 签约300户, 预约, 附近3家: 约 and 近 as part of a word, not a marker.
NOT_APPROX = {"约": "签预节合履制公条契相邀特简婚违毁隐", "近": "附最临邻靠亲贴就逼"}

DIRECTION = re.compile(
    r"(增长率|增速|增长|增加|上升|提高|提升|上涨|增幅|涨幅|下降率|下降|减少|降低|下跌|回落|降幅|减幅)"
    r"(?:了|为|达到|达)?[ \u00a0\u3000]?$")
_DIRECTION_WORD = {"增长率": "增长", "增速": "增长", "下降率": "下降"}


def direction_word(found: str) -> str:
    """增长率 -> 增长: the direction a percent change is named by."""
    return _DIRECTION_WORD.get(found, found)


# --------------------------------------------------------------------------------------------------
# Rates written before the figure: 每人每月1800元, 每千人口拥有床位6.0张, 月人均补差520元
# --------------------------------------------------------------------------------------------------

# Nouns for people (a rate per 老年人 is per 人; a bare 2.3万 after 长者 counts 人).
PEOPLE_NOUNS = ("老年人", "残疾人", "志愿者", "老人", "长者", "儿童", "孤儿", "对象", "学生", "群众", "居民", "人员")
_ELDERLY = ("老年人", "老人", "长者")
_PER_WORDS = "|".join((*PEOPLE_NOUNS, "人口", "人", "户", "床", "名", "位", "月", "年", "季度", "天", "日", "宗", "例", "具"))
RATE_PREFIX = re.compile(rf"(?:每(?P<k>[千万百])?(?:名|位|个)?(?:{_PER_WORDS}))+|[月年]?[人户]均")
_RATE_PART = re.compile(rf"每(?P<k>[千万百])?(?:(?P<cl>名|位|个))?(?P<den>{_PER_WORDS})?")
MAX_RATE_GAP = 12  # characters between 每人每月 and the figure


def den(word: str, k: str = "") -> str:
    """A denominator as a rate unit writes it: 每人 -> 人, 每千人口 -> 千人, 每千名老年人 -> 千老年人."""
    if k and word in _ELDERLY:
        return f"{k}老年人"
    if word in PEOPLE_NOUNS or word in ("人", "人口", "名", "位"):
        return f"{k}人"
    return k + word


def rate_from_prefix(marker: str) -> tuple[list[str], bool]:
    """``每人每月`` -> (["人", "月"], False); ``每千人口`` -> (["千人"], True); ``月人均`` -> (["人", "月"], False)."""
    if marker.endswith("均"):  # 人均, 户均, 月人均
        return [marker[-2]] + ([marker[0]] if len(marker) == 3 else []), False
    dens, per_k = [], False
    for part in _RATE_PART.finditer(marker):
        if not part.group(0):
            continue
        k = part.group("k") or ""
        per_k = per_k or bool(k)
        word = part.group("den") or part.group("cl") or ""
        if word in ("个", ""):
            continue
        dens.append(den(word, k))
    return dens, per_k


# --------------------------------------------------------------------------------------------------
# Cues for a bare 万/亿 (see analysis.extract.candidates)
# --------------------------------------------------------------------------------------------------

# Flow verbs that also take people or goods as object (发放物资, 救助群众) are not money cues.
_NOT_ONLY_MONEY = ("发放", "救助", "资助", "收到", "接收", "捐赠", "减免", "免除")
_MONEY_NOUNS = ("资金", "经费", "金额", "款", "费用", "会费", "生活费", "补助金", "救助金", "保障金", "公益金",
                "基金", "津贴", "预算", "销售额", "总额", "价值")
_MONEY_WORDS = {c for flow in FLOWS_BY_CODE.values() for c in flow.cues if c not in _NOT_ONLY_MONEY} | set(_MONEY_NOUNS)
MONEY_CUE = re.compile("|".join(sorted(_MONEY_WORDS, key=len, reverse=True)))
# People and households named before a bare 万: 受益群众约12万, 服务长者2.3万, 惠及家庭1.2万.
_PEOPLE_WORDS = {**{w: "人" for w in (*PEOPLE_NOUNS, "人数", "人口", "人群", "村民", "市民", "家属")},
                 **{w: "户" for w in ("家庭", "农户", "住户", "户数")}}
PEOPLE_CUE = re.compile("|".join(sorted(_PEOPLE_WORDS, key=len, reverse=True)))


def people_unit(cue: str) -> str:
    """The measure word a people cue implies: 群众 -> 人, 家庭 -> 户."""
    return _PEOPLE_WORDS[cue]
