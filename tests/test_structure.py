"""The arrows between the apps point one way: reports › figures › patrols › sectors › accounts. Places know nothing
of visits, and the domain nothing of what reads it for reports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app and the apps it must never import.
FORBIDDEN = {
    "sectors": ("patrols", "figures", "reports"),
    "patrols": ("figures", "reports"),
    "figures": ("reports",),
    "accounts": ("sectors", "patrols", "figures", "reports"),
}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", FORBIDDEN)
def test_an_app_imports_nothing_above_it(app):
    arrows = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN[app]
    ]
    assert arrows == []
