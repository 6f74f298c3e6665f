"""Packaging: pyproject.toml and environment.yml agree, the Makefile documents itself, the README and
CI run the same test command."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tomllib

import pytest
import yaml
from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")

CONDA_TO_PYPI = {"python-kaleido": "kaleido"}  # conda-forge names that differ from PyPI's
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*"
                         r"(?:>=\s*([0-9][0-9A-Za-z.]*)(?:\s*,\s*<\s*([0-9][0-9A-Za-z.]*))?)?\s*$")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(requirement: str) -> tuple[str, str | None]:
    """``"pandas>=2.2"`` -> ``("pandas", "2.2")``, ``"typer>=0.12,<0.29"`` -> ``("typer", "0.12,<0.29")``:
    a lower bound, and an upper bound only where a release is known to hurt (said in a comment)."""
    match = REQUIREMENT.match(requirement)
    assert match, f"cannot read requirement {requirement!r} (use NAME>=VERSION or NAME>=VERSION,<VERSION)"
    version = match.group(2) + (f",<{match.group(3)}" if match.group(3) else "") if match.group(2) else None
    return normalise(match.group(1)), version


def pyproject_requirements() -> dict[str, str | None]:
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    return dict(parse(r) for r in requirements)


def environment_requirements() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for item in ENVIRONMENT["dependencies"]:
        if isinstance(item, dict):
            for pip_item in item["pip"]:
                if pip_item.strip().startswith("-e"):
                    continue
                name, version = parse(pip_item)
                found[name] = version
        else:
            name, version = parse(item)
            if name in ("python", "pip"):
                continue
            found[CONDA_TO_PYPI.get(name, name)] = version
    return found


def test_parse_requirement():
    assert parse("pandas>=2.2") == ("pandas", "2.2")
    assert parse("PyYAML >= 6.0") == ("pyyaml", "6.0")
    assert parse("cn2an>=0.5.22  ") == ("cn2an", "0.5.22")
    assert parse("typer") == ("typer", None)
    assert parse("typer>=0.12,<0.29") == ("typer", "0.12,<0.29")


def test_pyproject_and_environment_name_the_same_packages_and_minimum_versions():
    pyproject, environment = pyproject_requirements(), environment_requirements()
    assert set(pyproject) == set(environment), (
        f"only in pyproject.toml: {sorted(set(pyproject) - set(environment))}; "
        f"only in environment.yml: {sorted(set(environment) - set(pyproject))}"
    )
    assert pyproject == environment


def test_every_dependency_has_a_minimum_version():
    assert all(version for version in pyproject_requirements().values())


def test_python_versions_agree():
    requires = PYPROJECT["project"]["requires-python"]
    conda_python = [d for d in ENVIRONMENT["dependencies"] if isinstance(d, str) and parse(d)[0] == "python"]
    assert conda_python == [f"python{requires}"]


def test_environment_uses_conda_forge_and_installs_the_package_last():
    assert "conda-forge" in ENVIRONMENT["channels"]
    last = ENVIRONMENT["dependencies"][-1]
    assert isinstance(last, dict) and list(last) == ["pip"], "environment.yml must end with `- pip:`"
    assert last["pip"][-1] == "-e ."
    assert "pip" in ENVIRONMENT["dependencies"][:-1]


def test_console_script_and_dev_extra():
    assert PYPROJECT["project"]["scripts"]["analysis"] == "analysis.cli:run"
    dev = {parse(r)[0] for r in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    assert {"pytest", "hypothesis"} <= dev


# -- Makefile ------------------------------------------------------------------------------------------

TARGET = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:(?!=)(.*)$", re.MULTILINE)
TARGETS = {name: rest for name, rest in TARGET.findall(MAKEFILE)}


def test_makefile_targets():
    assert {"help", "test", "report", "lab", "bench"} <= set(TARGETS)


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_every_make_target_has_a_description(target):
    rest = TARGETS[target]
    assert "## " in rest, f"target {target} has no `## description`"
    assert rest.split("## ", 1)[1].strip()


def test_phony_targets_are_defined():
    phony = re.search(r"^\.PHONY:(.*)$", MAKEFILE, re.MULTILINE)
    assert phony
    assert set(phony.group(1).split()) == set(TARGETS)


def test_help_is_the_default_goal():
    assert re.search(r"^\.DEFAULT_GOAL\s*:=\s*help\s*$", MAKEFILE, re.MULTILINE)


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_help_lists_every_target():
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"make (\S+)", result.stdout)
    assert set(listed) == set(TARGETS)


def test_make_test_runs_pytest():
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert recipe and "-m pytest" in recipe.group(1)


# -- README and CI ---------------------------------------------------------------------------------------


def commands(script: str) -> list[str]:
    """The commands of a shell snippet: no blank lines, comments, shebang, `set` or `cd`."""
    found = []
    for line in script.splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not line or line.startswith(("set ", "cd ")):
            continue
        found.append(" ".join(shlex.split(line)))
    return found


def first_fenced_block(markdown: str) -> str:
    match = re.search(r"^```[^\n]*\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)
    assert match, "README has no fenced code block"
    return match.group(1)


def test_readme_opens_with_exactly_two_commands():
    block = commands(first_fenced_block(README))
    assert len(block) == 2, block
    assert block == ["make report", "make test"]


def test_ci_runs_the_readme_test_command_and_nothing_else():
    test_command = [c for c in commands(first_fenced_block(README)) if "test" in c]
    assert test_command == ["make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands(ci) == test_command
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run must be executable"


def test_commands_helper():
    assert commands("#!/bin/sh\n# c\nset -e\ncd x\nmake test   # run\n\n") == ["make test"]
