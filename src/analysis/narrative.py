"""Sentences for leadership, generated from the data (Chinese); each checks the numbers it quotes."""

from __future__ import annotations

import math

import pandas as pd

from analysis.compare import MIN_BASE_FOR_RATE
from analysis.errors import ReportError
from analysis.present import cn_date, fmt_base, fmt_num, fmt_pct, fmt_wan
from analysis.units import format_value
from analysis.vocab import FLOW_WORDS

__all__ = ["FLOW_WORDS", "change", "check", "source", "spending", "sections", "costs", "donations", "other_money",
           "counts", "plans", "single_year", "no_base_year", "comparison", "total_change", "largest_change",
           "plan_outcome", "trends", "fmt_change", "fmt_change_per_year", "change_cell"]


def check(condition: bool, number: str, rule: str) -> None:
    """Guards a number a sentence quotes: ReportError naming the number and the broken rule (never
    ``assert``, which ``python -O`` removes)."""
    if not condition:
        raise ReportError(f"the report would quote {number}, but {rule}")


def change(pct: float, *, per_year: bool = False, decimals: int = 1) -> str:
    """The one way a sentence states a change: 增长12.5%, 下降20.0% or 持平 (年均… with ``per_year``).

    A change that rounds to zero at the shown precision is 持平; NaN is 无法比较.
    """
    if pct is None or pct != pct:
        return "无法比较"
    if round(abs(pct), decimals) == 0:
        return "持平"
    word = "增长" if pct > 0 else "下降"
    return f"{'年均' if per_year else ''}{word}{fmt_pct(abs(pct), decimals)}"


def source(dataset, year: int) -> str:
    """Whose figures these are and where they were published (``dataset``: load_dataset's record)."""
    src = dataset.source_for(year)
    text = f"本报告的数字全部摘自{dataset['bureau']}关于{year}年的工作报告"
    if src is not None and src.title:
        text += f"《{src.title}》"
    if src is not None and src.published:
        text += f"（{cn_date(src.published)}发布）"
    return text + "，每个数字均可追溯到原文（见附表）；占比、人均金额和增减幅度是据此计算的。"


def spending(by_program: pd.DataFrame, year: int, parts: bool = True) -> str:
    """Total program spending and the largest programs."""
    if by_program.empty:
        return f"{year}年数据中没有支出类数字。"
    total = by_program["spend_yuan"].sum()
    check(math.isclose(by_program["share_pct"].sum(), 100.0, abs_tol=1e-6), f"{fmt_wan(total)}万元",
          f"the shares of its programs add up to {by_program['share_pct'].sum():.4f}%, not 100%")
    ranked = by_program.sort_values("spend_yuan", ascending=False)
    first = ranked.iloc[0]
    text = (f"{year}年工作报告列明的资金支出共{len(ranked)}个项目，合计{fmt_wan(total)}万元"
            + ("（各项目所列的“其中”部分已含在该项目内，不重复相加）" if parts else "")
            + f"，最大的是{first['program']}{fmt_wan(first['spend_yuan'])}万元，占{fmt_pct(first['share_pct'])}")
    others = [f"{r.program}{fmt_wan(r.spend_yuan)}万元（{fmt_pct(r.share_pct)}）" for r in ranked.iloc[1:3].itertuples()]
    if others:
        text += "，其次是" + "和".join(others)
    return text + "。"


def sections(by_section: pd.DataFrame) -> str:
    """Spending by report section."""
    if by_section.empty:
        return "没有可按领域汇总的支出。"
    parts = [f"{r.section}{fmt_wan(r.spend_yuan)}万元（{fmt_pct(r.share_pct)}）" for r in by_section.itertuples()]
    return "按工作领域，支出依次为：" + "、".join(parts) + "。"


def costs(cost: pd.DataFrame) -> str:
    """Money per person or case."""
    if cost.empty:
        return "数据中没有标明领取人数与对应金额的配对，无法计算人均金额。"
    parts = []
    for r in cost.itertuples():
        word = "减免" if r.flow == "waiver" else "支出"
        word = "" if r.program.endswith(word) else word
        who = "人" if r.count_unit in ("人", "名", "位") else r.count_unit
        parts.append(f"{r.program}{word}{fmt_wan(r.amount_yuan)}万元、{fmt_num(r.count)}{r.count_unit}，"
                     f"折合每{who}约{fmt_num(r.cost_yuan)}元")
    return "按数据中标明的领取人数（宗数）与对应金额计算：" + "；".join(parts) + "。"


