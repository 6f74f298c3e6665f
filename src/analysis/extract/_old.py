"""Extraction: a report text to candidate figures, with offsets, section, quote and suggestions.

``extract`` finds every quantitative figure (a number with a measure word, a money unit, a percent
sign or ``百分之``) in a Chinese work report. Numbers that are not figures are skipped by rule:
dates, years and year ranges have no measure word; ages (周岁), durations (小时, 个月, 天) and
ordinals (第…) are rejected explicitly, as are codes (方舱CT1), names (两项补贴, short “quoted”
slogans, 《titles》) and enumerations (一是, 一、, (一)).

Suggestions compare each candidate's context (the words around it, its sentence and heading) with
the previous year's figures (program, indicator and quote words), for a compatible unit, and assign
each previous id at most once. Nothing here does I/O except ``read_report`` and ``run_extract``.
"""

from __future__ import annotations

import bisect
import io
import math
import operator
import re
import sys
import warnings
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.atomic import check_writable, write_text
from analysis.errors import DataError, ExtractError
from analysis.fields import FIGURE_FIELDS, column_names
from analysis.config import display_path
from analysis.units import MAGNITUDES, UnitError, parse_number

with warnings.catch_warnings():  # cn2an imports a deprecated pkg_resources API on some Pythons
    warnings.simplefilter("ignore")
    import cn2an

__all__ = [
    "CANDIDATE_COLUMNS",
    "MISS_COLUMNS",
    "read_report",
    "extract",
    "suggest",
    "unmatched_previous",
    "draft_figures",
    "candidates_csv",
    "write_draft",
    "summary_sentence",
    "accuracy",
    "locate_figures",
    "load_previous",
    "run_extract",
]

CANDIDATE_COLUMNS = [
    "surface", "value", "unit", "value_base", "unit_base", "kind", "approx", "direction",
    "start", "end", "part", "plan", "section", "section_label", "quote", "fragment",
    "suggested_id", "program", "indicator", "flow", "parent", "match_reason", "score",
]
MISS_COLUMNS = ["id", "section", "program", "indicator", "value", "unit", "quote"]

# --------------------------------------------------------------------------------------------------
# Reading a report file
# --------------------------------------------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with BOM)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with BOM)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with BOM)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with BOM)"),
)
def _share_outside_gb2312(text: str) -> float:
    """Share of non-ASCII characters outside GB2312: near 0 for simplified Chinese, high for mojibake."""
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    if not wide:
        return 0.0
    stripped = text.replace("?", "")
    bad = stripped.encode("gb2312", errors="replace").count(b"?")
    return bad / wide


def _looks_like_gb_chinese(text: str) -> bool:
    """GBK/GB18030-decoded text that reads as Chinese: GB2312 characters and Chinese punctuation."""
    if _share_outside_gb2312(text) > 0.2:
        return False
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk < 20 or any(mark in text for mark in "。，、；的")


def _share(text: str, low: str, high: str) -> float:
    wide = sum(1 for ch in text if ord(ch) > 0x7F) or 1
    return sum(1 for ch in text if low <= ch <= high) / wide


def _other_encoding(data: bytes) -> str | None:
    """The encoding the bytes most plausibly are in, other than UTF-8 and GB18030 (for messages)."""
    decoded = {}
    for codec in ("euc_kr", "shift_jis", "big5", "cp1252"):
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError:
            pass
    if "euc_kr" in decoded and _share(decoded["euc_kr"], "\uac00", "\ud7a3") > 0.3:
        return "EUC-KR (Korean)"
    if "shift_jis" in decoded and _share(decoded["shift_jis"], "\u3040", "\u30ff") > 0.1:
        return "Shift_JIS (Japanese)"
    if "big5" in decoded:
        return "Big5 (traditional Chinese)"
    if "cp1252" in decoded:
        return "Windows-1252/Latin-1"
    return None


