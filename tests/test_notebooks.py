"""The committed notebooks: clean, parameterized, and running through papermill on real and synthetic data."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT_NOTEBOOKS = ["comparison", "overview", "trends", "appendix"]
# The shipped notebooks, by name: scratch notebooks (notebooks/scratch/, git-ignored) are never checked.
SHIPPED_NOTEBOOKS = [*REPORT_NOTEBOOKS, "review_extraction"]
NOTEBOOKS = [ROOT / "notebooks" / f"{name}.ipynb" for name in SHIPPED_NOTEBOOKS]
FIXTURE = ROOT / "tests" / "fixtures" / "two_years"


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append(data.get("text/html", "") + data.get("text/plain", "") + output.get("text", ""))
    return "\n".join(parts)


def as_committed(path: Path):
    """The notebook as `git add` would store it: stripped as the nbstripout clean filter strips it when
    the repository has the filter installed (`make` does), so a notebook saved with outputs in
    JupyterLab passes; read as it is otherwise."""
    nb = nbformat.read(path, as_version=4)
    try:
        attr = subprocess.run(["git", "-C", str(ROOT), "check-attr", "filter", "--", str(path)],
                              capture_output=True, text=True, timeout=30)
        clean = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "filter.nbstripout.clean"],
                               capture_output=True, text=True, timeout=30)
    except OSError:  # no git
        return nb
    if attr.stdout.strip().endswith(": nbstripout") and "nbstripout" in clean.stdout:
        from nbstripout import strip_output

        nb = strip_output(nb, keep_output=False, keep_count=False, keep_id="--keep-id" in clean.stdout)
    return nb


def check_committed_notebook(path: Path) -> None:
    """A shipped notebook: valid, without outputs, with one parameters cell documenting each parameter."""
    nb = as_committed(path)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "commit notebooks without outputs"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for line in tagged[0].source.splitlines():
        name, rest = line.split(":", 1)
        assert "=" in rest and "#" in rest, f"parameter {name} needs a type, a default and a comment"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_parameters_cell(path):
    check_committed_notebook(path)


@pytest.mark.parametrize("name", REPORT_NOTEBOOKS)
def test_papermill_documents_parameters(name):
    result = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(ROOT / "notebooks" / f"{name}.ipynb")],
                            capture_output=True, text=True, check=True)
    assert "data_dir: str" in result.stdout
    assert "year: int" in result.stdout  # every notebook gets the report year
    assert "Unable to parse" not in result.stdout + result.stderr


def _run(name: str, tmp_path: Path, **parameters):
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(out), parameters=parameters,
                               kernel_name="python3", cwd=str(ROOT), progress_bar=False)
    return nbformat.read(out, as_version=4)


@pytest.mark.integration
def test_overview_on_embedded_data_with_defaults(tmp_path):
    text = _outputs_text(_run("overview", tmp_path))
    # 636.03+1151.97+9867.01+129.39+1121.08+157.21+1447
    assert "2020年工作报告列明的资金支出共7个项目，合计14,509.69万元" in text
    assert "基本生活保障9,867.01万元" in text
    assert "当年结余23.58万元" in text  # 1175.55 - 1151.97
    assert "销售类福利彩票11,860.00万元" in text  # 1.186亿元, shown in 万元 and never as spending
    assert "每人约510元" in text  # 11,210,800 元 / 22,000 人
    assert "离任村干部补助支出1,447.00万元、" not in text  # 2,569 is a count of records collected, not of recipients
    assert "2021年工作计划共13项" in text
    outputs = json.dumps([c.get("outputs") for c in _run("overview", tmp_path).cells])
    assert "application/vnd.plotly.v1+json" in outputs
    assert "image/png" not in outputs  # kernels never render PNGs: the report builder adds them


@pytest.mark.integration
def test_comparison_without_base_year_says_so_and_runs(tmp_path):
    text = _outputs_text(_run("comparison", tmp_path))
    assert "数据中没有早于2020年的年份，不作年度比较。" in text


@pytest.mark.integration
def test_trends_with_one_year_says_so(tmp_path):
    text = _outputs_text(_run("trends", tmp_path))
    assert "截至2020年，数据中只有2020年一个年度，暂无趋势可比。" in text
    assert "image/png" not in text


@pytest.mark.integration
def test_comparison_on_two_year_fixture(tmp_path):
    text = _outputs_text(_run("comparison", tmp_path, data_dir=str(FIXTURE)))
    # (1938/1870-1)*100 = 3.64
    assert "2021年工作报告列明的资金支出合计1,938.00万元，2020年为1,870.00万元，增长3.6%" in text
    # figures other than money (money is chapter one): 8 in both years; 流浪乞讨 -25%, 结婚登记 -10%, 居家养老人数
    # +20%, 长者食堂 +20%, 建筑物更名 持平; no rate for 落户 (3年累计), 高龄津贴人数 (万人, rounded), 孤儿 standard
    assert "两年均有数据的指标8项，其中增长2项、下降2项、持平1项，另有3项为多年累计数、约数或标准" in text
    assert "2021年新增指标1项，不再报告1项" in text
    assert "1项达成，1项未达成（长者食堂增加到15间：目标15间，实际12间）" in text
    assert "居家养老服务每人金额3,000元，比上年下降25.0%" in text  # 120万/300 -> 108万/360
    assert "+10.0%" not in text and "原文为约数或取整数" in text  # 福利彩票 1.2亿元 is rounded by the source


@pytest.mark.integration
def test_trends_on_fixture_with_programs_parameter(tmp_path):
    text = _outputs_text(_run("trends", tmp_path, data_dir=str(FIXTURE), programs=["高龄津贴"]))
    assert "截至2021年只有2个年度，变化见年度比较，不作趋势分析。" in text  # two years are a comparison
    demo = ROOT / "examples" / "demo"  # synthetic 2018-2022
    text = _outputs_text(_run("trends", tmp_path, data_dir=str(demo), programs=["高龄津贴"]))
    assert "跟踪1个项目在2018—2022年（共5年）的支出：高龄津贴。" in text
    assert re.search(r"高龄津贴从2018年的[\d,.]+万元变为2022年的[\d,.]+万元，年均(增长|下降)[\d.]+%", text)


@pytest.mark.integration
def test_trends_unknown_program_fails_with_a_clear_error(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as info:
        _run("trends", tmp_path, programs=["不存在的项目"])
    assert info.value.ename == "ParameterError"
    assert "不存在的项目" in info.value.evalue


@pytest.mark.integration
def test_overview_on_fixture_year_2021(tmp_path):
    text = _outputs_text(_run("overview", tmp_path, data_dir=str(FIXTURE), year=2021))
    assert "2021年工作报告列明的资金支出共4个项目，合计1,938.00万元" in text
    assert "2021年报告未列出2022年工作计划。" in text
    assert "2021年报告未涉及捐赠收支。" in text


@pytest.mark.integration
def test_appendix_shows_every_figure_with_its_quote_and_the_source(tmp_path, figures_2020):
    import html

    text = html.unescape(_outputs_text(_run("appendix", tmp_path)))
    for quote in figures_2020["quote"]:
        assert quote in text, quote
    assert "f3a59eb90b7f3996d6dec0479bd717c7b20eee476ed619d69d8b21f183086b6e" in text  # the raw file's checksum
    assert "2021年3月3日" in text and "2021-03-03" not in text
