"""`import analysis` as a discoverable library: dir() and tab completion, lazy names, the docstring's tour."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import analysis

ROOT = Path(__file__).resolve().parents[1]
LOADERS = {"load_figures", "load_plans", "load_dataset", "available_years"}
ERRORS = {"AnalysisError", "DataError", "ExtractError", "ParameterError", "ReportError"}
MODULES = {"calc", "charts", "narrative", "present", "vocab", "numbers"}


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                            env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"})
    return result.stdout.strip()


def tour() -> str:
    """The code block of the module docstring (the ``::`` paragraph), dedented."""
    doc = analysis.__doc__
    block = doc.split("::\n", 1)[1]
    lines = []
    for line in block.splitlines()[1:]:
        if line and not line.startswith("    "):
            break
        lines.append(line)
    return textwrap.dedent("\n".join(lines)).strip()


def test_dir_lists_the_public_api():
    names = set(dir(analysis))
    assert LOADERS | ERRORS | MODULES | {"validate", "__version__"} <= names
    assert not {"annotations", "importlib"} & names  # no implementation details in tab completion
    assert set(analysis.__all__) <= names


def test_dir_imports_nothing():
    out = run_python("import sys, analysis; dir(analysis); "
                     "print('pandas' in sys.modules, 'analysis.calc' in sys.modules, 'plotly' in sys.modules)")
    assert out == "False False False"


def test_import_analysis_does_not_import_pandas():
    assert run_python("import sys, analysis; print('pandas' in sys.modules)") == "False"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_submodules_resolve_as_attributes(name):
    module = getattr(analysis, name)
    assert module.__name__ == f"analysis.{name}"
    assert getattr(analysis, name) is module


def test_submodules_resolve_in_a_fresh_interpreter():
    # without any `from analysis import calc` first: the AttributeError
    out = run_python("import analysis as an; print(an.calc.__name__, an.charts.__name__, an.present.__name__, "
                     "an.narrative.__name__, callable(an.load_figures), issubclass(an.DataError, an.AnalysisError))")
    assert out == "analysis.calc analysis.charts analysis.present analysis.narrative True True"


def test_public_names_resolve():
    from analysis import catalog, errors, load, rules

    assert analysis.load_figures is load.load_figures and analysis.load_plans is load.load_plans
    assert analysis.load_dataset is load.load_dataset and analysis.available_years is catalog.available_years
    assert analysis.validate is rules.validate
    for name in ERRORS:
        assert getattr(analysis, name) is getattr(errors, name)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        analysis.nope  # noqa: B018
    assert not hasattr(analysis, "nope")


def test_help_gives_the_tour():
    import pydoc

    text = pydoc.render_doc(analysis, renderer=pydoc.plaintext)
    assert "The library in ten lines" in text
    code = tour().splitlines()
    assert len(code) <= 10 and code[0] == "import analysis as an"
    for needle in ("an.load_figures(", "an.calc.spending_by_program(", "an.calc.compare_years(", "an.charts.show("):
        assert any(needle in line for line in code), needle


def test_the_tour_runs_on_the_real_data(monkeypatch):
    import pandas as pd

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(tour(), "analysis.__doc__", "exec"), namespace)  # noqa: S102
    spend = namespace["spend"]
    assert isinstance(spend, pd.DataFrame) and spend["spend_wan_yuan"].sum() == pytest.approx(14509.69)
    assert {"base_value", "value", "change_pct", "status"} <= set(namespace["changes"].columns)
    assert [bundle["text/plain"] for bundle in shown] == ["<图表：各项目支出（万元）>", "<图表：变化最大的指标（%）>"]
    assert all("image/png" not in bundle for bundle in shown)