def read_report(path: Path | str) -> str:
    """The decoded text of a report: UTF-8 (a BOM is tolerated), else GBK/GB18030.

    The text is returned as decoded (line ends and spaces untouched) so that offsets refer to it.
    Raises ExtractError naming the file and what is wrong (missing, empty, binary, or the
    encoding found when it is neither UTF-8 nor GBK/GB18030).
    """
    path = Path(path)
    where = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{where}: report file not found") from None
    except IsADirectoryError:
        raise ExtractError(f"{where}: expected a report text file, found a directory") from None
    except OSError as exc:
        raise ExtractError(f"{where}: cannot read report file ({exc.strerror or exc})") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise ExtractError(f"{where}: encoded as {name}; expected UTF-8 or GBK/GB18030 (save it as UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None:
        if b"\x00" in data:
            raise ExtractError(f"{where}: contains NUL bytes: UTF-16/UTF-32 without BOM or a binary file, "
                               "not a UTF-8 or GBK/GB18030 text")
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            other = _other_encoding(data) or "an unknown encoding"
            raise ExtractError(f"{where}: neither UTF-8 nor GBK/GB18030; the bytes look like {other} "
                               "(save it as UTF-8)") from None
        if not _looks_like_gb_chinese(text):
            other = _other_encoding(data)
            if other:
                raise ExtractError(f"{where}: not UTF-8, and as GBK/GB18030 it decodes to unusual characters; "
                                   f"the bytes look like {other} (save it as UTF-8)")
    if "\x00" in text:
        raise ExtractError(f"{where}: contains NUL characters; not a plain report text")
    if not text.strip():
        raise ExtractError(f"{where}: report file is empty")
    return text


# --------------------------------------------------------------------------------------------------
# Patterns (compiled once)
# --------------------------------------------------------------------------------------------------

_D = "0-9０-９"
_ARABIC = (rf"(?:[{_D}]{{1,3}}(?:,[{_D}]{{3}})+(?![{_D}])"  # 1,175.55 (ASCII separators)
           rf"|[０-９]{{1,3}}(?:，[０-９]{{3}})+(?![{_D}])"  # １，２００ (full-width throughout)
           rf"|[{_D}]+)(?:[.．][{_D}]+)?")
_CN_FIRST = "一二两三四五六七八九十"
_CN_ALL = "零〇一二两三四五六七八九十百千万亿"

# Measure words, longest first. 天/日/小时/年/岁 are deliberately absent: durations, dates and ages.
MONEY_UNITS = ("元",)
PERCENT_UNITS = ("个百分点", "百分点")
MEASURE_WORDS = (
    "人(次)", "人（次）", "户(次)", "户（次）", "人次", "户次", "件次", "车次", "场次", "班次", "批次", "床位", "平方米", "公里",
    "人", "名", "位", "户", "家", "个", "所", "间", "张", "床", "宗", "对", "条", "项", "类", "次",
    "场", "期", "件", "批", "处", "支", "座", "台", "辆", "套", "份", "册", "本", "例", "具", "块",
    "栋", "幢", "篇", "部", "亩",
)
# Measure words written two ways: 人(次) is 人次.
_UNIT_CANON = {"人(次)": "人次", "人（次）": "人次", "户(次)": "户次", "户（次）": "户次"}
_UNITS = sorted(set(MONEY_UNITS + PERCENT_UNITS + MEASURE_WORDS), key=len, reverse=True)
_UNIT_RE = "|".join(map(re.escape, _UNITS))

_DEN = r"人次|千人|万人|百人|人口|人|户|床|月|年|天|日|次|宗|例|具|名|位"
_RATE_SUFFIX = (rf"[/／][(（]?(?P<d1>{_DEN})(?:[·•・.．/／]?(?P<d2>{_DEN}))?[)）]?")

# Leading and trailing approximation markers (not part of the surface).
_PRE = "大约|将近|接近|超过|约|近|逾"
_POST = "以上|左右"
_NOT_APPROX = {"约": "签预节合履制公条契相邀特简婚违毁隐", "近": "附最临邻靠亲贴就逼"}
_SPACE = r"[ \u00a0\u2009\u3000]?"

_FIGURE = re.compile(
    rf"(?P<pre>{_PRE})?"
    rf"(?:百分之(?P<pcn>[零〇一二两三四五六七八九十百千点]+)"
    rf"|(?P<sign>[-+－＋])?(?P<num>{_ARABIC}){_SPACE}"
    rf"(?:(?P<pct>[%％])|(?P<mid1>余|多)?(?P<mag>[万亿])?(?P<mid2>余|多)?(?P<unit>{_UNIT_RE}))"
    rf"|(?P<cn>[{_CN_FIRST}][{_CN_ALL}]*)(?P<cmid1>余|多)?(?P<cmag>[万亿])?(?P<cmid2>余|多)?(?P<cunit>{_UNIT_RE}))"
    rf"(?P<rate>{_RATE_SUFFIX})?"
    rf"(?P<post>{_POST})?"
)

# A measure word followed by these characters is part of another word (6个月 is a duration,
# 300万支出 is not 300万支, 5家庭 is not 5家).
_UNIT_THEN = {
    "个": ("月", "工作日", "小时", "多月", "半月", "星期", "年头", "体", "性", "别", "亿", "方面", "环节", "维度"),
    "家": ("庭", "属", "长", "园", "门", "乡"),
    "次": ("性",),
    "所": ("有", "属", "在", "得", "以", "谓"),
    "条": ("例", "件", "款"),
    "名": ("称", "单", "义", "额", "誉", "片"),
    "处": ("理", "置", "罚", "室", "长"),
    "位": ("于", "置"),
    "户": ("籍", "口", "外", "型"),
    "人": ("民", "大", "社", "事"),
    "元": ("旦", "素", "宵"),
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
}

# Policy names that read like counts (残疾人两项补贴 is one programme, not two items).
_FIXED_NAMES = re.compile(
    "两项补贴|两项制度|两个覆盖|两个全覆盖|两个确保|两个维护|两个责任|两个务必|两个毫不动摇|三个一|"
    "三个代表|四个意识|四个自信|四个全面|五个一|一老一小|两不愁三保障"
)
_CN_PREFIX_SKIP = set("第初周统唯逐之同单其数几若每拜期") | set(_CN_ALL)
_CODE_BEFORE = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ0-9０-９_#/／.．\-－]$")

_QUOTED = re.compile(r"“[^”\n]{0,24}”|\"[^\"\n]{0,24}\"|「[^」\n]{0,24}」|《[^》\n]{0,60}》")

_DIRECTION = re.compile(
    r"(增长率|增速|增长|增加|上升|提高|提升|上涨|增幅|涨幅|下降率|下降|减少|降低|下跌|回落|降幅|减幅)"
    r"(?:了|为|达到|达)?[ \u00a0\u3000]?$")

_DIRECTION_WORD = {"增长率": "增长", "增速": "增长", "下降率": "下降"}

_RATE_PREFIX = re.compile(
    r"(?:每(?P<k>[千万百])?(?:名|位|个)?"
    r"(?:人口|老年人|老人|长者|儿童|孤儿|对象|学生|人|户|床|名|位|月|年|季度|天|日|宗|例|具))+"
    r"|[月年]?[人户]均")
_RATE_PART = re.compile(
    r"每(?P<k>[千万百])?(?:(?P<cl>名|位|个))?"
    r"(?P<den>人口|老年人|老人|长者|儿童|孤儿|对象|学生|人|户|床|名|位|月|年|季度|天|日|宗|例|具)?")
_PERSON = {"人", "人口", "名", "位", "老年人", "老人", "长者", "儿童", "孤儿", "对象", "学生"}
_ELDERLY = {"老年人", "老人", "长者"}
_TIME_ORDER = {"月": 1, "季度": 2, "年": 3, "天": 0, "日": 0}
_MAX_RATE_GAP = 12  # characters between 每人每月 and the figure

_SENTENCE_END = re.compile(r"[。！？!?；;\n\r]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n\r，,：:（）()]")

_TOP_HEADING = re.compile(r"(?m)^[ \t\u00a0\u3000]*(?P<label>[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分[ \u00a0\u3000、:：]*)"
                          r"(?P<title>[^\r\n。]*)")
_SUB_HEADING = re.compile(r"(?:(?<=[\n。])|^)[ \t\u00a0\u3000]*(?P<label>[(（][一二三四五六七八九十]{1,3}[)）])"
                          r"(?P<title>[^\r\n。；;]*)")
_PLAN_WORDS = re.compile(r"计划|思路|打算|展望|下一步|安排|目标任务|重点工作|工作要点")

# Heading keywords -> the controlled section list of the figures files (first match wins).
SECTION_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("疫情防控", ("疫情", "防疫", "新冠")),
    ("社会组织", ("社会组织", "行业协会", "商会")),
    ("慈善事业", ("慈善", "福彩", "彩票", "捐赠")),
    ("儿童福利", ("儿童", "未成年人", "孤儿")),
    ("养老服务", ("养老", "老年", "长者", "高龄")),
    ("残疾人福利", ("残疾",)),
    ("社会救助", ("救助", "低保", "特困", "困难群众", "兜底", "基本生活", "临时救助")),
    ("基层治理", ("基层", "社区", "村级", "村(居)", "村务", "社工", "政权")),
    ("社会事务", ("社会事务", "婚姻", "殡葬", "地名", "区划", "界线", "收养")),
)
SECTION_SLUGS = {"疫情防控": "epidemic", "社会救助": "assistance", "养老服务": "elderly",
                 "儿童福利": "children", "基层治理": "governance", "社会组织": "orgs",
                 "社会事务": "affairs", "慈善事业": "charity", "残疾人福利": "disability", "综合": "general"}

