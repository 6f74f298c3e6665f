"""The project's own exceptions: each one becomes a clear message and a non-zero exit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One broken rule: where it is (file, line, column), what was found and what was expected."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class AnalysisError(Exception):
    """Base class of every error the command line reports without a traceback."""

    exit_code = 1


class DataError(AnalysisError):
    """A data file is missing, unreadable or breaks a rule of the data model."""

    def __init__(self, problems: "list[Problem | str] | Problem | str"):
        self.problems = list(problems) if isinstance(problems, list | tuple) else [problems]
        if len(self.problems) == 1:
            message = str(self.problems[0])
        else:
            message = f"{len(self.problems)} problems in the data:\n" + "\n".join(
                f"  - {p}" for p in self.problems
            )
        super().__init__(message)


class ParameterError(AnalysisError):
    """A parameter (year, base year, program, output folder) is not usable."""

    exit_code = 2


class ExtractError(AnalysisError):
    """A report text cannot be read for extraction (encoding, missing file, refused overwrite)."""


class IngestError(AnalysisError):
    """A published report cannot be ingested (file type, unreadable or empty file, no text, no figure, year taken)."""


class ReportError(AnalysisError):
    """Building the report failed (a notebook cell raised, HTML or PDF rendering failed)."""
