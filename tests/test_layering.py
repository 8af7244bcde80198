"""Demo and benchmark data stay apart from the domain: no app imports `demo` or a management command."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Every app of this project but the demo's own: the domain and what sits above it.
DOMAIN_APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py") if path.parent.name != "demo")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # A relative import keeps its dots: "..management.commands" is still caught.
            yield "." * node.level + (node.module or "")


def forbidden(module):
    return module == "demo" or module.startswith("demo.") or ".management.commands" in module


def test_the_domain_apps_are_found():
    assert {"accounts", "sectors", "patrols"} <= set(DOMAIN_APPS)


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_no_domain_module_imports_the_demo_or_a_management_command(app):
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for module in imported_modules(path)
        if forbidden(module)
    ]
    assert offending == []


def test_the_check_finds_such_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import demo.data\nfrom demo.seed import seed_places\nfrom ..management.commands import x\n")
    assert [m for m in imported_modules(probe) if forbidden(m)] == ["demo.data", "demo.seed", "..management.commands"]
