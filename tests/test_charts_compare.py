"""The two-year charts: the bridge of the spending total, the donation flow, per-beneficiary amounts side by side.

Built from the synthetic two-year fixture through analysis.compare (the frames the report uses), from the
real 2020 data where it has what the chart shows (the donations), and from hand-made frames for the edge
cases (many programs, more spent than received, a program new this year).
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from analysis import calc, charts, compare
from analysis.units import wan_yuan

MINUS = "\u2212"


def bar_rows(fig) -> dict[str, tuple[float, float, str, str]]:
    """Every bar of a horizontal chart by its row label: (start, end, text, legend name)."""
    rows = {}
    for trace in fig.data:
        bases = trace.base if trace.base is not None else [0.0] * len(trace.x)
        bases = bases if isinstance(bases, (list, tuple)) else [bases] * len(trace.x)
        for y, x, base, text in zip(trace.y, trace.x, bases, trace.text):
            rows[y] = (base, base + x, text, trace.name)
    return rows


# -- spending bridge --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bridge_fig(fixture_figures):
    return charts.spending_bridge(compare.spending_bridge(fixture_figures, 2021, 2020), 2020, 2021, "图1 支出合计的变化（万元）")


def test_bridge_runs_from_the_base_total_to_the_year_total(bridge_fig, fixture_figures):
    start, end = (wan_yuan(calc.total_spending_yuan(fixture_figures, y)) for y in (2020, 2021))  # 1,870 -> 1,938
    order = list(bridge_fig.layout.yaxis.categoryarray)[::-1]  # top to bottom
    assert order[0] == "2020年合计" and order[-1] == "2021年合计"
    rows = bar_rows(bridge_fig)
    assert rows["2020年合计"][:2] == pytest.approx((0, start)) and rows["2021年合计"][:2] == pytest.approx((0, end))
    assert (rows["2020年合计"][2], rows["2021年合计"][2]) == ("1,870.00", "1,938.00")
    # each change starts where the previous one ended, the last ends at the year's total
    position = start
    for name in order[1:-1]:
        begin, finish, _, _ = rows[name]
        assert begin == pytest.approx(position), name
        position = finish
    assert position == pytest.approx(end)


def test_bridge_labels_signed_changes_and_names_absent_programs(bridge_fig):
    rows = bar_rows(bridge_fig)
    assert rows["疫情防控捐赠（本年未列）"][2:] == (f"{MINUS}250.00", "下降")
    assert rows["基本生活保障"][2:] == ("+200.00", "增长")
    assert rows["孤儿基本生活费（上年未列）"][2:] == ("+80.00", "增长")
    assert rows["居家养老服务"][2:] == (f"{MINUS}12.00", "下降")
    # ordered by the size of the change, as compare.spending_bridge gives them
    assert list(bridge_fig.layout.yaxis.categoryarray)[::-1][1:3] == ["疫情防控捐赠（本年未列）", "基本生活保障"]


def test_bridge_legend_is_neutral_and_says_the_words(bridge_fig):
    styles = {t.name: (t.marker.color, t.marker.pattern.shape or "") for t in bridge_fig.data}
    assert styles == {"合计": (charts.TOTAL, ""), "增长": (charts.INCREASE, ""), "下降": (charts.DECREASE, "/")}
    for colour, _ in styles.values():
        assert colour[1:3] == colour[3:5] == colour[5:7], colour  # grey, never red or green


def test_bridge_states_the_change_of_the_total_in_words(bridge_fig):
    title = bridge_fig.layout.xaxis.title.text
    assert "2021年比2020年增加68.00万元，增长3.6%" in title  # 1,938 - 1,870 = 68; 68 / 1,870 = 3.64%
    # the axis starts at zero even when the changes are small against the totals: a cut axis would make
    # the 2021 total look several times the 2020 one for a 3.6% change
    assert bridge_fig.layout.xaxis.range[0] == 0 and "未从零开始" not in title


def test_bridge_axis_starts_at_zero_when_the_changes_are_large():
    frame = pd.DataFrame({"program": ["甲", "乙"], "section": ["社会救助", "养老服务"], "base_yuan": [1e6, 1e6],
                          "value_yuan": [4e6, 5e5], "change_yuan": [3e6, -5e5]})
    fig = charts.spending_bridge(frame, 2020, 2021)
    assert fig.layout.xaxis.range[0] == 0 and "未从零开始" not in fig.layout.xaxis.title.text
    assert "2021年比2020年增加250.00万元，增长125.0%" in fig.layout.xaxis.title.text


def test_bridge_groups_the_smallest_changes_beyond_eight_rows():
    changes = [900, -700, 500, 400, -300, 200, 100, 50, -40, 30, 20, -10]  # 万元, by absolute size
    frame = pd.DataFrame({"program": [f"项目{i}" for i in range(12)], "section": ["社会救助"] * 12,
                          "base_yuan": [1e7] * 12, "value_yuan": [1e7 + c * 1e4 for c in changes]})
    frame["change_yuan"] = frame["value_yuan"] - frame["base_yuan"]
    fig = charts.spending_bridge(frame, 2023, 2024)
    order = list(fig.layout.yaxis.categoryarray)[::-1]
    assert len(order) == 2 + charts.BRIDGE_ROWS
    assert order[1:8] == [f"项目{i}" for i in range(7)] and order[8] == "其他5项"
    rows = bar_rows(fig)
    assert rows["其他5项"][2] == "+50.00"  # 50 - 40 + 30 + 20 - 10
    assert rows["2024年合计"][1] == pytest.approx(12 * 1000 + sum(changes))


def test_bridge_unchanged_program_reads_flat():
    frame = pd.DataFrame({"program": ["甲"], "section": ["社会救助"], "base_yuan": [1e6], "value_yuan": [1e6],
                          "change_yuan": [0.0]})
    fig = charts.spending_bridge(frame, 2020, 2021)
    assert bar_rows(fig)["甲"][2] == "持平" and "2021年与2020年持平" in fig.layout.xaxis.title.text


# -- donation flow ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def donation_2020(figures_2020):
    return calc.donation_balance(figures_2020, 2020).iloc[0]


def test_donation_flow_received_is_spent_plus_the_years_remainder(donation_2020):
    fig = charts.donation_flow(donation_2020)
    assert list(fig.layout.yaxis.categoryarray)[::-1] == ["收到捐款", "捐款支出", "当年结余"]
    received, part, other, remaining = fig.data
    assert list(received.x) == pytest.approx([1175.55]) and list(received.text) == ["1,175.55"]
    # the 其中 part is drawn as part of the spending: 411.50 + 740.47 = 1,151.97
    assert part.name == "其中设备采购支出" and list(part.x) == pytest.approx([411.5]) and list(part.text) == ["411.50"]
    assert other.name == "其他支出" and list(other.x) == pytest.approx([1151.97 - 411.5])
    assert part.marker.pattern.shape and not (other.marker.pattern.shape or "")  # told apart in grey print too
    (total,) = fig.layout.annotations
    assert total.text == "1,151.97（占98.0%）" and total.x == pytest.approx(1151.97)
    # the remainder runs from the end of the spending to the end of the receipts
    assert list(remaining.base) == pytest.approx([1151.97]) and list(remaining.x) == pytest.approx([23.58])
    assert list(remaining.text) == ["23.58（占2.0%）"]


def test_donation_flow_never_says_just_jieyu(donation_2020):
    fig = charts.donation_flow(donation_2020)
    words = [fig.layout.title.text, *fig.layout.yaxis.categoryarray, *(a.text for a in fig.layout.annotations)]
    words += list(itertools.chain.from_iterable([t.name or "", *t.text] for t in fig.data))
    assert any("当年结余" in w for w in words)
    assert all(w.count("结余") == w.count("当年结余") for w in words), words


def test_donation_flow_without_parts_has_one_spending_bar(donation_2020):
    row = donation_2020.copy()
    row["parts_yuan"], row["parts"] = 0.0, ""
    fig = charts.donation_flow(row)
    rows = bar_rows(fig)
    assert rows["捐款支出"][1:3] == (pytest.approx(1151.97), "1,151.97（占98.0%）")
    assert fig.layout.annotations == () and not any(t.showlegend is not False for t in fig.data)


def test_donation_flow_more_spent_than_received_runs_the_remainder_backwards():
    row = pd.Series({"section": "慈善事业", "received_yuan": 1e6, "spent_yuan": 1.2e6, "parts_yuan": 0.0, "parts": "",
                     "remaining_yuan": -2e5, "spent_share_pct": 120.0})
    start, end, text, _ = bar_rows(charts.donation_flow(row))["当年结余"]
    assert (start, end) == pytest.approx((120, 100)) and text == f"{MINUS}20.00"
    assert charts.donation_flow(row).layout.xaxis.range[1] >= 120


def test_donation_waterfall_is_the_flow():
    assert charts.donation_waterfall is charts.donation_flow


# -- per-beneficiary amounts across years ------------------------------------------------------------


@pytest.fixture(scope="module")
def cost_fig(fixture_figures):
    return charts.cost_comparison(compare.cost_comparison(fixture_figures, 2021, 2020), 2020, 2021)


def test_cost_comparison_puts_both_years_side_by_side(cost_fig):
    year, base = cost_fig.data
    assert (year.name, base.name) == ("2021年", "2020年") and cost_fig.layout.barmode == "group"
    assert list(year.y) == list(base.y) == ["高龄津贴（元/人）", "居家养老服务（元/名）"]  # largest on top
    assert list(base.x) == pytest.approx([500, 4000]) and list(year.x) == pytest.approx([500, 3000])
    assert list(base.text) == ["500元", "4,000元"]
    # 高龄津贴 per person rests on a count rounded by the source (1万 -> 1.1万人): both amounts, no change word
    assert list(year.text) == ["500元", "3,000元（下降25.0%）"]


def test_cost_comparison_base_light_and_hatched_year_dark(cost_fig):
    year, base = cost_fig.data
    assert charts.luma(base.marker.color) - charts.luma(year.marker.color) > 100
    assert base.marker.pattern.shape == "/" and not (year.marker.pattern.shape or "")


def test_cost_comparison_program_new_this_year():
    frame = pd.DataFrame({"program": ["孤儿基本生活费"], "section": ["儿童福利"], "unit": ["元/人"],
                          "base_cost_yuan": [float("nan")], "cost_yuan": [14400.0], "change_pct": [float("nan")]})
    year, base = charts.cost_comparison(frame, 2020, 2021).data
    assert list(year.text) == ["14,400元（上年未列）"] and list(base.text) == [""]
