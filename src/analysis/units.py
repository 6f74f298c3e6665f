"""Units and numbers: 万/亿 magnitudes, money in 元, Chinese numerals (via cn2an), display formats."""

from __future__ import annotations

import re
import unicodedata
import warnings
from decimal import Decimal, InvalidOperation

with warnings.catch_warnings():  # cn2an imports a deprecated pkg_resources API on some Pythons
    warnings.simplefilter("ignore")
    import cn2an

MAGNITUDES: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

# Measure words as a report writes them (the unit as stated, without 万/亿).
COUNT_UNITS = ("人", "人次", "名", "户", "家", "张", "间", "宗", "对", "条", "个", "所", "项", "类", "场次", "位", "座", "次", "件", "批", "处", "支", "天", "床")
MONEY_UNIT = "元"
PERCENT_UNIT = "%"
RATE_UNITS = ("元/人/月", "元/人/年", "元/月", "元/年", "张/千人")
BASE_UNITS = (MONEY_UNIT, *COUNT_UNITS, PERCENT_UNIT, *RATE_UNITS)

# The controlled list for the ``unit`` column: a base unit, or 万/亿 followed by a money or count unit.
CONTROLLED_UNITS: tuple[str, ...] = BASE_UNITS + tuple(
    prefix + unit for prefix in MAGNITUDES for unit in (MONEY_UNIT, *COUNT_UNITS)
)

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


class UnitError(ValueError):
    """A unit or number that the project cannot interpret."""


def split_unit(unit: str) -> tuple[int, str]:
    """``"万元"`` -> ``(10000, "元")``; ``"人次"`` -> ``(1, "人次")``."""
    unit = unit.strip()
    if unit in BASE_UNITS:
        return 1, unit
    if unit[:1] in MAGNITUDES and unit[1:] in (MONEY_UNIT, *COUNT_UNITS):  # not on %, not on rates
        return MAGNITUDES[unit[:1]], unit[1:]
    raise UnitError(f"unknown unit {unit!r}")


def is_money(unit: str) -> bool:
    """True for 元, 万元 and 亿元 (amounts, not rates)."""
    try:
        return split_unit(unit)[1] == MONEY_UNIT
    except UnitError:
        return False


def base_unit(unit: str) -> str:
    """The unit once 万/亿 are multiplied into the value."""
    return split_unit(unit)[1]


def to_base(value: float | Decimal, unit: str) -> float:
    """The value in the base unit: ``to_base(1.186, "亿元") == 118600000.0`` (exact decimal arithmetic)."""
    magnitude, _ = split_unit(unit)
    return float(Decimal(str(value)) * magnitude)


def normalise_digits(text: str) -> str:
    """Full-width digits, points, commas and percent signs to ASCII; non-breaking spaces to spaces."""
    return unicodedata.normalize("NFKC", text)


def parse_number(text: str) -> Decimal:
    """A number as printed: ``"1,175.55"``, ``"１２３"``, ``"三千"``, ``"十一"``, ``"2.2万"``.

    Chinese numerals are read by cn2an; 万/亿 after an Arabic number multiply it exactly.
    """
    raw = text
    text = normalise_digits(text).strip().replace(" ", "")
    if not text:
        raise UnitError("empty number")
    magnitude = 1
    if text[-1] in MAGNITUDES and any(ch.isdigit() for ch in text):
        magnitude = MAGNITUDES[text[-1]]
        text = text[:-1]
    if _ARABIC.match(text):
        try:
            return Decimal(text.replace(",", "")) * magnitude
        except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
            raise UnitError(f"not a number: {raw!r}") from exc
    if magnitude == 1 and text and all(ch in CHINESE_DIGITS for ch in text):
        try:
            return Decimal(str(cn2an.cn2an(text, "smart")))
        except (ValueError, KeyError) as exc:
            raise UnitError(f"not a Chinese numeral: {raw!r}") from exc
    raise UnitError(f"not a number: {raw!r}")


def wan_yuan(yuan: float) -> float:
    """元 to 万元."""
    return yuan / 10_000


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
