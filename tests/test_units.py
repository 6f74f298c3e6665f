"""Units and numbers: 万/亿 magnitudes, Chinese numerals, display formats."""

from __future__ import annotations

import math
import warnings
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.units import (
    UnitError,
    base_unit,
    format_number,
    format_value,
    format_wan_yuan,
    is_money,
    parse_number,
    split_unit,
    to_base,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import cn2an

FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


# -- parse_number on examples -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("636.03", Decimal("636.03"), id="plain-decimal"),
        pytest.param("710", Decimal("710"), id="plain-integer"),
        pytest.param("1,175.55", Decimal("1175.55"), id="thousands-separator"),
        pytest.param("12,345,678", Decimal("12345678"), id="two-separators"),
        pytest.param("１２３", Decimal("123"), id="full-width-digits"),
        pytest.param("１，１７５．５５", Decimal("1175.55"), id="full-width-separator-and-point"),
        pytest.param(" 42 ", Decimal("42"), id="surrounding-spaces"),
        pytest.param("42\u00a0", Decimal("42"), id="non-breaking-space"),
        pytest.param("2.2万", Decimal("22000"), id="wan-suffix"),
        pytest.param("1.186亿", Decimal("118600000"), id="yi-suffix"),
        pytest.param("22万", Decimal("220000"), id="integer-wan"),
        pytest.param("-3.5", Decimal("-3.5"), id="negative"),
        pytest.param("三", Decimal("3"), id="chinese-digit"),
        pytest.param("十一", Decimal("11"), id="chinese-eleven"),
        pytest.param("三千", Decimal("3000"), id="chinese-thousands"),
        pytest.param("两千", Decimal("2000"), id="chinese-liang"),
        pytest.param("一百零一", Decimal("101"), id="chinese-with-ling"),
        pytest.param("九万九千九百九十九", Decimal("99999"), id="chinese-wan"),
        pytest.param("零", Decimal("0"), id="chinese-zero"),
    ],
)
def test_parse_number_examples(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("abc", id="letters"),
        pytest.param("1,2", id="bad-grouping"),
        pytest.param("12,34", id="bad-grouping-2"),
        pytest.param("1.2.3", id="two-points"),
        pytest.param("万", id="magnitude-alone"),
        pytest.param("亿", id="yi-alone"),
        pytest.param("十万亿万元", id="numeral-with-unit"),
        pytest.param("636.03万元", id="number-with-unit"),
    ],
)
def test_parse_number_rejects(text):
    with pytest.raises(UnitError):
        parse_number(text)


def test_unit_error_is_a_value_error():
    # Callers outside the data layer may catch ValueError.
    assert issubclass(UnitError, ValueError)


# -- to_base: exact, on the figures of the 2020 report ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        pytest.param(1.186, "亿元", 118_600_000, id="1.186亿元"),  # 1.186 × 100 000 000
        pytest.param(1175.55, "万元", 11_755_500, id="1175.55万元"),  # 1175.55 × 10 000
        pytest.param(636.03, "万元", 6_360_300, id="636.03万元"),
        pytest.param(9867.01, "万元", 98_670_100, id="9867.01万元"),
        pytest.param(2.2, "万人", 22_000, id="2.2万人"),
        pytest.param(22, "万条", 220_000, id="22万条"),
        pytest.param(1800, "元/人/月", 1800, id="rate-unchanged"),
        pytest.param(100, "%", 100, id="percent-unchanged"),
        pytest.param(710, "名", 710, id="count-unchanged"),
        pytest.param(Decimal("0.01"), "亿元", 1_000_000, id="decimal-input"),
    ],
)
def test_to_base_is_exact(value, unit, expected):
    # Exact equality on purpose: 1175.55 * 10000 in binary floating point is 11755499.999999998.
    assert to_base(value, unit) == expected


def test_to_base_unknown_unit():
    with pytest.raises(UnitError):
        to_base(1, "只")


