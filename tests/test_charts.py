"""Chart builders and their display: house style, 万元 axes, escaped labels, the three representations.

The print-specific checks (greyscale, font sizes) are in test_charts_print.py, the two-year builders
(bridge, donation flow, per-beneficiary comparison) in test_charts_compare.py, the trends in
test_charts_trends.py.
"""

from __future__ import annotations

import base64
import itertools
import json
import struct
from pathlib import Path

import nbformat
import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest

from analysis import calc, charts
from analysis import vocab
from analysis.charts import FONT_FAMILY, SECTION_STYLE, label, luma, section_color, section_pattern

FIXTURE = Path(__file__).parent / "fixtures" / "two_years"
PLOTLY_JSON = "application/vnd.plotly.v1+json"
MARKUP = "<script>alert(1)</script><b>粗</b>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;粗&lt;/b&gt;"


@pytest.fixture(scope="module")
def built(figures_2020, fixture_figures) -> dict[str, go.Figure]:
    """Every builder on real data (2020) or, for year-over-year charts, the two-year fixture."""
    comparison = calc.compare_years(fixture_figures, 2021, 2020)
    return {
        "spending_bar": charts.spending_bar(calc.spending_by_program(figures_2020, 2020)),
        "spending_treemap": charts.spending_treemap(calc.spending_hierarchy(figures_2020, 2020)),
        "cost_bar": charts.cost_bar(calc.per_beneficiary_cost(figures_2020, 2020)),
        "donation_waterfall": charts.donation_waterfall(calc.donation_balance(figures_2020, 2020).iloc[0]),
        "changes_bar": charts.changes_bar(calc.largest_changes(comparison)),
        "trend_lines": charts.trend_lines(calc.program_series(fixture_figures, ["基本生活保障", "高龄津贴"])),
        "spending_bridge": charts.spending_bridge(BRIDGE, 2020, 2021),
        "cost_comparison": charts.cost_comparison(COSTS, 2020, 2021),
    }


# Hand-made frames in the columns calc produces for the two-year charts (synthetic amounts).
BRIDGE = pd.DataFrame({"program": ["基本生活保障", "疫情防控捐赠"], "section": ["社会救助", "疫情防控"],
                       "base_yuan": [1e7, 2.5e6], "value_yuan": [1.2e7, float("nan")], "change_yuan": [2e6, -2.5e6]})
COSTS = pd.DataFrame({"program": ["居家养老服务"], "section": ["养老服务"], "unit": ["元/人"],
                      "base_cost_yuan": [4000.0], "cost_yuan": [3000.0], "change_pct": [-25.0]})


# -- house style ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["spending_bar", "spending_treemap", "cost_bar", "donation_waterfall",
                                  "changes_bar", "trend_lines", "spending_bridge", "cost_comparison"])
def test_every_builder_uses_the_house_font_and_a_title(built, name):
    fig = built[name]
    assert isinstance(fig, go.Figure) and len(fig.data) >= 1
    assert fig.layout.template.layout.font.family == FONT_FAMILY
    assert fig.layout.font.family in (None, FONT_FAMILY)  # not overridden by the builder
    with_text = [t for t in fig.data if "textfont" in t]
    assert with_text, "every chart shows its values as text"
    assert all(t.textfont.family == FONT_FAMILY for t in with_text)
    assert fig.layout.title.text


def test_builders_apply_the_house_style_without_a_global_default(monkeypatch, figures_2020):
    import plotly.io as pio

    monkeypatch.setattr(pio.templates, "default", "plotly")  # what a session has unless use_house_style() is called
    fig = charts.spending_bar(calc.spending_by_program(figures_2020, 2020))
    assert fig.layout.template.layout.font.family == FONT_FAMILY
    assert fig.layout.template.layout.paper_bgcolor == "white"  # simple_white under the house layer
    empty = charts.cost_bar(pd.DataFrame(columns=["section", "program", "count_unit", "cost_yuan"]))
    assert empty.layout.template.layout.font.family == FONT_FAMILY  # the no-data figure too
    assert go.Figure().layout.template.layout.font.family != FONT_FAMILY  # other figures keep plotly's default


def test_use_house_style_sets_the_default_only_when_called(monkeypatch):
    import plotly.io as pio

    monkeypatch.setattr(pio.templates, "default", "plotly")
    charts.use_house_style()
    assert pio.templates.default == charts.TEMPLATE
    assert go.Figure().layout.template.layout.font.family == FONT_FAMILY


