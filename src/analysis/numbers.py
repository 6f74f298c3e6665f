"""The one number grammar: how a number is printed in a report, and what it is worth.

Arabic numbers (thousands separators, full-width digits and points), Chinese numerals (read by
cn2an, with 点 for decimals), 万/亿 magnitudes, 百分之, and the vague forms reports use: 三十余,
二十几, 十几, 几十, 数百, 上千 (the value is the stated part, 30, 20, 10, 10, 100, 1000, and the
approximation is reported separately). The extractor builds its figure pattern from the fragments
here, and the quote check of the validator reads numbers with :func:`numbers_in`, so both read a
number the same way.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from decimal import Decimal, InvalidOperation

from analysis.vocab import MAGNITUDES, UnitError

with warnings.catch_warnings():  # cn2an imports a deprecated pkg_resources API on some Pythons
    warnings.simplefilter("ignore")
    import cn2an

__all__ = ["ARABIC", "CHINESE", "CN_FIRST", "CN_DIGITS", "APPROX_BEFORE", "APPROX_AFTER", "APPROX_INSIDE",
           "NUMBER", "normalise_digits", "parse_number", "read_number", "numbers_in", "UnitError"]

DIGITS = "0-9０-９"
# 1,175.55 (ASCII separators) | １，２００ (full-width throughout) | 636.03 | １２３
ARABIC = (rf"(?:[{DIGITS}]{{1,3}}(?:,[{DIGITS}]{{3}})+(?![{DIGITS}])"
          rf"|[０-９]{{1,3}}(?:，[０-９]{{3}})+(?![{DIGITS}])"
          rf"|[{DIGITS}]+)(?:[.．][{DIGITS}]+)?")
CN_FIRST = "一二两三四五六七八九十"
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# 三千, 十一, 三十万, 二十几, 一点五; 几十, 数百, 上千, 数十万
CHINESE = (rf"(?:[{CN_FIRST}][{CN_DIGITS}点]*几?"
           rf"|[数几上][十百千万][{CN_DIGITS}]*)")
# Markers of an approximate figure: before it, inside it (before 万/亿 or the unit), after it.
APPROX_BEFORE = "大约|将近|接近|超过|多达|约|近|逾"
APPROX_INSIDE = "余|多"
APPROX_AFTER = "以上|左右"
# Any printed number, for reading every number of a quote.
NUMBER = rf"百分之{CHINESE}|{ARABIC}|{CHINESE}"
_NUMBER_RE = re.compile(NUMBER)
_PLAIN_ARABIC = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_VAGUE_LEAD = {"数": "数", "几": "几", "上": "上"}


def normalise_digits(text: str) -> str:
    """Full-width digits, points, commas and percent signs to ASCII; non-breaking spaces to spaces."""
    return unicodedata.normalize("NFKC", text)


def read_number(text: str) -> tuple[Decimal, str]:
    """A printed number and its approximation marker: ``"三十余"`` is not read here (余 is outside),
    ``"二十几"`` -> (20, "几"), ``"数百"`` -> (100, "数"), ``"上千"`` -> (1000, "上"), ``"2.2万"`` -> (22000, "").

    Raises UnitError for anything that is not a number.
    """
    raw = text
    text = normalise_digits(str(text)).strip().replace(" ", "")
    if text.startswith("百分之"):
        text = text[3:]
    if not text:
        raise UnitError(f"not a number: {raw!r}")
    approx = ""
    if text[0] in _VAGUE_LEAD and len(text) > 1:  # 数百, 几十, 上千: the stated order of magnitude
        approx, text = _VAGUE_LEAD[text[0]], "一" + text[1:]
    elif text.endswith("几") and len(text) > 1:  # 二十几, 十几
        approx, text = "几", text[:-1]
    magnitude = 1
    if text[-1] in MAGNITUDES and len(text) > 1 and any(ch.isdigit() for ch in text):
        magnitude, text = MAGNITUDES[text[-1]], text[:-1]
    if _PLAIN_ARABIC.match(text):
        try:
            return Decimal(text.replace(",", "")) * magnitude, approx
        except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
            raise UnitError(f"not a number: {raw!r}") from exc
    if magnitude == 1 and all(ch in CN_DIGITS or ch == "点" for ch in text) and text[0] != "点":
        try:
            return Decimal(str(cn2an.cn2an(text, "smart"))), approx
        except (ValueError, KeyError) as exc:
            raise UnitError(f"not a Chinese numeral: {raw!r}") from exc
    raise UnitError(f"not a number: {raw!r}")


def parse_number(text: str) -> Decimal:
    """A number as printed: ``"1,175.55"``, ``"１２３"``, ``"三千"``, ``"十一"``, ``"2.2万"``, ``"数百"``."""
    return read_number(text)[0]


def numbers_in(text: str) -> set[Decimal]:
    """Every number printed in ``text`` (Arabic or Chinese), with and without its 万/亿 magnitude.

    The validator checks that a figure's value is one of these for its quote.
    """
    found: set[Decimal] = set()
    for match in _NUMBER_RE.finditer(text):
        token = match.group().removeprefix("百分之").replace("，", ",").replace("．", ".").rstrip(",.")
        candidates = [token]
        if len(token) > 1 and token[-1] in MAGNITUDES:
            candidates.append(token[:-1])
        if token[0] in CN_FIRST:  # 三十千米, 二千克: the numeral may end before a unit that starts like one
            candidates += [token[:i] for i in range(1, len(token))]
        for candidate in candidates:
            try:
                found.add(parse_number(candidate).normalize())
            except UnitError:
                continue
    return found


_APPROX_BEFORE_RE = re.compile(rf"(?:{APPROX_BEFORE})$")
_APPROX_AFTER_RE = re.compile(rf"^[万亿]?(?:{APPROX_INSIDE})|^[^，,。；;、0-9０-９]{{0,4}}?(?:{APPROX_AFTER})")


def is_approximate(text: str, value) -> bool:
    """Whether ``text`` prints ``value`` as an approximation: 约2.2万人, 三十余人, 数百名, 1000人以上.

    ``value`` is the number as stated (2.2 for 2.2万人); only the printings of that value count.
    """
    wanted = Decimal(str(value)).normalize()
    for match in _NUMBER_RE.finditer(text):
        token = match.group().removeprefix("百分之").replace("，", ",").replace("．", ".").rstrip(",.")
        end = match.start() + len(match.group().rstrip(",.，．"))
        for candidate in (token, token[:-1] if len(token) > 1 and token[-1] in MAGNITUDES else None):
            if not candidate:
                continue
            try:
                number, vague = read_number(candidate)
            except UnitError:
                continue
            if number.normalize() != wanted:
                continue
            if vague or _APPROX_BEFORE_RE.search(text[:match.start()]) or _APPROX_AFTER_RE.search(text[end:end + 8]):
                return True
    return False