def donations(balance: pd.DataFrame, year: int) -> str:
    """Donations received, spent and remaining."""
    if balance.empty:
        return f"{year}年报告未涉及捐赠收支。"
    parts = []
    for r in balance.itertuples():
        check(math.isclose(r.remaining_yuan, r.received_yuan - r.spent_yuan), f"当年结余{fmt_wan(r.remaining_yuan)}万元",
              f"received {fmt_wan(r.received_yuan)} - spent {fmt_wan(r.spent_yuan)} differs")
        text = (f"{r.program}当年共收到{fmt_wan(r.received_yuan)}万元，支出{fmt_wan(r.spent_yuan)}万元"
                f"（使用率{fmt_pct(r.spent_share_pct)}）")
        if r.parts_yuan:
            text += f"，支出中{r.parts}{fmt_wan(r.parts_yuan)}万元"
        text += f"，当年结余{fmt_wan(r.remaining_yuan)}万元"
        parts.append(text)
    return "；".join(parts) + "。收到的捐款是收入，不计入支出合计；当年结余是当年收支之差，不是基金累计余额。"


def other_money(figures: pd.DataFrame, year: int) -> str:
    """Money that is neither spending nor donations received (sales, waivers), said so explicitly."""
    frame = figures[(figures["year"] == year) & (figures["kind"] == "money") & (figures["flow"].isin(["sales", "waiver"]))]
    if frame.empty:
        return ""
    groups = []
    for flow, part in frame.groupby("flow", sort=True):
        items = "、".join(f"{r.program}{fmt_wan(r.value_base)}万元" for r in part.itertuples())
        groups.append(f"{FLOW_WORDS[flow]}类{items}")
    return "以下金额不是支出，未计入支出合计：" + "；".join(groups) + "。"


def counts(frame: pd.DataFrame, lead: str) -> str:
    """A list of counts as stated: ``program indicator value unit``."""
    if frame.empty:
        return ""
    repeated = frame["program"].duplicated(keep=False)
    parts = [f"{r.indicator if again else r.program}{format_value(r.value, r.unit)}"
             for r, again in zip(frame.itertuples(), repeated)]
    return lead + "、".join(parts) + "。"


def plans(items: pd.DataFrame, year: int) -> str:
    """The plan announced for ``year``."""
    if items.empty:
        return f"{year - 1}年报告未列出{year}年工作计划。"
    with_target = items[items["target"].notna()]
    text = f"{year}年工作计划共{len(items)}项"
    if not with_target.empty:
        targets = [f"{r.item}（目标{fmt_num(r.target)}{r.unit}）" for r in with_target.itertuples()]
        text += f"，其中{len(with_target)}项有量化目标：" + "；".join(targets)
    return text + "。"


def single_year(year: int) -> str:
    """One sentence when there is only one year of data."""
    return f"截至{year}年，数据中只有{year}年一个年度，暂无趋势可比。"


def no_base_year(year: int) -> str:
    """One sentence when there is nothing to compare with."""
    return f"数据中没有早于{year}年的年份，不作年度比较。"


def comparison(comp: pd.DataFrame, year: int, base_year: int) -> str:
    """How many figures rose, fell, appeared and disappeared, and the total spending change."""
    both = comp[comp["status"] == "both"]
    rated = both.dropna(subset=["change_pct"])
    up, down = int((rated["change_pct"].round(1) > 0).sum()), int((rated["change_pct"].round(1) < 0).sum())
    same = len(rated) - up - down
    unrated = len(both) - len(rated)
    new, gone = int((comp["status"] == "new").sum()), int((comp["status"] == "gone").sum())
    text = f"与{base_year}年相比，两年均有数据的指标{len(both)}项，其中增长{up}项、下降{down}项"
    text += f"、持平{same}项" if same else ""
    text += f"，另有{unrated}项为多年累计数、约数或标准，只并列两年数值、不计算增减" if unrated else ""
    return text + f"；{year}年新增指标{new}项，不再报告{gone}项。"


