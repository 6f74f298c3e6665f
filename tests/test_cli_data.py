"""The command line on the data: `analysis validate` and `analysis years`, good and bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, set_cell, tree_digest
from test_rules import CASES

from analysis.cli import main
from analysis.rules import validate

FIG = "figures/2020.csv"


def run(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    """Exit code, stdout lines and stderr lines of ``analysis *argv``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_validate_passes_on_data(capsys):
    code, out, err = run(capsys, "validate", "--data-dir", str(DATA))
    assert code == 0
    assert err == []
    assert len(out) == 1
    assert "valid" in out[0] and "2020" in out[0]


def test_validate_default_data_dir(capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert "valid" in out[0]


def test_years_prints_2020(capsys):
    code, out, err = run(capsys, "years", "--data-dir", str(DATA))
    assert (code, out, err) == (0, ["2020"], [])


def test_years_lists_every_year_one_per_line(capsys, data_copy):
    shutil.copy(data_copy / FIG, data_copy / "figures/2018.csv")
    code, out, _ = run(capsys, "years", "--data-dir", str(data_copy))
    assert (code, out) == (0, ["2018", "2020"])


def test_validate_lists_every_problem_one_per_line(capsys, data_copy):
    set_cell(data_copy / FIG, "epidemic.elderly_admissions.count", "value", "711")
    set_cell(data_copy / FIG, "epidemic.price_subsidy.spend", "value", "-636.03")
    set_cell(data_copy / FIG, "governance.retired_cadres.count", "unit", "只")
    problems = [str(p) for p in validate(data_copy)]
    assert len(problems) == 3
    code, out, err = run(capsys, "validate", "--data-dir", str(data_copy))
    assert code == 1
    assert out == []
    assert err[:-1] == problems
    assert "3 problems" in err[-1]


@pytest.mark.parametrize("command", ["validate", "years"])
def test_missing_data_dir(capsys, tmp_path, command):
    missing = tmp_path / "no-such-data"
    code, out, err = run(capsys, command, "--data-dir", str(missing))
    assert code != 0
    assert out == []
    assert err, "an error message is expected"
    assert missing.name in err[0] and "data directory not found" in err[0]
    assert len(err) == 1  # one line about the directory

    assert not missing.exists()


def test_years_on_an_empty_data_dir(capsys, tmp_path):
    (tmp_path / "data").mkdir()
    code, out, err = run(capsys, "years", "--data-dir", str(tmp_path / "data"))
    assert code == 1
    assert out == []
    assert len(err) == 1 and "no years" in err[0]


def test_debug_shows_a_traceback(capsys, tmp_path):
    code, _, err = run(capsys, "--debug", "years", "--data-dir", str(tmp_path / "nowhere"))
    assert code == 1
    assert any("Traceback" in line for line in err)
    code, _, err = run(capsys, "years", "--data-dir", str(tmp_path / "nowhere"))
    assert not any("Traceback" in line for line in err)


@pytest.mark.parametrize("breaks", CASES)
def test_every_bad_input_case(capsys, data_copy, breaks):
    """Each broken copy: exit 1, each problem on its own line, no traceback, files untouched."""
    breaks(data_copy)
    before = tree_digest(data_copy) if data_copy.exists() else None
    problems = [str(p) for p in validate(data_copy)]
    assert problems
    code, out, err = run(capsys, "validate", "--data-dir", str(data_copy))
    assert code == 1
    if len(problems) == 1:
        assert err == problems  # one problem: one line
    else:
        assert err[:-1] == problems
        assert f"{len(problems)} problems" in err[-1] and "nothing was changed" in err[-1]
    assert not any("Traceback" in line for line in out + err)
    if before is None:
        assert not data_copy.exists()
    else:
        assert tree_digest(data_copy) == before
    # `years` on the same copy: either the years or one clear line, never a traceback.
    code, out, err = run(capsys, "years", "--data-dir", str(data_copy))
    assert (code == 0 and err == []) or (code != 0 and len(err) == 1 and out == [])
    assert not any("Traceback" in line for line in out + err)
    if before is not None:
        assert tree_digest(data_copy) == before


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["validate", "--no-such-option"], id="unknown-option"),
        pytest.param(["frobnicate"], id="unknown-command"),
        pytest.param(["years", "--data-dir"], id="option-without-value"),
    ],
)
def test_usage_errors(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2  # click's usage-error code
    text = "\n".join(out + err)
    assert "Traceback" not in text and "unexpected" not in text
    assert "Error:" in text


def test_no_arguments_shows_help(capsys):
    code, out, err = run(capsys)
    text = "\n".join(out + err)
    assert "Usage:" in text and "validate" in text and "years" in text
    assert "Traceback" not in text and "unexpected" not in text


# -- the installed console script, as a user runs it ------------------------------------------------

SCRIPT = Path(sys.executable).parent / "analysis"


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_console_script_on_good_and_broken_data(data_copy):
    ok = subprocess.run([str(SCRIPT), "years"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "2020\n", "")
    set_cell(data_copy / FIG, "epidemic.elderly_admissions.count", "value", "711")
    before = tree_digest(data_copy)
    bad = subprocess.run([str(SCRIPT), "validate", "--data-dir", str(data_copy)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 1
    assert "line 2, column value: found 711" in bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr
    assert tree_digest(data_copy) == before