_FLOW_WORDS = re.compile(r"捐款|捐赠|受赠|募集|筹集|收到|接收|销售|减免|免除|支出|发放|投入|拨付|补助|补贴|资助|救助|安排资金")
_FLOW_OF = {"捐款": "income", "捐赠": "income", "受赠": "income", "募集": "income", "筹集": "income",
            "收到": "income", "接收": "income", "销售": "sales", "减免": "waiver", "免除": "waiver"}


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------


def _cn_number(text: str) -> Decimal:
    """A Chinese numeral (with 点 for decimals) read by cn2an."""
    if "点" in text:
        try:
            return Decimal(str(cn2an.cn2an(text, "smart")))
        except (ValueError, KeyError) as exc:
            raise UnitError(f"not a Chinese numeral: {text!r}") from exc
    return parse_number(text)


def _canonical_rate(dens: list[str]) -> str:
    """Denominators in a fixed order: who (人, 户, 床, 千人) first, then the period (月, 年)."""
    who = [d for d in dens if d not in _TIME_ORDER]
    when = sorted((d for d in dens if d in _TIME_ORDER), key=_TIME_ORDER.get)
    when = ["天" if d == "日" else d for d in when]
    return "/".join(dict.fromkeys(who + when))


def _den(word: str, k: str = "") -> str:
    """A denominator as written in a rate unit: 每人 -> 人, 每千人口 -> 千人, 每千名老年人 -> 千老年人."""
    if k and word in _ELDERLY:
        return f"{k}老年人"
    if word in _PERSON:
        return f"{k}人"
    if word in ("千人", "万人", "百人"):
        return word
    return k + word if k else word


