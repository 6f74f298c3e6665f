"""Unit arithmetic and display formats, on top of the unit registry (:mod:`analysis.vocab`) and the
number grammar (:mod:`analysis.numbers`): 万/亿 magnitudes, money in 元, formats for people."""

from __future__ import annotations

from decimal import Decimal

from analysis.numbers import CN_DIGITS as CHINESE_DIGITS
from analysis.numbers import normalise_digits, parse_number
from analysis.vocab import MAGNITUDES, MONEY, UnitError, parse_unit

__all__ = ["MAGNITUDES", "MONEY_UNIT", "PERCENT_UNIT", "CHINESE_DIGITS", "UnitError", "split_unit", "is_money",
           "base_unit", "unit_kind", "to_base", "wan_yuan", "normalise_digits", "parse_number", "format_number",
           "format_wan_yuan", "format_value", "WAN"]

MONEY_UNIT = MONEY
PERCENT_UNIT = "%"
WAN = MAGNITUDES["万"]


def split_unit(unit: str, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    """``"万元"`` -> ``(10000, "元")``; ``"人次"`` -> ``(1, "人次")``; ``"元/人、月"`` -> ``(1, "元/人/月")``."""
    parsed = parse_unit(unit, extra)
    return parsed.magnitude, parsed.base


def is_money(unit: str) -> bool:
    """True for 元, 万元 and 亿元 (amounts, not rates)."""
    try:
        return parse_unit(unit).kind == "money"
    except UnitError:
        return False


def base_unit(unit: str, extra: tuple[str, ...] = ()) -> str:
    """The unit once 万/亿 are multiplied into the value."""
    return parse_unit(unit, extra).base


def unit_kind(unit: str, extra: tuple[str, ...] = ()) -> str:
    """money, count, percent or rate."""
    return parse_unit(unit, extra).kind


def to_base(value: float | Decimal, unit: str, extra: tuple[str, ...] = ()) -> float:
    """The value in the base unit: ``to_base(1.186, "亿元") == 118600000.0`` (exact decimal arithmetic)."""
    magnitude = parse_unit(unit, extra).magnitude
    return float(Decimal(str(value)) * magnitude)


def wan_yuan(yuan: float) -> float:
    """元 to 万元: the one place this division is written."""
    return yuan / WAN


def format_number(value: float, decimals: int | None = None) -> str:
    """Thousands separators; the decimals the number has (``1.186`` stays ``1.186``) unless ``decimals`` is given."""
    if value is None or value != value:  # None or NaN
        return "—"
    if decimals is None:
        exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
        decimals = min(max(0, -exponent), 6)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_wan_yuan(yuan: float) -> str:
    """An amount in 元 shown the way leadership reads it: ``11755500`` -> ``"1,175.55万元"``."""
    return f"{format_number(round(wan_yuan(yuan), 2))}万元"


def format_value(value: float, unit: str) -> str:
    """A figure as stated, with thousands separators: ``(9867.01, "万元")`` -> ``"9,867.01万元"``."""
    return f"{format_number(value)}{unit}"

