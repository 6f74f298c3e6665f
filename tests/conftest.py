"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURE = ROOT / "tests" / "fixtures" / "two_years"  # synthetic: two years with known changes

# --------------------------------------------------------------------------------------------------
# Loaded figures, shared by the calculation, narrative and chart tests.
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figures_2020():
    """The curated 2020 figures of data/, loaded and validated."""
    from analysis import load_figures

    return load_figures(2020, data_dir=DATA)


@pytest.fixture(scope="module")
def fixture_figures():
    """The synthetic two-year fixture, loaded and validated."""
    from analysis import load_figures

    return load_figures(data_dir=FIXTURE)

# --------------------------------------------------------------------------------------------------
# Data layer: a private copy of data/ to break, and helpers to break one thing in it.
# --------------------------------------------------------------------------------------------------


def copy_data(dest: Path, source: Path = DATA) -> Path:
    """A copy of a data directory (data/ by default) at ``dest``, files writable so tests can break them."""
    shutil.copytree(source, dest)
    for path in dest.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    return dest


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """``tmp_path/data``: a writable copy of data/ that a test may break."""
    return copy_data(tmp_path / "data")


def read_rows(path: Path) -> list[list[str]]:
    """A CSV file as rows of cells (header first)."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Rows written back as UTF-8 CSV with LF line ends (byte-identical for unchanged data)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def line_of(path: Path, row_id: str) -> int:
    """The 1-based line number of the row whose id is ``row_id`` (the header is line 1)."""
    for number, row in enumerate(read_rows(path), start=1):
        if row and row[0] == row_id:
            return number
    raise KeyError(row_id)


def set_cell(path: Path, row_id: str, column: str, value: str) -> int:
    """Sets one cell of the row with id ``row_id``; returns that row's line number."""
    rows = read_rows(path)
    index = rows[0].index(column)
    line = line_of(path, row_id)
    rows[line - 1][index] = value
    write_rows(path, rows)
    return line


def get_cell(path: Path, row_id: str, column: str) -> str:
    rows = read_rows(path)
    return rows[line_of(path, row_id) - 1][rows[0].index(column)]


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (relative path -> digest), to prove nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_unreadable(monkeypatch, path: Path) -> None:
    """Reading ``path`` fails with EACCES (what chmod 000 does for anyone but root)."""
    target = Path(path).resolve()
    real = Path.read_bytes

    def read_bytes(self):
        if self.resolve() == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.fixture(scope="session")
def report_2020_session(tmp_path_factory):
    """The 2020 report of data/ (notebooks, HTML, PDF, workbook), built once per session: read it, never
    change it (copy its folder first)."""
    from analysis.report import build_report

    return build_report(year=2020, data_dir=DATA, out=tmp_path_factory.mktemp("report-2020-session"))


@pytest.fixture(scope="session")
def report_fixture_session(tmp_path_factory):
    """The 2021 report of the synthetic two-year fixture (compared with 2020), built once per session:
    read it, never change it."""
    from analysis.report import build_report

    return build_report(year=2021, data_dir=FIXTURE, out=tmp_path_factory.mktemp("report-2021-fixture-session"))
