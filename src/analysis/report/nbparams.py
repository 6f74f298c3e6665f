"""Parameters of any notebook, checked against its ``parameters`` cell before a kernel starts.

Names and defaults are read from the cell with Python's parser (papermill's pattern, as in ``papermill
--help-notebook``, misses ``int | None`` and is the fallback for cells that are not plain Python); a
name's type is its annotation (``year: int = 2020``) or, without one, the type of its default literal. papermill itself
only warns about an unknown name and injects a value of any type; here both are refused with one line
naming the parameter, the expected type and the notebook. Values from the command line (``-p NAME
VALUE``) are read as papermill's ``-p`` reads them (True/False, None, int, float, else text), lists and
mappings as JSON or YAML, and a parameter whose default is text keeps the value as typed.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.config import display_path
from analysis.errors import ParameterError

TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "dict": dict, "tuple": tuple}
_OPTIONAL = re.compile(r"^(?:typing\.)?Optional\[(.+)\]$|^(.+?)\s*\|\s*None$|^None\s*\|\s*(.+)$")


@dataclass(frozen=True)
class Declared:
    """One parameter of a notebook: its name, expected type (None: any), whether None is allowed, its
    element type for a list (None: any) and its default value (as papermill read it)."""

    name: str
    kind: type | None
    optional: bool
    item: type | None
    default: object

    @property
    def type_name(self) -> str:
        if self.kind is None:
            return "any value"
        name = self.kind.__name__ + (f"[{self.item.__name__}]" if self.item else "")
        return f"{name} or None" if self.optional else name


def _declared(name: str, annotation: str, default_text: str) -> Declared:
    try:
        default, literal = ast.literal_eval(default_text), True
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        default, literal = default_text, False  # an expression (e.g. a call): any type, shown as written
    annotation = "" if annotation in ("None", "") else annotation.strip().strip("'\"")
    optional = False
    match = _OPTIONAL.match(annotation)
    if match:
        annotation, optional = next(g for g in match.groups() if g), True
    base, _, inner = annotation.partition("[")
    kind = TYPES.get(base.strip().lower().removeprefix("typing."))
    item = TYPES.get(inner.rstrip("]").strip().lower()) if kind in (list, tuple) and inner else None
    if not annotation and literal and default is not None:
        kind = TYPES.get(type(default).__name__)  # no annotation: the type of the default literal
    return Declared(name, kind, optional or (literal and default is None), item, default)


def _assignments(source: str) -> list[tuple[str, str, str]] | None:
    """(name, annotation, default source) of each top-level assignment of a cell; None if it is not
    plain Python (e.g. IPython magics)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = []
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            found.append((node.target.id, ast.unparse(node.annotation), ast.unparse(node.value)))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.append((target.id, "", ast.unparse(node.value)))
    return found


def declared(nb) -> dict[str, Declared]:
    """The parameters of the notebook ``nb``'s cell tagged ``parameters`` (empty if it has none): read
    with Python's own parser (papermill's pattern misses ``X | None`` annotations and names assigned
    over several lines), or as papermill's Python translator reads them when the cell is not plain Python."""
    from papermill.translators import PythonTranslator

    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return {}
    found = _assignments(cell.source)
    if found is None:
        found = [(p.name, p.inferred_type_name, p.default) for p in PythonTranslator.inspect(cell)]
    return {name: _declared(name, annotation, default) for name, annotation, default in found}


def _from_text(text: str, expected: Declared):
    """A ``-p`` value read as papermill reads it, or by the type the notebook expects."""
    if expected.kind is str:
        return text
    if text == "None":
        return None
    if text.lstrip()[:1] in ("[", "{"):
        try:
            return json.loads(text)
        except ValueError:
            import yaml

            try:
                return yaml.safe_load(text)
            except yaml.YAMLError:
                return text
    if text in ("True", "False"):
        return text == "True"
    if expected.kind is bool and text.lower() in ("true", "false"):
        return text.lower() == "true"
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def _fits(value, expected: Declared) -> bool:
    if value is None:
        return expected.optional or expected.kind is None
    kind = expected.kind
    if kind is None:
        return True
    if isinstance(value, bool) and kind is not bool:
        return False
    if kind is float:
        return isinstance(value, int | float)
    if kind in (list, tuple):
        return isinstance(value, list | tuple) and (expected.item is None or all(_fits_item(v, expected.item) for v in value))
    return isinstance(value, kind)


def _fits_item(value, item: type) -> bool:
    return _fits(value, Declared("", item, False, None, None))


def check(notebook: Path, nb, given: dict, from_text: bool = False) -> dict:
    """``given`` checked against the parameters cell of ``nb`` (read from ``notebook``); the values
    papermill will inject.

    ``from_text``: the values are ``-p`` texts, read by the type each parameter expects. Raises a
    ParameterError (one line: parameter, expected type, notebook) for an unknown name or a wrong type.
    """
    where = display_path(notebook)
    known = declared(nb)
    checked = {}
    for name, raw in given.items():
        if name not in known:
            listed = f"its parameters: {', '.join(known)}" if known else "it has no cell tagged parameters"
            raise ParameterError(f"parameter {name}: not a parameter of notebook {where} ({listed})")
        expected = known[name]
        value = _from_text(raw, expected) if from_text and isinstance(raw, str) else raw
        if not _fits(value, expected):
            raise ParameterError(f"parameter {name}: expected {expected.type_name}, found {raw!r} (notebook {where})")
        checked[name] = value
    return checked


def effective(nb, checked: dict) -> dict:
    """Every parameter of the notebook with the value the run uses: given, else its default."""
    return {name: checked.get(name, d.default) for name, d in declared(nb).items()}