def _rate_from_prefix(marker: str) -> tuple[list[str], bool]:
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
        dens.append(_den(word, k))
    return dens, per_k


# --------------------------------------------------------------------------------------------------
# Text structure: headings, sentences, quoted names
# --------------------------------------------------------------------------------------------------


class _Structure:
    """Headings, sentence and clause boundaries and quoted-name spans of one text, for bisecting."""

    def __init__(self, text: str, year: int):
        self.text = text
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(text)]
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        self.quoted_starts = [s for s, _ in quoted]
        self.quoted_ends = [e for _, e in quoted]
        next_year = f"{year + 1}年" if year else None
        self.tops = []  # (position, heading text, part, plan)
        for m in _TOP_HEADING.finditer(text):
            title = m.group("title").strip()
            label = m.group("label")
            part = re.sub(r"^\s*\d{4}\s*年度?", "", title).strip() or title
            plan = bool(_PLAN_WORDS.search(title)) or bool(next_year and title.startswith(next_year))
            self.tops.append((m.start("label"), (label + title).strip(), part, plan))
        self.top_starts = [t[0] for t in self.tops]
        self.subs = [(m.start("label"), (m.group("label") + m.group("title")).strip())
                     for m in _SUB_HEADING.finditer(text)]
        self.sub_starts = [s[0] for s in self.subs]

    def in_quoted_name(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.quoted_starts, start) - 1
        return i >= 0 and self.quoted_ends[i] >= end

    def heading(self, pos: int) -> tuple[str, str, str, bool]:
        """(section heading text, top heading text, part, plan) in effect at ``pos``."""
        i = bisect.bisect_right(self.top_starts, pos) - 1
        top_pos, top, part, plan = self.tops[i] if i >= 0 else (-1, "", "", False)
        j = bisect.bisect_right(self.sub_starts, pos) - 1
        section = self.subs[j][1] if j >= 0 and self.subs[j][0] > top_pos else top
        return section, top, part, plan

    def _span(self, ends: list[int], start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_left(ends, start)
        left = ends[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(ends, end)
        right = ends[j] if j < len(ends) else len(self.text)
        return left, right

    def _trimmed(self, left: int, right: int) -> tuple[int, int]:
        text = self.text
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        return left, right

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        left, right = self._trimmed(*self._span(self.sentence_ends, start, end))
        if right - left > 200:  # a run-on "sentence": fall back to the clause
            left, right = self.clause(start, end)
        return left, right

    def clause(self, start: int, end: int) -> tuple[int, int]:
        return self._trimmed(*self._span(self.clause_ends, start, end))


def section_label(*texts: str) -> str:
    """The controlled section (疫情防控, 社会救助, ...) a heading or sentence is about; 综合 if none."""
    for text in texts:
        if not text:
            continue
        for label, words in SECTION_KEYWORDS:
            if any(w in text for w in words):
                return label
    return "综合"


# --------------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------------


def _empty_candidates() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in CANDIDATE_COLUMNS})
    for c in ("value", "value_base", "score"):
        frame[c] = frame[c].astype(float)
    for c in ("start", "end"):
        frame[c] = frame[c].astype(int)
    frame["plan"] = frame["plan"].astype(bool)
    return frame


