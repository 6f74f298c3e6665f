"""``dataset.yml`` as typed records: who the data is about, one provenance record per raw report, and
the measure words declared by the data (``units:``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis import config
from analysis.catalog import require_dir, year_of
from analysis.config import display_path
from analysis.errors import DataError, Problem
from analysis.files import read_text

REQUIRED_KEYS = ("region", "bureau", "currency_unit", "sources")
SOURCE_KEYS = ("file", "title", "publisher", "url", "published", "accessed", "sha256")
# Further keys of a record written by `analysis ingest` (a text kept verbatim, as 2020's, has none of them).
INGEST_KEYS = ("original", "original_sha256", "derived_by")
_MEASURE_WORD = re.compile(r"^[\u4e00-\u9fff]{1,4}$")


@dataclass(frozen=True)
class Source:
    """Where the raw report about one year came from (what the bureau published, not what we did)."""

    year: int
    file: str = ""
    title: str = ""
    publisher: str = ""
    url: str = ""
    published: str = ""
    accessed: str = ""
    sha256: str = ""
    note: str = ""
    original: str = ""  # raw/Y.<ext>: the file as published (web page, .docx, PDF), when raw/Y.txt is derived
    original_sha256: str = ""
    derived_by: str = ""  # the tool and derivation that made raw/Y.txt from the original
    extra: dict[str, Any] = field(default_factory=dict)  # further keys, kept as written


@dataclass(frozen=True)
class Dataset:
    """The dataset description: region, bureau, currency unit, sources by year, declared units."""

    region: str
    bureau: str
    currency_unit: str
    sources: dict[int, Source]
    units: tuple[str, ...] = ()
    bureau_short: str = ""
    raw: dict[str, Any] = field(default_factory=dict)  # the file as read, for keys without a field

    def source_for(self, year: int) -> Source | None:
        """The provenance record of the report about ``year`` (None if there is none)."""
        return self.sources.get(int(year))

    def __getitem__(self, key: str) -> Any:  # the mapping of dataset.yml, as notebooks read it
        return self.raw[key]

    def get(self, key: str, default: Any = None) -> Any:
        """A top-level key of dataset.yml."""
        return self.raw.get(key, default)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def declared_units(raw: Any) -> tuple[str, ...]:
    """The measure words under ``units:`` (a list, or a mapping of word to an explanation)."""
    if isinstance(raw, dict):
        return tuple(str(k) for k in raw)
    if isinstance(raw, list):
        return tuple(str(k) for k in raw)
    return ()


def problems_of(raw: dict, where: str) -> list[Problem]:
    """What is wrong with the structure of a parsed dataset.yml (keys, sources, units)."""
    missing = [k for k in REQUIRED_KEYS if k not in raw]
    problems = [Problem(where, None, None, f"missing key(s) {', '.join(missing)}; expected keys "
                        + ", ".join(REQUIRED_KEYS))] if missing else []
    sources = raw.get("sources")
    if sources is not None and not isinstance(sources, dict):
        problems.append(Problem(where, None, "sources", f"found {sources!r}, expected a mapping from year to a source record"))
    for year, source in (sources or {}).items() if isinstance(sources, dict) else ():
        if year_of(year) is None or not isinstance(source, dict):
            problems.append(Problem(where, None, "sources",
                                    f"found {year!r}: {source!r}, expected a four-digit year with a record (file, url, sha256, ...)"))
    units = raw.get("units")
    if units is not None:
        words = declared_units(units)
        if not isinstance(units, (list, dict)):
            problems.append(Problem(where, None, "units", f"found {units!r}, expected a list of measure words such as [艘, 盏]"))
        for word in words:
            if not _MEASURE_WORD.match(word):
                problems.append(Problem(where, None, "units", f"found {word!r}, expected a measure word of one to four Chinese characters"))
    return problems


def parse(raw: dict) -> Dataset:
    """Typed records from a parsed dataset.yml (structure checked by :func:`problems_of`)."""
    sources = {}
    listed = raw.get("sources")
    for year, record in (listed.items() if isinstance(listed, dict) else ()):
        if year_of(year) is None or not isinstance(record, dict):
            continue
        known = {k: _text(record.get(k)) for k in (*SOURCE_KEYS, "note", *INGEST_KEYS)}
        extra = {k: v for k, v in record.items() if k not in known}
        sources[int(year)] = Source(int(year), **known, extra=extra)
    return Dataset(
        region=_text(raw.get("region")), bureau=_text(raw.get("bureau")),
        currency_unit=_text(raw.get("currency_unit")), sources=sources,
        units=declared_units(raw.get("units")), bureau_short=_text(raw.get("bureau_short")), raw=raw,
    )


def read_raw(data_dir: Path) -> dict:
    """dataset.yml parsed, or a DataError naming the file and line."""
    path = config.dataset_path(require_dir(Path(data_dir)))
    where = display_path(path)
    try:
        raw = yaml.safe_load(read_text(path, what="dataset description"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(Problem(where, mark.line + 1 if mark else None, None,
                                f"not valid YAML ({getattr(exc, 'problem', None) or exc})")) from None
    if not isinstance(raw, dict):
        raise DataError(Problem(where, None, None, "expected a mapping with keys " + ", ".join(REQUIRED_KEYS)))
    return raw


def load_dataset(data_dir: Path | str = config.DATA_DIR) -> Dataset:
    """``dataset.yml`` of ``data_dir`` as a :class:`Dataset`; DataError listing what is wrong."""
    data_dir = Path(data_dir)
    raw = read_raw(data_dir)
    problems = problems_of(raw, display_path(config.dataset_path(data_dir)))
    if problems:
        raise DataError(problems)
    return parse(raw)


def units_of(data_dir: Path | str) -> tuple[str, ...]:
    """The measure words declared in ``data_dir``'s dataset.yml; none if it is missing or broken
    (the validator reports that on its own)."""
    try:
        return declared_units(read_raw(Path(data_dir)).get("units"))
    except DataError:
        return ()
