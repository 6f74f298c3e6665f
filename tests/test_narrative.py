"""Generated sentences: the exact Chinese text, numbers worked out by hand (real 2020 data and the fixture)."""

from __future__ import annotations

import re
import subprocess
import sys

from pathlib import Path

import pandas as pd
import pytest

from analysis import calc, compare, load_dataset, load_plans, narrative
from analysis.dataset import parse
from analysis.errors import ReportError
from analysis.present import typeset

FIXTURE = Path(__file__).parent / "fixtures" / "two_years"


# -- source ---------------------------------------------------------------------------------------


def test_source_real_dataset():
    assert narrative.source(load_dataset(), 2020) == (
        "本报告的数字全部摘自江门市新会区民政局关于2020年的工作报告《区民政局2020年工作成效及2021年工作计划》"
        "（2021年3月3日发布），每个数字均可追溯到原文（见附表）；占比、人均金额和增减幅度是据此计算的。"
    )


@pytest.mark.parametrize("sources, expected_middle", [
    pytest.param({"2021": {"title": "T", "published": "2022-01-01"}}, "《T》（2022年1月1日发布）", id="str-year-key"),
    pytest.param({2021: {"title": "T"}}, "《T》", id="title-only"),
    pytest.param({2021: {"published": "2022-01-01"}}, "（2022年1月1日发布）", id="date-only"),
    pytest.param({2020: {"title": "other year"}}, "", id="no-record-for-the-year"),
    pytest.param(None, "", id="no-sources"),
])
def test_source_without_full_provenance(sources, expected_middle):
    dataset = parse({"region": "示例区", "bureau": "示例局", "currency_unit": "元", "sources": sources})
    text = narrative.source(dataset, 2021)
    assert text == (f"本报告的数字全部摘自示例局关于2021年的工作报告{expected_middle}，"
                    "每个数字均可追溯到原文（见附表）；占比、人均金额和增减幅度是据此计算的。")


# -- spending, sections ---------------------------------------------------------------------------


def test_spending_2020(figures_2020):
    by_program = calc.spending_by_program(figures_2020, 2020)
    # total 636.03 + 1151.97 + 9867.01 + 129.39 + 1121.08 + 157.21 + 1447 = 14,509.69万元 (设备 411.5 not added)
    # shares: 9867.01 / 14509.69 = 68.003% ; 1447 / 14509.69 = 9.973% ; 1151.97 / 14509.69 = 7.939%
    assert narrative.spending(by_program, 2020) == (
        "2020年工作报告列明的资金支出共7个项目，合计14,509.69万元（各项目所列的“其中”部分已含在该项目内，不重复相加），"
        "最大的是基本生活保障9,867.01万元，占68.0%，"
        "其次是离任村干部补助1,447.00万元（10.0%）和疫情防控捐赠1,151.97万元（7.9%）。"
    )


def test_spending_with_one_program_has_no_runners_up(fixture_figures):
    one = calc.spending_by_program(fixture_figures[fixture_figures["program"] == "高龄津贴"], 2021)
    assert narrative.spending(one, 2021) == (
        "2021年工作报告列明的资金支出共1个项目，合计550.00万元（各项目所列的“其中”部分已含在该项目内，不重复相加），"
        "最大的是高龄津贴550.00万元，占100.0%。"
    )


def test_spending_orders_by_amount_not_by_row_order(fixture_figures):
    # 2021: 1200 + 550 + 108 + 80 = 1938万元; 1200/1938 = 61.92% ; 550/1938 = 28.38% ; 108/1938 = 5.57%
    # (孤儿基本生活费 80/1938 = 4.13% is fourth: only the first three are named)
    by_program = calc.spending_by_program(fixture_figures, 2021).iloc[::-1]  # smallest first
    text = narrative.spending(by_program, 2021)
    assert text.startswith("2021年工作报告列明的资金支出共4个项目，合计1,938.00万元（")
    assert text.endswith("最大的是基本生活保障1,200.00万元，占61.9%，其次是高龄津贴550.00万元（28.4%）和居家养老服务108.00万元（5.6%）。")
    assert "孤儿基本生活费" not in text