def _read_match(m: re.Match, text: str, structure: _Structure) -> dict | None:
    """One regex match to a candidate row, or None if the number is not a figure."""
    g = m.group
    pre = g("pre") or ""
    s = m.start() + len(pre)  # surface start
    before = text[max(0, m.start() - 12):m.start()]
    if pre and before[-1:] in _NOT_APPROX.get(pre, ""):
        pre = ""  # 签约300户, 预约, 附近3家: part of a word, not a marker
    approx = [pre] if pre else []
    direction = ""
    rate_dens: list[str] = []
    if g("pcn") is not None:  # 百分之三十
        try:
            value = _cn_number(g("pcn"))
        except UnitError:
            return None
        magnitude, unit, base, kind, e = "", "%", "%", "percent", m.end("pcn")
    elif g("num") is not None:
        if _CODE_BEFORE.search(before if not pre else "") or before.endswith("第"):
            return None  # CT1台, 2019-2020, v1.2, 第3名
        if g("sign") and (before[-1:].isdigit() or before.endswith(("年", "月"))):
            return None  # a range such as 3-5人 or 2020-2021年
        try:
            value = parse_number(g("num"))
        except UnitError:
            return None
        if g("pct"):
            magnitude, unit, base, kind, e = "", "%", "%", "percent", m.end("pct")
        else:
            magnitude, unit, e = g("mag") or "", g("unit"), m.end("unit")
            approx += [x for x in (g("mid1"), g("mid2")) if x]
    else:  # Chinese numeral
        cn = g("cn")
        if cn == "一" or before[-1:] in _CN_PREFIX_SKIP or before.endswith("星期"):
            return None  # 一个/一批 (not a count), 第二批, 统一, 数十个
        if _FIXED_NAMES.match(text, m.start("cn")):
            return None
        magnitude = g("cmag") or ""
        if not magnitude and len(cn) > 1 and cn[-1] in MAGNITUDES:
            cn, magnitude = cn[:-1], cn[-1]  # 三十万人 -> 30 万人
        try:
            value = _cn_number(cn)
        except UnitError:
            return None
        unit, e = g("cunit"), m.end("cunit")
        approx += [x for x in (g("cmid1"), g("cmid2")) if x]
        if text[e:e + 1] in _CN_FIRST:
            return None  # 三个一, 一户一策: a slogan
    if g("pcn") is None and not g("pct"):
        follow = text[e:e + 3]
        if any(follow.startswith(w) for w in _UNIT_THEN.get(unit, ())) and not g("rate"):
            return None
        unit = _UNIT_CANON.get(unit, unit)
        if unit in PERCENT_UNITS:
            base, kind = "百分点", "percent"
        elif unit == "元":
            base, kind = "元", "money"
        else:
            base, kind = unit, "count"
    if g("rate") and kind in ("money", "count"):  # 1800元/人/月, 6.5张/千人
        rate_dens = [_den(d) for d in (g("d1"), g("d2")) if d]
        e = m.end("rate")
    if structure.in_quoted_name(s, e):
        return None
    if g("post"):
        approx.append(g("post"))
    sign = g("sign") or ""
    if kind == "percent":
        found = _DIRECTION.search(before)
        if found:
            direction = _DIRECTION_WORD.get(found.group(1), found.group(1))
        elif sign in ("-", "－"):
            direction = "下降"
        elif sign in ("+", "＋"):
            direction = "增长"
    # A denominator before the figure: 每人每月1800元, 每千人口拥有床位6.0张, 人均500元.
    if not rate_dens and kind in ("money", "count"):
        c_left, _ = structure.clause(s, e)
        window = text[max(c_left, m.start() - 40):m.start()]
        last = None
        for last in _RATE_PREFIX.finditer(window):
            pass
        if last is not None and len(window) - last.end() <= _MAX_RATE_GAP:
            dens, per_k = _rate_from_prefix(last.group(0))
            if dens and (kind == "money" or per_k):
                rate_dens = dens
    unit_written = magnitude + unit if kind != "percent" else unit
    if rate_dens and kind in ("money", "count"):
        rate = _canonical_rate(rate_dens)
        base, kind = f"{base}/{rate}", "rate"
        unit_written = f"{magnitude}{unit}/{rate}"
    value_base = value * MAGNITUDES[magnitude] if magnitude else value
    return {
        "surface": text[s:e], "value": float(value), "unit": unit_written,
        "value_base": float(value_base), "unit_base": base, "kind": kind,
        "approx": "、".join(approx), "direction": direction, "start": s, "end": e,
    }


