"""Annual figures of a district civil affairs bureau: load, validate, calculate, report.

The notebooks import from here; nothing worth testing lives in a notebook.
"""

from analysis.errors import AnalysisError, DataError, ExtractError, ParameterError, ReportError
from analysis.load import available_years, load_dataset, load_figures, load_plans
from analysis.validate import validate

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
    "DataError",
    "ExtractError",
    "ParameterError",
    "ReportError",
    "available_years",
    "load_dataset",
    "load_figures",
    "load_plans",
    "validate",
    "__version__",
]
