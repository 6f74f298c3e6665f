"""One module per kind of original: ``html`` (saved web pages), ``docx`` (Word), ``pdf`` (text-layer
PDF) and ``txt`` (a text kept verbatim). Each has ``EXTENSIONS`` and ``derive(data, where) -> Derived``,
a pure function of the bytes that raises ValueError with what is wrong."""

from __future__ import annotations

import importlib
from pathlib import Path

FORMATS = ("html", "docx", "pdf", "txt")


def format_of(path: Path | str) -> str | None:
    """The format module's name for a file name (by its extension), or None if unsupported."""
    suffix = Path(path).suffix.lower()
    for name in FORMATS:
        if suffix in importlib.import_module(f"analysis.ingest.formats.{name}").EXTENSIONS:
            return name
    return None


def supported() -> str:
    """The supported extensions, for messages."""
    return ", ".join(ext for name in FORMATS for ext in importlib.import_module(f"analysis.ingest.formats.{name}").EXTENSIONS)


def deriver(name: str):
    """The ``derive`` function of a format."""
    return importlib.import_module(f"analysis.ingest.formats.{name}").derive
