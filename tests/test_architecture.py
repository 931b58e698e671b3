"""The arrows of docs/architecture.md hold: each app imports only the apps it may read.

community imports no app; grids reads community; residents reads grids; welfare and outreach read
residents; reports reads every app and nothing imports reports; nothing of the product imports bench.
Every import counts, function-level ones included (they are read from the source, not from sys.modules).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["community", "grids", "residents", "welfare", "outreach", "reports"]
ALLOWED = {
    "community": set(),
    "grids": {"community"},
    "residents": {"community", "grids"},
    "welfare": {"community", "grids", "residents"},
    "outreach": {"community", "grids", "residents"},
    "reports": {"community", "grids", "residents", "welfare", "outreach"},
}
FIRST_PARTY = set(APPS) | {"bench", "tests"}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """First-party top-level packages imported by a module, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FIRST_PARTY:
                found.add((top, node.lineno))
    return found


def modules_of(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("app", APPS)
def test_each_app_imports_only_the_apps_it_may_read(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in modules_of(app)
        for target, line in imported_packages(path)
        if target != app and target not in ALLOWED[app]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_function_level_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reports.figures import Figure\n    import bench.common\n")
    assert imported_packages(module) == {("reports", 2), ("bench", 3)}