def total_change(total_year: float, total_base: float, year: int, base_year: int) -> str:
    """Total program spending, year against base year."""
    if not total_base:
        return f"{base_year}年没有支出数字，无法比较支出合计。"
    pct = (total_year / total_base - 1) * 100
    return (f"{year}年工作报告列明的资金支出合计{fmt_wan(total_year)}万元，{base_year}年为{fmt_wan(total_base)}万元，"
            f"{change(pct)}。")


def largest_change(changes: pd.DataFrame) -> str:
    """The largest change among ``changes`` (money ranked by amount, other figures by rate from a
    minimum base: :func:`analysis.compare.largest_changes`)."""
    if changes.empty:
        return "没有可比较的指标。"
    r = changes.iloc[0]
    if r["kind"] == "money":
        if round(abs(r["change_abs"]) / 10_000, 2) == 0:
            return "两年都列明的金额均与上年持平。"
        moved = f"{'增加' if r['change_abs'] > 0 else '减少'}{fmt_wan(abs(r['change_abs']))}万元，{change(r['change_pct'])}"
        return f"金额变动最大的是{r['program']}·{r['indicator']}，{moved}。"
    return (f"上年基数在{MIN_BASE_FOR_RATE}以上的指标中，变化幅度最大的是{r['program']}{r['indicator']}，"
            f"{change(r['change_pct'])}。")


def plan_outcome(tracking: pd.DataFrame, year: int) -> str:
    """How the plan for ``year`` turned out; plans for a year are announced in the report about year - 1."""
    base_year = year - 1
    if tracking.empty:
        return f"{base_year}年的报告中没有{year}年的工作计划数据。"
    measurable = tracking[tracking["status"] != "无量化目标"]
    done = int((measurable["status"] == "达成").sum())
    missed = int((measurable["status"] == "未达成").sum())
    unknown = int((measurable["status"] == "无数据").sum())
    text = f"{base_year}年报告提出的{year}年计划共{len(tracking)}项，其中有量化目标{len(measurable)}项：{done}项达成，{missed}项未达成"
    if missed:
        gaps = measurable[measurable["status"] == "未达成"]
        text += "（" + "；".join(f"{r.item}：目标{fmt_num(r.target_base)}{r.unit_base}，实际{fmt_num(r.actual_base)}{r.unit_base}"
                               for r in gaps.itertuples()) + "）"
    if unknown:
        text += f"，{unknown}项在{year}年报告中没有对应数字"
    return text + "。"


def fmt_change(pct: float) -> str:
    """A change rate in a table cell: 增长20.0%, 下降10.0%, 持平, or — where no rate is computed."""
    return "—" if pct is None or pct != pct else change(pct)


def change_cell(base: float, value: float, pct: float, unit: str, why: str = "") -> str:
    """The change of a figure in a comparison table: — with a reason (``why``) or without a base; on a
    base under :data:`~analysis.compare.MIN_BASE_FOR_RATE` the difference in units (增加2条, 减少35名),
    since a percentage of a small base reads as a large change; else the rate (增长9.4%)."""
    if why or base is None or base != base or value != value:
        return "—"
    if abs(base) < MIN_BASE_FOR_RATE:
        if value == base:
            return "持平"
        return f"{'增加' if value > base else '减少'}{fmt_num(abs(value - base))}{unit}"
    return fmt_change(pct)


def fmt_change_per_year(pct: float) -> str:
    """An average yearly change in a table cell: 年均增长3.2%, 年均下降29.2%, 持平 or —."""
    return "—" if pct is None or pct != pct else change(pct, per_year=True)


def trends(growth: pd.DataFrame) -> str:
    """Growth per program over the available years."""
    if growth.empty:
        return "所选项目没有可用数据。"
    parts = []
    for r in growth.itertuples():
        first, last = fmt_base(r.first_value, r.unit_base), fmt_base(r.last_value, r.unit_base)
        if r.years_reported < 2:
            parts.append(f"{r.program}只有{r.first_year}年的数据（{first}）")
        else:
            span = r.last_year - r.first_year
            stated = change(r.cagr_pct, per_year=span > 1)
            parts.append(f"{r.program}从{r.first_year}年的{first}变为{r.last_year}年的{last}，{stated}")
    return "；".join(parts) + "。"
