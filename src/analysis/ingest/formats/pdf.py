"""A text-layer PDF to its main text with pypdf: glyph runs placed on the page, grouped into lines,
and lines joined into paragraphs (one a line) where the layout says a paragraph goes on.

A line starts a new paragraph when it is indented past the page's left margin (a first-line indent,
a centred or right-aligned line), when the font size changes, after a vertical gap larger than the
line pitch, or when the line before ends short of the right margin. Lines of a paragraph are joined
without a separator (Chinese wraps anywhere), with a space between two Latin letters or digits; a
space next to a Chinese character or full-width punctuation is a gap between glyphs, not text, and
is dropped (Chinese is written without spaces).

Fonts often map a CJK glyph to a radical code point (⺠ U+2EA0 for 民, ⽰ U+2F70 for 示) in the PDF's
ToUnicode table; those are read as the ideograph (Kangxi radicals by NFKC, the CJK Radicals
Supplement by Unicode's EquivalentUnifiedIdeograph data; ⼾ and ⾭ as the simplified 户 and 青, since
the reports are in simplified Chinese). A PDF
without a text layer (a scan) is refused: there is no OCR here.
"""

from __future__ import annotations

import io
import logging
import math
import re
import statistics
import unicodedata

from analysis.ingest.derive import Derived, layout_stripped, parse_date, published_in

EXTENSIONS = (".pdf",)

# CJK Radicals Supplement code points that fonts use for whole ideographs (EquivalentUnifiedIdeograph.txt).
_RADICALS = {"\u2f3e": "户", "\u2fad": "青"}  # Kangxi DOOR, BLUE: the simplified Chinese code points
_RADICALS |= dict(zip(
    "⺠⻓⻔⻅⻋⻢⻛⻜⻝⻥⻦⻩⻬⻮⻰⻳⻚⻉⻄⻆⻈⻐⻘⻤⻨⻧⻪⺁⺇⺊⺌⺓⺝⺧⺫⺮⺶⻌⻏⻖⻗⻙⻣⻠⺾⺟",
    "民长门见车马风飞食鱼鸟黄齐齿龙龟页贝西角讠钅青鬼麦卤黾厂几卜小幺月牛目竹羊辶阝阝雨韦骨饣艹母"))
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d+\s*(?:页)?(?:\s*[/共]\s*\d+\s*页?)?[-—–\s]*$")
# Spaces next to a Chinese character or full-width punctuation are the PDF reader's guesses from glyph
# gaps (justified lines spread their glyphs), not text: Chinese is written without spaces.
_GAP_SPACES = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’])[ \t]+"
                         r"|[ \t]+(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’])")
_END = "。！？；：”’）》」』!?;:)"


class NoTextLayer(ValueError):
    """The PDF has pages but no text to read (a scanned or image-only PDF)."""


def unified(text: str) -> str:
    """Radical code points read as the ideographs they stand for; everything else untouched."""
    out = []
    for ch in text:
        if ch in _RADICALS:
            ch = _RADICALS[ch]
        elif "\u2f00" <= ch <= "\u2fd5":
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _width(text: str, size: float) -> float:
    """Approximate advance of ``text``: 1 em for a wide (CJK, full-width) character, 0.55 em otherwise."""
    return sum(size if _wide(ch) else 0.55 * size for ch in text)


def _runs(page) -> list[tuple[float, float, float, str]]:
    """(x, y from the top, font size, text) of every text run on the page, in user space."""
    runs = []

    def visit(text, cm, tm, font, size):
        if not text or not text.strip():
            return
        a, b, c, d, e, f = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                            tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3],
                            tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
        scale = math.sqrt(abs(a * d - b * c)) or 1.0
        runs.append((e, -f, round(size * scale, 2), text.replace("\n", "")))

    page.extract_text(visitor_text=visit)
    return runs


def _lines(runs) -> list[dict]:
    """Runs grouped into lines in the order the page draws them (reading order for the programs that
    print reports): a line ends where the baseline moves by more than a third of the font size."""
    lines: list[dict] = []
    for x, y, size, text in runs:
        if lines and abs(lines[-1]["y"] - y) <= max(lines[-1]["size"], size) / 3:
            line = lines[-1]
        else:
            line = {"y": y, "size": size, "runs": []}
            lines.append(line)
        line["runs"].append((x, size, text))
        line["size"] = max(line["size"], size)
    for line in lines:
        line["x0"] = min(x for x, _, _ in line["runs"])
        line["x1"] = max(x + _width(text, size) for x, size, text in line["runs"])
        line["text"] = _GAP_SPACES.sub("", "".join(t for _, _, t in line["runs"]))
    return [line for line in lines if not _PAGE_NUMBER.match(line["text"])]


def _join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def _paragraphs(pages: list[list[dict]]) -> list[str]:
    every = [line for page in pages for line in page]
    if not every:
        return []
    left = statistics.mode(round(line["x0"]) for line in every)
    right = max(line["x1"] for line in every)
    pitches = [b["y"] - a["y"] for page in pages for a, b in zip(page, page[1:]) if b["y"] > a["y"]]
    pitch = statistics.median(pitches) if pitches else 0
    paragraphs: list[str] = []
    previous = None
    for number, page in enumerate(pages):
        for n, line in enumerate(page):
            size = line["size"]
            new = previous is None or line["x0"] > left + 0.8 * size or abs(size - previous["size"]) > 0.5
            new = new or (n > 0 and pitch and line["y"] - previous["y"] > 1.6 * pitch)
            short = right - previous["x1"] if previous else 0
            new = new or short > 4 * size or (short > 1.2 * size and previous["text"].endswith(tuple(_END)))
            new = new or (previous is not None and previous["x0"] > left + 0.8 * previous["size"]
                          and previous["x1"] < right - 1.2 * previous["size"])  # centred or right-aligned
            if new:
                paragraphs.append(line["text"])
            else:
                paragraphs[-1] = _join(paragraphs[-1], line["text"])
            previous = line
    return paragraphs


def _date(value) -> str:
    return value.date().isoformat() if value is not None else ""


def derive(data: bytes, where: str) -> Derived:
    """The main text and metadata of a text-layer PDF (see the module's docstring); ValueError if the
    file is not a readable PDF, NoTextLayer if it has no text."""
    import pypdf
    from pypdf.errors import PdfReadError

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # pypdf's notes on repairing a damaged file are not the user's business
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        pages = [_lines(_runs(page)) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValueError(f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        log.setLevel(level)
    if not any(pages):
        raise NoTextLayer(f"PDF of {len(reader.pages)} page(s) without a text layer (a scan or images only); "
                          "no OCR here: ask for the web page, a .docx or a text PDF")
    lines = layout_stripped(unified(p) for p in _paragraphs(pages))
    meta = reader.metadata or {}
    title = unified(str(meta.get("/Title") or "")).strip()
    if re.match(r"^Microsoft Word - |.*\.(docx?|wps|pdf)$", title, re.I):
        title = ""  # a file name that Word or a printer put there, not the document's title
    published = published_in("\n".join(lines))
    published_from, stated = ("the document's 发布日期 line", True) if published else ("", False)
    if not published:
        try:
            published = _date(getattr(reader.metadata, "creation_date", None)) if reader.metadata else ""
        except (ValueError, TypeError):
            published = ""
        published_from = "the PDF's creation date (metadata)" if published else ""
    # No publisher: /Author names whoever made the file, not who published it.
    return Derived(lines, title=title, published=parse_date(published), published_from=published_from,
                   published_stated=stated, tool=f"pdf: pypdf {pypdf.__version__}")