def extract(text: str, year: int, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Candidate figures of a report text, one row per figure, in text order.

    Columns: see ``CANDIDATE_COLUMNS``. ``text[start:end] == surface`` and ``quote`` is a verbatim
    substring of ``text``. With ``previous`` (the figures of year - 1, as ``load_figures`` returns
    them) each candidate gets a suggested id, program, indicator and flow where possible.
    """
    structure = _Structure(text, year)
    rows = []
    for m in _FIGURE.finditer(text):
        row = _read_match(m, text, structure)
        if row is None:
            continue
        s, e = row["start"], row["end"]
        section, top, part, plan = structure.heading(s)
        q_left, q_right = structure.sentence(s, e)
        c_left, c_right = structure.clause(max(m.start(), 0), e)
        row.update(
            part=part, plan=plan, section=section,
            section_label=section_label(section if section != top else "", text[q_left:q_right], top),
            quote=text[q_left:q_right], fragment=text[c_left:c_right],
            suggested_id="", program="", indicator="", flow="", parent="", match_reason="", score=0.0,
        )
        if row["kind"] == "money":
            flow = _guess_flow(text[c_left:s])
            if flow:
                row["flow"] = flow
                row["match_reason"] = f"flow guessed from the text ({flow})"
        rows.append(row)
    if not rows:
        return _empty_candidates()
    candidates = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    candidates["start"] = candidates["start"].astype(int)
    candidates["end"] = candidates["end"].astype(int)
    candidates["plan"] = candidates["plan"].astype(bool)
    if previous is not None and len(previous):
        candidates = suggest(candidates, previous, text, structure)
    return candidates


def _guess_flow(left: str) -> str:
    last = None
    for last in _FLOW_WORDS.finditer(left):
        pass
    if last is None:
        return ""
    return _FLOW_OF.get(last.group(0), "spend")


# --------------------------------------------------------------------------------------------------
# Suggestions from last year's figures
# --------------------------------------------------------------------------------------------------

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_UNIT_GROUPS = ({"人", "名", "位"}, {"家", "个", "所", "间", "座", "处"}, {"宗", "件", "例", "单"},
                {"场次", "场", "期", "次"}, {"人次", "户次"})
_MIN_SCORE = 3.0  # correct suggestions score 5 and more on the test texts; chance matches 1.5-3


def _bigrams(text: str) -> set[str]:
    grams = set()
    for run in _CJK_RUN.findall(text):
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams


def _unit_factor(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if "/" in a or "/" in b or a in ("元", "%") or b in ("元", "%"):
        return 0.0
    return 0.8 if any(a in g and b in g for g in _UNIT_GROUPS) else 0.0


def _common_words(source: str, target: str) -> list[str]:
    """Maximal runs (two characters or more) of ``source`` that occur in ``target``."""
    words = []
    for run in _CJK_RUN.findall(source):
        i = 0
        while i < len(run) - 1:
            j = i + 2
            if run[i:j] not in target:
                i += 1
                continue
            while j < len(run) and run[i:j + 1] in target:
                j += 1
            words.append(run[i:j])
            i = j
    words = list(dict.fromkeys(words))
    return [w for w in words if not any(w != o and w in o for o in words)]


def _previous_frame(previous: pd.DataFrame) -> pd.DataFrame:
    if "unit_base" not in previous.columns or "kind" not in previous.columns:
        from analysis.load import add_base_values

        previous = add_base_values(previous)
    return previous.reset_index(drop=True)


def suggest(candidates: pd.DataFrame, previous: pd.DataFrame, text: str,
            structure: _Structure | None = None) -> pd.DataFrame:
    """Candidates with suggested_id, program, indicator, flow and match_reason filled from ``previous``.

    A previous figure is a candidate's suggestion when its program, indicator and quote words occur
    around the candidate (closest words weigh most), its unit is compatible and it is not the better
    match of another candidate: each previous id is suggested at most once.
    """
    previous = _previous_frame(previous)
    candidates = candidates.copy()
    n_rows = len(previous)
    df: dict[str, int] = defaultdict(int)
    raw_terms = []
    named: list[set[str]] = []  # the bigrams of each figure's program and indicator
    for r in previous.itertuples(index=False):
        named.append(_bigrams(f"{r.program} {r.indicator}"))
        terms = {}
        for source, weight in ((r.quote, 1.0), (r.indicator, 1.0), (r.program, 2.0)):
            for gram in _bigrams(str(source)):
                terms[gram] = max(terms.get(gram, 0.0), weight)
        raw_terms.append(terms)
        for gram in terms:
            df[gram] += 1
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    norms = []
    for i, terms in enumerate(raw_terms):
        weighted = {g: w * math.log(1 + n_rows / df[g]) for g, w in terms.items()}
        norms.append(math.sqrt(sum(weighted.values())) or 1.0)
        for gram, w in weighted.items():
            index[gram].append((i, w))

    kinds = list(previous["kind"])
    unit_bases = list(previous["unit_base"])
    sections = list(previous["section"])
    value_bases = [float(v) for v in previous["value_base"]]
    flows = [f if isinstance(f, str) else "" for f in previous["flow"]]
    structure = structure or _Structure(text, 0)
    cache: dict[tuple[int, int], set[str]] = {}

    known = set(index)

    def context_grams(chunk: str) -> set[str]:
        """The bigrams of ``chunk`` that occur in last year's figures (others cannot score)."""
        return set(map(operator.add, chunk, chunk[1:])) & known

    def grams(left: int, right: int) -> set[str]:
        key = (left, right)
        if key not in cache:
            cache[key] = context_grams(text[left:right])
        return cache[key]

    section_grams: dict[str, set[str]] = {}
    unit_factors: dict[tuple[str, str], float] = {}
    columns = ("start", "end", "section", "kind", "unit_base", "section_label", "flow", "value_base", "plan")
    pairs = []
    for ci, s, e, section, kind, unit_base, label, flow, value, plan in zip(
            candidates.index, *(candidates[c].tolist() for c in columns)):
        q_left, q_right = structure.sentence(s, e)
        c_left, c_right = structure.clause(s, e)
        p_left = structure.sentence(q_left - 2, q_left - 2)[0] if q_left > 1 else q_left
        if section not in section_grams:
            section_grams[section] = context_grams(section)
        sentence_grams = grams(q_left, q_right)
        near_grams = context_grams(text[max(c_left, s - 10):min(c_right, e + 10)])
        levels = (
            (grams(p_left, q_left), 0.3),  # the sentence before
            (section_grams[section], 0.4),
            (sentence_grams, 0.6),
            (grams(c_left, c_right), 1.0),
            (near_grams, 1.5),  # the words next to the figure
        )
        context: dict[str, float] = {}
        for chunk, weight in levels:  # ascending weights: the closest level wins
            for gram in chunk:
                context[gram] = weight
        scores: dict[int, float] = defaultdict(float)
        for gram, weight in context.items():
            for i, w in index.get(gram, ()):
                scores[i] += w * weight
        for i, raw in scores.items():
            if kinds[i] != kind:
                continue
            key = (unit_base, unit_bases[i])
            if key not in unit_factors:
                unit_factors[key] = _unit_factor(*key)
            factor = unit_factors[key]
            if not factor:
                continue
            score = raw / norms[i] * factor
            if sections[i] == label:
                score *= 1.2
            if flow and flows[i] and flow != flows[i]:
                score *= 0.5  # the text says 支出 where last year's figure was a donation received
            if value > 0 and value_bases[i] > 0:
                score *= 1 + 0.3 * min(value, value_bases[i]) / max(value, value_bases[i])
            if plan:
                score *= 0.5
            if score >= _MIN_SCORE and not named[i].isdisjoint(sentence_grams | near_grams):
                pairs.append((score, ci, i))  # the program or indicator is named in the sentence
    pairs.sort(key=lambda p: -p[0])
    taken_c, taken_r = set(), set()
    for score, ci, ri in pairs:
        if ci in taken_c or ri in taken_r:
            continue
        taken_c.add(ci)
        taken_r.add(ri)
        r = previous.iloc[ri]
        sentence = candidates.at[ci, "quote"] + candidates.at[ci, "section"]
        words = _common_words(f"{r['program']} {r['indicator']} {r['quote']}", sentence)
        unit_note = r["unit_base"] if r["unit_base"] == candidates.at[ci, "unit_base"] else \
            f"{r['unit_base']}~{candidates.at[ci, 'unit_base']}"
        candidates.at[ci, "suggested_id"] = r["id"]
        candidates.at[ci, "program"] = r["program"]
        candidates.at[ci, "indicator"] = r["indicator"]
        candidates.at[ci, "flow"] = r["flow"] if isinstance(r["flow"], str) else ""
        candidates.at[ci, "parent"] = r["parent"] if isinstance(r["parent"], str) else ""
        candidates.at[ci, "match_reason"] = f"words {'/'.join(words[:6]) or '-'}; unit {unit_note}"
        candidates.at[ci, "score"] = round(score, 2)
    return candidates


def unmatched_previous(candidates: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """The previous year's figures whose id no candidate suggests (nothing silently disappears)."""
    if previous is None or not len(previous):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in MISS_COLUMNS})
    suggested = set(candidates["suggested_id"]) if "suggested_id" in candidates else set()
    missed = previous[~previous["id"].isin(suggested)]
    return missed[MISS_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Drafts and output
# --------------------------------------------------------------------------------------------------


FORM_KEYS = ("surface", "value_base", "unit_base", "kind", "approx", "direction")


def accuracy(candidates: pd.DataFrame, expected: pd.DataFrame,
             keys: tuple[str, ...] = FORM_KEYS) -> dict:
    """Precision and recall of ``candidates`` against ``expected`` rows (compared on ``keys``).

    Returns tp, fp, fn, precision, recall and the rows missed (``missing``) and found in excess
    (``extra``) as tuples. Values are compared as floats rounded to 6 decimals.
    """
    def rows(frame: pd.DataFrame) -> list[tuple]:
        out = []
        for record in frame[list(keys)].itertuples(index=False):
            out.append(tuple(round(float(v), 6) if k == "value_base" else ("" if v != v else str(v))
                             for k, v in zip(keys, record)))
        return out

    found, wanted = rows(candidates), rows(expected)
    remaining = list(found)
    missing = []
    for row in wanted:
        if row in remaining:
            remaining.remove(row)
        else:
            missing.append(row)
    tp = len(wanted) - len(missing)
    return {
        "tp": tp, "fp": len(remaining), "fn": len(missing),
        "precision": tp / len(found) if found else 1.0,
        "recall": tp / len(wanted) if wanted else 1.0,
        "missing": missing, "extra": remaining,
    }


def locate_figures(candidates: pd.DataFrame, figures: pd.DataFrame, text: str) -> pd.Series:
    """For each curated figure (columns id, quote, value_base, unit_base), the index of the candidate
    that is it (inside an occurrence of its quote, same value_base and unit_base), or -1."""
    found = {}
    for row in figures.itertuples(index=False):
        hit = -1
        position = text.find(row.quote)
        while position >= 0 and hit < 0:
            inside = candidates[(candidates["start"] >= position)
                                & (candidates["end"] <= position + len(row.quote))
                                & (candidates["unit_base"] == row.unit_base)]
            for index, value in inside["value_base"].items():
                if math.isclose(value, float(row.value_base), rel_tol=1e-9, abs_tol=1e-9):
                    hit = int(index)
                    break
            position = text.find(row.quote, position + 1)
        found[row.id] = hit
    return pd.Series(found, name="candidate", dtype=int)


def _plain_number(value: float) -> str:
    """``1175.55`` -> ``"1175.55"``; ``22000.0`` -> ``"22000"`` (the figures files' number format)."""
    if value is None or value != value:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))).normalize(), "f")


