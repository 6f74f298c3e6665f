"""Annual figures of a district civil affairs bureau: load, validate, calculate, report.

The notebooks import from here; nothing worth testing lives in a notebook. Names are imported on
first use, so the command line starts fast (a cached report rerun never imports pandas).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "AnalysisError": "analysis.errors",
    "DataError": "analysis.errors",
    "ExtractError": "analysis.errors",
    "ParameterError": "analysis.errors",
    "ReportError": "analysis.errors",
    "available_years": "analysis.catalog",
    "load_dataset": "analysis.load",
    "load_figures": "analysis.load",
    "load_plans": "analysis.load",
    "validate": "analysis.rules",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