@pytest.mark.parametrize("name, axis", [
    pytest.param("spending_bar", "xaxis", id="spending-bar-x"),
    pytest.param("donation_waterfall", "xaxis", id="donation-flow-x"),
    pytest.param("cost_bar", "xaxis", id="cost-bar-x-yuan"),
])
def test_money_axes_have_a_thousands_separator(built, name, axis):
    assert built[name].layout[axis].tickformat == ",.0f"


def test_money_charts_say_wan_yuan(built):
    assert built["spending_bar"].layout.xaxis.title.text == "支出（万元）"
    for name in ("spending_treemap", "donation_waterfall", "trend_lines"):
        assert "万元" in built[name].layout.title.text, name
    assert built["cost_bar"].layout.xaxis.title.text == "元"  # per person: 元, not 万元


def test_spending_sections_have_grey_levels_apart(figures_2020, fixture_figures):
    # the sections that have spending in the real data and in the fixture
    sections = sorted(set(figures_2020.query("flow == 'spend'")["section"])
                      | set(fixture_figures.query("flow == 'spend'")["section"]))
    assert len(sections) == 5
    levels = sorted(luma(section_color(s)) for s in sections)  # 44.8, 85.1, 124.6, 164.9, 205.0
    assert all(b - a >= 35 for a, b in itertools.pairwise(levels)), levels
    assert len({section_pattern(s) for s in sections}) == 5  # and a pattern each


def test_any_two_sections_differ_in_grey_or_in_pattern():
    for (a, (ca, pa)), (b, (cb, pb)) in itertools.combinations(SECTION_STYLE.items(), 2):
        assert pa != pb or abs(luma(ca) - luma(cb)) >= 20, (a, b)


def test_all_ten_sections_sit_on_distinct_grey_levels():
    levels = sorted(luma(c) for c, _ in SECTION_STYLE.values())
    assert len(levels) == 10 and all(b - a >= 19 for a, b in itertools.pairwise(levels)), levels


def test_section_style_fallback_for_an_unknown_section():
    general = vocab.section(vocab.DEFAULT_SECTION)
    assert (section_color("新领域"), section_pattern("新领域")) == (general.colour, general.pattern)
    assert (section_color("社会救助"), section_pattern("社会救助")) == SECTION_STYLE["社会救助"]


# -- spending bar ---------------------------------------------------------------------------------


def test_spending_bar_largest_on_top_one_trace_per_section(built):
    fig = built["spending_bar"]
    # plotly draws categoryarray bottom to top: ascending amounts put the largest program on top
    assert list(fig.layout.yaxis.categoryarray) == [
        "居家养老服务", "儿童福利补贴", "物价临时补贴", "高龄津贴", "疫情防控捐赠", "离任村干部补助", "基本生活保障"]
    assert fig.layout.yaxis.categoryorder == "array"
    names = [t.name for t in fig.data]
    assert sorted(names) == sorted(["社会救助", "基层治理", "疫情防控", "养老服务", "儿童福利"])
    for trace in fig.data:
        assert trace.orientation == "h"
        assert trace.marker.color == section_color(trace.name)
        assert (trace.marker.pattern.shape or "") == section_pattern(trace.name)
        if section_pattern(trace.name):  # drawn over the colour, which keeps its grey level
            assert trace.marker.pattern.fillmode == "overlay"
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["疫情防控"].y) == ["物价临时补贴", "疫情防控捐赠"]
    assert list(by_name["疫情防控"].x) == pytest.approx([636.03, 1151.97])  # 万元, the 411.5 part not added
    assert list(by_name["疫情防控"].text) == ["636.03", "1,151.97"]
    assert list(by_name["基层治理"].text) == ["1,447.00"]
    # room for the outside text: 9867.01 * 1.2 = 11840.41
    assert fig.layout.xaxis.range == pytest.approx((0, 9867.01 * 1.2))
    assert fig.layout.height == 110 + 48 * 7  # 446 > 300


def test_spending_bar_hover_shows_the_share(built):
    trace = next(t for t in built["spending_bar"].data if t.name == "社会救助")
    assert list(trace.customdata) == pytest.approx([9867.01 / 14509.69 * 100])  # 68.003%
    assert "占%{customdata:.1f}%" in trace.hovertemplate