def test_spending_empty():
    assert narrative.spending(pd.DataFrame(columns=["spend_yuan", "share_pct"]), 2020) == "2020年数据中没有支出类数字。"


def test_spending_asserts_that_shares_add_up(figures_2020):
    broken = calc.spending_by_program(figures_2020, 2020)
    broken.loc[0, "share_pct"] += 1  # shares now add up to 101
    with pytest.raises(ReportError, match="quote 14,509.69万元, but the shares of its programs add up to 101"):
        narrative.spending(broken, 2020)


def test_sections_2020(figures_2020):
    # 疫情防控 636.03 + 1151.97 = 1788 (12.32%); 养老服务 129.39 + 1121.08 = 1250.47 (8.62%); 儿童福利 157.21 (1.08%)
    assert narrative.sections(calc.spending_by_section(figures_2020, 2020)) == (
        "按工作领域，支出依次为：社会救助9,867.01万元（68.0%）、疫情防控1,788.00万元（12.3%）、"
        "基层治理1,447.00万元（10.0%）、养老服务1,250.47万元（8.6%）、儿童福利157.21万元（1.1%）。"
    )


def test_sections_empty():
    assert narrative.sections(pd.DataFrame(columns=["section", "spend_yuan", "share_pct"])) == "没有可按领域汇总的支出。"


# -- costs ----------------------------------------------------------------------------------------


def test_costs_2020(figures_2020):
    # 居家养老服务 1,293,900 / 363 = 3,564.46 -> 3,564元 ; 惠民殡葬减免 4,860,000 / 5,457 = 890.60 -> 891元
    # 高龄津贴 11,210,800 / 22,000 = 509.58 -> 510元 ; a program ending in 减免 does not get "减免" twice;
    # people counted in 名 are 每人, cases 每宗
    assert narrative.costs(calc.per_beneficiary_cost(figures_2020, 2020)) == (
        "按数据中标明的领取人数（宗数）与对应金额计算："
        "居家养老服务支出129.39万元、363名，折合每人约3,564元；"
        "惠民殡葬减免486.00万元、5,457宗，折合每宗约891元；"
        "高龄津贴支出1,121.08万元、22,000人，折合每人约510元。"
    )


def test_costs_fixture(fixture_figures):
    # 2021: 居家养老服务 1,080,000 / 360 = 3,000元 ; 高龄津贴 5,500,000 / 11,000 = 500元
    assert narrative.costs(calc.per_beneficiary_cost(fixture_figures, 2021)) == (
        "按数据中标明的领取人数（宗数）与对应金额计算："
        "居家养老服务支出108.00万元、360名，折合每人约3,000元；高龄津贴支出550.00万元、11,000人，折合每人约500元。"
    )
    # 2020: 1,200,000 / 300 = 4,000元 ; 5,000,000 / 10,000 = 500元
    assert narrative.costs(calc.per_beneficiary_cost(fixture_figures, 2020)) == (
        "按数据中标明的领取人数（宗数）与对应金额计算："
        "居家养老服务支出120.00万元、300名，折合每人约4,000元；高龄津贴支出500.00万元、10,000人，折合每人约500元。"
    )


def test_costs_empty(fixture_figures):
    empty = calc.per_beneficiary_cost(fixture_figures.iloc[0:0], 2021)
    assert narrative.costs(empty) == "数据中没有标明领取人数与对应金额的配对，无法计算人均金额。"


# -- donations ------------------------------------------------------------------------------------

DONATION_TAIL = "。收到的捐款是收入，不计入支出合计；当年结余是当年收支之差，不是基金累计余额。"


