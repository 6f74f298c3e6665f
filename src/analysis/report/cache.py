"""Content-hash cache of report builds: nothing whose inputs are unchanged is executed again.

A notebook's key hashes the notebook file, its parameters, the data files its year reads (see
:func:`data_digest`: never a later year's), the package's code and templates, and the versions of the
libraries that shape its output. The manifest ``OUT/YEAR/.build.json``
records the key of each output and the size and mtime of the files it wrote; an output is fresh when
its key matches and its files are exactly those the manifest recorded. Kept free of heavy imports so a
fully cached rerun takes a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from analysis import config
from analysis.catalog import year_of
from analysis.config import display_path
from analysis.errors import DataError, Problem

MANIFEST = ".build.json"
FORMAT = 1
LIBRARIES = ("pandas", "plotly", "kaleido", "nbconvert", "papermill", "nbformat", "openpyxl")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(Problem(display_path(path), None, None, f"cannot read file ({exc.strerror or exc})")) from None


def _hash_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(_read(path))
        digest.update(b"\0")
    return digest.hexdigest()


def library_versions() -> list[str]:
    """``name=version`` of each of :data:`LIBRARIES` as installed, read from the names of the
    ``*.dist-info`` folders on ``sys.path`` (what importlib.metadata reads too, without its 40 ms import
    on every cached rerun); ``name=-`` for a library not found."""
    import sys

    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = [e.name for e in os.scandir(entry or ".") if e.name.endswith(".dist-info")]
        except OSError:
            continue
        for folder in names:
            name, _, version = folder[: -len(".dist-info")].partition("-")
            found.setdefault(name.lower().replace("_", "-"), version)
    return [f"{name}={found.get(name, '-')}" for name in LIBRARIES]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's own code and templates, and the versions of the libraries rendering the report."""
    files = [p for p in config.PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".css", ".json"}]
    versions = library_versions()
    return hashlib.sha256((_hash_files(files, config.PACKAGE_DIR) + ";".join(versions)).encode()).hexdigest()


def data_digest(data_dir: Path, year: int | None = None) -> str:
    """What the report of ``year`` reads from a data directory (every data file if ``year`` is None).

    The figures and raw reports of the years up to ``year``, the plans up to ``year + 1`` (the report
    about a year announces the plans for the next) and ``dataset.yml`` without the sources of later
    years: adding a later year changes no earlier year's digest.
    """
    data_dir = Path(data_dir)
    if year is None:
        files = [p for pattern in ("dataset.yml", "raw/*.txt", "figures/*.csv", "plans/*.csv") for p in data_dir.glob(pattern)]
        return _hash_files([p for p in files if p.is_file()], data_dir)
    bounds = {config.RAW_SUBDIR: ("*.txt", year), config.FIGURES_SUBDIR: ("*.csv", year), config.PLANS_SUBDIR: ("*.csv", year + 1)}
    files = [p for folder, (pattern, last) in bounds.items() for p in (data_dir / folder).glob(pattern)
             if p.is_file() and year_of(p) is not None and year_of(p) <= last]
    return key("data", year, _hash_files(files, data_dir), _dataset_digest(config.dataset_path(data_dir), year))


def _dataset_digest(path: Path, year: int) -> str:
    """``dataset.yml`` as the report of ``year`` reads it: everything but the sources of later years."""
    if not path.is_file():
        return "-"
    raw = _read(path)
    import yaml  # ~40 ms, on the cached path only when a dataset.yml exists

    try:
        dataset = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return hashlib.sha256(raw).hexdigest()  # unreadable as YAML: the data check reports it
    if isinstance(dataset, dict) and isinstance(dataset.get("sources"), dict):
        dataset = {**dataset, "sources": {k: v for k, v in dataset["sources"].items()
                                          if year_of(k) is None or year_of(k) <= year}}
    return key("dataset.yml", _plain(dataset))


def _plain(value):
    """A YAML value as JSON can hash it: mapping keys as text (YAML allows int and date keys)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def key(*parts) -> str:
    """A stable hash of JSON-serialisable parts."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def notebook_key(notebook: Path, parameters: dict, data: str) -> str:
    """The key of one executed notebook and its HTML."""
    return key("notebook", hashlib.sha256(Path(notebook).read_bytes()).hexdigest(), parameters, data, code_digest())


def stamp(path: Path) -> list[int]:
    """What the manifest remembers of a written file: size and modification time (ns)."""
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def load(out_dir: Path) -> dict:
    """The manifest of an output folder (empty if missing or unreadable)."""
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else {}


def fresh(manifest: dict, entry: str, entry_key: str, out_dir: Path) -> bool:
    """True when ``entry`` was built with ``entry_key`` and its files are untouched since."""
    record = manifest.get("entries", {}).get(entry)
    if not record or record.get("key") != entry_key:
        return False
    for name, remembered in record.get("files", {}).items():
        path = Path(out_dir) / name
        if not path.is_file() or stamp(path) != remembered:
            return False
    return True


def record(manifest: dict, entry: str, entry_key: str, out_dir: Path, files: list[str]) -> dict:
    """Notes ``entry`` as built with ``entry_key`` and the current state of its ``files``."""
    manifest.setdefault("format", FORMAT)
    manifest.setdefault("entries", {})[entry] = {
        "key": entry_key,
        "files": {name: stamp(Path(out_dir) / name) for name in files},
    }
    return manifest


def save(manifest: dict, out_dir: Path) -> None:
    """Writes the manifest atomically."""
    path = Path(out_dir) / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.part")
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
