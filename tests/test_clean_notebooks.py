"""Notebooks stay clean: outputs are stripped on commit by nbstripout (a git filter the Makefile
installs), scratch notebooks live in the git-ignored notebooks/scratch/ that the tests ignore, and
`make lab` opens at the repository root."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_notebooks import NOTEBOOKS, check_committed_notebook

ROOT = Path(__file__).resolve().parents[1]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent

needs_git_and_make = pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None,
                                        reason="git and make needed")


def _recipe(target: str) -> str:
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert match, f"no recipe for {target}"
    return match.group(1)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          timeout=120).stdout


def _notebook_with_outputs() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("x = 1\nx", id="cell-1")
    code.execution_count = 3
    code.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=3),
                    nbformat.v4.new_output("stream", name="stdout", text="printed\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# title", id="cell-0"), code]
    return nb


def test_gitattributes_route_notebooks_through_nbstripout():
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "*.ipynb filter=nbstripout" in attributes
    assert any(re.fullmatch(r"\*\.ipynb\s+text\s+eol=lf", line) for line in attributes)  # line ends rule stays


def test_the_set_up_step_installs_the_filter():
    stamp = re.search(r"^\$\(STAMP\):.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert stamp and "git-filter" in stamp.group(1), "the target that creates .venv must install the git filter"
    recipe = _recipe("git-filter")
    assert "nbstripout --install --attributes .gitattributes" in recipe
    assert "--keep-id" in MAKEFILE  # the committed cell ids are kept (nbstripout would renumber them)


@needs_git_and_make
def test_commit_strips_outputs_in_a_fresh_repository(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "test")
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    make = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(repo), "git-filter",
            f"BIN={BIN}"]
    for _ in range(2):  # the same way the Makefile does it, twice: idempotent
        subprocess.run(make, check=True, capture_output=True, text=True, timeout=120)
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == (ROOT / ".gitattributes").read_text(encoding="utf-8")

    saved = repo / "notebooks" / "overview.ipynb"
    saved.parent.mkdir()
    nbformat.write(_notebook_with_outputs(), saved)
    _git(repo, "add", ".gitattributes", "notebooks/overview.ipynb")
    _git(repo, "commit", "-q", "-m", "notebook saved with outputs")

    blob = json.loads(_git(repo, "show", "HEAD:notebooks/overview.ipynb"))
    code = [c for c in blob["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert [c["id"] for c in blob["cells"]] == ["cell-0", "cell-1"]
    assert "".join(code[0]["source"]) == "x = 1\nx"
    # the working copy keeps its outputs (the analyst's view), and git does not call it modified
    assert nbformat.read(saved, as_version=4).cells[1].outputs
    assert _git(repo, "status", "--porcelain", "--", "notebooks") == ""


@needs_git_and_make
def test_shipped_notebooks_are_unchanged_by_the_filter():
    """The committed notebooks are already what the filter writes: installing it dirties nothing."""
    from nbstripout import strip_output

    for path in NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        assert nbformat.writes(strip_output(nb, False, False, True)) + "\n" == text, path.name


def test_a_scratch_notebook_without_parameters_is_not_checked():
    scratch = ROOT / "notebooks" / "scratch"
    path = scratch / "test-scratch-without-parameters.ipynb"
    assert (scratch / "README.md").is_file()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]  # no parameters cell, and with outputs
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    nbformat.write(nb, path)
    try:
        assert path not in NOTEBOOKS
        for shipped in NOTEBOOKS:  # the notebook-checking logic of test_notebooks, as the suite runs it
            check_committed_notebook(shipped)
        if shutil.which("git"):
            assert subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", str(path)]).returncode == 0
            assert subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q",
                                   str(scratch / "README.md")]).returncode == 1
    finally:
        path.unlink()


def test_shipped_notebooks_are_named():
    assert sorted(p.stem for p in NOTEBOOKS) == ["appendix", "comparison", "overview", "review_extraction", "trends"]
    assert all(p.is_file() for p in NOTEBOOKS)


def test_make_lab_opens_at_the_repository_root_on_the_notebooks():
    recipe = _recipe("lab")
    line = re.sub(r"\$\(LAB_ARGS\)", re.search(r"^LAB_ARGS\s*:=(.*)$", MAKEFILE, re.MULTILINE).group(1), recipe)
    assert "jupyter lab" in line
    assert "--ServerApp.root_dir=." in line
    assert "--LabApp.default_url=/lab/tree/notebooks" in line
    assert "--notebook-dir=notebooks" not in line
    assert "--allow-root" in line


# -- the review notebook re-runs as is ------------------------------------------------------------


def _review(tmp_path: Path, **parameters) -> None:
    import papermill

    papermill.execute_notebook(str(ROOT / "notebooks" / "review_extraction.ipynb"), str(tmp_path / "review.ipynb"),
                               parameters=parameters, kernel_name="python3", cwd=str(ROOT), progress_bar=False)


@pytest.mark.integration
def test_review_notebook_reruns_replacing_its_own_draft(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(reports))  # the kernel's config.REPORTS_DIR
    draft = reports / "extract" / "2020-draft.csv"
    _review(tmp_path)
    first = draft.read_text(encoding="utf-8")
    draft.write_text("stale\n", encoding="utf-8")
    _review(tmp_path)  # the second run of the same notebook: no RefusedOverwrite
    assert draft.read_text(encoding="utf-8") == first


@pytest.mark.integration
def test_review_notebook_never_replaces_a_curated_file_without_force(tmp_path):
    import papermill

    curated = tmp_path / "data" / "figures" / "2020.csv"
    curated.parent.mkdir(parents=True)
    curated.write_text("curated\n", encoding="utf-8")
    with pytest.raises(papermill.PapermillExecutionError) as info:
        _review(tmp_path, out=str(curated))
    assert curated.read_text(encoding="utf-8") == "curated\n"
    assert info.value.ename == "RefusedOverwrite"
    assert "set the parameter `force = True`" in info.value.evalue and "--force" not in info.value.evalue
    assert info.value.traceback == [f"RefusedOverwrite: {info.value.evalue}"]  # one line, no traceback
    _review(tmp_path, out=str(curated), force=True)
    assert curated.read_text(encoding="utf-8").startswith("id,")