def test_donations_2020(figures_2020):
    # remaining 1175.55 - 1151.97 = 23.58万元 ; used 1151.97 / 1175.55 = 97.99% ; 设备 411.5 inside the 1151.97
    assert narrative.donations(calc.donation_balance(figures_2020, 2020), 2020) == (
        "疫情防控捐赠当年共收到1,175.55万元，支出1,151.97万元（使用率98.0%），支出中设备采购支出411.50万元，"
        "当年结余23.58万元" + DONATION_TAIL
    )


def test_donations_fixture_and_without_parts(fixture_figures):
    balance = calc.donation_balance(fixture_figures, 2020)
    # 300 - 250 = 50万元 ; 250 / 300 = 83.33%
    assert narrative.donations(balance, 2020) == (
        "疫情防控捐赠当年共收到300.00万元，支出250.00万元（使用率83.3%），支出中设备采购支出100.00万元，"
        "当年结余50.00万元" + DONATION_TAIL
    )
    no_parts = balance.assign(parts_yuan=0.0, parts="")
    assert narrative.donations(no_parts, 2020) == (
        "疫情防控捐赠当年共收到300.00万元，支出250.00万元（使用率83.3%），当年结余50.00万元" + DONATION_TAIL
    )


def test_donations_empty(fixture_figures):
    assert narrative.donations(calc.donation_balance(fixture_figures, 2021), 2021) == "2021年报告未涉及捐赠收支。"


def test_donations_asserts_remaining_is_received_minus_spent(figures_2020):
    broken = calc.donation_balance(figures_2020, 2020)
    broken.loc[0, "remaining_yuan"] += 10_000  # 1万元 more than 1175.55 - 1151.97
    with pytest.raises(ReportError, match="quote 当年结余24.58万元, but received 1,175.55 - spent 1,151.97 differs"):
        narrative.donations(broken, 2020)


def test_checks_survive_python_optimise_flag():
    """``python -O`` removes asserts; the checks that guard quoted numbers must still raise."""
    code = (
        "import pandas as pd\n"
        "from analysis import narrative\n"
        "from analysis.errors import ReportError\n"
        "broken = pd.DataFrame({'program': ['甲'], 'section': ['综合'], 'spend_yuan': [1.0], 'share_pct': [90.0]})\n"
        "try:\n    narrative.spending(broken, 2020)\nexcept ReportError as exc:\n    print('raised', exc)\n"
    )
    result = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("raised the report would quote 0.00万元"), result.stdout + result.stderr


@pytest.mark.parametrize(("pct", "per_year", "expected"), [
    pytest.param(20.0, False, "增长20.0%", id="increase"),
    pytest.param(-20.0, False, "下降20.0%", id="decrease-without-minus-sign"),
    pytest.param(0.0, False, "持平", id="zero"),
    pytest.param(0.04, False, "持平", id="rounds-to-zero"),
    pytest.param(-0.04, False, "持平", id="rounds-to-zero-negative"),
    pytest.param(-7.5, True, "年均下降7.5%", id="per-year-decrease"),
    pytest.param(3.25, True, "年均增长3.2%", id="per-year-increase"),
    pytest.param(float("nan"), False, "无法比较", id="nan"),
])
def test_change_words(pct, per_year, expected):
    assert narrative.change(pct, per_year=per_year) == expected


# -- other money ----------------------------------------------------------------------------------


def test_other_money_2020(figures_2020):
    # 福利彩票 1.186亿元 = 118,600,000元 = 11,860.00万元 ; groups in flow order: sales, then waiver
    text = narrative.other_money(figures_2020, 2020)
    assert text == (
        "以下金额不是支出，未计入支出合计：销售类福利彩票11,860.00万元；减免类会费减免27.98万元、惠民殡葬减免486.00万元。"
    )


