"""The project's vocabularies, each defined once: units, sections and flows.

The validator, the loader, the extractor, the charts and the narrative all read them from here, so
a unit the extractor writes is a unit the validator accepts.

Units are a small grammar rather than a closed list:

* money: 元, optionally with a magnitude (万元, 亿元);
* counts: a measure word (人, 人次, 户, 家次, 平方米, 公里, ...), optionally with a magnitude
  (万人, 万平方米); measure words are an open class: one not listed here is declared once in the
  data (``units:`` in dataset.yml), never by a code change;
* percent: %, 百分点 (个百分点);
* rates: a money or count unit per one or more denominators, written with /, ／, 、 or ·
  (元/人/月 = 元/人、月 = 元/(人·月)); denominators are put in one order: who first, then the period.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------------

MAGNITUDES: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
MONEY = "元"
KINDS = ("money", "count", "percent", "rate")

# Measure words by what they count. Durations, ages and dates are not figures: they are listed so
# the validator can accept them when an analyst records one, and the extractor skips them.
MEASURE_WORDS: dict[str, tuple[str, ...]] = {
    "people": ("人", "名", "位"),
    "households": ("户",),
    "visits": ("人次", "户次", "家次", "件次", "批次", "车次", "班次", "场次", "架次", "次"),
    "organisations": ("家", "个", "所", "间", "座", "处", "支", "站"),
    "cases": ("宗", "件", "例", "起", "单", "对", "具"),
    "events": ("场", "期", "批", "轮"),
    "things": ("张", "床", "床位", "条", "项", "类", "台", "辆", "套", "份", "册", "本", "块", "栋",
               "幢", "篇", "部", "盏", "把", "根", "副", "艘", "箱", "袋", "包", "件套"),
    "area": ("平方米", "平米", "亩", "公顷"),
    "length": ("公里", "千米", "米"),
    "weight": ("吨", "公斤", "千克"),
    "duration": ("天", "日", "小时", "个月", "年", "周岁", "岁"),
}
NOT_FIGURES = ("duration",)
PEOPLE_UNITS = ("人", "名", "位", "人次")  # counts of people served (never summed across programs)  # dimensions the extractor never reads as a figure
PERCENT_UNITS: dict[str, str] = {"%": "%", "百分点": "百分点", "个百分点": "百分点"}
# Written variants of a measure word -> the word.
UNIT_ALIASES: dict[str, str] = {"人(次)": "人次", "人（次）": "人次", "户(次)": "户次", "户（次）": "户次", "％": "%"}

# Rate denominators: who or what is counted, then the period.
RATE_WHO = ("人", "户", "床", "人次", "次", "宗", "例", "具", "家", "所", "千人", "万人", "百人",
            "千老年人", "百老年人", "万老年人")
RATE_PERIODS = ("天", "月", "季度", "年")
_DEN_ALIASES = {"名": "人", "位": "人", "人口": "人", "日": "天", "千人口": "千人", "万人口": "万人",
                "千名老年人": "千老年人", "千名老人": "千老年人", "床位": "床"}
_RATE_SPLIT = re.compile(r"\s*[/／、·•・]\s*")


@dataclass(frozen=True)
class Unit:
    """One unit as written in the data: its kind, its base unit, the magnitude between them."""

    name: str  # canonical spelling, e.g. 万元, 人次, 元/人/月
    kind: str  # money, count, percent or rate
    base: str  # the unit once the magnitude is multiplied in (元, 人, 元/人/月)
    magnitude: int  # 1, 10 000 or 100 000 000
    dimension: str  # money, people, households, visits, ..., percent, rate

    @property
    def label(self) -> str:
        """The Chinese label for table headers: the base unit, money in 万元 as reports show it."""
        return "万元" if self.base == MONEY else self.base


class UnitError(ValueError):
    """A unit or number that the project cannot interpret."""


@lru_cache(maxsize=1)
def _dimension_of() -> dict[str, str]:
    return {word: dimension for dimension, words in MEASURE_WORDS.items() for word in words}


def measure_words(extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every known measure word (and ``extra`` ones declared in the data), longest first."""
    return tuple(sorted(set(_dimension_of()) | set(extra), key=lambda w: (-len(w), w)))