def draft_figures(candidates: pd.DataFrame, year: int) -> pd.DataFrame:
    """A draft figures table (the columns of data/figures/YYYY.csv) from the candidates to review.

    Candidates of a plan part (工作计划) are left out: they are targets for next year's plans file.
    Ids are the suggested ones, else ``<section slug>.new_NNN``; program and indicator stay empty
    where nothing was suggested, so that validation points at what still needs a human.
    """
    columns = column_names(FIGURE_FIELDS)
    rows, used = [], set()
    current = candidates[~candidates["plan"].astype(bool)] if len(candidates) else candidates
    drafted = set(current["suggested_id"]) - {""} if len(current) else set()
    for n, c in enumerate(current.itertuples(index=False), start=1):
        label = c.section_label or "综合"
        row_id = c.suggested_id
        if not row_id or row_id in used:
            row_id = f"{SECTION_SLUGS.get(label, 'general')}.new_{n:03d}"
        used.add(row_id)
        notes = ["draft: review"]
        if c.approx:
            notes.append(f"approximate ({c.approx})")
        if c.match_reason:
            notes.append(c.match_reason)
        rows.append({
            "id": row_id, "year": str(year), "section": label, "program": c.program,
            "indicator": c.indicator, "value": _plain_number(c.value), "unit": c.unit,
            "flow": c.flow if c.kind == "money" else "",
            "parent": c.parent if c.parent in drafted else "",
            "quote": c.fragment or c.quote, "note": "; ".join(notes),
        })
    return pd.DataFrame(rows, columns=columns).astype(str) if rows else pd.DataFrame(columns=columns)


