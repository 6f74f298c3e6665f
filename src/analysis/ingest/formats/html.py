"""A saved web page to its main text: the declared encoding honoured (GBK/GB18030 included), site
navigation, breadcrumbs, footers, scripts and styles dropped, one paragraph a line.

The main text is the title (the page's ``h1``) and the block holding most of the page's paragraph
text; chrome is recognised by element (nav, header, footer, aside, script, ...) and by the id or class
names sites give it (nav, menu, breadcrumb, footer, share, ...).
"""

from __future__ import annotations

import re

from analysis.ingest.derive import Derived, layout_stripped, parse_date, published_in, source_in

EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml")

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "nav", "header", "footer",
         "aside", "form", "button", "select", "input", "textarea", "svg", "canvas", "map", "link", "meta")
_CHROME = re.compile(
    r"(?:^|[-_])(?:nav|navbar|menu|menus|breadcrumbs?|crumbs?|footer|foot|header|top|topbar|banner|sidebar|"
    r"side|share|bshare|toolbar|tools|position|location|dqwz|copyright|search|login|skip|pager|pagination|"
    r"related|xgwz|xgxx|print|qrcode|ewm)(?:$|[-_0-9])", re.I)
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
           "dt", "dd", "tr", "table", "tbody", "thead", "blockquote", "pre", "center", "td", "th", "br", "hr",
           "address", "figure", "figcaption"}
# Page furniture that sites put inside the article block: font-size switches, print and close links.
_FURNITURE = re.compile(r"^(?:【?\s*字[体号]\s*[:：].{0,12}】?|【?(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏)】?\s*)+$")
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")  # HTML white space; NBSP and U+3000 are text


def _codec(name: str) -> str:
    """The codec to decode a declared charset with: GB2312/GBK as GB18030 (sites declare GB2312 and use GBK)."""
    name = name.strip().lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn") else name


def decode(data: bytes, where: str) -> str:
    """The page's text, in the encoding its BOM, ``<meta charset>`` or XML declaration declares (else
    UTF-8, else GB18030); a ValueError naming the bytes that do not decode."""
    import codecs

    from bs4.dammit import EncodingDetector

    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            declared = name
            break
    else:
        declared = EncodingDetector.find_declared_encoding(data, is_html=True, search_entire_document=False)
    candidates = [_codec(declared)] if declared else ["utf-8", "gb18030"]
    for codec in candidates:
        try:
            return data.decode(codec)
        except LookupError:
            raise ValueError(f"declares the unknown encoding {declared!r}") from None
        except UnicodeDecodeError as exc:
            error = exc
    shown = f"declared {declared}" if declared else "neither UTF-8 nor GBK/GB18030"
    raise ValueError(f"not readable as {shown} (byte {error.start})")


def _chrome(tag) -> bool:
    if tag.attrs is None:
        return False
    names = [tag.get("id") or "", *(tag.get("class") or [])]
    if tag.has_attr("hidden") or re.search(r"display\s*:\s*none", tag.get("style") or ""):
        return True
    return any(_CHROME.search(name) for name in names if isinstance(name, str))


def _lines(node) -> list[str]:
    """The text of ``node`` as rendered lines: a block element starts and ends a line."""
    from bs4 import NavigableString, Tag

    lines, current = [], []

    def walk(element):
        for child in element.children:
            if isinstance(child, Tag):
                block = child.name in _BLOCKS
                if block:
                    flush()
                if child.name != "br":
                    walk(child)
                if block:
                    flush()
            elif isinstance(child, NavigableString) and type(child) is NavigableString:
                current.append(_WHITESPACE.sub(" ", str(child)))

    def flush():
        if current:
            lines.append("".join(current))
            current.clear()

    walk(node)
    flush()
    return lines


def _content(soup):
    """The element holding most paragraph text: each paragraph-like block counts for its parent."""
    from bs4 import Tag

    scores: dict[int, tuple[int, object]] = {}
    for block in soup.find_all(["p", "div", "td", "li", "section"]):
        if block.find(["p", "div", "td", "li", "section", "table"]) is not None:
            continue  # only innermost blocks carry text to their parent
        size = len(block.get_text(strip=True))
        parent = block.parent
        if isinstance(parent, Tag):
            old = scores.get(id(parent), (0, parent))[0]
            scores[id(parent)] = (old + size, parent)
    if not scores:
        return soup.body or soup
    return max(scores.values(), key=lambda pair: pair[0])[1]


