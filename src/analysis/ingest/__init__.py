"""Ingesting a report as published: a saved web page, Word .docx, text-layer PDF or UTF-8 text becomes
``raw/Y.<ext>`` (byte for byte), the derived main text ``raw/Y.txt``, a provenance record in
dataset.yml and a draft of the year's figures.

One concern per module: ``formats`` (one per kind of file: ``html``, ``docx``, ``pdf``, ``txt``),
``derive`` (the derived text and the date and source patterns), ``provenance`` (the record and
dataset.yml with it, comments kept), ``stage`` (all files written in one step), ``run``
(``analysis ingest`` as a library call), ``steps`` (what it prints) and ``check`` (the re-derivation
that ``analysis validate`` runs).
"""

from analysis.ingest.check import derivation_problems
from analysis.ingest.derive import DERIVATION, Derived
from analysis.ingest.run import IngestRun, default_draft, derive_file, run_ingest
from analysis.ingest.steps import next_steps

__all__ = ["DERIVATION", "Derived", "IngestRun", "default_draft", "derivation_problems", "derive_file",
           "next_steps", "run_ingest"]
