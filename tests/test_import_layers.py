"""Imports run one way between the project's floors: an app may import the apps below it, never one
above. Each rule is a (lower, higher) pair in ``FORBIDDEN``; the test reads every module of the
project with ``ast`` (imports at module level, inside functions, under ``TYPE_CHECKING``, relative
ones, and ``import_module("…")`` with a literal name) and lists every import that breaks a rule."""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {".venv", "venv", ".git", "migrations", "node_modules", "__pycache__"}


@dataclass(frozen=True)
class Forbidden:
    lower: str  # a package: it and its submodules
    higher: str  # the package they must not import
    why: str
    exempt: str = ""  # a subpackage of ``lower`` the rule does not cover


# Every top-level package of the project but ``core`` and ``config``: the shared machinery sits below
# them all. ``config`` is the wiring every app may use (settings, the Celery app the outbox sends with).
ABOVE_CORE = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in {"core", "config"} and path.parent.name not in SKIPPED_DIRS
)

# The apps below supervision orders: the domains and the shared apps they build on.
SUPERVISION_BELOW = [
    "units", "accounts", "hotline", "dispatch", "streets", "departments", "notifications", "uploads",
    "sms", "knowledge", "open311", "health",
]  # fmt: skip

FORBIDDEN = [
    Forbidden(
        "streets",
        "departments",
        "streets owns whistles, summonses and their state table; departments owns the department's "
        "side of a summons on top of it (services, pages, API)",
    ),
    *(
        Forbidden(
            app,
            "supervision",
            "supervision orders sit above dispatch (an order may name a ticket's assignment); the "
            "domains below never import them — metrics (the counts beside the ranking) and console "
            "(the ticket page's action) read them from above",
        )
        for app in SUPERVISION_BELOW
    ),
    *(
        Forbidden(
            app,
            "governance",
            "proactive tasks and monthly topics sit above the early warnings, the analyses, dispatch "
            "and supervision they build on; those know nothing of them (the analysis page links to "
            "the topics by URL only)",
        )
        for app in (*SUPERVISION_BELOW, "metrics", "supervision", "fieldreports", "citizenreports")
    ),
    *(
        Forbidden(
            "core",
            app,
            "core holds what every domain shares (transition, lock, immutable row, outbox) and "
            "imports none of them; its tests may build domain rows to exercise it",
            exempt="core.tests",
        )
        for app in ABOVE_CORE
    ),
    *(
        Forbidden(
            app,
            "citizenreports",
            "citizenreports (the public report form) sits above the intake and the SMS gateway it "
            "files and sends through; they know nothing of it",
        )
        for app in ("hotline", "sms", "units", "accounts", "uploads")
    ),
    # ``benchmarks`` sits above everything (it times the pages) and the project's own ``tests`` may
    # drive any page; ``config`` is the wiring (its URLconf mounts the pages).
    *(
        Forbidden(
            app,
            "console",
            "console is the top floor: the pages that compose several apps (the ticket page, the "
            "home dashboard) import the apps they show, never the other way round",
        )
        for app in ABOVE_CORE
        if app not in {"console", "benchmarks", "tests"}
    ),
    *(
        Forbidden(
            app,
            "bulletins",
            "bulletins (日通报、周汇总、月分析) are written from the metrics selectors the pages read; "
            "the apps they read know nothing of them",
        )
        for app in ("metrics", "dispatch", "hotline", "units", "accounts", "uploads")
    ),
]


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    imported: str
    rule: Forbidden

    def __str__(self):
        return f"{self.module}:{self.line} imports {self.imported} ({self.rule.lower} → {self.rule.higher})"


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, imported module) for each import in ``source``, the module named ``module``.
    ``from a import b`` counts as importing both ``a`` and ``a.b`` (b may be a submodule)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            found.append((node.lineno, base))
            found += [
                (node.lineno, ".".join(filter(None, [base, alias.name])))
                for alias in node.names
                if alias.name != "*"
            ]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def violations(sources: dict[str, tuple[str, bool]], rules=FORBIDDEN) -> list[Violation]:
    """``sources`` maps a module name to (its source, whether it is a package's ``__init__``)."""
    found = []
    for module, (source, is_package) in sources.items():
        for rule in rules:
            if not within(module, rule.lower) or (rule.exempt and within(module, rule.exempt)):
                continue
            lines = {}
            for line, imported in imports_of(source, module, is_package=is_package):
                if within(imported, rule.higher):
                    lines.setdefault(line, imported)  # for ``from a import b``, the module ``a``
            found += [Violation(module, line, imported, rule) for line, imported in sorted(lines.items())]
    return found