def _csv(frame: pd.DataFrame) -> str:
    out = frame.copy()
    for column in ("value", "value_base"):
        if column in out.columns:
            out[column] = [_plain_number(v) for v in out[column]]
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def candidates_csv(candidates: pd.DataFrame) -> str:
    """The candidates as CSV text (UTF-8, LF; numbers without separators or trailing zeros)."""
    return _csv(candidates[CANDIDATE_COLUMNS])


def write_draft(draft: pd.DataFrame, path: Path | str, *, force: bool = False) -> Path:
    """Writes a draft figures CSV atomically; refuses (changing nothing) if it exists, unless ``force``."""
    path = Path(path)
    write_text(path, _csv(draft), force=force)
    return path


def summary_sentence(candidates: pd.DataFrame, misses: pd.DataFrame, year: int) -> str:
    """One sentence in Chinese on what the extraction found, generated from the tables."""
    total = len(candidates)
    plan = int(candidates["plan"].sum()) if total else 0
    matched = int((candidates["suggested_id"] != "").sum()) if total else 0
    text = f"报告中共找到{total}个候选数字(其中{plan}个位于工作计划部分)"
    if matched or len(misses):
        text += f",{matched}个与{year - 1}年的指标对应,{len(misses)}个{year - 1}年指标未找到对应数字"
    return text + "。"


def load_previous(year: int, data_dir: Path | str = config.DATA_DIR) -> pd.DataFrame | None:
    """The curated figures of ``year - 1`` in ``data_dir``, or None if there are none."""
    from analysis.load import available_years, load_figures

    data_dir = Path(data_dir)
    if not (data_dir / config.FIGURES_SUBDIR).is_dir():
        return None
    try:
        years = available_years(data_dir)
    except DataError:
        return None
    if year - 1 not in years:
        return None
    return load_figures(year - 1, data_dir)


_SHOWN_MISSES = 10


def run_extract(report: Path, year: int, out: Path | None = None, force: bool = False,
                data_dir: Path = config.DATA_DIR) -> pd.DataFrame:
    """``analysis extract``: candidates as CSV to ``out`` (or standard output); misses to stderr.

    With ``out``, the misses also go to ``<out stem>.misses.csv`` beside it. Neither file is
    replaced unless ``force``; a refused write changes nothing.
    """
    text = read_report(report)
    previous = load_previous(year, data_dir)
    misses_path = None
    if out is not None:
        out = Path(out)
        if out.is_dir():
            raise ExtractError(f"{display_path(out)}: --out is a directory; expected a CSV file path")
        misses_path = out.with_name(f"{out.stem}.misses.csv")
        check_writable(out, force=force)
        check_writable(misses_path, force=force)
    candidates = extract(text, year, previous)
    misses = unmatched_previous(candidates, previous)
    body = candidates_csv(candidates)
    if out is None:
        sys.stdout.write(body)
        sys.stdout.flush()
    else:
        write_text(out, body, force=force)
        write_text(misses_path, _csv(misses), force=force)
    where = display_path(Path(report))
    message = f"{where}: {len(candidates)} candidate figure(s)"
    if out is not None:
        message += f" written to {display_path(out)}"
    print(message, file=sys.stderr)
    if previous is None:
        print(f"no figures for {year - 1} in {display_path(Path(data_dir))}: no suggestions, no misses",
              file=sys.stderr)
    elif len(misses):
        ids = list(misses["id"])
        shown = ", ".join(ids[:_SHOWN_MISSES]) + (f", ... and {len(ids) - _SHOWN_MISSES} more"
                                                   if len(ids) > _SHOWN_MISSES else "")
        where_all = f" (all in {display_path(misses_path)})" if misses_path is not None else ""
        print(f"misses: {len(ids)} id(s) of {year - 1} without a candidate{where_all}: {shown}", file=sys.stderr)
    else:
        print(f"misses: none (every id of {year - 1} has a candidate)", file=sys.stderr)
    return candidates
