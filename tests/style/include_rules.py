#!/usr/bin/python3
"""The layering of docs/ARCHITECTURE.md as a check: which project folders and which third-party
headers each layer may include. Prints every include that breaks a rule as FILE:LINE and exits 1
when there is one.

usage: tests/style/include_rules.py ROOT
"""
import glob
import os
import re
import sys

# layer folder -> project folders its sources may include (besides its own)
ALLOWED = {
    "core/image": ["resources"],
    "core/metrics": ["core/image"],
    "core/edit": ["core/image"],
    "core/embed": ["core/image"],
    "core/learn": [],
    "core/segment": ["core/image", "core/learn", "resources"],
    "storage": ["core", "resources"],
    "render": ["core"],
    "ui/model": ["core", "storage", "resources"],
    "ui": ["core", "storage", "render", "resources"],
    "app": ["core", "storage", "render", "ui", "resources"],
}
# layer folder -> third-party header prefixes it must not include
FORBIDDEN = {
    "core": ["Q", "vtk", "QVTK"],
    "storage": ["Q", "vtk", "torch/", "ATen/", "c10/"],
    "render": ["torch/", "ATen/", "c10/"],
    "ui": ["torch/", "ATen/", "c10/"],
    "ui/model": ["vtk", "QVTK"],
}
LEARN_ONLY = ("torch/", "ATen/", "c10/", "sys/")  # core/learn: LibTorch, the C++ and C libraries
POSIX = {"unistd.h", "signal.h", "dlfcn.h"}
QT_CORE_MODULES = ("QtCore",)  # all that ui/model may take from Qt
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(relative):
    for layer in sorted(ALLOWED, key=len, reverse=True):
        if relative == layer or relative.startswith(layer + "/"):
            return layer
    return None


def project_folder(header):
    for folder in ["core", "storage", "render", "ui", "app", "resources", "tests", "bench"]:
        if header.startswith(folder + "/"):
            return folder
    return None


def qt_core_headers():
    """Names of the headers of Qt Core on this machine."""
    names = set()
    for module in QT_CORE_MODULES:
        for folder in glob.glob(f"/usr/include/*/qt6/{module}") + glob.glob(f"/usr/include/qt6/{module}"):
            names.update(os.listdir(folder))
            names.update(f"{module}/{name}" for name in os.listdir(folder))
    if not names:
        sys.exit("include_rules.py: Qt Core headers not found under /usr/include")
    return names


def qt_beyond_core(layer, header):
    """The problem when a view-model includes Qt beyond Core (e.g. QtGui, QtConcurrent)."""
    if layer != "ui/model" or not header.startswith("Q"):
        return None
    if not hasattr(qt_beyond_core, "allowed"):
        qt_beyond_core.allowed = qt_core_headers()
    if header in qt_beyond_core.allowed:
        return None
    return f"ui/model may take only Qt Core, not {header}"


def problem(layer, header, quoted):
    folder = project_folder(header) if quoted else None
    if folder:
        if header.startswith(layer + "/"):
            return None
        if any(header.startswith(allowed + "/") for allowed in ALLOWED[layer]):
            return None
        return f"{layer} may not include {header}"
    third_party = "." in header or "/" in header  # the C++ library's headers have neither
    if layer == "core/learn" and not quoted and third_party and not header.startswith(LEARN_ONLY) \
            and header not in POSIX:
        return f"core/learn needs only LibTorch, not {header}"
    if not quoted and qt_beyond_core(layer, header):
        return qt_beyond_core(layer, header)
    for top, prefixes in FORBIDDEN.items():
        if (layer == top or layer.startswith(top + "/")) and header.startswith(tuple(prefixes)):
            return f"{layer} may not include {header}"
    return None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    problems = []
    for top in ["core", "storage", "render", "ui", "app"]:
        for directory, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".h")):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root)
                layer = layer_of(os.path.dirname(relative))
                if layer is None:
                    continue
                for number, line in enumerate(open(path, encoding="utf-8"), 1):
                    match = INCLUDE.match(line)
                    if not match:
                        continue
                    found = problem(layer, match.group(2), match.group(1) == '"')
                    if found:
                        problems.append(f"{relative}:{number}: {found}")
    for item in problems:
        print(item)
    print(f"{len(problems)} layering problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