def figure_measure_words(extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The measure words the extractor reads as figures (durations and ages excluded), longest first."""
    dims = _dimension_of()
    return tuple(w for w in measure_words(extra) if dims.get(w) not in NOT_FIGURES)


def canonical_rate(denominators: list[str]) -> str:
    """Denominators in one order, who first, then the period: [月, 人] -> 人/月; 日 -> 天; 名 -> 人."""
    dens = [_DEN_ALIASES.get(d, d) for d in denominators if d]
    who = [d for d in dens if d not in RATE_PERIODS]
    when = sorted((d for d in dens if d in RATE_PERIODS), key=RATE_PERIODS.index)
    return "/".join(dict.fromkeys(who + when))


def _simple(text: str, extra: tuple[str, ...]) -> Unit | None:
    """元, 万元, 人次, 万平方米, a declared measure word; None otherwise."""
    text = UNIT_ALIASES.get(text, text)
    if text in PERCENT_UNITS:
        return Unit(text, "percent", PERCENT_UNITS[text], 1, "percent")
    magnitude = 1
    if text[:1] in MAGNITUDES and len(text) > 1:
        magnitude, text_rest = MAGNITUDES[text[0]], text[1:]
    else:
        text_rest = text
    word = UNIT_ALIASES.get(text_rest, text_rest)
    prefix = "" if magnitude == 1 else text[0]
    if word == MONEY:
        return Unit(prefix + word, "money", MONEY, magnitude, "money")
    dims = _dimension_of()
    if word in dims or word in extra:
        return Unit(prefix + word, "count", word, magnitude, dims.get(word, "declared"))
    return None


@lru_cache(maxsize=4096)
def _parse(text: str, extra: tuple[str, ...]) -> Unit | None:
    text = text.strip().replace("（", "(").replace("）", ")")
    if not text:
        return None
    simple = _simple(text, extra)
    if simple is not None:
        return simple
    parts = [p.strip("()") for p in _RATE_SPLIT.split(text)]
    if len(parts) < 2:
        return None
    numerator = _simple(parts[0], extra)
    if numerator is None or numerator.kind not in ("money", "count"):
        return None
    dens = [_DEN_ALIASES.get(p, p) for p in parts[1:]]
    if not all(d in RATE_WHO or d in RATE_PERIODS for d in dens) or len(set(dens)) != len(dens):
        return None
    rate = canonical_rate(dens)
    return Unit(f"{numerator.name}/{rate}", "rate", f"{numerator.base}/{rate}", numerator.magnitude, "rate")


def parse_unit(text: str, extra: tuple[str, ...] = ()) -> Unit:
    """The unit written as ``text``; ``extra`` are measure words declared in the data.

    Raises UnitError naming the nearest known units when ``text`` is not a unit.
    """
    unit = _parse(str(text), tuple(extra))
    if unit is None:
        raise UnitError(unknown_unit_message(str(text), extra))
    return unit


def is_unit(text: str, extra: tuple[str, ...] = ()) -> bool:
    """Whether ``text`` is a unit of the grammar (or a declared measure word)."""
    return _parse(str(text), tuple(extra)) is not None


def nearest_units(text: str, extra: tuple[str, ...] = (), n: int = 3) -> list[str]:
    """The known units closest to ``text`` (for error messages)."""
    known = [MONEY, *(m + MONEY for m in MAGNITUDES), *PERCENT_UNITS, *measure_words(extra),
             "元/人/月", "元/人/年", "元/人", "张/千人"]
    known += [m + w for m in MAGNITUDES for w in ("人", "人次", "户", "平方米")]
    close = difflib.get_close_matches(text, known, n=n, cutoff=0.3)
    if not close:  # share a character at least
        close = [k for k in known if set(k) & set(text)][:n]
    return close


def unknown_unit_message(text: str, extra: tuple[str, ...] = ()) -> str:
    """found X, expected a unit: nearest known ..., or a measure word declared under units: in dataset.yml."""
    near = nearest_units(text, extra)
    hint = f"nearest known: {', '.join(near)}; " if near else ""
    return (f"found unknown unit {text!r}, expected a unit ({hint}a measure word not known yet is declared "
            f"once under `units:` in dataset.yml)")


# --------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A report section: Chinese name, id slug, house colour and bar pattern, heading keywords."""

    name: str
    slug: str
    colour: str
    pattern: str
    keywords: tuple[str, ...]
    priority: int  # keyword matching order: the lower first (疫情 before 救助 in 疫情期间困难群众救助)


# Colours for print: the ten sections sit on ten grey levels 20 apart (Rec. 601 luma 45, 65, ..., 225,
# the spending sections 社会救助 45, 基层治理 85, 疫情防控 125, 养老服务 165, 儿童福利 205), and the
# two pairs that share a bar pattern (残疾人福利/慈善事业, 社会救助/综合) are 120 and 180 grey levels apart.
SECTIONS: tuple[Section, ...] = (
    Section("疫情防控", "epidemic", "#cd5c52", "x", ("疫情", "防疫", "新冠"), 0),
    Section("社会救助", "assistance", "#183053", "", ("救助", "低保", "特困", "困难群众", "兜底", "基本生活", "临时救助"), 6),
    Section("养老服务", "elderly", "#e29b38", ".", ("养老", "老年", "长者", "高龄"), 4),
    Section("儿童福利", "children", "#aed7eb", "\\", ("儿童", "未成年人", "孤儿"), 3),
    Section("基层治理", "governance", "#2a6d4b", "/", ("基层", "社区", "村级", "村(居)", "村务", "社工", "政权"), 7),
    Section("社会组织", "orgs", "#8350a6", "-", ("社会组织", "行业协会", "商会"), 1),
    Section("社会事务", "affairs", "#66a1ad", "|", ("社会事务", "婚姻", "殡葬", "地名", "区划", "界线", "收养"), 8),
    Section("慈善事业", "charity", "#dda6c1", "+", ("慈善", "福彩", "彩票", "捐赠"), 2),
    Section("残疾人福利", "disability", "#5f3824", "+", ("残疾",), 5),
    Section("综合", "general", "#e2e2e2", "", (), 99),
)
SECTION_NAMES: tuple[str, ...] = tuple(s.name for s in SECTIONS)
DEFAULT_SECTION = "综合"
_BY_NAME = {s.name: s for s in SECTIONS}


def section(name: str) -> Section:
    """The section called ``name`` (综合 for an unknown name)."""
    return _BY_NAME.get(name, _BY_NAME[DEFAULT_SECTION])


def section_for(*texts: str) -> str:
    """The section a heading or sentence is about, by keywords (the first text that names one); 综合 if none."""
    ordered = sorted(SECTIONS, key=lambda s: s.priority)
    for text in texts:
        if not text:
            continue
        for candidate in ordered:
            if any(word in text for word in candidate.keywords):
                return candidate.name
    return DEFAULT_SECTION


# --------------------------------------------------------------------------------------------------
# Flows of money
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    """What a sum of money is: its code in the data, its Chinese word, the verbs that signal it."""

    code: str
    word: str
    cues: tuple[str, ...]
    spending: bool  # counted in spending per program


FLOWS_BY_CODE: dict[str, Flow] = {f.code: f for f in (
    Flow("spend", "支出", ("支出", "发放", "投入", "拨付", "补助", "补贴", "资助", "救助", "安排资金", "下拨", "列支"), True),
    Flow("income", "收入", ("捐款", "捐赠", "受赠", "募集", "筹集", "收到", "接收", "募捐"), False),
    Flow("sales", "销售", ("销售",), False),
    Flow("waiver", "减免", ("减免", "免除"), False),
)}
FLOWS: tuple[str, ...] = tuple(FLOWS_BY_CODE)
FLOW_WORDS: dict[str, str] = {code: f.word for code, f in FLOWS_BY_CODE.items()}
_FLOW_CUES = re.compile("|".join(sorted((c for f in FLOWS_BY_CODE.values() for c in f.cues), key=len, reverse=True)))
_CUE_FLOW = {c: f.code for f in FLOWS_BY_CODE.values() for c in f.cues}


def flow_from_text(left: str) -> str:
    """The flow the last money verb before a figure signals (捐款 -> income), or ""."""
    last = None
    for last in _FLOW_CUES.finditer(left):
        pass
    return "" if last is None else _CUE_FLOW[last.group(0)]


# --------------------------------------------------------------------------------------------------
# Funding sources of money, and what makes a figure unfit for a change rate
# --------------------------------------------------------------------------------------------------

# Where a sum of money comes from, as reports name it. 多种来源: the report names several sources
# for one amount without splitting it (the note says which).
FUNDING_SOURCES: tuple[str, ...] = ("财政", "社会捐赠", "福彩公益金", "多种来源")
FUNDING_UNSTATED = "未注明来源"  # how a money figure without a funding source is shown


@dataclass(frozen=True)
class Comparability:
    """Why a figure is shown beside last year's without a change rate: its code and the reason in Chinese."""

    code: str
    reason: str


COMPARABILITY_BY_CODE: dict[str, Comparability] = {c.code: c for c in (
    Comparability("cumulative", "多年累计数，非当年数"),
    Comparability("approximate", "原文为约数或取整数"),
    Comparability("standard", "标准或比率，非数量"),
)}
COMPARABILITY: tuple[str, ...] = tuple(COMPARABILITY_BY_CODE)