# -- split_unit, base_unit, is_money -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        pytest.param("元", (1, "元"), id="yuan"),
        pytest.param("万元", (10_000, "元"), id="wan-yuan"),
        pytest.param("亿元", (100_000_000, "元"), id="yi-yuan"),
        pytest.param("万人", (10_000, "人"), id="wan-people"),
        pytest.param("万平方米", (10_000, "平方米"), id="wan-square-metres"),
        pytest.param("人次", (1, "人次"), id="person-times"),
        pytest.param("人(次)", (1, "人次"), id="person-times-bracketed"),
        pytest.param("元/人、月", (1, "元/人/月"), id="rate-with-dunhao"),
        pytest.param("元/月/人", (1, "元/人/月"), id="rate-period-last"),
        pytest.param("万元/人/年", (10_000, "元/人/年"), id="magnitude-on-a-rate-numerator"),
        pytest.param("张/千人", (1, "张/千人"), id="beds-per-thousand"),
        pytest.param("个百分点", (1, "百分点"), id="percentage-points"),
    ],
)
def test_split_unit(unit, expected):
    assert split_unit(unit) == expected
    assert base_unit(unit) == expected[1]


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("只", id="unknown-measure-word"),
        pytest.param("", id="empty"),
        pytest.param("万", id="magnitude-only"),
        pytest.param("元/万元", id="money-per-money"),
        pytest.param("万%", id="magnitude-on-percent"),
        pytest.param("千元", id="qian-not-a-magnitude"),
        pytest.param("万万元", id="double-magnitude"),
    ],
)
def test_split_unit_rejects(unit):
    with pytest.raises(UnitError):
        split_unit(unit)


@pytest.mark.parametrize(
    ("unit", "money"),
    [("元", True), ("万元", True), ("亿元", True), ("元/人/月", False), ("万人", False), ("%", False), ("只", False), ("", False)],
)
def test_is_money(unit, money):
    assert is_money(unit) is money


# -- display formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1000, None, "1,000"),
        (1000.0, None, "1,000"),
        (1234567.891, None, "1,234,567.891"),  # the decimals the number has
        (1.186, None, "1.186"),
        (1175.55, None, "1,175.55"),
        (411.5, None, "411.5"),
        (0, None, "0"),
        (-2500, None, "-2,500"),
        (1234.5, 2, "1,234.5"),
        (3.0, 2, "3"),
        (2.26, 0, "2"),
        (float("nan"), None, "—"),
        (None, None, "—"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("yuan", "expected"),
    [
        (11_755_500, "1,175.55万元"),
        (98_670_100, "9,867.01万元"),
        (118_600_000, "11,860万元"),
        (4_115_000, "411.5万元"),
        (145_096_900, "14,509.69万元"),
        (0, "0万元"),
    ],
)
def test_format_wan_yuan(yuan, expected):
    assert format_wan_yuan(yuan) == expected


def test_format_value():
    assert format_value(9867.01, "万元") == "9,867.01万元"
    assert format_value(1800, "元/人/月") == "1,800元/人/月"


# -- property tests ------------------------------------------------------------------------------------

decimals = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False, allow_infinity=False
)


@settings(max_examples=200)
@given(decimals)
def test_plain_decimal_parses_back(value):
    assert parse_number(f"{value:f}") == value


@settings(max_examples=200)
@given(decimals)
def test_thousands_separators_parse_back(value):
    assert parse_number(f"{value:,f}") == value


@settings(max_examples=200)
@given(decimals)
def test_full_width_digits_parse_back(value):
    assert parse_number(f"{value:,f}".translate(FULL_WIDTH)) == value


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=Decimal("1e8"), places=4, allow_nan=False, allow_infinity=False),
       st.sampled_from([("万", 10_000), ("亿", 100_000_000)]))
def test_magnitude_suffix_parses_back(value, magnitude):
    suffix, factor = magnitude
    assert parse_number(f"{value:f}{suffix}") == value * factor


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=Decimal("1e8"), places=4, allow_nan=False, allow_infinity=False),
       st.sampled_from(["万元", "亿元", "元", "万人", "人次"]))
def test_to_base_equals_the_decimal_product(value, unit):
    magnitude = {"万": 10_000, "亿": 100_000_000}.get(unit[0], 1)
    assert to_base(value, unit) == float(value * magnitude)
    assert math.isclose(to_base(float(value), unit), float(value) * magnitude, rel_tol=1e-12)


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=99_999))
def test_chinese_numerals_parse_back(number):
    assert parse_number(cn2an.an2cn(number)) == number


@settings(max_examples=200)
@given(st.text(max_size=12))
def test_parse_number_raises_only_unit_error(text):
    try:
        parse_number(text)
    except UnitError:
        pass