def test_other_money_never_lists_spending_or_income(figures_2020):
    text = narrative.other_money(figures_2020, 2020)
    spend_programs = set(figures_2020.loc[figures_2020["flow"] == "spend", "program"])
    assert spend_programs and not any(p in text for p in spend_programs)
    assert "收到" not in text and "1,175.55" not in text  # donations received are in their own sentence


def test_other_money_only_of_the_year_asked(fixture_figures):
    # 2021 states the lottery in 万元 (13200万元); 2020's 1.2亿元 must not appear
    assert narrative.other_money(fixture_figures, 2021) == "以下金额不是支出，未计入支出合计：销售类福利彩票13,200.00万元。"


def test_other_money_empty_when_nothing_but_spending(fixture_figures):
    spend_only = fixture_figures[fixture_figures["flow"] == "spend"]
    assert narrative.other_money(spend_only, 2021) == ""


# -- counts, plans --------------------------------------------------------------------------------


def test_counts_affairs_2020(figures_2020):
    this_year = figures_2020[figures_2020["year"] == 2020]
    affairs = this_year[(this_year["section"] == "社会事务") & (this_year["kind"] != "money")]
    # 地名管理 reports two figures: each is named by its indicator; the others by their program
    assert narrative.counts(affairs, "2020年社会事务：") == (
        "2020年社会事务：婚姻登记历史数据补录22万条、结婚登记4,095对、离婚登记1,473对、"
        "地理实体命名数39条、建筑物更名数1条、惠民殡葬减免5,457宗。"
    )


def test_counts_empty_is_no_sentence():
    assert narrative.counts(pd.DataFrame(columns=["program", "indicator", "value", "unit"]), "引言:") == ""


def test_plans_2021_real():
    # 13 items; 3 with a target (11个, 100%, 11个). The item names are data/plans/2021.csv's labels as
    # written there (half-width ":" and "()"); the sentence's own marks are full-width, and typeset()
    # (what say() prints) makes the labels' marks full-width too.
    text = narrative.plans(load_plans(2021), 2021)
    assert text == (
        "2021年工作计划共13项，其中3项有量化目标："
        "兜底民生服务社会工作双百工程:镇街社会工作服务站（目标11个）；"
        "兜底民生服务社会工作双百工程:镇街社会工作服务站覆盖率（目标100%）；"
        "困难家庭60周岁及以上老年人能力服务评估(覆盖镇街)（目标11个）。"
    )
    assert typeset(text) == (
        "2021年工作计划共13项，其中3项有量化目标："
        "兜底民生服务社会工作双百工程：镇街社会工作服务站（目标11个）；"
        "兜底民生服务社会工作双百工程：镇街社会工作服务站覆盖率（目标100%）；"
        "困难家庭60周岁及以上老年人能力服务评估（覆盖镇街）（目标11个）。"
    )


def test_plans_without_targets():
    items = pd.DataFrame({"item": ["甲", "乙"], "target": [float("nan")] * 2, "unit": ["", ""]})
    assert narrative.plans(items, 2022) == "2022年工作计划共2项。"


def test_plans_empty():
    assert narrative.plans(load_plans(2022), 2022) == "2021年报告未列出2022年工作计划。"


def test_single_year_and_no_base_year():
    assert narrative.single_year(2020) == "截至2020年，数据中只有2020年一个年度，暂无趋势可比。"
    assert narrative.no_base_year(2020) == "数据中没有早于2020年的年份，不作年度比较。"


# -- comparison -----------------------------------------------------------------------------------


