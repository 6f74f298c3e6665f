"""Extraction: a report text to candidate figures, with offsets, section, quote and suggestions.

One concern per module: ``decode`` (reading a report file), ``grammar`` (the figure pattern, from the
unit registry and the number grammar), ``structure`` (headings, sentences, clauses, quoted names),
``candidates`` (``extract``; the rule for a bare 万/亿 is in its docstring), ``suggest`` (last year's
ids, values and the plausibility of a match), ``draft`` (draft figures and CSV), ``evaluate``
(precision, recall, locating curated figures) and ``run`` (``analysis extract`` as a library call).
"""

from analysis.extract.candidates import CANDIDATE_COLUMNS, extract
from analysis.extract.decode import read_report
from analysis.extract.draft import candidates_csv, draft_figures, summary_sentence, write_draft
from analysis.extract.evaluate import FORM_KEYS, accuracy, locate_figures
from analysis.extract.run import ExtractRun, load_previous, run_extract
from analysis.extract.structure import section_label
from analysis.extract.suggest import (MISS_COLUMNS, PLAUSIBLE_RATIO, format_ratio, implausibility, suggest,
                                      unmatched_previous)

__all__ = [
    "CANDIDATE_COLUMNS",
    "MISS_COLUMNS",
    "FORM_KEYS",
    "PLAUSIBLE_RATIO",
    "read_report",
    "extract",
    "suggest",
    "implausibility",
    "format_ratio",
    "unmatched_previous",
    "draft_figures",
    "candidates_csv",
    "write_draft",
    "summary_sentence",
    "section_label",
    "accuracy",
    "locate_figures",
    "load_previous",
    "run_extract",
    "ExtractRun",
]