def _headings(soup) -> tuple[dict[int, int], list[tuple[int, str, object]]]:
    """The position of every node in the page, and every h1/h2 outside navigation and footers as
    (position, its line, the element); read before chrome is dropped, since sites wrap the article's
    title in a "header" block."""
    order = {id(node): n for n, node in enumerate(soup.descendants)}
    found = []
    for heading in soup.find_all(["h1", "h2"]):
        line = layout_stripped(_lines(heading))
        if line and heading.find_parent(["nav", "footer", "aside"]) is None:
            found.append((order[id(heading)], " ".join(line), heading))
    return order, found


def _title(order, headings, content, hints: tuple[str, ...], site: str) -> tuple[str, bool]:
    """The article's title: the heading the page's title or meta tags name, else the first heading
    inside the main block, else the last one before it; and whether it lies outside the main block."""
    inside = [h for h in headings if not h[2].decomposed and any(p is content for p in h[2].parents)]
    named = [h for h in headings if h[1] != site and any(hint and h[1] in hint for hint in hints)]
    before = [h for h in headings if h not in inside and h[0] < order.get(id(content), 0)]
    chosen = (named or inside or before[-1:] or [None])[0]
    return ("", False) if chosen is None else (chosen[1], chosen not in inside)


def _meta(soup, *names: str) -> str:
    for name in names:
        tag = soup.find("meta", attrs={"name": re.compile(f"^{name}$", re.I)}) or soup.find(
            "meta", attrs={"property": re.compile(f"^{name}$", re.I)})
        if tag and (tag.get("content") or "").strip():
            return tag["content"].strip()
    return ""


def _saved_from(text: str) -> str:
    m = re.search(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", text[:2000])
    return m.group(1) if m else ""


def derive(data: bytes, where: str) -> Derived:
    """The main text and metadata of a saved web page (see the module's docstring)."""
    import bs4
    import lxml
    from bs4 import BeautifulSoup

    text = decode(data, where)
    soup = BeautifulSoup(text, "lxml")
    page_title = " ".join(soup.title.get_text().split()) if soup.title else ""
    meta_title = _meta(soup, "ArticleTitle", "og:title", "title")
    published = _meta(soup, "PubDate", "article:published_time", "publishdate", "pubdate", "dcterms.issued")
    site = _meta(soup, "SiteName", "og:site_name")
    source = _meta(soup, "ContentSource")
    url = _meta(soup, "og:url", "url") or (soup.find("link", rel="canonical") or {}).get("href", "") or _saved_from(text)
    body_text = soup.get_text(" ")
    published_from = "the page's meta tags" if published else ""
    if not published and published_in(body_text):
        published, published_from = published_in(body_text), "the page's 发布日期 line"
    source = source or source_in(body_text)
    order, headings = _headings(soup)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_chrome):
        if not tag.decomposed:
            tag.decompose()
    if not site and (" - " in page_title or "_" in page_title):
        site = re.split(r"\s+-\s+|_", page_title)[-1].strip()
    content = _content(soup)
    title, outside = _title(order, headings, content, (meta_title, page_title), site)
    lines = [title] if title and outside else []
    lines += [line for line in _lines(content) if not _page_line(line)]
    lines = list(layout_stripped(lines))
    title = title or meta_title or page_title
    publisher = site + (f"(来源:{source})" if source and source not in site else "")
    tool = f"html: beautifulsoup4 {bs4.__version__} + lxml {lxml.__version__}"
    return Derived(tuple(lines), title=title, published=parse_date(published), published_from=published_from,
                   published_stated=bool(published), publisher=publisher, url=url, tool=tool)


def _page_line(line: str) -> bool:
    """A line of page furniture inside the article block: 发布时间/来源 info, 字体 and 打印 links."""
    stripped = line.strip(" \u00a0\u3000")
    return bool(_FURNITURE.match(stripped)) or (len(stripped) < 120 and bool(published_in(stripped)))