def test_comparison_fixture(fixture_figures):
    comp = calc.compare_years(fixture_figures, 2021, 2020)
    # both years: 基本生活保障, 流浪乞讨, 高龄津贴 x2, 长者食堂, 结婚登记, 福利彩票, 落户, 孤儿补贴标准,
    #   居家养老 x2, 建筑物更名 = 12
    #   no change rate: 福利彩票 (1.2亿元, rounded), 高龄津贴人数 (1.0万人, rounded), 落户 (3年累计),
    #   孤儿补贴标准 (a standard) = 4 ; of the other 8:
    #   增长: 基本生活保障, 高龄津贴支出, 长者食堂, 居家养老人数 = 4 ; 下降: 流浪乞讨, 结婚登记, 居家养老支出 = 3 ;
    #   持平: 建筑物更名 1 -> 1 = 1
    # new: 服务站, 孤儿基本生活费支出 = 2 ; gone: 捐赠 x3, 地理实体命名 = 4
    assert narrative.comparison(comp, 2021, 2020) == (
        "与2020年相比，两年均有数据的指标12项，其中增长4项、下降3项、持平1项，"
        "另有4项为多年累计数、约数或标准，只并列两年数值、不计算增减；2021年新增指标2项，不再报告4项。"
    )
    assert calc.compare_years is compare.compare_years  # the old name still works


def test_comparison_mentions_unchanged_figures_only_when_there_are_some():
    nan = float("nan")
    comp = pd.DataFrame({"status": ["both", "both", "both", "new"], "change_pct": [0.0, 10.0, 0.0, nan]})
    assert narrative.comparison(comp, 2021, 2020) == (
        "与2020年相比，两年均有数据的指标3项，其中增长1项、下降0项、持平2项；2021年新增指标1项，不再报告0项。"
    )
    # no unchanged and no unrated figure: neither 持平 nor 另有 is mentioned
    comp = pd.DataFrame({"status": ["both", "both", "gone"], "change_pct": [-5.0, 10.0, nan]})
    assert narrative.comparison(comp, 2021, 2020) == (
        "与2020年相比，两年均有数据的指标2项，其中增长1项、下降1项；2021年新增指标0项，不再报告1项。"
    )


def test_comparison_counts_only_figures_with_a_rate():
    nan = float("nan")
    # both years: 4 ; with a rate: +0.04% (rounds to 持平), -3% ; without a rate (cumulative, standard): 2
    comp = pd.DataFrame({"status": ["both"] * 4 + ["new"], "change_pct": [0.04, -3.0, nan, nan, nan]})
    assert narrative.comparison(comp, 2021, 2020) == (
        "与2020年相比，两年均有数据的指标4项，其中增长0项、下降1项、持平1项，"
        "另有2项为多年累计数、约数或标准，只并列两年数值、不计算增减；2021年新增指标1项，不再报告0项。"
    )


@pytest.mark.parametrize("total_year, total_base, expected", [
    # 1830 / 1750 - 1 = 4.571%
    pytest.param(18_300_000, 17_500_000, "2021年工作报告列明的资金支出合计1,830.00万元，2020年为1,750.00万元，增长4.6%。",
                 id="increase"),
    # 1750 / 1830 - 1 = -4.372%
    pytest.param(17_500_000, 18_300_000, "2021年工作报告列明的资金支出合计1,750.00万元，2020年为1,830.00万元，下降4.4%。",
                 id="decrease"),
    pytest.param(5_000_000, 5_000_000, "2021年工作报告列明的资金支出合计500.00万元，2020年为500.00万元，持平。",
                 id="unchanged"),
    pytest.param(5_000_000, 0.0, "2020年没有支出数字，无法比较支出合计。", id="no-base-spending"),
])
def test_total_change(total_year, total_base, expected):
    assert narrative.total_change(total_year, total_base, 2021, 2020) == expected


def test_total_change_fixture_totals(fixture_figures):
    total_2021, total_2020 = (calc.total_spending_yuan(fixture_figures, y) for y in (2021, 2020))
    # 2021: 1200 + 550 + 108 + 80 = 1938 ; 2020: 1000 + 500 + 250 + 120 = 1870 (设备 100 inside the 250) ;
    # 1938 / 1870 - 1 = 3.636%
    assert narrative.total_change(total_2021, total_2020, 2021, 2020) == (
        "2021年工作报告列明的资金支出合计1,938.00万元，2020年为1,870.00万元，增长3.6%。"
    )


