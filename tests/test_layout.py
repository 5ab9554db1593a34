"""The apps depend on each other one way only, and none reaches a higher app by reflection."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: a package may import only packages before it in this list.
LAYERS = ["lib", "instruments", "states", "provisions", "positions", "events", "gaps", "config"]
# The one sanctioned exception: an admin.py may import the models of a higher app for an
# inline; the only one is instruments/admin.py, which shows an instrument's provisions.
ADMIN_INLINES = {("instruments/admin.py", "provisions.models")}
REFLECTION = re.compile(r"apps\.get_model\(|_meta\.get_field\([^)]*\)\.related_model")


def _sources() -> list[Path]:
    return [
        path
        for package in LAYERS
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _imported_packages(path: Path) -> set[tuple[str, str]]:
    """(top-level project package, the full module) of every import in a file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(name.split(".")[0], name) for name in names if name.split(".")[0] in LAYERS}
    return found


def _allowed(path: Path, package: str, imported: str, module: str) -> bool:
    own, other = LAYERS.index(package), LAYERS.index(imported)
    if other <= own:
        return True
    relative = path.relative_to(ROOT).as_posix()
    return (relative, module) in ADMIN_INLINES


def test_every_import_between_apps_points_down_the_layers():
    wrong = []
    for path in _sources():
        package = path.relative_to(ROOT).parts[0]
        for imported, module in _imported_packages(path):
            if not _allowed(path, package, imported, module):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == [], "imports against the layers " + " -> ".join(reversed(LAYERS))


def test_no_app_reaches_another_apps_models_by_reflection():
    found = [
        str(path.relative_to(ROOT)) for path in _sources() if REFLECTION.search(path.read_text())
    ]
    assert found == []


def test_the_layout_check_sees_an_upward_import(tmp_path):
    """The check itself can fail: an instruments module importing gaps is refused."""
    path = ROOT / "instruments" / "views.py"
    assert not _allowed(path, "instruments", "gaps", "gaps.matrix")
    assert not _allowed(ROOT / "instruments" / "admin.py", "instruments", "gaps", "gaps.models")
    assert _allowed(
        ROOT / "instruments" / "admin.py", "instruments", "provisions", "provisions.models"
    )
    assert not _allowed(
        ROOT / "instruments" / "admin.py", "instruments", "provisions", "provisions.api"
    )


def test_every_project_package_has_a_place_in_the_layers():
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in ("tests", "scripts")
    }
    assert packages <= set(LAYERS), f"add {packages - set(LAYERS)} to LAYERS in {__file__}"
