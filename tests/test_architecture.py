"""The arrows of docs/architecture.md hold: each app imports only the apps it may read.

community imports no app; grids reads community; residents reads grids; welfare and outreach read
residents; reports reads every app and nothing imports reports; nothing of the product imports bench.
Every import counts, function-level ones included (they are read from the source, not from sys.modules).
"""

import ast
import re
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


def forbidden_arrows() -> list[str]:
    """The arrows docs/architecture.md forbids outright, whatever ``ALLOWED`` says: community imports no app,
    no app imports reports, nothing of the product imports bench."""
    wrong = []
    for app in APPS:
        for path in modules_of(app):
            for target, line in imported_packages(path):
                where = f"{path.relative_to(ROOT)}:{line} imports {target}"
                if app == "community" and target in APPS and target != "community":
                    wrong.append(where)
                elif target == "reports" and app != "reports":
                    wrong.append(where)
                elif target == "bench":
                    wrong.append(where)
    return wrong


def test_no_forbidden_arrow_is_crossed_nor_allowed():
    assert ALLOWED["community"] == set()
    assert not any("reports" in ALLOWED[app] or "bench" in ALLOWED[app] for app in APPS)
    assert forbidden_arrows() == []


def test_the_checker_sees_function_level_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reports.figures import Figure\n    import bench.common\n")
    assert imported_packages(module) == {("reports", 2), ("bench", 3)}


# --- each rule lives once -------------------------------------------------------------------------------

ROLE_VALUES = {"staff", "grid_worker", "secretary", "street", "auditor"}
#: Role values that mean nothing else in the code (unlike "staff" and "street", also field names).
DISTINCT_ROLE_VALUES = {"grid_worker", "secretary", "auditor"}
#: Where a role may be named: the roles themselves, the membership's constraint, the setting checked by
#: community.checks (E002), the separation-of-duties report (about the roles themselves) and the demo seed.
ROLE_FILES = {
    "community/roles.py",
    "community/models.py",
    "community/settings.py",
    "community/management/commands/check_accounts.py",
    "community/management/commands/seed_demo.py",
}
TEMPLATES = ROOT / "templates"


#: Demo and test-data generators (demo users, Han and minority residents): they decide and count nothing.
def _generates_data(path: Path) -> bool:
    return "demo" in path.stem or path.stem == "scale"


def product_modules() -> list[Path]:
    return [path for app in APPS for path in modules_of(app)]


def _names_a_role(node: ast.AST) -> bool:
    """``Role.X`` (a member, not ``Role.values``)."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
        and node.attr.isupper()
    )


def _is_role(node: ast.AST) -> bool:
    """``something.role`` or a variable named ``role``/``roles``."""
    return (isinstance(node, ast.Attribute) and node.attr == "role") or (
        isinstance(node, ast.Name) and node.id in {"role", "roles"}
    )


def role_tests(path: Path) -> list[int]:
    """Lines where code compares a role with a named role, or names a role that means nothing else."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            role_value = any(isinstance(o, ast.Constant) and o.value in ROLE_VALUES for o in operands)
            if any(_names_a_role(o) for o in operands) or (role_value and any(_is_role(o) for o in operands)):
                lines.append(node.lineno)
        elif isinstance(node, ast.Constant) and node.value in DISTINCT_ROLE_VALUES:
            lines.append(node.lineno)
    return sorted(set(lines))