# -- treemap --------------------------------------------------------------------------------------


def test_treemap_parents_are_their_own_totals(built):
    trace = built["spending_treemap"].data[0]
    assert trace.branchvalues == "total"
    values = dict(zip(trace.ids, trace.values))
    children: dict[str, list[str]] = {}
    for node, parent in zip(trace.ids, trace.parents):
        children.setdefault(parent, []).append(node)
    # sections are exactly the sum of their programs: 疫情防控 = 636.03 + 1151.97 = 1788
    assert values["疫情防控"] == pytest.approx(1788.0)
    for section in children[""]:
        assert values[section] == pytest.approx(sum(values[c] for c in children[section])), section
    # the 其中 part sits inside its parent: 411.5 within 1151.97, not added to it
    assert children["疫情防控/疫情防控捐赠"] == ["疫情防控/疫情防控捐赠/epidemic.donations.equipment.spend"]
    assert values["疫情防控/疫情防控捐赠"] == pytest.approx(1151.97)
    assert values["疫情防控/疫情防控捐赠/epidemic.donations.equipment.spend"] == pytest.approx(411.5)
    # branchvalues "total": no parent may be smaller than its children together
    for parent, nodes in children.items():
        if parent:
            assert values[parent] >= sum(values[n] for n in nodes) - 1e-9, parent
    # the root is the total spending, each 元 once: 14,509.69万元
    assert sum(values[s] for s in children[""]) == pytest.approx(14509.69)


def test_treemap_colours_follow_the_section(built):
    trace = built["spending_treemap"].data[0]
    assert list(trace.marker.colors) == [section_color(node.split("/")[0]) for node in trace.ids]
    assert "其中：设备采购支出" in trace.labels


# -- other builders -------------------------------------------------------------------------------


def test_cost_bar(built):
    fig = built["cost_bar"]
    # ascending so the largest is on top: 510 (高龄津贴), 891 (殡葬), 3,564 (居家养老)
    assert list(fig.layout.yaxis.categoryarray) == ["高龄津贴（每人）", "惠民殡葬减免（每宗）", "居家养老服务（每名）"]
    by_section = {t.name: t for t in fig.data}  # one legend entry per section
    assert set(by_section) == {"养老服务", "社会事务"}
    assert list(by_section["养老服务"].y) == ["高龄津贴（每人）", "居家养老服务（每名）"]
    assert list(by_section["养老服务"].text) == ["510元", "3,564元"] and list(by_section["社会事务"].text) == ["891元"]
    for name, trace in by_section.items():
        assert trace.marker.color == section_color(name)
        assert (trace.marker.pattern.shape or "") == section_pattern(name)


def test_changes_bar_neutral_greys_with_the_words_in_the_legend(built):
    fig = built["changes_bar"]
    up, down = fig.data
    assert (up.name, down.name) == ("增长", "下降")  # the words in the legend
    assert (up.marker.color, down.marker.color) == (charts.INCREASE, charts.DECREASE)
    assert (up.marker.pattern.shape or "", down.marker.pattern.shape) == ("", "/")
    for trace in fig.data:  # grey: r == g == b
        colour = trace.marker.color
        assert colour[1:3] == colour[3:5] == colour[5:7], colour
    assert all(v >= 0 for v in up.x) and all(v < 0 for v in down.x)
    assert down.text[0] == "\u221225.0%" and list(up.text)[-1] == "+20.0%"  # a minus sign, not a hyphen
    # every figure once, smallest change at the bottom
    order = list(fig.layout.yaxis.categoryarray)
    assert sorted(order) == sorted([*up.y, *down.y])
    assert order[0] == "流浪乞讨人员救助·救助人次"  # -25%
    # low -25, high +20: pad = 45 * 0.25 = 11.25
    assert fig.layout.xaxis.range == pytest.approx((-36.25, 31.25))


def test_changes_bar_only_increases_has_no_empty_decrease_trace():
    rises = pd.DataFrame({"program": ["甲", "乙"], "indicator": ["丙", "丁"], "change_pct": [5.0, 0.0]})
    assert [t.name for t in charts.changes_bar(rises).data] == ["增长"]


def test_changes_bar_all_zero_still_has_a_range():
    zero = pd.DataFrame({"program": ["甲"], "indicator": ["乙"], "change_pct": [0.0]})
    assert charts.changes_bar(zero).layout.xaxis.range == (-10, 10)


