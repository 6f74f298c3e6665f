"""The provenance record of an ingested report, and dataset.yml with it: the record's text is inserted
into the file's ``sources:`` block (or replaces the year's record), so every other line, comments
included, stays as it was. The result is parsed back and compared before anything is written."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from analysis.errors import DataError, Problem

__all__ = ["record", "with_record"]


def _date(text: str):
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return text or ""


def record(*, file: str, title: str, publisher: str, url: str, published: str, accessed: str, sha256: str,
           original: str = "", original_sha256: str = "", derived_by: str = "", note: str = "") -> dict:
    """A source record in the key order of dataset.yml (dates as dates, so YAML writes them plain)."""
    entry = {"file": file, "title": title, "publisher": publisher, "url": url, "published": _date(published),
             "accessed": _date(accessed), "sha256": sha256}
    if original:
        entry |= {"original": original, "original_sha256": original_sha256, "derived_by": derived_by}
    if note:
        entry["note"] = note
    return entry


def _block_text(year: int, entry: dict, indent: int, step: int) -> list[str]:
    dumped = yaml.safe_dump({year: entry}, allow_unicode=True, sort_keys=False, default_flow_style=False,
                            indent=step, width=10_000)
    return [" " * indent + line + "\n" for line in dumped.splitlines()]


_TOP = re.compile(r"^[^\s#]")


def _sources_block(lines: list[str], where: str) -> tuple[int, int]:
    """Index of the ``sources:`` line and of the line after its last indented line."""
    start = next((n for n, line in enumerate(lines) if re.match(r"^sources\s*:", line)), None)
    if start is None:
        raise DataError(Problem(where, None, "sources", "no top-level `sources:` key to add the record to"))
    end = next((n for n in range(start + 1, len(lines)) if _TOP.match(lines[n])), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and column-0 comments after the last record stay after it
    return start, end


def with_record(text: str, year: int, entry: dict, where: str) -> str:
    """``text`` (dataset.yml) with ``entry`` as the record of ``year`` under ``sources:``: inserted in year
    order, or replacing the year's existing record; every other line kept. DataError if the result
    would not read back as the old file plus (or with) this record."""
    old = yaml.safe_load(text) or {}
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start, end = _sources_block(lines, where)
    head = lines[start].split("#", 1)[0]
    if re.match(r"^sources\s*:\s*(\{\s*\}|null|~)?\s*$", head) is None:
        raise DataError(Problem(where, start + 1, "sources", "found `sources:` written inline; expected a block "
                                "of records (one `YEAR:` line each) to add the record to"))
    lines[start] = "sources:\n" if head.strip() != "sources:" else lines[start]
    keys = [(n, re.match(r"^(\s+)([0-9]{4})\s*:", lines[n])) for n in range(start + 1, end)]
    keys = [(n, m) for n, m in keys if m]
    indent = len(keys[0][1].group(1)) if keys else 2
    keys = [(n, int(m.group(2))) for n, m in keys if len(m.group(1)) == indent]
    body_indent = next((len(line) - len(line.lstrip(" ")) for line in lines[keys[0][0] + 1:end]
                        if line.strip() and not line.lstrip().startswith("#")), 2 * indent) if keys else 2 * indent
    block = _block_text(year, entry, indent, max(body_indent - indent, 1))
    same = [k for k, (n, y) in enumerate(keys) if y == year]
    if same:
        k = same[0]
        first, last = keys[k][0], keys[k + 1][0] if k + 1 < len(keys) else end
        while last > first + 1 and not lines[last - 1].strip():
            last -= 1
        lines[first:last] = block
    else:
        at = next((n for n, y in keys if y > year), end)
        lines[at:at] = block
    new = "".join(lines)
    _check(old, yaml.safe_load(new), year, entry, where)
    return new


def _check(old: dict, new: dict, year: int, entry: dict, where: str) -> None:
    expected = dict(old)
    expected["sources"] = {**(old.get("sources") or {}), year: yaml.safe_load(yaml.safe_dump(entry, allow_unicode=True))}
    if new != expected:
        raise DataError(Problem(where, None, "sources", f"cannot add the record of {year} without changing other "
                                "entries (unusual layout); add it by hand"))
