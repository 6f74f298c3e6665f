"""analysis.brief: page one of the report (主要情况 and cards) on the real 2020 data (one year) and the
synthetic two-year fixture (changes listed in its dataset.yml)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import brief
from analysis.errors import ReportError
from analysis.present import typeset

HALF_WIDTH_BESIDE_CHINESE = re.compile(r"[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def two_years(fixture_figures):
    return brief.brief(fixture_figures, 2021, 2020)


@pytest.fixture(scope="module")
def one_year(figures_2020):
    return brief.brief(figures_2020, 2020)


def test_comparison_year_leads_with_the_change_of_the_total(two_years):
    first = two_years.summary[0]
    # 1,870 -> 1,938万元: +3.6% (68/1870 = 3.64%), +68.00万元
    assert first.startswith("2021年工作报告列明的4项资金支出合计1,938.00万元，比上年增长3.6%")
    assert "增加68.00万元" in first
    # the lines listed in both years (基本生活保障, 高龄津贴, 居家养老服务):
    # 1000+500+120 = 1620 -> 1200+550+108 = 1858: +14.69%
    assert "两年都列明的3项合计增长14.7%" in first
    assert "按资金来源：财政1,858.00万元（95.9%），福彩公益金80.00万元（4.1%）" in first


def test_comparison_year_names_the_largest_movements_and_the_per_recipient_drop(two_years):
    text = "".join(two_years.summary)
    assert "疫情防控捐赠本年未再列明（上年250.00万元）" in text  # the largest movement: -250万元
    assert "基本生活保障增加200.00万元（增长20.0%）" in text
    # 居家养老服务: 4,000 -> 3,000元 per person (-25%) while people served rose 300 -> 360 (+20%)
    assert "居家养老服务每人金额3,000元，比上年下降25.0%（上年4,000元），同期人数增长20.0%" in text


def test_rounded_source_figures_are_printed_as_published_without_a_rate(two_years):
    people = next(s for s in two_years.summary if s.startswith("服务人数最多"))
    assert "1.1万人" in people and "上年1万人" in people and "不计算增减" in people
    assert "11,000" not in people


def test_summary_has_three_to_five_typeset_sentences(two_years, one_year):
    for page in (two_years, one_year):
        assert 3 <= len(page.summary) <= 5
        for sentence in page.summary:
            assert sentence == typeset(sentence)
            assert not HALF_WIDTH_BESIDE_CHINESE.search(re.sub(r"《[^》]*》", "", sentence)), sentence
            assert "增长-" not in sentence and "下降-" not in sentence
            assert not re.search(r"\d{4}-\d{2}-\d{2}", sentence)


def test_one_year_says_once_what_it_cannot_compare(one_year):
    assert one_year.summary[-1] == "数据中只有2020年一个年度（没有更早的年份），本报告不作年度比较。"
    assert not any("比上年" in s for s in one_year.summary)
    assert all(card.change == "" for card in one_year.cards)
    assert one_year.summary[0].startswith("2020年工作报告列明的7项资金支出合计14,509.69万元。")
    assert "当年结余23.58万元" in one_year.summary[-2]  # 1,175.55 - 1,151.97


def test_cards_name_the_total_for_what_it_is_and_show_the_change(two_years, one_year):
    total = two_years.cards[0]
    assert total.label == "工作报告列明的4项资金支出合计" and total.value == "1,938.00万元"
    assert total.change == "比上年增长3.6%（两年都列明的3项合计增长14.7%）" and "不是全局预算总额" in total.note
    assert two_years.cards[1].change == "比上年增长20.0%"  # 基本生活保障 1000 -> 1200
    assert "不是民政局全年预算或决算总额" in one_year.total_note
    labels = [c.label for c in one_year.cards]
    assert "疫情防控捐赠当年结余" in labels and not any(label.endswith("结余") and "当年" not in label for label in labels)


def test_a_total_that_does_not_add_up_is_refused(monkeypatch, fixture_figures):
    real = brief.compare.spending_by_funding

    def off_by_one_yuan(figures, year):
        split = real(figures, year).copy()
        split.loc[0, "spend_yuan"] += 1.0
        return split

    monkeypatch.setattr(brief.compare, "spending_by_funding", off_by_one_yuan)
    with pytest.raises(ReportError, match="funding sources do not add up"):
        brief.summary(fixture_figures, 2021, 2020)


def test_who_is_counted():
    assert brief.who("名") == "人" and brief.who("户") == "户"
    row = pd.Series({"value": 1.186, "unit": "亿元", "value_base": 118_600_000.0, "unit_base": "元",
                     "comparability": "approximate"})
    assert brief.shown(row) == "1.186亿元"
