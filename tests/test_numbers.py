"""The one number grammar: what a printed number is worth, and every number a quote holds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from analysis import numbers
from analysis.numbers import UnitError, numbers_in, read_number


@pytest.mark.parametrize(("text", "value", "approx"), [
    pytest.param("二十几", 20, "几", id="er-shi-ji"),
    pytest.param("十几", 10, "几", id="shi-ji"),
    pytest.param("几十", 10, "几", id="ji-shi"),
    pytest.param("数百", 100, "数", id="shu-bai"),
    pytest.param("数十万", 100_000, "数", id="shu-shi-wan"),
    pytest.param("上千", 1000, "上", id="shang-qian"),
    pytest.param("三十", 30, "", id="san-shi"),
    pytest.param("一点五", Decimal("1.5"), "", id="decimal-point-in-chinese"),
    pytest.param("百分之三十", 30, "", id="bai-fen-zhi"),
    pytest.param("2.2万", 22_000, "", id="arabic-with-wan"),
    pytest.param("１，２００", 1200, "", id="full-width-separators"),
])
def test_read_number(text, value, approx):
    assert read_number(text) == (Decimal(value), approx)


@pytest.mark.parametrize("text", ["几", "数", "上", "点五", "万", "abc", ""])
def test_not_numbers(text):
    with pytest.raises(UnitError):
        read_number(text)


@pytest.mark.parametrize(("quote", "expected"), [
    pytest.param("受益群众约12万", {12}, id="bare-wan-keeps-the-printed-number"),
    pytest.param("为二十几户困难家庭", {20}, id="vague-chinese"),
    pytest.param("数百名志愿者", {100}, id="shu-bai"),
    pytest.param("修建道路三十千米", {30}, id="numeral-before-a-unit-starting-with-qian"),
    pytest.param("发放大米二千克", {2, 2000}, id="either-reading-of-er-qian-ke"),
    pytest.param("覆盖率达百分之八十五", {85}, id="percent-in-words"),
    pytest.param("支出1,175.55万元", {Decimal("1175.55")}, id="money-as-printed"),
])
def test_numbers_in_a_quote(quote, expected):
    assert {Decimal(v) for v in expected} <= numbers_in(quote)


def test_the_extractor_pattern_is_built_from_these_fragments():
    """One grammar: the extractor's figure pattern contains the number fragments defined here."""
    from analysis.extract import grammar

    source = grammar.figure_pattern().pattern
    for fragment in (numbers.ARABIC, numbers.CHINESE, numbers.APPROX_BEFORE, numbers.APPROX_AFTER):
        assert fragment in source
