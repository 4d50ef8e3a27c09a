"""The layers hold: nothing under cafe/domain imports Flask, SQLAlchemy, the models or the extensions."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "cafe" / "domain"
FORBIDDEN_PACKAGES = {"flask", "flask_babel", "flask_socketio", "flask_sqlalchemy", "sqlalchemy",
                      "eventlet", "gevent"}
FORBIDDEN_MODULES = ("cafe.models", "cafe.extensions", "cafe.app", "cafe.services", "cafe.web")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(DOMAIN.rglob("*.py")), ids=lambda p: str(p.relative_to(DOMAIN)))
def test_a_domain_module_imports_neither_flask_nor_the_database(path):
    for name in _imports(path):
        assert name.split(".")[0] not in FORBIDDEN_PACKAGES, name
        assert not name.startswith(FORBIDDEN_MODULES), name


def test_no_module_in_cafe_is_much_over_500_lines():
    cafe = DOMAIN.parent
    long = {str(p.relative_to(cafe)): n for p in cafe.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 520}
    assert not long