def test_roles_are_named_only_in_the_permission_table():
    """Code asks ``access.has("residents.import")``, never ``access.role == "staff"``: a role is named only in
    the ``role_permissions`` tables (as ``Role.X``, checked by community.checks) and the files above."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in product_modules()
        if str(path.relative_to(ROOT)) not in ROLE_FILES and not _generates_data(path)
        for line in role_tests(path)
    ]
    wrong += [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\brole\s*(==|!=)\s*[\"']", text)
    ]
    assert not wrong, "ask for a permission instead (community/permissions.py):\n" + "\n".join(wrong)


def test_the_role_checker_sees_a_role_test(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        'if access.role == "staff":\n    pass\nok = Role.STREET in roles\nx = {"grid_worker"}\n'
        'level = "street"\nif dispute.level == "street":\n    pass\n'
    )
    assert role_tests(module) == [1, 3, 4]  # a dispute's level "street" is no role


def minority_rules(path: Path) -> list[int]:
    """Lines that write the minority rule: naming ``HAN`` or comparing with the code "01"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Name | ast.alias)
            and getattr(node, "id", getattr(node, "name", None)) == "HAN"
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.Compare) and any(
            isinstance(o, ast.Constant) and o.value == "01" for o in [node.left, *node.comparators]
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg and node.arg.endswith("ethnicity_id"):
            if isinstance(node.value, ast.Constant) and node.value.value == "01":
                lines.append(node.value.lineno)
    return sorted(set(lines))


def test_the_minority_rule_is_written_once():
    """``residents.ethnicities.minority()`` / ``is_minority()`` are the rule; everything else calls them."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in product_modules()
        if path.relative_to(ROOT) != Path("residents/ethnicities.py") and not _generates_data(path)
        for line in minority_rules(path)
    ]
    wrong += [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"ethnicity\w*(\.code)?\s*(==|!=)\s*[\"']01[\"']", text)
    ]
    assert not wrong, "use residents.ethnicities.minority() / is_minority():\n" + "\n".join(wrong)


def test_the_minority_checker_sees_a_second_rule(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from residents.ethnicities import HAN\nq = ~Q(ethnicity_id=HAN)\nm = code != '01'\n"
        "r = qs.exclude(resident__ethnicity_id='01')\n"
    )
    assert minority_rules(module) == [1, 2, 3, 4]


def positional_writes(path: Path) -> list[str]:
    """Functions of a module that write in a transaction (``@transaction.atomic``) and take positional
    arguments. Methods (``self``) are the importers' and commands' own."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        if not any("atomic" in ast.unparse(d) for d in node.decorator_list):
            continue
        positional = [a.arg for a in node.args.posonlyargs + node.args.args if a.arg not in {"self", "cls"}]
        if positional:
            found.append(f"{node.name}({', '.join(positional)})")
    return found


def test_services_take_keyword_arguments_only():
    """A write reads as ``resident_create(community=…, actor=…)``: both orders of the same arguments cannot
    exist side by side."""
    wrong = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in product_modules()
        if not _generates_data(path)
        for name in positional_writes(path)
    ]
    assert not wrong, "make these keyword-only (def f(*, …)):\n" + "\n".join(wrong)


def test_the_service_checker_sees_a_positional_write(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "@transaction.atomic\ndef case_create(community, *, actor): ...\n"
        "@transaction.atomic\ndef case_update(*, case, actor): ...\n"
    )
    assert positional_writes(module) == ["case_create(community)"]


# --- docs/architecture.md names files and functions that exist ------------------------------------------

DOC = ROOT / "docs" / "architecture.md"


def doc_names_missing(text: str) -> list[str]:
    """Files the page names (`reports/registry.py`) that do not exist, and names given right after a file
    (`residents/selectors.py` `population_figures`) that the file does not define."""
    missing = []
    for path in sorted(set(re.findall(r"`((?:[\w.]+/)+[\w.]+\.(?:py|html|md))`", text))):
        if not (ROOT / path).exists():
            missing.append(path)
    for path, names in re.findall(r"`((?:\w+/)+\w+\.py)` ((?:`\w+`(?:, )?)+)", text):
        source = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).exists() else ""
        for name in re.findall(r"`(\w+)`", names):
            if not re.search(rf"^\s*(?:def|class) {name}\b|^{name}\b\s*[:=]", source, re.MULTILINE):
                missing.append(f"{path} {name}")
    return missing


def test_the_architecture_page_names_files_and_functions_that_exist():
    assert doc_names_missing(DOC.read_text(encoding="utf-8")) == []


def test_the_page_checker_sees_a_missing_file_and_name():
    text = "`reports/nowhere.py`, `reports/registry.py` `community_figures`, `residents/selectors.py` `nothing_here`"
    assert doc_names_missing(text) == ["reports/nowhere.py", "residents/selectors.py nothing_here"]


# --- smaller: no cycles, nothing dead, nothing half-wired ------------------------------------------------


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The imports run when the module loads: at module level, in its ``if``/``try``/``with`` blocks, not in
    a function or a class's method, nor under ``if TYPE_CHECKING:``."""
    found = []

    def walk(statements):
        for node in statements:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    walk(node.body)
                walk(node.orelse)
            elif isinstance(node, ast.Try):
                walk(node.body)
                for handler in node.handlers:
                    walk(handler.body)
                walk(node.orelse)
                walk(node.finalbody)
            elif isinstance(node, ast.With | ast.ClassDef):
                walk(node.body)

    walk(tree.body)
    return found


