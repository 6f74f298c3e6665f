"""The structure of a report text: headings (and whether a part is the plan for next year),
sentences, clauses and quoted names, found once per text and looked up by bisection."""

from __future__ import annotations

import bisect
import re

from analysis.vocab import section_for

__all__ = ["Structure", "section_label"]

_SENTENCE_END = re.compile(r"[。！？!?；;\n\r]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n\r，,：:（）()]")
_QUOTED = re.compile(r"“[^”\n]{0,24}”|\"[^\"\n]{0,24}\"|「[^」\n]{0,24}」|《[^》\n]{0,60}》")

_TOP_HEADING = re.compile(r"(?m)^[ \t\u00a0\u3000]*(?P<label>[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分[ \u00a0\u3000、:：]*)"
                          r"(?P<title>[^\r\n。]*)")
_SUB_HEADING = re.compile(r"(?:(?<=[\n。])|^)[ \t\u00a0\u3000]*(?P<label>[(（][一二三四五六七八九十]{1,3}[)）])"
                          r"(?P<title>[^\r\n。；;]*)")
_PLAN_WORDS = re.compile(r"计划|思路|打算|展望|下一步|安排|目标任务|重点工作|工作要点")
_LONGEST_SENTENCE = 200  # characters; a longer "sentence" is a run-on list: its clause is quoted instead


class Structure:
    """Headings, sentence and clause boundaries and quoted-name spans of one text, for bisecting."""

    def __init__(self, text: str, year: int):
        self.text = text
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(text)]
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        self.quoted_starts = [s for s, _ in quoted]
        self.quoted_ends = [e for _, e in quoted]
        next_year = f"{year + 1}年" if year else None
        self.tops = []  # (position, heading text, part, plan)
        for m in _TOP_HEADING.finditer(text):
            title = m.group("title").strip()
            label = m.group("label")
            part = re.sub(r"^\s*\d{4}\s*年度?", "", title).strip() or title
            plan = bool(_PLAN_WORDS.search(title)) or bool(next_year and title.startswith(next_year))
            self.tops.append((m.start("label"), (label + title).strip(), part, plan))
        self.top_starts = [t[0] for t in self.tops]
        self.subs = [(m.start("label"), (m.group("label") + m.group("title")).strip())
                     for m in _SUB_HEADING.finditer(text)]
        self.sub_starts = [s[0] for s in self.subs]

    def in_quoted_name(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside a short quoted name (“两残儿童”, 《...》)."""
        i = bisect.bisect_right(self.quoted_starts, start) - 1
        return i >= 0 and self.quoted_ends[i] >= end

    def heading(self, pos: int) -> tuple[str, str, str, bool]:
        """(section heading text, top heading text, part, plan) in effect at ``pos``."""
        i = bisect.bisect_right(self.top_starts, pos) - 1
        top_pos, top, part, plan = self.tops[i] if i >= 0 else (-1, "", "", False)
        j = bisect.bisect_right(self.sub_starts, pos) - 1
        section = self.subs[j][1] if j >= 0 and self.subs[j][0] > top_pos else top
        return section, top, part, plan

    def _span(self, ends: list[int], start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_left(ends, start)
        left = ends[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(ends, end)
        right = ends[j] if j < len(ends) else len(self.text)
        return left, right

    def _trimmed(self, left: int, right: int) -> tuple[int, int]:
        text = self.text
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        return left, right

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``start:end`` (its clause if the sentence is a long run-on list)."""
        left, right = self._trimmed(*self._span(self.sentence_ends, start, end))
        if right - left > _LONGEST_SENTENCE:
            left, right = self.clause(start, end)
        return left, right

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around ``start:end`` (between commas, colons, brackets or sentence ends)."""
        return self._trimmed(*self._span(self.clause_ends, start, end))


def section_label(*texts: str) -> str:
    """The controlled section (疫情防控, 社会救助, ...) a heading or sentence is about; 综合 if none."""
    return section_for(*texts)
