"""The build cache: an unchanged rerun writes nothing; a changed data file, parameter or notebook rebuilds.

A year's key hashes only what that year's report reads; adding a later year is in test_year_bound.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import set_cell

from analysis import config
from analysis.report import cache
from analysis.cli import main
from analysis.report import build_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "two_years"


def state(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of an output folder with its mtime and content."""
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()}


def rebuilt(before: dict, after: dict) -> set[str]:
    return {name for name in after if name not in before or after[name][0] != before[name][0]}


def test_fresh_needs_same_key_and_untouched_files(tmp_path):
    (tmp_path / "a.html").write_text("x")
    manifest = cache.record({}, "a", "k1", tmp_path, ["a.html"])
    cache.save(manifest, tmp_path)
    loaded = cache.load(tmp_path)
    assert cache.fresh(loaded, "a", "k1", tmp_path)
    assert not cache.fresh(loaded, "a", "k2", tmp_path)  # inputs changed
    assert not cache.fresh(loaded, "b", "k1", tmp_path)  # never built
    (tmp_path / "a.html").write_text("changed by hand")
    assert not cache.fresh(loaded, "a", "k1", tmp_path)  # output touched
    (tmp_path / "a.html").unlink()
    assert not cache.fresh(loaded, "a", "k1", tmp_path)  # output gone


def test_unreadable_manifest_means_rebuild(tmp_path):
    (tmp_path / cache.MANIFEST).write_text("{not json")
    assert cache.load(tmp_path) == {}


def test_analysis_cache_is_the_report_cache():
    import analysis.cache

    assert analysis.cache is cache


def test_data_digest_sees_every_data_file(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    first = cache.data_digest(tmp_path / "data")
    path = tmp_path / "data" / "plans" / "2021.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.data_digest(tmp_path / "data") != first


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("path", "old", "new", "changed"), [
    pytest.param("figures/2021.csv", "", "", {2021}, id="figures-of-2021"),
    pytest.param("figures/2020.csv", "", "", {2020, 2021}, id="figures-of-2020"),
    pytest.param("raw/2021.txt", "", "", {2021}, id="raw-of-2021"),
    pytest.param("plans/2021.csv", "", "", {2020, 2021}, id="plans-for-2021-from-the-2020-report"),
    pytest.param("plans/2022.csv", None, None, {2021}, id="plans-for-2022-from-the-2021-report"),
    pytest.param("plans/2023.csv", None, None, set(), id="plans-for-2023"),
    pytest.param("dataset.yml", "title: 示例区民政局2021年", "title: 示例区民政局2021年(改)", {2021}, id="source-of-2021"),
    pytest.param("dataset.yml", "title: 示例区民政局2020年", "title: 示例区民政局2020年(改)", {2020, 2021}, id="source-of-2020"),
    pytest.param("dataset.yml", "bureau: 示例区民政局\n", "bureau: 示例区民政局(改)\n", {2020, 2021}, id="top-level-key"),
    pytest.param("dataset.yml", "synthetic: true\n", "synthetic: true\nunits: [艘]\n", {2020, 2021}, id="units-declared"),
    pytest.param("dataset.yml", "# Changes built in", "# Changes (comment edited) built in", set(), id="comment-only"),
    pytest.param("figures/notes.csv", None, None, set(), id="file-not-named-by-year"),
])
def test_data_digest_of_a_year_sees_only_what_that_year_reads(tmp_path, path, old, new, changed):
    data = shutil.copytree(FIXTURE, tmp_path / "data")
    before = {year: cache.data_digest(data, year) for year in (2020, 2021)}
    target = data / path
    if old is None:  # a new file
        shutil.copyfile(data / "plans" / "2021.csv", target)
    elif old == "":  # one more line
        target.write_bytes(target.read_bytes() + b"\n")
    else:
        _edit(target, old, new)
    after = {year: cache.data_digest(data, year) for year in (2020, 2021)}
    assert {year for year in before if after[year] != before[year]} == changed


def test_data_digest_of_unparsable_dataset_yml_still_changes(tmp_path):
    data = shutil.copytree(FIXTURE, tmp_path / "data")
    before = cache.data_digest(data, 2020)
    _edit(data / "dataset.yml", "bureau: 示例区民政局\n", "bureau: [unclosed\n")
    broken = cache.data_digest(data, 2020)  # the data check, not the cache, reports the YAML error
    assert broken != before
    _edit(data / "dataset.yml", "bureau: [unclosed\n", "bureau: [still unclosed\n")
    assert cache.data_digest(data, 2020) != broken


@pytest.mark.integration
def test_each_input_triggers_exactly_its_rebuild(tmp_path, monkeypatch, capsys):
    data, out = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(FIXTURE, data)
    build_report(data_dir=data, out=out)
    folder = out / "2021"

    before = state(folder)
    assert main(["report", "--data-dir", str(data), "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().err
    assert state(folder) == before  # an unchanged rerun writes nothing

    figures = data / "figures" / "2021.csv"  # a data file: everything depends on the data
    set_cell(figures, "affairs.marriages.count", "note", "SYNTHETIC; note edited")
    before = state(folder)
    build_report(data_dir=data, out=out)
    assert rebuilt(before, state(folder)) >= {"overview.ipynb", "comparison.ipynb", "trends.ipynb", "report-2021.pdf"}

    before = state(folder)  # a parameter of the trends notebook only
    build_report(data_dir=data, out=out, programs=["高龄津贴"])
    changed = rebuilt(before, state(folder))
    assert {"trends.ipynb", "trends.html", "report-2021.pdf"} <= changed
    assert not {"overview.ipynb", "comparison.ipynb"} & changed

    notebooks = tmp_path / "notebooks"  # a notebook: only that one runs again
    shutil.copytree(config.NOTEBOOKS_DIR, notebooks)
    nb = nbformat.read(notebooks / "overview.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("(edited)"))
    nbformat.write(nb, notebooks / "overview.ipynb")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    before = state(folder)
    build_report(data_dir=data, out=out, programs=["高龄津贴"])
    changed = rebuilt(before, state(folder))
    assert {"overview.ipynb", "overview.html", "report-2021.pdf"} <= changed
    assert not {"comparison.ipynb", "trends.ipynb"} & changed

    before = state(folder)  # --force rebuilds everything
    assert main(["report", "--data-dir", str(data), "--out", str(out), "--program", "高龄津贴", "--force"]) == 0
    assert rebuilt(before, state(folder)) >= {"overview.ipynb", "comparison.ipynb", "trends.ipynb", "report-2021.pdf"}


def test_library_versions_are_the_installed_ones():
    from importlib import metadata

    from analysis.report.cache import LIBRARIES, library_versions

    assert library_versions() == [f"{name}={metadata.version(name)}" for name in LIBRARIES]
