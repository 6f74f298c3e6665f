"""PDFs in the house style: a title page (:mod:`~analysis.report.title`), then executed notebooks
without code, printed by Chromium (no network, fresh profile). Used by the year's report and by
``analysis render``."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.errors import ReportError
from analysis.params import Params
from analysis.report.html import css, exporter, prune
from analysis.report.title import TitlePage, page_cell, title_page_data

PDF_PRIORITY = ["image/png", "image/jpeg", "text/html", "text/markdown", "text/plain"]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
]


def find_chromium() -> str:
    """The Chromium executable (``ANALYSIS_CHROMIUM`` overrides)."""
    for candidate in (os.environ.get("ANALYSIS_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    raise ReportError("Chromium not found (needed for charts and the PDF): run `make system` or install Debian's chromium")


def title_cell(params: Params, generated: dt.date):
    """The year's report title page (:func:`~analysis.report.title.title_page_data`) as an output cell."""
    return page_cell(title_page_data(params, generated))


def combine(title: TitlePage, notebooks: list, name: str):
    """One notebook for the PDF: the title page, then the cells of every notebook except parameters."""
    import nbformat

    combined = nbformat.v4.new_notebook()
    combined.metadata["title"] = name
    combined.cells.append(page_cell(title))
    for number, nb in enumerate(notebooks, start=1):
        for cell in nb.cells:
            if {"parameters", "injected-parameters"} & set(cell.metadata.get("tags", [])):
                continue
            cell = copy.deepcopy(cell)
            if "id" in cell:  # ids are unique within a notebook only: made unique within the combined one
                cell["id"] = f"n{number}-{cell['id']}"[:64]
            combined.cells.append(cell)
    return combined


def combined_notebook(executed: list[Path], params: Params, generated: dt.date):
    """The year's report for the PDF: its title page with headline figures, then every executed notebook."""
    import nbformat

    notebooks = [prune(nbformat.read(path, as_version=4), params) for path in executed]
    return combine(title_page_data(params, generated), notebooks, f"{params.year}年民政工作数据报告")


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Chromium's print-to-PDF of a local HTML file (no network, fresh profile)."""
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
                   html_path.resolve().as_uri()]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not pdf_path.exists() or pdf_path.read_bytes()[:5] != b"%PDF-":
        raise ReportError(f"Chromium could not print the PDF (exit {result.returncode}): {result.stderr.strip()[-300:]}")
    return pdf_path


def print_notebook(nb, target: Path) -> Path:
    """A combined notebook printed to ``target`` in the house style: no code, static charts, page numbers."""
    body, _ = exporter(PDF_PRIORITY).from_notebook_node(nb, resources={"report_css": css("report.css", "print.css")})
    html_path = target.with_suffix(".print.html")
    html_path.write_text(body, encoding="utf-8")
    try:
        return print_pdf(html_path, target)
    finally:
        html_path.unlink(missing_ok=True)


def render_pdf(executed: list[Path], params: Params, target: Path, generated: dt.date) -> Path:
    """The year's leadership PDF: Chinese title page, no code, static charts, page numbers."""
    return print_notebook(combined_notebook(executed, params, generated), target)
