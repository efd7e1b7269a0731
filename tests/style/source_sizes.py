#!/usr/bin/python3
"""The size rule of the project's sources: no file outside tests over 500 lines, no function over
60 lines (from its signature's opening brace line to its closing brace). Functions are found by
their shape: a block opened after a parameter list, outside another function. Prints every
offender as FILE:LINE and exits 1 when there is one.

usage: tests/style/source_sizes.py ROOT
"""
import os
import re
import sys

FOLDERS = ["app", "core", "storage", "ui", "render", "bench"]
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
CONTROL = re.compile(r"^\s*(if|for|while|switch|catch|else|do|return|case)\b")
SIGNATURE_END = re.compile(r"\)\s*(const)?\s*(noexcept)?\s*(override|final)?\s*(->[^{;]*)?$")
INITIALISER = re.compile(r"\)\s*(noexcept)?\s*:\s*[\w:]+\s*[({]")


def code_only(text):
    """The text with comments and string/char literals blanked (line breaks kept)."""
    pattern = re.compile(r'//[^\n]*|/\*.*?\*/|R"([^(\s]*)\(.*?\)\1"|"(?:\\.|[^"\\\n])*"'
                         r"|'(?:\\.|[^'\\\n])*'", re.S)
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def looks_like_function(header):
    header = " ".join(header.split())
    if not header or CONTROL.match(header) or "](" in header or "] (" in header:
        return False
    if header.startswith(("namespace", "struct", "class", "enum", "union", "extern")):
        return False
    return bool(SIGNATURE_END.search(header) or INITIALISER.search(header))


def long_functions(text):
    code = code_only(text)
    depth, function_depth, start, header = 0, None, 0, ""
    found = []
    line = 1
    for character in code:
        if character == "\n":
            line += 1
        if character == "{":
            if function_depth is None and looks_like_function(header):
                function_depth, start = depth, line
            depth += 1
            header = ""
        elif character == "}":
            depth -= 1
            if function_depth is not None and depth == function_depth:
                if line - start + 1 > MAX_FUNCTION_LINES:
                    found.append((start, line - start + 1))
                function_depth = None
            header = ""
        elif character == ";":
            header = ""
        else:
            header += character
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    problems = []
    for folder in FOLDERS:
        for directory, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".h")):
                    continue
                path = os.path.join(directory, name)
                text = open(path, encoding="utf-8").read()
                lines = text.count("\n")
                relative = os.path.relpath(path, root)
                if lines > MAX_FILE_LINES:
                    problems.append(f"{relative}: {lines} lines (at most {MAX_FILE_LINES})")
                for start, length in long_functions(text):
                    problems.append(f"{relative}:{start}: a function of {length} lines "
                                    f"(at most {MAX_FUNCTION_LINES})")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} source size problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
