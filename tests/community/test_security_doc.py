"""docs/security.md names the test that proves each control (acceptance of issue #15): every test file and
test function it names exists, and each of the outside test's findings names regression tests of its own,
named after it (``test_finding_<n>_…``, ``test_finding_low_…``)."""

import ast
import re
from functools import cache
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOC = ROOT / "docs" / "security.md"
FINDINGS_HEADING = "## The outside security test's findings (issue #15)"


@cache
def _test_functions(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    )


def _all_test_functions() -> set[str]:
    return {name for path in (ROOT / "tests").rglob("test_*.py") for name in _test_functions(path)}


def _findings_rows(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(finding, [(file, test)]) for each row of the findings table."""
    section = text.split(FINDINGS_HEADING, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("| finding"):
            finding = line[2:].split(" — ", 1)[0].strip()
            rows.append((finding, re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", line)))
    return rows


def test_every_test_file_the_security_doc_names_exists():
    text = DOC.read_text(encoding="utf-8")
    paths = set(re.findall(r"\b(tests/[\w/]*\w(?:\.py)?)", text))
    assert paths
    for path in paths:
        assert (ROOT / path).exists(), path
    bare = set(re.findall(r"(?<![/\w])(test_\w+\.py)", text))
    assert len(bare) > 15
    for name in bare:
        found = list((ROOT / "tests").rglob(name))
        assert len(found) == 1, f"{name}: {found or 'no such test file'}"


def test_every_test_function_the_security_doc_names_exists_in_its_file():
    text = DOC.read_text(encoding="utf-8")
    cited = re.findall(r"(tests/[\w/]+\.py)::(test_\w+)", text)
    assert len(cited) > 60
    for path, name in cited:
        assert name in _test_functions(ROOT / path), f"{path}::{name}"
    # a test named without its file must exist somewhere, and no name is abbreviated (“test_…”)
    known = _all_test_functions()
    for name in re.findall(
        r"(?<![:\w])(test_\w+)(?![\w<…]|\.py)", text
    ):  # not a pattern (test_finding_<n>_…)
        assert name in known, name
    assert not re.search(r"test_\w*…", text.split(FINDINGS_HEADING)[0])


def test_each_finding_of_issue_15_names_regression_tests_named_after_it():
    rows = _findings_rows(DOC.read_text(encoding="utf-8"))
    numbered = {finding: tests for finding, tests in rows if finding != "low"}
    assert sorted(numbered, key=int) == [str(n) for n in range(1, 11)]
    low = [tests for finding, tests in rows if finding == "low"]
    assert len(low) == 7  # the Low bullets of the issue
    for finding, tests in numbered.items():
        assert tests and all(name.startswith(f"test_finding_{finding}_") for _path, name in tests), finding
    for tests in low:
        assert tests and all(name.startswith("test_finding_low_") for _path, name in tests)
    # and every finding test of the files the table cites is in it
    cited = {(path, name) for _finding, tests in rows for path, name in tests}
    for path in {path for path, _name in cited}:
        for name in _test_functions(ROOT / path):
            if re.match(r"test_finding_(\d+|low)_", name):
                assert (path, name) in cited, f"{path}::{name} is not in docs/security.md"
