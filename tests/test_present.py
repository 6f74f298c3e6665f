"""Showing text and tables: numbers always formatted, every data string escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import present
from analysis.present import fmt_base, fmt_num, fmt_pct, fmt_wan, table_html

NAN = float("nan")


@pytest.fixture
def shown(monkeypatch) -> list[tuple[object, dict]]:
    """What ``IPython.display.display`` was asked to show (a list of (object, kwargs))."""
    calls: list[tuple[object, dict]] = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kwargs: calls.append((obj, kwargs)))
    return calls


# -- number formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("yuan, expected", [
    pytest.param(98_670_100, "9,867.01", id="separator"),
    pytest.param(14_470_000, "1,447.00", id="two-decimals-always"),        # 1447万元, not "1,447"
    pytest.param(145_096_900, "14,509.69", id="total-2020"),
    pytest.param(235_800, "23.58", id="below-1000"),
    pytest.param(40, "0.00", id="below-a-hundredth"),                     # 0.004万元
    pytest.param(0, "0.00", id="zero"),
    pytest.param(-1_151_970, "-115.20", id="negative"),                    # -115.197 -> -115.20
    pytest.param(NAN, "—", id="NaN"),
    pytest.param(None, "—", id="None"),
])
def test_fmt_wan(yuan, expected):
    assert fmt_wan(yuan) == expected


@pytest.mark.parametrize("value, kwargs, expected", [
    pytest.param(9867.01 / 14509.69 * 100, {}, "68.0%", id="one-decimal"),  # 68.0029...
    pytest.param(12.35, {"decimals": 2}, "12.35%", id="two-decimals"),
    pytest.param(20.0, {"sign": True}, "+20.0%", id="sign-increase"),
    pytest.param(-25.0, {"sign": True}, "-25.0%", id="sign-decrease"),
    pytest.param(0.0, {"sign": True}, "+0.0%", id="sign-zero"),
    pytest.param(-25.0, {}, "-25.0%", id="negative-without-sign"),
    pytest.param(NAN, {"sign": True}, "—", id="NaN"),
    pytest.param(None, {}, "—", id="None"),
])
def test_fmt_pct(value, kwargs, expected):
    assert fmt_pct(value, **kwargs) == expected


@pytest.mark.parametrize("value, unit, expected", [
    pytest.param(118_600_000.0, "元", "11,860.00万元", id="money-in-wan"),   # 1.186亿元
    pytest.param(4_860_000.0, "元", "486.00万元", id="money-two-decimals"),
    pytest.param(4095.0, "对", "4,095对", id="count-separator"),
    pytest.param(22_000.0, "人", "22,000人", id="count-from-wan"),
    pytest.param(1.5, "人次", "1.5人次", id="count-with-decimals"),
    pytest.param(1800.0, "元/人/月", "1,800元/人/月", id="rate-not-wan"),
])
def test_fmt_base(value, unit, expected):
    assert fmt_base(value, unit) == expected


def test_fmt_num():
    assert fmt_num(22_000.0) == "22,000"
    assert fmt_num(1.186) == "1.186"
    assert fmt_num(NAN) == "—"


# -- table_html -----------------------------------------------------------------------------------

MARKUP = '<script>alert("x")</script>'


def test_table_html_structure_formats_and_classes():
    frame = pd.DataFrame({"program": ["基本生活保障", "高龄津贴"], "spend_yuan": [98_670_100.0, 11_210_800.0]})
    html = table_html(frame, {"program": ("项目", None), "spend_yuan": ("支出(万元)", fmt_wan)})
    left, right = 'class="text" style="text-align:left"', 'class="num" style="text-align:right"'
    assert html == (
        f'<table class="report-table"><thead><tr><th {left}>项目</th><th {right}>支出（万元）</th></tr></thead>'
        f'<tbody><tr><td {left}>基本生活保障</td><td {right}>9,867.01</td></tr>'
        f'<tr><td {left}>高龄津贴</td><td {right}>1,121.08</td></tr></tbody></table>'
    )


def test_table_html_escapes_every_cell_and_header():
    frame = pd.DataFrame({"program": [MARKUP], "quote": ["A & B <b>粗体</b>"], "value": [1.0]})
    html = table_html(frame, {
        "program": ("<i>项目</i>", None),
        "quote": ("原文 & 引号", None),
        "value": ('<b onclick="x">数值</b>', lambda v: f"<{v}>"),  # a formatter's output is escaped too
    })
    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "A &amp; B &lt;b&gt;粗体&lt;/b&gt;" in html
    assert "&lt;i&gt;项目&lt;/i&gt;" in html and "原文 &amp; 引号" in html
    assert "&lt;b onclick=&quot;x&quot;&gt;数值&lt;/b&gt;" in html
    assert "&lt;1.0&gt;" in html
    # only the table's own tags remain
    tags = {t.split()[0].strip("</>") for t in re.findall(r"</?[a-z]+[^>]*>", html)}
    assert tags == {"table", "thead", "tbody", "tr", "th", "td"}


def test_table_html_missing_text_is_blank_and_missing_numbers_a_dash():
    frame = pd.DataFrame({"unit": ["人", None, NAN], "value": [1.0, NAN, 3.0]})
    html = table_html(frame, {"unit": ("单位", None), "value": ("数值", fmt_num)})
    cells = re.findall(r'<td class="(\w+)" style="[^"]*">([^<]*)</td>', html)
    assert cells == [("text", "人"), ("num", "1"), ("text", ""), ("num", "—"), ("text", ""), ("num", "3")]


def test_table_html_columns_in_the_order_given_and_only_those():
    frame = pd.DataFrame({"a": ["x"], "b": ["y"], "secret": ["z"]})
    html = table_html(frame, {"b": ("B", None), "a": ("A", None)})
    assert html.index(">B<") < html.index(">A<") and html.index(">y<") < html.index(">x<")
    assert "z" not in html


def test_table_html_of_an_empty_frame_has_a_header_and_no_rows():
    html = table_html(pd.DataFrame({"a": []}), {"a": ("A", None)})
    assert html.endswith("<tbody></tbody></table>") and '<th class="text" style="text-align:left">A</th>' in html


# -- table, say -----------------------------------------------------------------------------------


def test_table_displays_html_and_plain_text(shown):
    frame = pd.DataFrame({"program": [MARKUP], "value": [12_000.0]})
    columns = {"program": ("项目", None), "value": ("金额(万元)", fmt_wan)}
    present.table(frame, columns)
    assert len(shown) == 1
    bundle, kwargs = shown[0]
    assert kwargs == {"raw": True}
    assert bundle["text/html"] == table_html(frame, columns) and bundle["text/plain"] == frame.to_string()
    assert set(bundle) == {"text/html", "text/plain", present.TABLE_MIME}  # the data, for the Excel workbook
    assert '<td class="num" style="text-align:right">1.20</td>' in bundle["text/html"]


def test_table_of_an_empty_frame_displays_nothing(shown):
    present.table(pd.DataFrame({"program": []}), {"program": ("项目", None)})
    assert shown == []


def test_say_escapes_the_sentence(shown):
    present.say(f"支出{MARKUP}合计")
    assert shown == [({
        "text/html": '<p class="narrative">支出&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;合计</p>',
        "text/plain": f"支出{MARKUP}合计",
    }, {"raw": True})]


# -- table without a column map -------------------------------------------------------------------


def test_table_without_columns_uses_chinese_headers_and_formats_numbers(shown):
    frame = pd.DataFrame({
        "program": ["高龄津贴"], "indicator": ["发放人数"], "section": ["社会救助"], "value": [22_000.0],
        "unit": ["人"], "value_base": [22_000.0], "unit_base": ["人"], "flow": [""], "quote": [MARKUP],
        "spend_wan_yuan": [1121.08], "share_pct": [7.726], "extra_count": [1234], "extra_text": ["x"]})
    present.table(frame)
    (bundle, _), = shown
    html = bundle["text/html"]
    headers = re.findall(r"<th [^>]*>([^<]*)</th>", html)
    assert headers == ["项目", "指标", "领域", "数值", "单位", "数值（基本单位）", "基本单位", "性质", "原文",
                       "支出（万元）", "占比", "extra_count", "extra_text"]
    cells = dict(zip(headers, re.findall(r'<td class="(\w+)" style="text-align:(\w+)">([^<]*)</td>', html)))
    assert cells["项目"] == ("text", "left", "高龄津贴")
    assert cells["数值"] == ("num", "right", "22,000")
    assert cells["支出（万元）"] == ("num", "right", "1,121.08")
    assert cells["占比"] == ("num", "right", "7.7%")
    assert cells["extra_count"] == ("num", "right", "1,234")
    assert cells["extra_text"] == ("text", "left", "x")
    assert "<script" not in html and "&lt;script&gt;" in html


def test_table_html_without_columns_equals_the_inferred_map():
    frame = pd.DataFrame({"program": ["甲"], "spend_yuan": [14_470_000.0]})
    assert present.table_html(frame) == table_html(frame, present.columns_for(frame))
    assert present.columns_for(frame)["spend_yuan"][0] == "支出(万元)"
    assert ">1,447.00<" in present.table_html(frame)


# -- errors in a notebook -------------------------------------------------------------------------


@pytest.mark.parametrize("message, expected", [
    pytest.param("a.csv: already exists; not overwritten (use --force to replace it)",
                 "a.csv: already exists; not overwritten (set the parameter `force = True` to replace it)", id="force"),
    pytest.param("x: --data-dir is not a folder", "x: the parameter `data_dir` is not a folder", id="other-option"),
    pytest.param("价格 -- 说明", "价格 -- 说明", id="not-an-option"),
])
def test_in_notebook_terms(message, expected):
    assert present.in_notebook_terms(message) == expected


def test_in_notebook_terms_with_the_notebook_s_own_names():
    assert present.in_notebook_terms("d: --draft is a directory", {"--draft": "the parameter `out`"}) == (
        "d: the parameter `out` is a directory")


def test_one_line_errors_outside_ipython_does_nothing():
    assert present.one_line_errors() is False


def test_one_line_errors_in_ipython_shows_one_line_in_notebook_terms(monkeypatch):
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    shown: list[tuple[str, list[str]]] = []  # (ename, traceback lines) as ipykernel would send them
    monkeypatch.setattr(shell, "_showtraceback", lambda etype, value, stb: shown.append((etype.__name__, stb)))
    try:
        assert present.one_line_errors() is True
        result = shell.run_cell(
            "from analysis.atomic import RefusedOverwrite\n"
            "raise RefusedOverwrite('data/figures/2021.csv: already exists; not overwritten (use --force to replace it)')")
        assert result.error_in_exec is not None  # the cell still fails
        assert shown == [("RefusedOverwrite", [
            "RefusedOverwrite: data/figures/2021.csv: already exists; not overwritten "
            "(set the parameter `force = True` to replace it)"])]
        assert str(result.error_in_exec).endswith("(set the parameter `force = True` to replace it)")
        shown.clear()
        shell.run_cell("raise ValueError('a bug')")  # not the project's error: the full traceback
        assert shown[0][0] == "ValueError" and len(shown[0][1]) > 1
    finally:
        shell.set_custom_exc((), None)


# -- Chinese typography ---------------------------------------------------------------------------


@pytest.mark.parametrize("written, typeset_as", [
    pytest.param("合计1,830.00万元(共3个项目),最大的是A", "合计1,830.00万元（共3个项目），最大的是A", id="comma-and-parentheses"),
    pytest.param("依次为:社会救助;养老服务", "依次为：社会救助；养老服务", id="colon-and-semicolon"),
    pytest.param("高龄津贴550.00万元(30.1%),其次", "高龄津贴550.00万元（30.1%），其次", id="parentheses-around-a-number"),
    pytest.param("支出(万元)", "支出（万元）", id="unit-in-a-header"),
    pytest.param("摘自《工作成效(示例,合成)》(2021年3月3日发布)", "摘自《工作成效(示例,合成)》（2021年3月3日发布）", id="title-kept"),
    pytest.param("原文“共3,000人(含家属)”,见附表", "原文“共3,000人(含家属)”，见附表", id="quote-kept"),
    pytest.param("1,447 and 12:30 (a, b)", "1,447 and 12:30 (a, b)", id="latin-and-numbers-untouched"),
])
def test_typeset(written, typeset_as):
    assert present.typeset(written) == typeset_as
    assert present.typeset(typeset_as) == typeset_as  # idempotent


def test_say_typesets(shown):
    present.say("合计:3项(其中1项新增)")
    (bundle, _), = shown
    assert bundle["text/plain"] == "合计：3项（其中1项新增）"


@pytest.mark.parametrize("value, expected", [
    ("2021-03-03", "2021年3月3日"), ("2020-12-31", "2020年12月31日"), ("", ""), (None, ""),
])
def test_cn_date(value, expected):
    assert present.cn_date(value) == expected