def project_sources(root: Path = ROOT) -> dict[str, tuple[str, bool]]:
    sources = {}
    for path in root.rglob("*.py"):
        if SKIPPED_DIRS.intersection(path.relative_to(root).parts):
            continue
        sources[module_name(path, root)] = (path.read_text(encoding="utf-8"), path.name == "__init__.py")
    return sources


def test_no_lower_app_imports_a_higher_one():
    sources = project_sources()
    # The walk reaches the apps the rules name (an empty walk would pass every rule).
    for rule in FORBIDDEN:
        assert any(within(module, rule.lower) for module in sources), rule.lower
        assert any(within(module, rule.higher) for module in sources), rule.higher
    assert not any(within(module, ".venv") or ".migrations." in module for module in sources)
    assert [str(v) for v in violations(sources)] == []


def test_the_check_catches_every_kind_of_import():
    source = """
import departments
import departments.services as department_services
from departments import api
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from departments.views import BoardView

def late():
    from departments.services import summons_arrive
    return summons_arrive

def by_name():
    import importlib
    return importlib.import_module("departments.forms")

from streets.models import Whistle
import departments_archive
"""
    found = violations({"streets.fake": (source, False)})
    assert [(v.line, v.imported) for v in found] == [
        (2, "departments"),
        (3, "departments.services"),
        (4, "departments"),
        (7, "departments.views"),
        (10, "departments.services"),
        (15, "departments.forms"),
    ]


def test_relative_imports_resolve_against_the_modules_package():
    assert imports_of("from . import serializers\n", "streets.api.views") == [
        (1, "streets.api"),
        (1, "streets.api.serializers"),
    ]
    assert imports_of("from .serializers import X\n", "streets.api", is_package=True) == [
        (1, "streets.api.serializers"),
        (1, "streets.api.serializers.X"),
    ]
    assert imports_of("from ..models import Whistle\n", "streets.api.views") == [
        (1, "streets.models"),
        (1, "streets.models.Whistle"),
    ]


def test_the_allowed_direction_and_other_apps_pass():
    assert violations({"departments.fake": ("from streets.models import Summons\n", False)}) == []
    assert violations({"hotline.fake": ("from departments import services\n", False)}) == []
    assert violations({"streetsmaps.fake": ("import departments\n", False)}) == []
    assert violations({"core.tests.test_fake": ("from units.models import Unit\n", False)}) == []


def test_core_imports_no_domain_app():
    found = violations(
        {"core.fake": ("from hotline.models import Ticket\nfrom config.celery import app\n", False)}
    )
    assert [(v.line, v.imported) for v in found] == [(1, "hotline.models")]


def test_no_app_imports_the_composed_pages():
    sources = {
        "hotline.urls": ("from console import urls\n", False),
        "dispatch.views": ("from console.views import TicketDetailView\n", False),
        "console.views": ("from dispatch.selectors import assignment_blocks\n", False),
        "benchmarks.pages": ("from console.views import HomeView\n", False),
        "config.urls": ("from console import urls as console_urls\n", False),
    }
    assert sorted(str(v).split(" (")[0] for v in violations(sources)) == [
        "dispatch.views:1 imports console.views",
        "hotline.urls:1 imports console",
    ]


def test_module_names_follow_the_tree(tmp_path):
    (tmp_path / "streets" / "api").mkdir(parents=True)
    (tmp_path / "streets" / "migrations").mkdir()
    (tmp_path / "streets" / "api" / "__init__.py").write_text("\n\ndef f():\n    import departments\n")
    (tmp_path / "streets" / "api" / "views.py").write_text("from . import serializers\n")
    (tmp_path / "streets" / "migrations" / "0001_initial.py").write_text("import departments\n")
    sources = project_sources(tmp_path)
    assert set(sources) == {"streets.api", "streets.api.views"}
    assert [str(v).split(" (")[0] for v in violations(sources)] == ["streets.api:4 imports departments"]
