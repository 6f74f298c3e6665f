"""Building a year's report: papermill runs, one HTML per notebook, and the leadership PDF.

One pipeline (execute → HTML → PDF, in a staging folder renamed into place) used by the year's report
and by ``analysis render``, one concern per module: :mod:`~analysis.report.execute` (papermill; the
report's notebooks and their parameters), :mod:`~analysis.report.html` (HTML export, empty chapters
pruned), :mod:`~analysis.report.title` (the title page: plain data and a Jinja template),
:mod:`~analysis.report.pdf` (combined notebook, Chromium), :mod:`~analysis.report.staging` (staging
folders, atomic renames), :mod:`~analysis.report.cache` (content hashes),
:mod:`~analysis.report.build` (what to rebuild, the parallel pool), :mod:`~analysis.report.nbparams`
and :mod:`~analysis.report.render` (any notebook, its parameters checked against its parameters
cell). A year's report reads only the data up to that year and the plans for the year after.

Names are imported on first use: a fully cached rerun imports neither pandas nor nbformat.
"""

from __future__ import annotations

import importlib
import sys

# jsonschema, imported by nbformat, loads rfc3987_syntax when it is installed, which builds a grammar for
# ~0.7 s on every start; notebooks never use IRI formats, so the builder goes without (measured: bench).
sys.modules.setdefault("rfc3987_syntax", None)

_EXPORTS = {
    "BuiltReport": "build",
    "Job": "build",
    "build_all_years": "build",
    "build_report": "build",
    "build_reports": "build",
    "check_data": "build",
    "log": "build",
    "plan": "build",
    "NOTEBOOKS": "execute",
    "notebook_parameters": "execute",
    "export_html": "html",
    "prune": "html",
    "CHROMIUM_FLAGS": "pdf",
    "PDF_PRIORITY": "pdf",
    "combined_notebook": "pdf",
    "find_chromium": "pdf",
    "print_pdf": "pdf",
    "render_pdf": "pdf",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
