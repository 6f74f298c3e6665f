"""Candidate figures of a report text: one row per figure, with offsets, section, quote and flow.

``extract`` finds every quantitative figure (see :mod:`analysis.extract.grammar`). Numbers that are
not figures are skipped by rule: dates, years and year ranges have no measure word; ages, durations
and ordinals (第…) are rejected explicitly, as are codes (方舱CT1), names (两项补贴, short “quoted”
slogans, 《titles》), enumerations (一是, 一、, (一)) and the vague 数十/几十 ("dozens": no order of
magnitude an analyst could record; 数百, 上千, 二十几 and 三十余 are read, with their marker in approx).

A bare 万 or 亿 (a number with a magnitude but no unit after it) takes its unit from the nearest
cue to its left in the same sentence (the clause, for a run-on sentence over 200 characters):

* a money word: 资金, 经费, 款, 津贴, 价值, ... or a flow verb that only ever takes money (支出, 投入,
  拨付, 下拨, 列支, 募集, 销售, ...; not 发放, 救助, 资助, 接收, which also take people or goods)
  -> 元 (资金300万 is 300万元);
* a noun for people or households: 群众, 长者, 老人, 居民, 人员, 人数, ... -> 人; 家庭, 农户 -> 户
  (受益群众约12万 is 12万人, 服务长者2.3万 is 2.3万人);
* an earlier money or count figure of the sentence -> its unit (接待3.5万人次，比上年增加1.2万 is
  1.2万人次).

A cue in an earlier sentence never counts. Without a cue there is no candidate. Chinese numerals
are never read with a bare magnitude (十万火急 is a phrase).

Every unit written to the ``unit`` column is one :func:`analysis.vocab.parse_unit` accepts (with
the same declared measure words), with the base unit of ``unit_base``; a reading that would give
another unit is dropped (a rate) or skipped (a figure).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from analysis.extract import grammar as g
from analysis.extract.structure import Structure, section_label
from analysis.numbers import numbers_in, read_number
from analysis.vocab import MAGNITUDES, MONEY, PERCENT_UNITS, UNIT_ALIASES, UnitError, canonical_rate, flow_from_text, parse_unit

__all__ = ["CANDIDATE_COLUMNS", "extract", "empty_candidates"]

CANDIDATE_COLUMNS = [
    "surface", "value", "unit", "value_base", "unit_base", "kind", "approx", "direction",
    "start", "end", "part", "plan", "section", "section_label", "quote", "fragment",
    "suggested_id", "program", "indicator", "flow", "parent", "counts_for", "match_reason", "score",
    "prev_value", "ratio", "implausible",
]
_FLOATS = ("value", "value_base", "score", "prev_value", "ratio")
_VAGUE_TENS = ("数十", "几十")


def empty_candidates() -> pd.DataFrame:
    """A candidates frame without rows, with the columns and dtypes of a full one."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in CANDIDATE_COLUMNS})
    for c in _FLOATS:
        frame[c] = frame[c].astype(float)
    for c in ("start", "end"):
        frame[c] = frame[c].astype(int)
    frame["plan"] = frame["plan"].astype(bool)
    return frame


def _number(token: str) -> tuple[Decimal, str] | None:
    try:
        return read_number(token)
    except UnitError:
        return None


