"""Charts as they print: rendered by the report's Chromium (kaleido), read back, checked for greyscale and size.

Pillow is not a dependency, so the rendered chart is read back as SVG from the same renderer that makes the
report's PNGs (plotly.js in kaleido's Chromium): its bar fills, patterns, font sizes and text positions are
what the PNG shows. Grey levels use Rec. 601 luma, the formula of greyscale printing and Pillow's "L" mode.
Every distinct bar fill of a chart (a section, 增长/下降, a year) must differ from every other in grey level
by at least GREY_APART or in its pattern; no text of the ten-year trend chart may overlap another.
"""

from __future__ import annotations

import itertools
import re
import struct
import warnings
from pathlib import Path

import pandas as pd
import plotly.io as pio
import pytest
from lxml import etree

from analysis import calc, charts, compare, load_figures

pytestmark = pytest.mark.integration  # renders in Chromium (kaleido)

ROOT = Path(__file__).resolve().parents[1]
TEN = ROOT / "tests" / "fixtures" / "ten_years"
SVG = "{http://www.w3.org/2000/svg}"
GREY_APART = 30  # grey levels (of 255) two fills without a pattern difference must be apart
PRINT_WIDTH_PT = 16 / 2.54 * 72  # the PDF prints a chart 16 cm wide
MIN_PRINT_PT = 9


@pytest.fixture(scope="module")
def figures(figures_2020, fixture_figures) -> dict:
    """Every builder, on the data the report gives it (2020, the two-year and the ten-year fixtures)."""
    ten = load_figures(data_dir=TEN)
    programs = list(dict.fromkeys(ten.query("flow == 'spend'")["program"]))
    ten_bridge = compare.spending_bridge(ten, 2024, 2023)
    return {
        "spending_bar": charts.spending_bar(calc.spending_by_program(figures_2020, 2020)),
        "cost_bar": charts.cost_bar(calc.per_beneficiary_cost(figures_2020, 2020)),
        "donation_flow": charts.donation_flow(calc.donation_balance(figures_2020, 2020).iloc[0]),
        "changes_bar": charts.changes_bar(calc.largest_changes(calc.compare_years(fixture_figures, 2021, 2020))),
        "spending_bridge": charts.spending_bridge(compare.spending_bridge(fixture_figures, 2021, 2020), 2020, 2021),
        "spending_bridge_ten": charts.spending_bridge(ten_bridge, 2023, 2024),
        "cost_comparison": charts.cost_comparison(compare.cost_comparison(fixture_figures, 2021, 2020), 2020, 2021),
        "trend_lines": charts.trend_lines(calc.program_series(ten, programs)),
        "trend_lines_two_years": charts.trend_lines(calc.program_series(
            fixture_figures, ["基本生活保障", "高龄津贴", "居家养老服务", "疫情防控捐赠"])),
        "trend_lines_one": charts.trend_lines(calc.program_series(ten, programs[:1])),
    }


@pytest.fixture(scope="module")
def rendered(figures) -> dict[str, etree._Element]:
    """Each chart rendered once by the report's renderer (PNG checked, SVG kept to read back)."""
    out = {}
    for name, fig in figures.items():
        png = charts.render_png(fig)  # starts the one Chromium, as the report builder does
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (2 * charts.WIDTH, 2 * fig.layout.height)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            svg = pio.to_image(fig, format="svg", width=charts.WIDTH, height=fig.layout.height)
        out[name] = etree.fromstring(svg)
    return out


# -- reading the SVG back ---------------------------------------------------------------------------


def rgb_luma(text: str) -> float:
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", text)[:3])
    return 0.299 * r + 0.587 * g + 0.114 * b


def style(element, key: str) -> str | None:
    found = re.search(rf"(?:^|;)\s*{key}:\s*([^;]+)", element.get("style", ""))
    return found.group(1).strip() if found else None


def bar_fills(root) -> set[tuple[float, str]]:
    """Distinct fills of the drawn bars: (grey level of the colour under any pattern, the pattern's drawing)."""
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    fills = set()
    for path in root.iter(f"{SVG}path"):
        parent = path.getparent()
        if parent.get("class") != "point" or "bars" not in (parent.getparent().getparent().get("class") or ""):
            continue
        fill = style(path, "fill")
        if fill.startswith("url("):
            pattern = patterns[re.search(r"#([^'\")]+)", fill).group(1)]
            base = pattern.find(f"{SVG}rect").get("fill")
            drawing = "".join(etree.tostring(e, encoding="unicode") for e in pattern if e.tag != f"{SVG}rect")
            fills.add((round(rgb_luma(base), 1), re.sub(r'(stroke|fill)="[^"]*"', "", drawing)))
        else:
            fills.add((round(rgb_luma(fill), 1), ""))
    return fills


def offset(element) -> tuple[float, float]:
    """Sum of the translate() of an element and its ancestors (the page position of its x, y)."""
    x = y = 0.0
    while element is not None:
        for dx, dy in re.findall(r"translate\(\s*([-\d.e]+)[\s,]*([-\d.e]*)\)", element.get("transform", "")):
            x, y = x + float(dx), y + float(dy or 0)
        element = element.getparent()
    return x, y


def text_width(text: str, size: float) -> float:
    return sum(size if ord(c) > 0x2E80 else 0.56 * size for c in text)


