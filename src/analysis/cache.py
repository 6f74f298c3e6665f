"""The build cache moved to :mod:`analysis.report.cache`; ``analysis.cache`` is the same module."""

import sys

from analysis.report import cache as _cache

sys.modules[__name__] = _cache
