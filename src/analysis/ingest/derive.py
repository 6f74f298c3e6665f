"""What every format's derivation shares: the derived text (one paragraph a line), the metadata read
alongside it, and the patterns of a publication date and a source line in Chinese pages.

A derivation is a pure function of the original's bytes: the same bytes give the same text, so
``analysis validate`` can re-derive ``raw/Y.txt`` from the stored original and compare.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["Derived", "DERIVATION", "text_of", "layout_stripped", "published_in", "source_in", "parse_date"]

DERIVATION = 1  # bumped whenever a rule below or in a format changes what text a file gives

# Indentation and trailing space of a paragraph are layout, not text: ASCII space and tab, NBSP and
# the ideographic space U+3000 used to indent Chinese paragraphs. Inside a line they are kept.
_LAYOUT = " \t\u00a0\u3000"


@dataclass(frozen=True)
class Derived:
    """The main text of an original (paragraphs, one a line) and what the file says about itself."""

    lines: tuple[str, ...]
    title: str = ""
    published: str = ""  # ISO date, "" if the file does not say
    published_from: str = ""  # where the date was read (for the reviewer)
    published_stated: bool = False  # the page or document states it (meta tag, 发布日期 line), not a file date
    publisher: str = ""
    url: str = ""
    tool: str = ""  # the parser(s) and versions that read the file

    @property
    def text(self) -> str:
        """The derived ``raw/Y.txt``: the lines joined with LF, a final LF."""
        return text_of(self.lines)


def text_of(lines) -> str:
    """Lines as a text file: LF between them and at the end."""
    return "".join(f"{line}\n" for line in lines)


def layout_stripped(lines) -> tuple[str, ...]:
    """Each line without indentation or trailing space (see ``_LAYOUT``); empty lines dropped."""
    out = (line.strip(_LAYOUT) for line in lines)
    return tuple(line for line in out if line)


_DATE = r"(?P<y>(?:19|20)[0-9]{2})\s*[-/.年]\s*(?P<m>[01]?[0-9])\s*[-/.月]\s*(?P<d>[0-3]?[0-9])"
_PUBLISHED = re.compile(r"(?:发布|发表|印发|公开)(?:时间|日期)\s*[:：]?\s*" + _DATE)
_SOURCE = re.compile(r"(?:信息)?来源\s*[:：]\s*(?P<source>[^\s\u00a0\u3000|｜]{1,30})")


def parse_date(text: str) -> str:
    """The first date in ``text`` (2022-01-18, 2022/1/18, 2022年1月18日, 2022-01-18 09:30) as ISO, or ""."""
    m = re.search(_DATE, text or "")
    if not m:
        return ""
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return ""


def published_in(text: str) -> str:
    """The date after 发布时间/发布日期 (and the like) in ``text``, as ISO, or ""."""
    m = _PUBLISHED.search(text or "")
    return parse_date(m.group(0)) if m else ""


def source_in(text: str) -> str:
    """The name after 来源: in ``text`` (the page's "来源:本网" line), or ""."""
    m = _SOURCE.search(text or "")
    return m["source"] if m else ""