def import_graph(paths: list[Path], root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the modules among ``paths`` it imports when it loads (relative imports resolved).

    ``from a import b`` reads the module ``a.b`` when there is one, else ``a``. Importing ``a.b`` also
    runs ``a/__init__.py`` first, but that is no arrow back: a package may import its own modules."""
    modules = {module_name(path, root): path for path in paths}
    graph = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets = set()
        for node in module_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
                continue
            base = node.module or ""
            if node.level:
                prefix = ".".join(package[: len(package) - node.level + 1])
                base = f"{prefix}.{base}" if base else prefix
            for alias in node.names:
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or round a loop (Tarjan's strongly connected
    components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(cycles)


def test_no_import_cycle():
    """No module of the product imports, when it loads, a module that imports it back (directly or round a
    loop): the shared piece lives in the lower module, or is passed in. An import inside a function that
    dodges a cycle is counted by ``test_function_level_imports_say_why``."""
    cycles = import_cycles(import_graph(product_modules()))
    assert not cycles, "\n".join(" ↔ ".join(group) for group in cycles)


def test_the_cycle_checker_finds_a_loop_and_resolves_relative_imports(tmp_path):
    package = tmp_path / "app"
    (package / "sub").mkdir(parents=True)
    for name, text in {
        "__init__.py": "",
        "a.py": "from .b import x\n",
        "b.py": "from typing import TYPE_CHECKING\nfrom app.sub import c\nif TYPE_CHECKING:\n    from . import a\n",
        "sub/__init__.py": "from . import c  # a package imports its own module: no loop\n",
        "sub/c.py": "import app.a\ndef f():\n    from .. import b  # inside a function: not counted\n",
        "d.py": "from . import e\n",
        "e.py": "def f():\n    pass\n",
    }.items():
        (package / name).write_text(text)
    graph = import_graph(sorted(package.rglob("*.py")), tmp_path)
    assert graph["app.b"] == {"app.sub.c"}  # not the TYPE_CHECKING import
    assert graph["app.sub"] == {"app.sub.c"}
    assert graph["app.d"] == {"app.e"}
    assert import_cycles(graph) == [["app.a", "app.b", "app.sub.c"]]


def function_level_imports(path: Path) -> list[int]:
    """Lines of the imports inside functions that say nothing of why: neither a comment on the import's line
    (a bare ``# noqa`` says nothing) nor a comment line right above it."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()

    def says_why(line: str) -> bool:
        comment = line.partition("#")[2]
        return bool(re.sub(r"noqa(: ?[A-Z]+\d+(, ?[A-Z]+\d+)*)?", "", comment).strip())

    found = set()
    for function in ast.walk(ast.parse(text)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                if not says_why(lines[node.lineno - 1]) and not above.startswith("#"):
                    found.add(node.lineno)
    return sorted(found)


#: Files allowed some unexplained function-level imports (file → how many): none.
NOT_YET: dict[str, int] = {}


def test_function_level_imports_say_why():
    """An import sits at module level unless something forces it into a function — a real cycle, Django's app
    loading (``apps.py``), a heavy import kept lazy on purpose (WeasyPrint) — and then a comment says which."""
    wrong = []
    for path in product_modules():
        lines = function_level_imports(path)
        name = str(path.relative_to(ROOT))
        if len(lines) > NOT_YET.get(name, 0):
            wrong += [f"{name}:{line}" for line in lines]
    assert not wrong, "move these to module level, or say why they cannot be:\n" + "\n".join(wrong)


def test_the_function_import_checker_wants_a_reason(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\n"
        "def f():\n    import io\n    import re  # noqa: F401\n"
        "    # a real cycle: b reads this module\n    from . import b\n"
        "    import json  # kept lazy on purpose\n"
    )
    assert function_level_imports(module) == [3, 4]


def test_nothing_of_the_product_imports_bench():
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in product_modules()
        for target, line in imported_packages(path)
        if target == "bench"
    ]
    assert not wrong, "\n".join(wrong)


#: Definitions no code read any more (issue #16); a name coming back is a second copy of something.
DEAD = [
    "get_household_for",
    "chain_household_queryset",
    "validate_id_number",
    "SCALAR_FIELDS",
    "CJK_FAMILIES",
]


def defined_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def test_dead_definitions_stay_gone():
    wrong = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in product_modules()
        for name in sorted(defined_names(path) & set(DEAD))
    ]
    assert not wrong, "\n".join(wrong)


def test_a_missing_route_is_an_error_not_a_missing_link():
    """``try: reverse(…) except NoReverseMatch: return ""`` turns a typo into a link that silently vanishes."""
    wrong = [
        str(path.relative_to(ROOT))
        for path in product_modules()
        if "NoReverseMatch" in path.read_text(encoding="utf-8")
    ]
    assert not wrong, "\n".join(wrong)


def test_no_half_wired_language_switch():
    """The portal speaks Chinese only: no English offered without a translation to show."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans"]
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    with pytest.raises(NoReverseMatch):
        reverse("set_language")


def request_parameters(path: Path) -> list[str]:
    """Functions (not methods) taking a keyword-only ``request``: a request threaded into a write."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.name}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and "request" in [a.arg for a in node.args.kwonlyargs]
        and not (node.args.args and node.args.args[0].arg in {"self", "cls"})
    ]