def test_largest_change_fixture(fixture_figures):
    comp = calc.compare_years(fixture_figures, 2021, 2020)
    # money by amount: 基本生活保障 +200万元 (+20%) ahead of 高龄津贴 +50万元 and 居家养老 -12万元
    assert narrative.largest_change(calc.largest_changes(comp)) == (
        "金额变动最大的是基本生活保障·发放金额，增加200.00万元，增长20.0%。"
    )
    # counts by rate from a base of 100 up: 流浪乞讨 200 -> 150 人次 = -25% ahead of 居家养老 300 -> 360 名 = +20%
    # (长者食堂 10 -> 12 间 is +20% on a base under 100, so not ranked)
    assert narrative.largest_change(compare.largest_changes(comp, kind="count")) == (
        "上年基数在100以上的指标中，变化幅度最大的是流浪乞讨人员救助救助人次，下降25.0%。"
    )


def test_largest_change_decrease_increase_and_empty():
    down = pd.DataFrame({"program": ["居家养老服务"], "indicator": ["支出金额"], "kind": ["money"],
                         "change_abs": [-120_000.0], "change_pct": [-10.0]})
    # 1,080,000 - 1,200,000 = -120,000元 = 减少12.00万元 ; -10%
    assert narrative.largest_change(down) == "金额变动最大的是居家养老服务·支出金额，减少12.00万元，下降10.0%。"
    up = pd.DataFrame({"program": ["长者食堂"], "indicator": ["运营食堂数"], "kind": ["count"],
                       "change_abs": [2.0], "change_pct": [20.0]})
    assert narrative.largest_change(up) == "上年基数在100以上的指标中，变化幅度最大的是长者食堂运营食堂数，增长20.0%。"
    assert narrative.largest_change(up.iloc[0:0]) == "没有可比较的指标。"


# -- plan outcome, trends -------------------------------------------------------------------------


def test_plan_outcome_fixture(fixture_figures):
    tracking = calc.plan_tracking(load_plans(2021, data_dir=FIXTURE), fixture_figures, 2021)
    # 服务站 target 11, actual 11: 达成 ; 长者食堂 target 15, actual 12: 未达成
    assert narrative.plan_outcome(tracking, 2021) == (
        "2020年报告提出的2021年计划共2项，其中有量化目标2项：1项达成，1项未达成（长者食堂增加到15间：目标15间，实际12间）。"
    )


def test_plan_outcome_with_items_without_target_or_data():
    tracking = pd.DataFrame({
        "item": ["甲", "乙", "丙"], "status": ["达成", "无数据", "无量化目标"],
        "target_base": [1.0, 2.0, float("nan")], "unit_base": ["个", "个", ""], "actual_base": [1.0] + [float("nan")] * 2,
    })
    assert narrative.plan_outcome(tracking, 2021) == (
        "2020年报告提出的2021年计划共3项，其中有量化目标2项：1项达成，0项未达成，1项在2021年报告中没有对应数字。"
    )


def test_plan_outcome_empty():
    empty = pd.DataFrame(columns=["item", "status"])
    assert narrative.plan_outcome(empty, 2021) == "2020年的报告中没有2021年的工作计划数据。"


def test_plan_outcome_names_the_report_of_the_year_before_not_the_base_year():
    tracking = pd.DataFrame({"item": ["甲"], "status": ["达成"], "target_base": [1.0], "unit_base": ["个"], "actual_base": [1.0]})
    # a 2022 report compared with 2020: the plan for 2022 was announced in the report about 2021
    assert narrative.plan_outcome(tracking, 2022).startswith("2021年报告提出的2022年计划共1项")


