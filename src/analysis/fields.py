"""The field dictionary: one description, unit, dtype and rule per column; the schemas derive from it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.pandas as pa

from analysis.vocab import COMPARABILITY, FLOWS, FUNDING_SOURCES, SECTION_NAMES as SECTIONS

ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
NUMBER_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"  # ASCII digits only: \d would accept ７１０
YEAR_PATTERN = r"^[0-9]{4}$"


@dataclass(frozen=True)
class Field:
    """One column of a data file."""

    name: str
    description: str
    dtype: str  # dtype after loading: "str", "int", "float"
    required: bool = True  # an empty cell is an error
    unit: str | None = None
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    expected: str = ""  # what a reader should put there, for error messages
    tags: tuple[str, ...] = field(default_factory=tuple)
    vocabulary: str | None = None  # checked against a registry of analysis.vocab by the rules ("unit")
    optional_column: bool = False  # a file may leave the column out (added after the first data)


FIGURE_FIELDS: tuple[Field, ...] = (
    Field("id", "Stable key across years, a dotted slug (section.program.indicator).", "str",
          pattern=ID_PATTERN, expected="a dotted lower-case slug such as assistance.basic_living.spend"),
    Field("year", "The year the figure is about; equals the file name.", "int",
          pattern=YEAR_PATTERN, expected="a four-digit year"),
    Field("section", "Report section, from a controlled list.", "str", allowed=SECTIONS),
    Field("program", "Program name in Chinese as leadership knows it.", "str", expected="a program name"),
    Field("indicator", "What is measured (支出金额, 服务人数, ...).", "str", expected="an indicator name"),
    Field("value", "The number as the report states it, in the stated unit.", "float", unit="unit column",
          pattern=NUMBER_PATTERN, expected="a plain number such as 636.03 (no separators, ASCII digits)"),
    Field("unit", "The unit as stated: a unit of the registry (analysis.vocab) or one declared in dataset.yml.",
          "str", vocabulary="unit", expected="a known unit"),
    Field("flow", "For money: spend, income, sales or waiver; empty otherwise.", "str", required=False,
          allowed=FLOWS),
    Field("parent", "Id of the figure this one is part of (其中...), so totals never double count.", "str",
          required=False, pattern=ID_PATTERN, expected="the id of another figure of the same year"),
    Field("quote", "The shortest verbatim fragment of the raw report that contains the figure.", "str",
          expected="a verbatim fragment of the raw report"),
    Field("note", "Caveats: scope, cumulative periods, funding source.", "str", required=False),
    Field("counts_for", "For a count of recipients (people, households, cases): the id of the money figure "
          "they received, so an amount per recipient can be computed.", "str", required=False,
          pattern=ID_PATTERN, expected="the id of a money figure of the same year", optional_column=True),
    Field("funding", "For money spent or received: where it comes from (财政, 社会捐赠, 福彩公益金, or 多种来源 "
          "when the report names several without a split); empty when the report does not say.", "str",
          required=False, allowed=FUNDING_SOURCES, optional_column=True),
    Field("comparability", "Why a change rate against another year would mislead: cumulative (a sum over "
          "several years), approximate (约, 余, or rounded by the source), standard (a rate or standard, not "
          "a volume); empty for an ordinary figure. Rates, percentages, 约/余/多 and 万/亿 counts are "
          "recognised on load without it.", "str", required=False, allowed=COMPARABILITY, optional_column=True),
)

PLAN_FIELDS: tuple[Field, ...] = (
    Field("id", "Plan item key; equals the id of the figure that will measure it, if any.", "str",
          pattern=ID_PATTERN, expected="a dotted lower-case slug"),
    Field("year", "The year the plan is for; equals the file name.", "int",
          pattern=YEAR_PATTERN, expected="a four-digit year"),
    Field("section", "Report section, from a controlled list.", "str", allowed=SECTIONS),
    Field("item", "The plan item in Chinese.", "str", expected="a plan item"),
    Field("target", "A number the plan commits to, if the text gives one.", "float", required=False,
          pattern=NUMBER_PATTERN, expected="a plain number or nothing"),
    Field("unit", "Unit of the target (a unit of the registry); empty without a target.", "str",
          required=False, vocabulary="unit", expected="a known unit"),
    Field("quote", "Verbatim fragment of the previous year's report announcing the item.", "str",
          expected="a verbatim fragment of the previous year's raw report"),
)


def column_names(fields: tuple[Field, ...]) -> list[str]:
    """The columns of a file, in order."""
    return [f.name for f in fields]


def optional_columns(fields: tuple[Field, ...]) -> list[str]:
    """The columns a file may leave out (read as empty)."""
    return [f.name for f in fields if f.optional_column]


def text_schema(fields: tuple[Field, ...]) -> pa.DataFrameSchema:
    """A pandera schema for a file read as text: every cell a string, empty meaning missing."""

    columns: dict[str, pa.Column] = {}
    for f in fields:
        checks: list[pa.Check] = []
        if f.required:
            checks.append(pa.Check(lambda s: s.str.len() > 0, element_wise=False, name="required",
                                   error="a value (the column is required)"))
        if f.allowed is not None:
            allowed = set(f.allowed)
            checks.append(pa.Check(lambda s, a=allowed: (s == "") | s.isin(a), name="allowed",
                                   error="one of: " + ", ".join(f.allowed)))
        if f.pattern is not None:
            checks.append(pa.Check(lambda s, p=f.pattern: (s == "") | s.str.match(p), name="pattern",
                                   error=f.expected or f.pattern))
        columns[f.name] = pa.Column(str, checks=checks, nullable=False)
    return pa.DataFrameSchema(columns, strict=True, ordered=True)


FIGURES_SCHEMA = text_schema(FIGURE_FIELDS)
PLANS_SCHEMA = text_schema(PLAN_FIELDS)