def _read_match(m, text: str, structure: Structure) -> dict | None:
    """The number, magnitude, unit word and markers of one regex match; None if it is not a figure.

    A bare 万/亿 comes back with ``unit == ""`` for :func:`_bare_unit` to decide.
    """
    grp = m.group
    pre = grp("pre") or ""
    s = m.start() + len(pre)  # surface start
    before = text[max(0, m.start() - 12):m.start()]
    if pre and before and before[-1] in g.NOT_APPROX.get(pre, ""):
        pre = ""  # 签约300户, 预约, 附近3家: part of a word, not a marker
    markers: list[str] = []
    magnitude = ""
    if grp("pcn") is not None:  # 百分之三十
        if grp("pcn") in _VAGUE_TENS:
            return None
        number = _number(grp("pcn"))
        unit, e = "%", m.end("pcn")
    elif grp("num") is not None:
        if g.CODE_BEFORE.search(before if not pre else "") or before.endswith("第"):
            return None  # CT1台, 2019-2020, v1.2, 第3名
        if grp("sign") and (before[-1:].isdigit() or before.endswith(("年", "月"))):
            return None  # a range such as 3-5人 or 2020-2021年
        number = _number(grp("num"))
        if grp("pct"):
            unit, e = "%", m.end("pct")
        elif grp("bmag"):
            if grp("rate"):
                return None
            magnitude, unit, e = grp("bmag"), "", m.end("bmid2") if grp("bmid2") else m.end("bmag")
            markers = [x for x in (grp("bmid1"), grp("bmid2")) if x]
        else:
            magnitude, unit, e = grp("mag") or "", grp("unit"), m.end("unit")
            markers = [x for x in (grp("mid1"), grp("mid2")) if x]
            if g.unit_then(unit, text[e:e + 3]) and not grp("rate"):
                if not magnitude:
                    return None
                unit, e = "", m.end("mid2") if grp("mid2") else m.end("mag")  # 300万支出: a bare 万
    else:  # Chinese numeral
        cn = grp("cn")
        if cn == "一" or before[-1:] in g.CN_PREFIX_SKIP or before.endswith("星期") or cn in _VAGUE_TENS:
            return None  # 一个/一批 (not a count), 第二批, 统一, 数十个
        if before[-1:] and before[-1:] in g.VAGUE_NOT_AFTER.get(cn[0], ""):
            return None  # 以上千: 以上 + 千
        if g.FIXED_NAMES.match(text, m.start("cn")):
            return None
        magnitude = grp("cmag") or ""
        if not magnitude and len(cn) > 1 and cn[-1] in MAGNITUDES and cn[0] in g.CN_FIRST_CHARS:
            cn, magnitude = cn[:-1], cn[-1]  # 三十万人 -> 30 万人
        number = _number(cn)
        unit, e = grp("cunit"), m.end("cunit")
        markers = [x for x in (grp("cmid1"), grp("cmid2")) if x]
        if text[e:e + 1] in g.CN_FIRST_CHARS:
            return None  # 三个一, 一户一策: a slogan
        if g.unit_then(unit, text[e:e + 3]) and not grp("rate"):
            return None
    if number is None:
        return None
    value, vague = number
    unit = UNIT_ALIASES.get(unit, unit)
    if unit and not grp("rate") and text[e:e + 1] in ("/", "／") and "\u4e00" <= text[e + 1:e + 2] <= "\u9fff":
        return None  # 5元/个: a rate the registry cannot read is no figure
    rate_dens: list[str] = []
    if unit and unit not in PERCENT_UNITS and grp("rate"):  # 1800元/人/月, 6.0张/千人, 300元/人、月
        rate_dens = [d for d in (grp("d1"), grp("d2"), grp("d3")) if d]
        e = m.end("rate")
    if structure.in_quoted_name(s, e):
        return None
    approx = [x for x in (pre, vague, *markers) if x]
    if grp("post"):
        approx.append(grp("post"))
    return {"value": value, "magnitude": magnitude, "unit": unit, "approx": approx,
            "rate_dens": rate_dens, "start": s, "end": e, "lead": m.start(), "sign": grp("sign") or "",
            "before": before, "chinese": grp("num") is None}


def _bare_unit(text: str, left: int, lead: int, rows: list[dict]) -> str:
    """The measure word (or 元) of a bare 万/亿 at ``lead``: the nearest cue in ``text[left:lead]``."""
    best, unit = -1, ""
    window = text[left:lead]
    for found in g.MONEY_CUE.finditer(window):
        best, unit = found.end(), MONEY
    for found in g.PEOPLE_CUE.finditer(window):
        if found.end() > best:
            best, unit = found.end(), g.people_unit(found.group(0))
    for row in reversed(rows):
        if row["start"] < left:
            break
        if row["kind"] in ("money", "count"):
            if row["end"] - left > best:
                unit = MONEY if row["kind"] == "money" else row["unit_base"]
            break
    return unit


def _unit_of(written: str, extra: tuple[str, ...]):
    try:
        return parse_unit(written, extra)
    except UnitError:
        return None


