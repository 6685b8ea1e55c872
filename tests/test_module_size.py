"""No module of the project over 400 lines (migrations and tests aside): past that, a module holds
more than one idea and the next engineer cannot see where a rule lives."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400
SKIPPED_DIRS = {".venv", "venv", ".git", "migrations", "tests", "node_modules", "__pycache__", "var"}


def test_no_module_is_over_400_lines():
    too_long = sorted(
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts) and not path.name.startswith("test_")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    )
    assert too_long == []