def test_services_take_no_request():
    """The audit row finds its address and request id through ``community.audit.current_request`` (a context
    variable the middleware sets), so a service is ``noun_verb(*, actor, community, …)`` without a request."""
    wrong = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in product_modules()
        if path.relative_to(ROOT) != Path("community/audit.py")
        for name in request_parameters(path)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_request_checker_sees_a_threaded_request(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def case_create(*, actor, request=None): ...\ndef view(request, code): ...\n")
    assert request_parameters(module) == ["case_create:1"]


#: Names that once meant two things (two ``FileRefused``, two ``Refusal``, an ``active_on`` filter and an
#: ``active_on`` method): each is defined once now.
DEFINED_ONCE = ["FileRefused", "Refusal", "active_on", "parse_date", "store_upload", "EthnicRow"]


def test_each_name_means_one_thing():
    where: dict[str, list[str]] = {name: [] for name in DEFINED_ONCE}
    for path in product_modules():
        for name in defined_names(path) & set(DEFINED_ONCE):
            where[name].append(str(path.relative_to(ROOT)))
    assert all(len(paths) <= 1 for paths in where.values()), where


def test_no_enum_is_called_plain_status():
    """ResidentStatus, CaseStatus, TransferJobStatus, ReportJobStatus…: a bare ``Status`` (four of them once,
    nested ones included) means something else in every app that imports it."""
    wrong = [str(path.relative_to(ROOT)) for path in product_modules() if "Status" in defined_names(path)]
    assert not wrong, wrong


def test_every_import_reads_through_the_residents_reader():
    """One reader (``residents/transfer/reader.py``), one upload store (``uploads.py``), one date parser
    (``columns.parse_date``): the welfare and floating imports define none of their own."""
    for module in ("welfare/importer.py", "residents/floating/importer.py"):
        names = defined_names(ROOT / module)
        assert not names & {"FileRefused", "Refusal", "parse_date", "_rows", "_upload_name"}, module
        assert "read_file" in (ROOT / module).read_text(encoding="utf-8"), module


def test_a_kept_household_is_a_typed_sentinel():
    """``row.household`` is a Household, ``KEEP_HOUSEHOLD`` or None — never the string "keep"."""
    tree = ast.parse((ROOT / "residents/transfer/importer.py").read_text(encoding="utf-8"))
    strings = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare | ast.Assign)
        and any(isinstance(n, ast.Constant) and n.value == "keep" for n in ast.walk(node))
        and "HOUSEHOLD" not in ast.unparse(node)
    ]
    assert not strings


def test_no_service_takes_a_form():
    """A service is handed values (or the record it changes), never the view's form."""
    wrong = [
        f"{path.relative_to(ROOT)}: {node.name}"
        for path in product_modules()
        if path.stem == "services" or path.parent.name == "services"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        and "form" in [a.arg for a in node.args.kwonlyargs + node.args.args]
    ]
    assert not wrong, "\n".join(wrong)


