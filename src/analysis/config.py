"""Every path the project uses, in one place."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The repository root when installed in editable mode (src layout); the working directory otherwise.
_REPO_GUESS = PACKAGE_DIR.parent.parent
PROJECT_DIR = _REPO_GUESS if (_REPO_GUESS / "pyproject.toml").exists() else Path.cwd()

DATA_DIR = Path(os.environ.get("ANALYSIS_DATA_DIR", PROJECT_DIR / "data"))
REPORTS_DIR = Path(os.environ.get("ANALYSIS_REPORTS_DIR", PROJECT_DIR / "reports"))
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

RAW_SUBDIR = "raw"
FIGURES_SUBDIR = "figures"
PLANS_SUBDIR = "plans"
DATASET_FILE = "dataset.yml"


def raw_path(data_dir: Path, year: int) -> Path:
    """The verbatim report about ``year``."""
    return Path(data_dir) / RAW_SUBDIR / f"{year}.txt"


def figures_path(data_dir: Path, year: int) -> Path:
    """The curated figures of ``year``."""
    return Path(data_dir) / FIGURES_SUBDIR / f"{year}.csv"


def plans_path(data_dir: Path, year: int) -> Path:
    """The plan items announced for ``year`` (in the report about ``year - 1``)."""
    return Path(data_dir) / PLANS_SUBDIR / f"{year}.csv"


def dataset_path(data_dir: Path) -> Path:
    """Who the data is about."""
    return Path(data_dir) / DATASET_FILE


def display_path(path: Path) -> str:
    """A path as the user typed it or relative to the working directory, for messages."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