def test_trends_decrease_and_flat_never_read_negative_growth():
    growth = pd.DataFrame({
        "program": ["甲", "乙", "丙"], "unit_base": ["元"] * 3, "first_year": [2020, 2018, 2020], "last_year": [2021, 2021, 2021],
        "first_value": [1e7, 1e7, 1e7], "last_value": [8e6, 1e7, 1e7], "years_reported": [2, 4, 2],
        "change_pct": [-20.0, 0.0, 0.0], "cagr_pct": [-20.0, 0.0, 0.0],
    })
    text = narrative.trends(growth)
    assert "增长-" not in text
    assert "甲从2020年的1,000.00万元变为2021年的800.00万元，下降20.0%" in text
    assert "乙从2018年的1,000.00万元变为2021年的1,000.00万元，持平" in text


def test_trends_fixture_money(fixture_figures):
    series = calc.program_series(fixture_figures, ["基本生活保障", "高龄津贴", "孤儿基本生活费"])
    # 1000 -> 1200万元 = +20% ; 500 -> 550万元 = +10% ; 孤儿基本生活费 only in 2021
    assert narrative.trends(calc.growth(series)) == (
        "基本生活保障从2020年的1,000.00万元变为2021年的1,200.00万元，增长20.0%；"
        "孤儿基本生活费只有2021年的数据（80.00万元）；"
        "高龄津贴从2020年的500.00万元变为2021年的550.00万元，增长10.0%。"
    )


def test_trends_fixture_counts(fixture_figures):
    series = calc.program_series(fixture_figures, ["高龄津贴"], kind="count")
    # 1.0万人 -> 1.1万人 = 10,000 -> 11,000人, +10%
    assert narrative.trends(calc.growth(series)) == "高龄津贴从2020年的10,000人变为2021年的11,000人，增长10.0%。"


def test_trends_over_several_years_says_average_growth():
    series = pd.DataFrame({"program": ["甲", "甲", "甲"], "year": [2019, 2020, 2021],
                           "value_base": [1_000_000.0, 1_050_000.0, 1_210_000.0], "unit_base": ["元"] * 3})
    # (121 / 100) ** (1 / 2) - 1 = 10% a year
    assert narrative.trends(calc.growth(series)) == "甲从2019年的100.00万元变为2021年的121.00万元，年均增长10.0%。"


def test_trends_empty():
    assert narrative.trends(calc.growth(pd.DataFrame(columns=["program", "year", "value_base", "unit_base"]))) == "所选项目没有可用数据。"


def test_generated_sentences_use_chinese_punctuation(figures_2020, fixture_figures):
    """GB/T 15834: no half-width comma, colon, semicolon or parenthesis beside Chinese in the sentences
    we write (typeset() would change nothing), and no ISO date."""
    comp = calc.compare_years(fixture_figures, 2021, 2020)
    sentences = [
        narrative.source(load_dataset(), 2020),
        narrative.source(load_dataset(FIXTURE), 2021),
        narrative.spending(calc.spending_by_program(figures_2020, 2020), 2020),
        narrative.sections(calc.spending_by_section(figures_2020, 2020)),
        narrative.costs(calc.per_beneficiary_cost(figures_2020, 2020)),
        narrative.donations(calc.donation_balance(figures_2020, 2020), 2020),
        narrative.other_money(figures_2020, 2020),
        narrative.comparison(comp, 2021, 2020),
        narrative.total_change(calc.total_spending_yuan(fixture_figures, 2021),
                               calc.total_spending_yuan(fixture_figures, 2020), 2021, 2020),
        narrative.largest_change(compare.largest_changes(comp)),
        narrative.largest_change(compare.largest_changes(comp, kind="count")),
        narrative.plan_outcome(calc.plan_tracking(load_plans(2021, data_dir=FIXTURE), fixture_figures, 2021), 2021),
        narrative.trends(calc.growth(calc.program_series(fixture_figures, ["基本生活保障", "孤儿基本生活费"]))),
        narrative.single_year(2020),
        narrative.no_base_year(2020),
    ]
    for text in sentences:
        assert text and typeset(text) == text, text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