# -- escaping, empty frames -----------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    pytest.param(MARKUP, ESCAPED, id="script-and-bold"),
    pytest.param("A & B", "A &amp; B", id="ampersand"),
    pytest.param('引号"', '引号"', id="quotes-kept"),
    pytest.param(1447, "1447", id="not-a-str"),
])
def test_label(text, expected):
    assert label(text) == expected


def test_builders_escape_labels_from_the_data():
    by_program = pd.DataFrame({"section": [MARKUP], "program": [MARKUP], "spend_wan_yuan": [1.0], "share_pct": [100.0]})
    bar = charts.spending_bar(by_program)
    assert bar.data[0].name == ESCAPED and list(bar.data[0].y) == [ESCAPED]
    assert list(bar.layout.yaxis.categoryarray) == [ESCAPED]

    tree = pd.DataFrame({"node": ["s"], "label": [MARKUP], "parent_node": [""], "spend_wan_yuan": [1.0]})
    assert list(charts.spending_treemap(tree).data[0].labels) == [ESCAPED]

    costs = pd.DataFrame({"section": ["x"], "program": [MARKUP], "count_unit": ["人"], "cost_yuan": [5.0]})
    assert list(charts.cost_bar(costs).data[0].y) == [ESCAPED + "（每人）"]
    assert charts.cost_bar(costs.assign(section=MARKUP)).data[0].name == ESCAPED

    changes = pd.DataFrame({"program": [MARKUP], "indicator": ["<i>指标</i>"], "change_pct": [5.0]})
    assert list(charts.changes_bar(changes).data[0].y) == [ESCAPED + "·&lt;i&gt;指标&lt;/i&gt;"]

    bridge = pd.DataFrame({"program": [MARKUP], "section": ["x"], "base_yuan": [1e4], "value_yuan": [2e4],
                           "change_yuan": [1e4]})
    assert ESCAPED in list(charts.spending_bridge(bridge, 2020, 2021).data[1].y)

    compare = pd.DataFrame({"program": [MARKUP], "section": ["x"], "unit": ["元/人"], "base_cost_yuan": [1.0],
                            "cost_yuan": [2.0], "change_pct": [100.0]})
    assert list(charts.cost_comparison(compare, 2020, 2021).data[0].y) == [ESCAPED + "（元/人）"]

    series = pd.DataFrame({"program": [MARKUP], "year": [2020], "value_base": [1.0], "unit_base": ["个"]})
    trends = charts.trend_lines(series)
    assert trends.data[0].name == ESCAPED and "<script" not in trends.data[0].hovertemplate
    assert trends.layout.annotations[0].text == ESCAPED + "（个）"  # the panel title

    balance = pd.Series({"received_yuan": 2e4, "spent_yuan": 1e4, "parts_yuan": 5e3, "parts": MARKUP})
    assert charts.donation_flow(balance).data[1].name == f"其中{ESCAPED}"


@pytest.mark.parametrize("builder, columns", [
    pytest.param(charts.spending_bar, ["section", "program", "spend_wan_yuan", "share_pct"], id="spending_bar"),
    pytest.param(charts.spending_treemap, ["node", "label", "parent_node", "spend_wan_yuan"], id="spending_treemap"),
    pytest.param(charts.cost_bar, ["section", "program", "count_unit", "cost_yuan"], id="cost_bar"),
    pytest.param(charts.changes_bar, ["program", "indicator", "change_pct"], id="changes_bar"),
    pytest.param(charts.trend_lines, ["program", "year", "value_base", "unit_base"], id="trend_lines"),
    pytest.param(lambda frame, title: charts.spending_bridge(frame, 2020, 2021, title),
                 ["program", "section", "base_yuan", "value_yuan", "change_yuan"], id="spending_bridge"),
    pytest.param(lambda frame, title: charts.cost_comparison(frame, 2020, 2021, title),
                 ["program", "section", "unit", "base_cost_yuan", "cost_yuan", "change_pct"], id="cost_comparison"),
])
def test_empty_frame_gives_the_no_data_figure(builder, columns):
    fig = builder(pd.DataFrame(columns=columns), title="某图（万元）")
    assert fig.data == ()
    assert fig.layout.title.text == "某图（万元）"  # typeset like the sentences
    assert [a.text for a in fig.layout.annotations] == ["无数据"]
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert fig.layout.height == 200