def half_built_rows(path: Path) -> list[int]:
    """Lines calling ``….save(commit=False)``: a half-built row, to be finished by whoever gets it."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "save"
        and any(
            k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in node.keywords
        )
    )


def test_no_view_hands_a_service_a_half_built_row():
    """A view passes its form's values (``community.records.form_values``) and the stored row it edits;
    the service makes a new row itself. Only a form's own ``save()`` may build on ``save(commit=False)``."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in product_modules()
        if path.stem != "forms" and path.parent.name != "forms"
        for line in half_built_rows(path)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_half_built_checker_sees_a_commit_false(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("event_save(event=f.save(commit=False))\nf.save()\nrow = form.save(commit=False)\n")
    assert half_built_rows(module) == [1, 3]


#: The verbs a service's name ends with: the noun comes first (``resident_create``, ``report_generate``),
#: never the verb (``generate_report``).
VERBS = {
    "accept",
    "acknowledge",
    "add",
    "answer",
    "apply",
    "approve",
    "ask",
    "check",
    "copy",
    "create",
    "delete",
    "end",
    "enqueue",
    "ensure",
    "export",
    "follow",
    "generate",
    "import",
    "open",
    "plan",
    "preview",
    "propagate",
    "queue",
    "record",
    "register",
    "remove",
    "retry",
    "return",
    "reveal",
    "save",
    "served",
    "set",
    "sign",
    "submit",
    "transition",
    "update",
}
#: Words that end a verb (``information_ask_follow_up``, ``archive_sign_off``).
PARTICLES = {"up", "off"}
#: Verbs that are also the noun a service is about (an import, a check, a plan, a record).
NOUN_VERBS = {"check", "export", "import", "plan", "record"}
#: Public functions of service modules that are not services; besides them, ``*_errors`` are the checks a
#: form runs in ``clean()`` (to show each refusal next to its field) and the service runs again.
NOT_SERVICES = {
    "attachment_name",  # a stored file's name, for the views that serve it
    "receipt_name",
    "validate_resident",  # the registry's row rule, shared with the residents' form and importer
    "may_approve",  # a question about a role, asked by the welfare importer too
    "add_months",  # date arithmetic of the review dates
}


def service_modules() -> list[Path]:
    return [path for path in product_modules() if path.stem == "services" or path.parent.name == "services"]


def misshapen_services(path: Path) -> list[str]:
    """Public functions of a service module not shaped ``<noun>_<verb>(*, …)``."""
    wrong = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        if node.name.endswith("_errors") or node.name in NOT_SERVICES:
            continue
        words = node.name.split("_")
        while len(words) > 1 and words[-1] in PARTICLES:
            words.pop()
        named = len(words) >= 2 and words[-1] in VERBS and (words[0] not in VERBS or words[0] in NOUN_VERBS)
        positional = [a.arg for a in node.args.posonlyargs + node.args.args]
        if not named or positional:
            wrong.append(f"{node.name}({', '.join(positional)})" if positional else node.name)
    return wrong


def test_services_are_named_noun_verb_and_take_keywords_only():
    """``report_generate(*, exporter, form_data, actor)``, not ``generate_report(exporter, …)``: a newcomer
    finds every write of a noun by its name, and reads each call by its keywords."""
    wrong = [
        f"{path.relative_to(ROOT)}: {name}" for path in service_modules() for name in misshapen_services(path)
    ]
    assert not wrong, "name these <noun>_<verb>(*, actor, community, …):\n" + "\n".join(wrong)


def test_the_service_name_checker_sees_a_misshapen_service(tmp_path):
    module = tmp_path / "services.py"
    module.write_text(
        "def generate_report(*, actor): ...\ndef retry(*, job): ...\ndef queue_import(*, token): ...\n"
        "def case_update(case, *, actor): ...\ndef report_generate(*, actor): ...\n"
        "def information_ask_follow_up(*, actor): ...\ndef import_enqueue(*, actor): ...\n"
        "def honour_errors(honour, community): ...\ndef _helper(x): ...\n"
    )
    assert misshapen_services(module) == ["generate_report", "retry", "queue_import", "case_update(case)"]


def instance_parameters(path: Path) -> list[str]:
    """Service parameters named like a row being built (``instance``, ``obj``): a service takes values and,
    when editing, the stored row by its noun (``event=``)."""
    return [
        f"{node.name}({arg.arg})"
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
        for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        if arg.arg in {"instance", "obj", "unsaved", "new", "built"}
    ]


def test_no_service_takes_an_unnamed_instance():
    wrong = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in service_modules()
        for name in instance_parameters(path)
    ]
    assert not wrong, "\n".join(wrong)