def text_boxes(root) -> list[tuple[str, float, float, float, float]]:
    """Every horizontal line of text as (text, left, top, right, bottom) on the page, widths estimated."""
    boxes = []
    for element in root.iter(f"{SVG}text"):
        if re.search(r"rotate\(\s*-?[1-9]", element.get("transform", "")):
            continue  # a vertical axis title
        size = float(re.match(r"[\d.]+", style(element, "font-size")).group(0))
        lines = element.findall(f"{SVG}tspan") or [element]
        dx, dy = offset(element)
        for i, line in enumerate(lines):
            text = "".join(line.itertext()).strip()
            if not text:
                continue
            x = float(line.get("x", element.get("x", 0)) or 0) + dx
            y = float(element.get("y", 0) or 0) + dy + i * 1.3 * size
            width = text_width(text, size)
            left = {"middle": x - width / 2, "end": x - width}.get(element.get("text-anchor"), x)
            boxes.append((text, left, y - 0.85 * size, left + width, y + 0.25 * size))
    return boxes


# -- greyscale --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, distinct", [
    pytest.param("spending_bar", 5, id="spending-bar-5-sections"),
    pytest.param("cost_bar", 2, id="cost-bar-2-sections"),
    pytest.param("donation_flow", 4, id="donation-received-part-rest-remainder"),
    pytest.param("changes_bar", 2, id="changes-up-down"),
    pytest.param("spending_bridge", 3, id="bridge-total-up-down"),
    pytest.param("spending_bridge_ten", 3, id="bridge-ten-total-up-down"),
    pytest.param("cost_comparison", 2, id="cost-comparison-two-years"),
])
def test_bar_fills_stay_apart_in_grey(rendered, name, distinct):
    fills = bar_fills(rendered[name])
    assert len(fills) == distinct, fills
    for (grey_a, pattern_a), (grey_b, pattern_b) in itertools.combinations(fills, 2):
        assert pattern_a != pattern_b or abs(grey_a - grey_b) >= GREY_APART, (name, grey_a, grey_b)


def test_increase_and_decrease_are_grey_not_red_and_green(rendered):
    for name in ("changes_bar", "spending_bridge"):
        for path in rendered[name].iter(f"{SVG}path"):
            if path.getparent().get("class") == "point":
                fill = style(path, "fill")
                if not fill.startswith("url("):
                    r, g, b = re.findall(r"[\d.]+", fill)[:3]
                    assert r == g == b, (name, fill)


def test_every_bar_chart_names_its_fills(figures):
    # a legend entry for every fill, or the category axis naming every bar (one fill per chart)
    assert {t.name for t in figures["changes_bar"].data} == {"增长", "下降"}
    assert {t.name for t in figures["spending_bridge"].data} == {"合计", "增长", "下降"}
    assert {t.name for t in figures["cost_comparison"].data} == {"2020年", "2021年"}
    assert len({t.name for t in figures["spending_bar"].data}) == 5
    for name in ("changes_bar", "spending_bridge", "cost_comparison", "spending_bar"):
        assert figures[name].layout.showlegend is not False, name


def test_trend_programs_are_told_apart_by_panel_not_colour(rendered):
    panels = [g for g in rendered["trend_lines"].iter(f"{SVG}g")
              if re.fullmatch(r"subplot x\d*y\d*", g.get("class", "")) and any(
                  "js-line" in (p.get("class") or "") for p in g.iter(f"{SVG}path"))]
    assert len(panels) == 10


# -- print size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["spending_bar", "cost_bar", "donation_flow", "changes_bar", "spending_bridge",
                                  "cost_comparison", "trend_lines"])
def test_no_text_prints_below_nine_points(rendered, name):
    sizes = [float(re.match(r"[\d.]+", style(t, "font-size")).group(0)) for t in rendered[name].iter(f"{SVG}text")
             if "".join(t.itertext()).strip()]
    assert sizes and min(sizes) * PRINT_WIDTH_PT / charts.WIDTH >= MIN_PRINT_PT, (name, min(sizes))


# -- overlaps ---------------------------------------------------------------------------------------


def overlaps(boxes):
    return [(a[0], b[0]) for a, b in itertools.combinations(boxes, 2)
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


def test_no_two_texts_of_the_ten_year_trend_chart_overlap(rendered):
    boxes = text_boxes(rendered["trend_lines"])
    values = [b for b in boxes if re.fullmatch(r"[\d,]+\.\d\d(（20\d\d年）)?", b[0])]
    assert len(values) == 10  # the ten end labels are there
    assert len(boxes) > 10 + 10 + 40  # and the panel titles and the ticks
    assert overlaps(boxes) == []
    assert all(0 <= b[1] and b[3] <= charts.WIDTH for b in boxes)  # nothing cut at the page edge


@pytest.mark.parametrize("name", ["trend_lines_two_years", "trend_lines_one", "spending_bridge_ten",
                                  "cost_comparison", "donation_flow", "spending_bar"])
def test_no_two_texts_of_the_other_charts_overlap(rendered, name):
    assert overlaps(text_boxes(rendered[name])) == []


def test_the_overlap_check_finds_an_overlap():
    crowded = charts.changes_bar(pd.DataFrame({"program": ["甲"], "indicator": ["乙"], "change_pct": [5.0]}))
    crowded.add_annotation(x=0, y=0, text="遮挡遮挡遮挡遮挡遮挡", showarrow=False)  # on the bar's label row
    crowded.add_annotation(x=0, y=0, text="遮挡遮挡遮挡遮挡遮挡", showarrow=False, xshift=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        svg = pio.to_image(crowded, format="svg", width=charts.WIDTH, height=crowded.layout.height)
    assert overlaps(text_boxes(etree.fromstring(svg)))
