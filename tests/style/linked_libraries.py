#!/usr/bin/python3
"""Checks what a program links: every --needs name must appear among the shared libraries `ldd`
lists for it (so the check sees a real list), no --forbids name may. Prints the offenders and
exits 1 when one is found.

usage: tests/style/linked_libraries.py PROGRAM --needs NAME... --forbids NAME...
"""
import argparse
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("program")
    parser.add_argument("--needs", nargs="+", default=[])
    parser.add_argument("--forbids", nargs="+", default=[])
    args = parser.parse_args()
    listing = subprocess.run(["ldd", args.program], capture_output=True, text=True)
    if listing.returncode != 0:
        sys.exit(f"{args.program}: ldd failed: {listing.stderr.strip()}")
    libraries = [line.split()[0] for line in listing.stdout.splitlines() if line.strip()]
    problems = [f"{args.program} does not link {name}" for name in args.needs
                if not any(name in library for library in libraries)]
    problems += [f"{args.program} links {library}" for library in libraries
                 for name in args.forbids if name.lower() in library.lower()]
    for problem in problems:
        print(problem)
    print(f"{len(libraries)} libraries, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
