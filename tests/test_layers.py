"""The library's structure: each package imports only the layers below it, no file or package
imports itself round a circle, no module outgrows a reader, and the domain never prints."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent / "workforce"

#: Each package of workforce/ and the packages it may import: the README's layers.
LAYERS = {
    "errors": set(),
    "reference": {"errors"},
    "disclosure": {"errors", "reference"},
    "store": {"errors", "reference"},
    "competencies": {"errors", "reference", "store"},
    "placements": {"errors", "reference", "store", "competencies"},
    "economics": {"errors", "reference", "store", "competencies", "disclosure"},
    "pipeline": {"errors", "reference", "store", "competencies", "economics"},
    "national": {"errors", "reference", "store", "economics", "disclosure"},
    "reports": {"errors", "reference", "store", "competencies", "disclosure", "economics",
                "placements", "pipeline", "national"},
    "io": {"errors", "reference", "store", "competencies", "national"},
}

#: Entry points beside the packages: `python -m workforce` and the package's own docstring.
ENTRY = {"__main__", "__init__"}

LONGEST = 450


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def import_graph() -> nx.DiGraph:
    """Module -> the workforce modules it imports, anywhere in it (lazy imports count)."""
    mods = modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(mods)
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            graph.add_edges_from((name, t) for t in targets if t in mods and t != name)
    return graph


def package(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def test_every_package_imports_only_the_layers_below_it():
    wrong = []
    for a, b in import_graph().edges:
        pa, pb = package(a), package(b)
        if pa == pb or pa in ENTRY:
            continue
        assert pa in LAYERS, f"{pa} is a new package: give it a layer in LAYERS and the README"
        if pb not in LAYERS[pa]:
            wrong.append(f"{a} imports {b}")
    assert not wrong, "\n".join(wrong)


def test_no_circle_between_files_or_packages():
    graph = import_graph()
    assert list(nx.simple_cycles(graph)) == []
    packages = nx.DiGraph((package(a), package(b)) for a, b in graph.edges
                          if package(a) != package(b))
    assert list(nx.simple_cycles(packages)) == []


def test_no_module_is_longer_than_a_reader_holds():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text().splitlines())) > LONGEST}
    assert long == {}


def test_the_domain_never_prints_nor_imports_the_command_layer():
    found = []
    for name, path in modules().items():
        if name == "workforce.__main__":  # `python -m workforce` runs the command layer
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                found.append(f"{name}:{node.lineno} prints")
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{name}:{node.lineno} imports {n}" for n in names
                      if n.split(".")[0] in {"click", "rich", "commands"}]
    assert found == []
