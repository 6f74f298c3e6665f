"""The re-derivation check ``analysis validate`` runs on ingested years: the stored original has the
sha256 its record gives, and ``raw/Y.txt`` is exactly what the derivation gives for it (so a derived
text can always be rebuilt and never drifts from its source)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from analysis import config
from analysis.config import display_path
from analysis.errors import IngestError, Problem

__all__ = ["derivation_problems"]


def _first_difference(expected: str, found: str) -> tuple[int, str]:
    want, have = expected.split("\n"), found.split("\n")
    for number, (a, b) in enumerate(zip(want, have), start=1):
        if a != b:
            return number, a
    number = min(len(want), len(have)) + 1
    return number, want[number - 1] if number <= len(want) else ""


def derivation_problems(data_dir: Path | str, sources: dict) -> list[Problem]:
    """Problems of the years whose record names an ``original`` (the 2020 text, kept verbatim, has none)."""
    from analysis.ingest.run import derive_file

    data_dir = Path(data_dir)
    dataset_where = display_path(config.dataset_path(data_dir))
    problems = []
    for year, source in sorted(sources.items()):
        if not source.original:
            continue
        original = data_dir / source.original
        where = display_path(original)
        if not original.is_file():
            problems.append(Problem(dataset_where, None, "sources",
                                    f"the {year} record names the original {source.original}, which is missing"))
            continue
        try:
            data = original.read_bytes()
        except OSError as exc:
            problems.append(Problem(where, None, None, f"cannot read the original ({exc.strerror or exc})"))
            continue
        actual = hashlib.sha256(data).hexdigest()
        if actual != source.original_sha256:
            problems.append(Problem(where, None, None, f"found sha256 {actual[:12]}…, expected "
                                    f"{(source.original_sha256 or 'nothing')[:12]}… as in dataset.yml: raw reports are never edited"))
            continue
        text_path = config.raw_path(data_dir, year)
        try:
            derived = derive_file(original, data)[1].text
        except IngestError as exc:
            problems.append(Problem(where, None, None, f"cannot derive the main text ({exc})"))
            continue
        try:
            found = text_path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # missing or unreadable raw/Y.txt: the raw-report rules report it
        if found != derived:
            line, expected = _first_difference(derived, found)
            problems.append(Problem(display_path(text_path), line, None,
                                    f"differs from the text derived from {source.original} (expected {expected[:40]!r}); "
                                    "a derived text is never edited: rebuild it with `analysis ingest --force`"))
    return problems
