"""Page one of the leadership report: the year's message in three to five sentences (主要情况) and
the headline cards, generated from the figures; every number it quotes comes from calc/compare and is
checked against the figures before it is printed.

The spending total is named for what it is: the spending lines the work report lists, not the
bureau's budget; it is split by funding source where the data says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis import calc, compare
from analysis.narrative import change, check, plan_outcome
from analysis.present import fmt_base, fmt_num, fmt_pct, fmt_wan, typeset
from analysis.units import format_value
from analysis.vocab import FUNDING_UNSTATED

TOTAL_NOTE = "合计仅含工作报告列明的资金支出，不是民政局全年预算或决算总额；收入、彩票销售额和减免不计入支出。"


@dataclass(frozen=True)
class Card:
    """One headline figure of page one."""

    label: str
    value: str
    note: str = ""
    change: str = ""  # 比上年增长3.2% (only with a base year)


@dataclass(frozen=True)
class Brief:
    """What page one says: the 主要情况 sentences, the cards, the note under the total."""

    summary: list[str]
    cards: list[Card]
    total_note: str


def total_label(n: int) -> str:
    """How the report names its spending total (never "the bureau's spending")."""
    return f"工作报告列明的{n}项资金支出合计"


def shown(row) -> str:
    """A figure as page one prints it: as the source printed it when the source rounded it (2.2万人,
    1.186亿元), else in its base unit (22,000人 would claim a precision the report does not have)."""
    if row.get("comparability") == "approximate":
        return format_value(row["value"], row["unit"])
    return fmt_base(row["value_base"], row["unit_base"])


def shown_values(figures: pd.DataFrame, year: int) -> dict[str, str]:
    """Every figure of ``year`` as :func:`shown` prints it, by id (for tables of a comparison)."""
    frame = figures[figures["year"] == year]
    return {row["id"]: shown(row) for _, row in frame.iterrows()}


def _base_shown(figures: pd.DataFrame, figure_id: str, base_year: int) -> str:
    rows = figures[(figures["year"] == base_year) & (figures["id"] == figure_id)]
    return shown(rows.iloc[0]) if not rows.empty else "—"


def who(unit: str) -> str:
    """The recipient of a per-recipient amount: 人 for 人/名/位, else the unit (户, 宗)."""
    return "人" if unit in ("人", "名", "位") else unit


def _yuan_change(delta: float) -> str:
    if round(abs(delta) / 10_000, 2) == 0:
        return "持平"
    return f"{'增加' if delta > 0 else '减少'}{fmt_wan(abs(delta))}万元"


def _same_lines(figures: pd.DataFrame, year: int, base_year: int | None) -> str:
    """（两年都列明的3项合计增长14.7%）when the two years list different spending lines, so the change
    of the total is not read as like for like; "" when they list the same lines."""
    if base_year is None:
        return ""
    lines, base_lines = calc.top_level_spending(figures, year), calc.top_level_spending(figures, base_year)
    same = set(lines["id"]) & set(base_lines["id"])
    if not same or (len(same) == len(lines) == len(base_lines)):
        return ""
    now = lines.loc[lines["id"].isin(same), "spend_yuan"].sum()
    then = base_lines.loc[base_lines["id"].isin(same), "spend_yuan"].sum()
    return f"（两年都列明的{len(same)}项合计{change((now / then - 1) * 100) if then else '无法比较'}）"


def _funding(figures: pd.DataFrame, year: int, total: float) -> str:
    split = compare.spending_by_funding(figures, year)
    check(math.isclose(split["spend_yuan"].sum(), total, rel_tol=1e-9, abs_tol=0.01), f"{fmt_wan(total)}万元",
          "its funding sources do not add up to it")
    if split.empty or (len(split) == 1 and split["funding"].iloc[0] == FUNDING_UNSTATED):
        return ""
    parts = [f"{r.funding}{fmt_wan(r.spend_yuan)}万元（{fmt_pct(r.share_pct)}）" for r in split.itertuples()]
    return "按资金来源：" + "，".join(parts) + "。"


def _total_sentence(figures: pd.DataFrame, year: int, base_year: int | None) -> str:
    lines = calc.top_level_spending(figures, year)
    total = float(lines["spend_yuan"].sum())
    text = f"{year}年{total_label(len(lines))}{fmt_wan(total)}万元"
    if base_year is not None:
        base_lines = calc.top_level_spending(figures, base_year)
        base_total = float(base_lines["spend_yuan"].sum())
        if base_total:
            pct = (total / base_total - 1) * 100
            text += f"，比上年{change(pct)}（{base_year}年{len(base_lines)}项{fmt_wan(base_total)}万元，{_yuan_change(total - base_total)}）"
        same = _same_lines(figures, year, base_year)
        if same:
            text += "；" + same.strip("（）")
    return text + "。" + _funding(figures, year, total)


def _movements(figures: pd.DataFrame, year: int, base_year: int) -> str:
    bridge = compare.spending_bridge(figures, year, base_year)
    total_change = calc.total_spending_yuan(figures, year) - calc.total_spending_yuan(figures, base_year)
    check(math.isclose(bridge["change_yuan"].sum(), total_change, abs_tol=0.01), f"{fmt_wan(total_change)}万元",
          "the changes of its programs do not add up to it")
    moved = bridge[bridge["change_yuan"].abs() >= 0.005]
    parts = []
    for r in moved.head(3).itertuples():
        if r.base_yuan != r.base_yuan:
            parts.append(f"{r.program}为新列明项目（{fmt_wan(r.value_yuan)}万元）")
        elif r.value_yuan != r.value_yuan:
            parts.append(f"{r.program}本年未再列明（上年{fmt_wan(r.base_yuan)}万元）")
        else:
            pct = (r.value_yuan / r.base_yuan - 1) * 100 if r.base_yuan else float("nan")
            parts.append(f"{r.program}{_yuan_change(r.change_yuan)}（{change(pct)}）")
    return ("支出变动最大的是：" + "；".join(parts) + "。") if parts else ""


def _people(figures: pd.DataFrame, year: int, base_year: int | None) -> str:
    people = calc.people_served(figures, year, n=1)
    if people.empty:
        return ""
    r = people.iloc[0]
    text = f"服务人数最多的是{r['program']}，{r['indicator']}{shown(r)}"
    if base_year is not None:
        comparison = compare.compare_years(figures, year, base_year).set_index("id")
        if r["id"] in comparison.index and comparison.loc[r["id"], "status"] == "both":
            row = comparison.loc[r["id"]]
            text += (f"，上年{_base_shown(figures, r['id'], base_year)}（{row['reason']}，不计算增减）" if row["reason"]
                     else f"，比上年{change(row['change_pct'])}")
    return text + "。"


def costs_sentence(figures: pd.DataFrame, year: int, base_year: int | None) -> str:
    if base_year is None:
        costs = calc.per_beneficiary_cost(figures, year)
        if costs.empty:
            return ""
        r = costs.iloc[0]
        return f"按数据中标明的领取人数计算，{r.program}每{who(r.count_unit)}{fmt_num(r.cost_yuan)}元。"
    costs = compare.cost_comparison(figures, year, base_year).dropna(subset=["change_pct"])
    if costs.empty:
        return ""
    r = costs.iloc[0]
    unit = who(r.unit.split("/")[-1])
    return (f"{r.program}每{unit}金额{fmt_num(r.cost_yuan)}元，比上年{change(r.change_pct)}"
            f"（上年{fmt_num(r.base_cost_yuan)}元），同期{'人' if unit == '人' else unit}数{change(r.count_change_pct)}。")


def _donations(figures: pd.DataFrame, year: int) -> str:
    balance = calc.donation_balance(figures, year)
    parts = []
    for r in balance.itertuples():
        check(math.isclose(r.remaining_yuan, r.received_yuan - r.spent_yuan), f"当年结余{fmt_wan(r.remaining_yuan)}万元",
              "received minus spent differs")
        parts.append(f"{r.program}收到{fmt_wan(r.received_yuan)}万元，已支出{fmt_wan(r.spent_yuan)}万元"
                     f"（{fmt_pct(r.spent_share_pct)}），当年结余{fmt_wan(r.remaining_yuan)}万元")
    return ("；".join(parts) + "。") if parts else ""


def _plans(plans: pd.DataFrame | None, figures: pd.DataFrame, year: int) -> str:
    if plans is None or plans.empty:
        return ""
    tracking = calc.plan_tracking(plans, figures, year)
    if (tracking["status"] == "无量化目标").all():
        return ""
    return plan_outcome(tracking, year)


def summary(figures: pd.DataFrame, year: int, base_year: int | None = None,
            plans: pd.DataFrame | None = None) -> list[str]:
    """The 主要情况 of ``year`` (compared with ``base_year`` when given): three to five sentences. With a
    base year: the total and its change, the largest movements, the per-recipient change, how last
    year's plan for ``year`` (``plans``) turned out, people served, donations — the first five that
    have something to say. One year: the total, people served, per-recipient amount, donations, and
    once that a one-year report compares nothing."""
    if base_year is None:
        sentences = [_total_sentence(figures, year, None), _people(figures, year, None),
                     costs_sentence(figures, year, None), _donations(figures, year)]
        sentences = [s for s in sentences if s][:4]
        sentences.append(f"数据中只有{year}年一个年度（没有更早的年份），本报告不作年度比较。")
    else:
        sentences = [_total_sentence(figures, year, base_year), _movements(figures, year, base_year),
                     costs_sentence(figures, year, base_year), _plans(plans, figures, year),
                     _people(figures, year, base_year), _donations(figures, year)]
        sentences = [s for s in sentences if s][:5]
    return [typeset(s) for s in sentences]


def cards(figures: pd.DataFrame, year: int, base_year: int | None = None) -> list[Card]:
    """The headline cards: the spending total, the largest line, the most people served, donations."""
    lines = calc.spending_by_program(figures, year)
    total = float(lines["spend_yuan"].sum())
    result = []

    def vs_base(now: float, then: float) -> str:
        return f"比上年{change((now / then - 1) * 100)}" if base_year is not None and then else ""

    if not lines.empty:
        n = len(calc.top_level_spending(figures, year))
        base_total = calc.total_spending_yuan(figures, base_year) if base_year is not None else 0
        result.append(Card(total_label(n), f"{fmt_wan(total)}万元", "不是全局预算总额",
                           vs_base(total, base_total) + _same_lines(figures, year, base_year)))
        top = lines.iloc[0]
        base_top = 0.0
        if base_year is not None:
            previous = calc.spending_by_program(figures, base_year)
            base_top = float(previous.loc[previous["program"] == top["program"], "spend_yuan"].sum())
        result.append(Card(f"最大支出项目：{top['program']}", f"{fmt_wan(top['spend_yuan'])}万元",
                           f"占合计的{fmt_pct(top['share_pct'])}", vs_base(top["spend_yuan"], base_top)))
    people = calc.people_served(figures, year, n=1)
    if not people.empty:
        r = people.iloc[0]
        note = r["indicator"]
        delta = ""
        if base_year is not None:
            comparison = compare.compare_years(figures, year, base_year).set_index("id")
            if r["id"] in comparison.index and comparison.loc[r["id"], "status"] == "both":
                row = comparison.loc[r["id"]]
                delta = "上年" + _base_shown(figures, r["id"], base_year) if row["reason"] else \
                    f"比上年{change(row['change_pct'])}"
        result.append(Card(f"服务人数最多：{r['program']}", shown(r), note, delta))
    balance = calc.donation_balance(figures, year)
    if not balance.empty:
        r = balance.iloc[0]
        result.append(Card(f"{r['program']}当年结余", f"{fmt_wan(r['remaining_yuan'])}万元",
                           f"收到{fmt_wan(r['received_yuan'])}万元，已支出{fmt_pct(r['spent_share_pct'])}"))
    return [Card(typeset(c.label), c.value, typeset(c.note), typeset(c.change)) for c in result]


def brief(figures: pd.DataFrame, year: int, base_year: int | None = None, plans: pd.DataFrame | None = None) -> Brief:
    """Page one: summary sentences, cards and the note under the total (figures up to ``year`` only;
    ``plans``: the plan for ``year`` announced a year earlier, if any)."""
    return Brief(summary(figures, year, base_year, plans), cards(figures, year, base_year), TOTAL_NOTE)
