"""The build cache: an unchanged rerun writes nothing; a changed data file, parameter or notebook rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from analysis import cache, config
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


def test_data_digest_sees_every_data_file(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    first = cache.data_digest(tmp_path / "data")
    path = tmp_path / "data" / "plans" / "2021.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.data_digest(tmp_path / "data") != first


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
    figures.write_text(figures.read_text(encoding="utf-8").replace("SYNTHETIC\n", "SYNTHETIC (edited)\n", 1), encoding="utf-8")
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


@pytest.mark.integration
def test_all_years_builds_every_year_and_reuses_the_cache(tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["report", "--all-years", "--data-dir", str(FIXTURE), "--out", str(out)]) == 0
    assert (out / "2020" / "report-2020.pdf").exists() and (out / "2021" / "report-2021.pdf").exists()
    capsys.readouterr()
    before = {year: state(out / year) for year in ("2020", "2021")}
    assert main(["report", "--all-years", "--data-dir", str(FIXTURE), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("up to date") == 2
    assert {year: state(out / year) for year in ("2020", "2021")} == before