# -- display --------------------------------------------------------------------------------------


def small_chart() -> go.Figure:
    return charts.changes_bar(pd.DataFrame({"program": ["甲"], "indicator": ["乙"], "change_pct": [5.0]}), title="小图")


def test_mime_bundle_has_no_png_and_no_inlined_plotly_js(monkeypatch):
    monkeypatch.setattr(charts, "render_png", lambda fig: pytest.fail("showing a chart never renders a PNG"))
    bundle = charts.mime_bundle(small_chart())
    assert set(bundle) == {PLOTLY_JSON, "text/html", "text/plain"}
    spec = bundle[PLOTLY_JSON]
    assert set(spec) == {"data", "layout", "config"} and spec["config"] == {"displaylogo": False}
    assert spec["data"][0]["type"] == "bar" and json.dumps(spec)  # JSON-serialisable as it is
    assert spec["layout"]["template"]["layout"]["font"]["family"] == FONT_FAMILY  # the house style travels along
    html = bundle["text/html"]
    assert "plotly-graph-div" in html and "Plotly.newPlot" in html
    assert "<script src=" not in html and "cdn.plot.ly" not in html
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert len(html) < plotly_js.stat().st_size / 100  # a few kB, not the 4.8 MB library
    assert bundle["text/plain"] == "<图表：小图>"


def test_no_environment_variable_governs_images():
    source = Path(charts.__file__).read_text(encoding="utf-8")
    assert "ANALYSIS_STATIC_IMAGES" not in source and "os.environ" not in source


@pytest.mark.integration  # Chromium
def test_render_png_with_chromium():
    fig = small_chart()
    png = charts.render_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # IHDR
    assert (width, height) == (2 * charts.WIDTH, 2 * fig.layout.height)  # scale 2: 1800 x 560


def test_add_static_images_failure_names_chromium(monkeypatch):
    def broken(fig):
        raise OSError("no chromium")

    monkeypatch.setattr(charts, "render_png", broken)
    with pytest.raises(RuntimeError, match="Chromium needed.*no chromium"):
        charts.add_static_images(notebook_with_charts())


def test_show_displays_the_bundle_raw(monkeypatch):
    monkeypatch.setattr(charts, "render_png", lambda fig: pytest.fail("showing a chart never renders a PNG"))
    calls = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: calls.append((obj, kw)))
    charts.show(small_chart())
    ((bundle, kwargs),) = calls
    assert kwargs == {"raw": True} and bundle["text/plain"] == "<图表：小图>" and PLOTLY_JSON in bundle


def notebook_with_charts() -> nbformat.NotebookNode:
    deferred = charts.mime_bundle(small_chart())
    with_png = dict(deferred, **{"image/png": "QUxSRUFEWQ=="})  # "ALREADY"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 标题"),
        nbformat.v4.new_code_cell("show(a)", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="hello\n"),
            nbformat.v4.new_output("display_data", data=dict(deferred)),
        ]),
        nbformat.v4.new_code_cell("show(b)", outputs=[nbformat.v4.new_output("display_data", data=with_png)]),
        nbformat.v4.new_code_cell("say(c)", outputs=[nbformat.v4.new_output("display_data", data={"text/plain": "x"})]),
    ]
    return nb


def test_add_static_images_fills_only_missing_pngs(monkeypatch):
    nb = notebook_with_charts()
    rendered = []
    monkeypatch.setattr(charts, "render_png", lambda fig: rendered.append(fig) or b"PNGBYTES")
    assert charts.add_static_images(nb) == 1
    assert set(rendered[0]) == {"data", "layout"}  # the config is not part of the figure
    assert nb.cells[1].outputs[1]["data"]["image/png"] == base64.b64encode(b"PNGBYTES").decode("ascii")
    assert nb.cells[2].outputs[0]["data"]["image/png"] == "QUxSRUFEWQ=="  # left alone
    assert "image/png" not in nb.cells[3].outputs[0]["data"]
    assert charts.add_static_images(nb) == 0  # nothing left to add
    nbformat.validate(nb)


@pytest.mark.integration  # Chromium
def test_add_static_images_renders_real_pngs_from_the_stored_json():
    nb = notebook_with_charts()
    assert charts.add_static_images(nb) == 1
    assert base64.b64decode(nb.cells[1].outputs[1]["data"]["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
