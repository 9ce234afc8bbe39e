"""The shape of the house (docs/architecture.md), checked on every run: imports go one way,
no import cycle (not even one only a type checker follows), no module past 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "services", "storage", "locales")
MAX_LINES = 500
# Who may not import whom: storage is the bottom, services never see Telegram.
FORBIDDEN = {
    "storage": ("aiogram", "aiogram_dialog", "services", "handlers", "bot"),
    "services": ("aiogram", "aiogram_dialog", "handlers", "bot"),
    "handlers": ("bot.runner", "bot.__main__"),
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module named by an import anywhere in the file (TYPE_CHECKING and function
    bodies included); `from pkg import sub` counts as importing pkg.sub only."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            named.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = {f"{node.module}.{a.name}" for a in node.names} & set(modules)
            named.update(subs if len(subs) == len(node.names) else {node.module, *subs})
    return named


def test_imports_go_one_way() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        banned = FORBIDDEN.get(name.split(".")[0], ())
        for target in _imports(path, modules):
            if any(target == b or target.startswith(b + ".") for b in banned):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_cycle() -> None:
    modules = _modules()
    edges = {m: _imports(p, modules) & set(modules) - {m} for m, p in modules.items()}
    # Depth-first search for a back edge; the cycle is reported as a path.
    state: dict[str, int] = {}
    path: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(edges[m]):
            if state.get(n) == 1:
                cycles.append([*path[path.index(n) :], n])
            elif n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(modules):
        if m not in state:
            visit(m)
    assert cycles == []


def test_no_module_past_500_lines() -> None:
    long = []
    for folder in (*PACKAGES, "tests", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = path.read_text("utf-8").count("\n")
            if lines > MAX_LINES:
                long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert long == []
