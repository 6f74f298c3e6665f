"""``analysis ingest`` as a library call: the report as published becomes ``raw/Y.<ext>`` (byte for
byte), the derived ``raw/Y.txt``, its provenance record in dataset.yml and a draft of the year's
figures. Everything is checked and prepared first, then written in one step (:mod:`.stage`): a refused
or interrupted ingest writes nothing. Nothing is printed here (see :func:`next_steps`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import config
from analysis.atomic import check_writable
from analysis.config import display_path
from analysis.dataset import load_dataset
from analysis.errors import IngestError, ParameterError
from analysis.files import read_text
from analysis.ingest.derive import DERIVATION, Derived
from analysis.ingest.formats import deriver, format_of, supported
from analysis.ingest.provenance import record, with_record
from analysis.ingest.stage import commit

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["IngestRun", "run_ingest", "derive_file", "default_draft", "derived_by"]

_OLD_WORD = {".doc": "old Word .doc", ".wps": "WPS .wps", ".rtf": "RTF", ".odt": "OpenDocument .odt"}


@dataclass(frozen=True)
class IngestRun:
    """What one ingest wrote: paths, the record added to dataset.yml, the draft and what to check."""

    year: int
    source: Path  # the file given
    original: Path | None  # raw/Y.<ext>, None for a .txt kept verbatim as raw/Y.txt
    text: Path  # raw/Y.txt
    derived: Derived
    record: dict
    dataset: Path
    draft: pd.DataFrame  # the draft figures, in the columns of figures/YYYY.csv
    draft_path: Path
    candidates: int
    replaced: tuple[str, ...] = ()  # what --force replaced
    kept: tuple[str, ...] = ()  # curated files of the year left as they are
    notes: tuple[str, ...] = field(default_factory=tuple)  # fields guessed or missing, for the reviewer


def default_draft(year: int) -> Path:
    """Where the draft goes unless told: beside the review notebook's (``reports/extract/YEAR-draft.csv``),
    generated output that a rerun replaces."""
    return config.REPORTS_DIR / "extract" / f"{year}-draft.csv"


def derived_by(derived: Derived) -> str:
    """The tool that derived a text, as the record states it."""
    return f"analysis ingest, derivation {DERIVATION} ({derived.tool})"


def _read(path: Path) -> bytes:
    where = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{where}: file not found") from None
    except IsADirectoryError:
        raise IngestError(f"{where}: expected a file, found a directory") from None
    except OSError as exc:
        raise IngestError(f"{where}: cannot read file ({exc.strerror or exc})") from None
    if not data.strip():
        raise IngestError(f"{where}: file is empty")
    return data


def derive_file(path: Path | str, data: bytes | None = None) -> tuple[str, Derived]:
    """The format and derivation of a file (its bytes may be given); IngestError saying what is wrong."""
    path = Path(path)
    where = display_path(path)
    name = format_of(path)
    if name is None:
        suffix = path.suffix.lower()
        hint = (f"{_OLD_WORD[suffix]} is not read here: save it as .docx (Word/WPS: 另存为 > .docx)"
                if suffix in _OLD_WORD else f"unsupported file type {suffix or '(no extension)'!r}")
        raise IngestError(f"{where}: {hint}; expected a saved web page, Word .docx, text-layer PDF or UTF-8 text "
                          f"({supported()})")
    data = _read(path) if data is None else data
    try:
        derived = deriver(name)(data, where)
    except ValueError as exc:
        raise IngestError(f"{where}: {exc}") from None
    if not derived.lines:
        raise IngestError(f"{where}: no main text found (only navigation, scripts or empty blocks)")
    return name, derived


def _existing(data_dir: Path, year: int, has_record: bool) -> list[Path | str]:
    found: list[Path | str] = sorted(p for p in (data_dir / config.RAW_SUBDIR).glob(f"{year}.*")
                                     if p.stem == str(year) and format_of(p) is not None)  # raw/Y.txt, raw/Y.html, ...
    if has_record:
        found.append(f"the {year} record in {display_path(config.dataset_path(data_dir))}")
    return found


def _candidates(text: str, year: int, data_dir: Path):
    """The figures ``analysis extract`` finds in the text (with last year's suggestions) and their draft."""
    from analysis.extract import draft_figures, run_extract

    with tempfile.TemporaryDirectory(prefix="analysis-ingest-") as folder:
        path = Path(folder) / f"{year}.txt"
        path.write_text(text, encoding="utf-8")
        result = run_extract(path, year=year, data_dir=data_dir)
    return result.candidates, draft_figures(result.candidates, year)


def run_ingest(file: Path | str, year: int, url: str | None = None, data_dir: Path | str = config.DATA_DIR,
               force: bool = False, draft: Path | str | None = None, accessed: dt.date | None = None) -> IngestRun:
    """Ingest the report ``file`` as the report about ``year`` into ``data_dir`` (see the module's docstring).

    Refused, writing nothing: an unsupported or unreadable file, no main text, a main text without a
    figure, a scanned PDF, a year that already has a raw report or a record (unless ``force``, which
    replaces them and keeps the year's curated figures and plans), an existing ``draft`` outside
    ``reports/`` (unless ``force``).
    """
    from analysis.extract.draft import frame_csv

    file, data_dir = Path(file), Path(data_dir)
    if not 1900 <= int(year) <= 2100:
        raise ParameterError(f"--year {year}: expected the four-digit year the report is about")
    data = _read(file)
    name, derived = derive_file(file, data)
    dataset = load_dataset(data_dir)
    existing = _existing(data_dir, year, dataset.source_for(year) is not None)
    if existing and not force:
        shown = ", ".join(p if isinstance(p, str) else display_path(p) for p in existing)
        raise IngestError(f"year {year} already has data ({shown}); nothing written (use --force to replace "
                          "the raw report and its record)")
    text = data.decode("utf-8-sig") if name == "txt" else derived.text
    candidates, drafted = _candidates(text, year, data_dir)
    if not len(candidates):
        raise IngestError(f"{display_path(file)}: the main text ({len(derived.lines)} line(s), starting "
                          f"{derived.lines[0][:30]!r}) holds no figure; expected a work report with figures")
    draft_path = Path(draft) if draft is not None else default_draft(year)
    generated = draft is None or config.REPORTS_DIR.resolve() in draft_path.resolve().parents
    check_writable(draft_path, force=force or generated)
    text_path = config.raw_path(data_dir, year)
    original = None if name == "txt" else text_path.with_suffix(file.suffix.lower())
    record_of, notes = _record(year, derived, data, text, name, original, url, accessed, dataset)
    dataset_path = config.dataset_path(data_dir)
    yml = with_record(read_text(dataset_path, what="dataset description"), year, record_of, display_path(dataset_path))
    files = {text_path: data if name == "txt" else text.encode("utf-8"), dataset_path: yml.encode("utf-8"),
             draft_path: frame_csv(drafted).encode("utf-8")}
    if original is not None:
        files = {original: data, **files}
    old = [p for p in existing if isinstance(p, Path) and p not in files]
    for target in files:
        check_writable(target, force=True)
    commit(files, remove=tuple(old))
    kept = tuple(display_path(p) for p in (config.figures_path(data_dir, year), config.plans_path(data_dir, year + 1))
                 if p.exists())
    return IngestRun(year, file, original, text_path, derived, record_of, dataset_path, drafted, draft_path,
                     len(candidates), tuple(p if isinstance(p, str) else display_path(p) for p in existing), kept, notes)


def _record(year, derived: Derived, data: bytes, text: str, name: str, original: Path | None, url: str | None,
            accessed: dt.date | None, dataset) -> tuple[dict, tuple[str, ...]]:
    notes, remarks = [], []
    previous = dataset.source_for(year)
    if previous is not None and hashlib.sha256(data).hexdigest() in (previous.original_sha256, previous.sha256):
        # the same file again (e.g. its text rebuilt after a parser upgrade): retrieved when and where it was
        try:
            accessed = accessed or (dt.date.fromisoformat(previous.accessed) if previous.accessed else None)
        except ValueError:
            pass  # not a date: today's is recorded
        url = url if url is not None else (previous.url or None)
    title = derived.title or derived.lines[0]
    publisher = derived.publisher
    if not publisher:
        publisher = dataset.bureau
        notes.append(f"publisher: not stated in the file; set to the bureau ({publisher}): check it")
        remarks.append("publisher not stated in the file (the bureau assumed)")
    if derived.published and not derived.published_stated:
        notes.append(f"published: {derived.published} is {derived.published_from}: check it against the page")
        remarks.append(f"published date taken from {derived.published_from}")
    url = url if url is not None else derived.url
    missing = [key for key, value in (("url", url), ("published", derived.published)) if not value]
    if missing:
        notes.append(f"{', '.join(missing)}: not in the file; fill in by hand")
    kind = {"html": "a saved web page", "docx": "a Word document", "pdf": "a PDF"}.get(name)
    note = f"Main text derived from {kind}; {'; '.join(remarks)}." if kind and remarks else (
        f"Main text derived from {kind}." if kind else "")
    entry = record(
        file=f"{config.RAW_SUBDIR}/{year}.txt", title=title, publisher=publisher, url=url or "",
        published=derived.published, accessed=(accessed or dt.date.today()).isoformat(),
        sha256=hashlib.sha256(data if original is None else text.encode("utf-8")).hexdigest(),
        original=f"{config.RAW_SUBDIR}/{original.name}" if original is not None else "",
        original_sha256=hashlib.sha256(data).hexdigest() if original is not None else "",
        derived_by=derived_by(derived) if original is not None else "", note=note)
    return entry, tuple(notes)
