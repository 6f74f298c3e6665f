"""`analysis report`: the real PDF read back with poppler, the HTML, and failure handling."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from analysis import config
from analysis.cli import main
from analysis.report import build_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "two_years"
pytestmark = pytest.mark.integration


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")


def image_pages(pdf: Path) -> list[int]:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [int(line.split()[0]) for line in listing.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def report_2020(tmp_path_factory):
    return build_report(out=tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="module")
def report_fixture(tmp_path_factory):
    return build_report(data_dir=FIXTURE, out=tmp_path_factory.mktemp("reports"))


def test_outputs_written(report_2020):
    names = sorted(p.name for p in report_2020.out_dir.iterdir())
    assert names == [".build.json", "comparison.html", "comparison.ipynb", "overview.html", "overview.ipynb",
                     "report-2020.pdf", "trends.html", "trends.ipynb"]


def test_pdf_title_page_and_headlines_on_page_one(report_2020):
    first = pdf_pages(report_2020.pdf)[0]
    for text in ("江门市新会区", "江门市新会区民政局", "2020年民政工作数据报告", "报告年度:2020年", "生成日期",
                 "14,509.69万元", "基本生活保障", "第1页/共"):
        assert text in re.sub(r"\s+", "", first), text


def test_pdf_key_figures_with_units_and_headings(report_2020):
    text = re.sub(r"\s+", "", pdf_text(report_2020.pdf))  # lines wrap anywhere in Chinese text
    for figure in ("9,867.01万元", "1,175.55万元", "1,151.97万元", "411.50万元", "1,121.08万元", "22,000人",
                   "4,095", "1,473", "11,860.00万元", "5,457宗", "每人约510元", "23.58万元"):
        assert figure in text, figure
    for heading in ("年度概览", "一、重点数据", "二、各项目支出", "三、支出结构", "四、人均", "五、捐赠资金流向",
                    "六、社会事务", "七、下一年度工作计划", "年度比较", "项目趋势"):
        assert heading in text, heading
    # one year only: the comparison and trend chapters say so instead of standing empty
    assert "数据中没有早于2020年的年份,本节不作年度比较。" in text and "一、总体变化" not in text


def test_pdf_has_no_source_code(report_2020):
    text = pdf_text(report_2020.pdf)
    for marker in ("import ", "def ", "In [", "Out[", "charts.show", "calc."):
        assert marker not in text, marker


def test_pdf_embeds_a_cjk_font(report_2020):
    fonts = subprocess.run(["pdffonts", str(report_2020.pdf)], capture_output=True, text=True, check=True).stdout
    embedded = [line for line in fonts.splitlines()[2:] if re.search(r"WenQuanYi|Noto|CJK|Hei|Song", line)]
    assert embedded and all(" yes " in line for line in embedded), fonts


def test_pdf_charts_are_images_in_every_notebook_section(report_fixture):
    pages = pdf_pages(report_fixture.pdf)
    starts = {title: next(i for i, page in enumerate(pages, start=1) if re.search(rf"^\s*{title}\s*$", page, re.M))
              for title in ("年度概览", "年度比较", "项目趋势")}
    bounds = sorted(starts.values()) + [len(pages) + 1]
    images = image_pages(report_fixture.pdf)
    for title, start in starts.items():
        end = bounds[bounds.index(start) + 1]
        assert any(start <= page < end for page in images), f"no chart image in {title}"


def test_pdf_states_the_fixture_changes(report_fixture):
    text = re.sub(r"\s+", "", pdf_text(report_fixture.pdf))
    assert "2021年各项目支出合计1,830.00万元,2020年为1,750.00万元,增长4.6%" in text
    assert "比较基准年:2020年" in text
    assert "+20.0%" in text and "-25.0%" in text and "+10.0%" in text
    assert "新增指标2项,不再报告4项" in text
    assert "1项达成,1项未达成" in text


def test_html_is_self_contained_and_interactive(report_2020):
    html = (report_2020.out_dir / "overview.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?://", html), "a script loaded from the network"
    assert "cdnjs" not in html and "require.js" not in html and "/mathjax/" not in html.lower()
    assert "Plotly.newPlot" in html  # interactive chart with plotly.js inlined
    assert "import analysis" not in html


def test_executed_notebooks_keep_parameters(report_fixture):
    nb = nbformat.read(report_fixture.out_dir / "comparison.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert "base_year = 2020" in injected[0].source


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_failing_notebook_is_named_kept_and_old_pdf_untouched(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    shutil.copytree(FIXTURE, tmp_path / "data")
    build_report(data_dir=tmp_path / "data", out=out)
    before = _hashes(out / "2021")
    broken = tmp_path / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, broken)
    nb = nbformat.read(broken / "trends.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise ValueError("deliberately broken cell")'))
    nbformat.write(nb, broken / "trends.ipynb")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", broken)
    code = main(["report", "--data-dir", str(tmp_path / "data"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0
    assert "trends.ipynb" in err and "cell" in err and "deliberately broken cell" in err
    assert "Traceback" not in err
    assert (out / "2021" / "trends.failed.ipynb").exists()
    after = _hashes(out / "2021")
    after.pop("trends.failed.ipynb")
    assert after == before  # the earlier good report is intact
    assert not [p for p in (out / "2021").iterdir() if p.name.startswith(".staging")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--year", "1999"], "year 1999: not in", id="unknown-year"),
        pytest.param(["--year", "20x0"], "expected a four-digit year", id="year-not-integer"),
        pytest.param(["--year", "2020", "--base-year", "2021"], "base year 2021: must be before year 2020", id="base-not-before"),
        pytest.param(["--year", "2021", "--base-year", "2021"], "base year 2021: must be before year 2021", id="base-equal"),
        pytest.param(["--program", "不存在的项目"], "unknown program(s) 不存在的项目", id="unknown-program"),
    ],
)
def test_bad_parameters_fail_before_any_kernel(args, message, tmp_path, capsys):
    out = tmp_path / "reports"
    code = main(["report", "--data-dir", str(FIXTURE), "--out", str(out), *args])
    err = capsys.readouterr().err
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()  # nothing written, no kernel started


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_missing_or_empty_data_dir(kind, tmp_path, capsys):
    data = tmp_path / "data"
    if kind == "empty":
        data.mkdir()
    code = main(["report", "--data-dir", str(data), "--out", str(tmp_path / "reports")])
    err = capsys.readouterr().err
    assert code != 0 and "data" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "reports").exists()
