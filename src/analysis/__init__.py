"""Annual figures of a district civil affairs bureau: load, validate, calculate, chart, report.

The library in ten lines (run from the project folder; ``data/`` is the default data folder)::

    import analysis as an
    an.available_years()                                     # the years in data/figures/, e.g. [2020]
    figures = an.load_figures()                              # every year, validated; money also in 元 (value_base)
    spend = an.calc.spending_by_program(figures, 2020)       # per program: spend_wan_yuan, share_pct; nothing counted twice
    spend[["program", "spend_wan_yuan", "share_pct"]]
    an.charts.show(an.charts.spending_bar(spend))            # interactive in JupyterLab, in the house style
    changes = an.calc.compare_years(figures, 2021, 2020)     # matched by id: base_value, value, change_pct, status
    top = an.calc.largest_changes(changes)                   # the ten largest relative changes (once both years are in)
    an.charts.show(an.charts.changes_bar(top))
    an.validate()                                            # every data rule: a list of problems, empty when clean

Names: the loaders ``load_figures``, ``load_plans``, ``load_dataset``, ``available_years``; ``validate``;
``render`` (any notebook to the house-style PDF, as ``analysis render``);
the error classes (``AnalysisError`` and its kinds); the modules ``calc`` (calculations), ``charts``,
``narrative`` (checked Chinese sentences), ``present`` (tables, number formats), ``vocab`` and ``numbers``.
Everything is imported on first use, so ``import analysis`` is fast (a cached report rerun never
imports pandas); ``dir(analysis)`` and tab completion list it all.
"""

import importlib as _importlib

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
    "render": "analysis.report.render",
    "validate": "analysis.rules",
}

# Submodules shown by dir() and tab completion; the others are still importable as analysis.<name>.
_MODULES = ("calc", "charts", "narrative", "numbers", "present", "vocab")

__all__ = [*_EXPORTS, *_MODULES, "__version__"]


def __getattr__(name: str):
    """Imports a public name or submodule on first use (PEP 562)."""
    if name in _EXPORTS:
        value = getattr(_importlib.import_module(_EXPORTS[name]), name)
    elif name in _MODULES:
        value = _importlib.import_module(f"analysis.{name}")
    else:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    """The public API (for dir() and tab completion), without importing anything."""
    return sorted(set(globals()) | set(__all__))
