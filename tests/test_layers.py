"""Layers depend one way: no module imports from a stage after its own.

The order is `core` → `ingest` → `transform` → `quality` → `publish` → `ops`,
then the modules at the top of `pipelines/` (`definitions`, `summary`), which
wire the stages together. A module may import from its own stage and from any
stage before it. Every import is read from the source (ast), including
imports inside functions, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipelines"
LAYERS = ("core", "ingest", "transform", "quality", "publish", "ops")
TOP = len(LAYERS)  # definitions.py, summary.py, __init__.py
# `core` is read by command-line tools that must start fast (the rollback takes the run lock):
# only the Dagster resources module may import Dagster.
CORE_WITHOUT_DAGSTER = ("lock.py", "settings.py", "paths.py", "clock.py", "publication.py")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return TOP


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def test_every_stage_has_a_layer() -> None:
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages <= set(LAYERS), f"a new package needs a place in LAYERS: {stages - set(LAYERS)}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_layers(path: Path) -> None:
    own = _layer(_module_name(path))
    wrong = [
        f"line {line}: {name} ({LAYERS[_layer(name)] if _layer(name) < TOP else 'top'})"
        for line, name in _imports(path)
        if name.split(".")[0] == "pipelines" and _layer(name) > own
    ]
    layer = LAYERS[own] if own < TOP else "top"
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports a later stage: {wrong}"


@pytest.mark.parametrize("name", CORE_WITHOUT_DAGSTER)
def test_core_for_command_line_tools_imports_no_dagster(name: str) -> None:
    imported = {module.split(".")[0] for _, module in _imports(PACKAGE / "core" / name)}
    assert not imported & {"dagster", "dagster_dbt", "dagster_duckdb"}


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    """The parser resolves both absolute and relative imports (a guard against a vacuous test)."""
    module = tmp_path / "pipelines" / "ingest" / "bad.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from pipelines.publish import warehouse\n"
        "def f():\n    from ..ops import notify\n    import pipelines.core.lock\n"
    )
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "pipelines"
    try:
        names = [name for _, name in _imports(module)]
    finally:
        PACKAGE = saved
    assert names == ["pipelines.publish", "pipelines.ops", "pipelines.core.lock"]
    assert [_layer(n) for n in names] == [4, 5, 0]