def _finish(read: dict, text: str, structure: Structure, extra: tuple[str, ...]) -> dict | None:
    """Kind, base unit (rates before or after the figure), direction; None if the unit is not one."""
    unit, magnitude, value = read["unit"], read["magnitude"], read["value"]
    s, e = read["start"], read["end"]
    if unit in PERCENT_UNITS:
        base, kind = PERCENT_UNITS[unit], "percent"
    elif unit == MONEY:
        base, kind = MONEY, "money"
    else:
        base, kind = unit, "count"
    direction = ""
    if kind == "percent":
        found = g.DIRECTION.search(read["before"])
        if found:
            direction = g.direction_word(found.group(1))
        elif read["sign"] in ("-", "－"):
            direction = "下降"
        elif read["sign"] in ("+", "＋"):
            direction = "增长"
    rate_dens = read["rate_dens"]
    if not rate_dens and kind in ("money", "count"):  # 每人每月1800元, 每千人口拥有床位6.0张, 人均500元
        c_left, _ = structure.clause(s, e)
        window = text[max(c_left, read["lead"] - 40):read["lead"]]
        last = None
        for last in g.RATE_PREFIX.finditer(window):
            pass
        if last is not None and len(window) - last.end() <= g.MAX_RATE_GAP:
            dens, per_k = g.rate_from_prefix(last.group(0))
            if dens and (kind == "money" or per_k):
                rate_dens = dens
    written = unit if kind == "percent" else magnitude + unit
    if rate_dens and kind in ("money", "count"):
        rate = canonical_rate(rate_dens)
        as_rate = _unit_of(f"{magnitude}{unit}/{rate}", extra)
        if as_rate is not None and as_rate.base == f"{base}/{rate}":
            base, kind, written = as_rate.base, "rate", as_rate.name
        elif read["rate_dens"]:
            return None  # 5元/个: a slash the registry cannot read
    parsed = _unit_of(written, extra)
    if parsed is None or parsed.base != base:
        return None
    if read["chinese"] and value.normalize() not in numbers_in(text[s:e]):
        return None  # 二千克 reads as 2000 where the validator looks: never a value it cannot find
    value_base = value * MAGNITUDES[magnitude] if magnitude else value
    return {
        "surface": text[s:e], "value": float(value), "unit": written,
        "value_base": float(value_base), "unit_base": base, "kind": kind,
        "approx": "、".join(read["approx"]), "direction": direction, "start": s, "end": e,
    }


def extract(text: str, year: int, previous: pd.DataFrame | None = None,
            extra_units: tuple[str, ...] = ()) -> pd.DataFrame:
    """Candidate figures of a report text, one row per figure, in text order.

    Columns: see ``CANDIDATE_COLUMNS``. ``text[start:end] == surface`` and ``quote`` is a verbatim
    substring of ``text``. With ``previous`` (the figures of year - 1, as ``load_figures`` returns
    them) each candidate gets a suggested id, program, indicator and flow where possible, with last
    year's value and a flag when the two are implausibly far apart. ``extra_units`` are measure
    words declared in the data (``units:`` in dataset.yml).
    """
    extra = tuple(extra_units)
    structure = Structure(text, year)
    rows: list[dict] = []
    labels: dict[tuple[str, str, str], str] = {}
    for m in g.figure_pattern(extra).finditer(text):
        read = _read_match(m, text, structure)
        if read is None:
            continue
        if not read["unit"]:
            q_left, _ = structure.sentence(read["start"], read["end"])
            read["unit"] = _bare_unit(text, q_left, read["lead"], rows)
            if not read["unit"]:
                continue
        row = _finish(read, text, structure, extra)
        if row is None:
            continue
        s, e = row["start"], row["end"]
        section, top, part, plan = structure.heading(s)
        q_left, q_right = structure.sentence(s, e)
        c_left, c_right = structure.clause(max(read["lead"], 0), e)
        key = (section if section != top else "", text[q_left:q_right], top)
        if key not in labels:
            labels[key] = section_label(*key)
        row.update(
            part=part, plan=plan, section=section, section_label=labels[key],
            quote=key[1], fragment=text[c_left:c_right],
            suggested_id="", program="", indicator="", flow="", parent="", counts_for="", match_reason="", score=0.0,
            prev_value=float("nan"), ratio=float("nan"), implausible="",
        )
        if row["kind"] == "money":
            flow = flow_from_text(text[c_left:s])
            if flow:
                row["flow"] = flow
                row["match_reason"] = f"flow guessed from the text ({flow})"
        rows.append(row)
    if not rows:
        return empty_candidates()
    candidates = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    candidates["start"] = candidates["start"].astype(int)
    candidates["end"] = candidates["end"].astype(int)
    candidates["plan"] = candidates["plan"].astype(bool)
    if previous is not None and len(previous):
        from analysis.extract.suggest import suggest

        candidates = suggest(candidates, previous, text, structure, extra)
    return candidates
