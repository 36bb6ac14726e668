"""Build script for the optional compiled code; the project is described in pyproject.toml.

Everything here is optional: without a C compiler, or with `INTERLOCK_PURE_PYTHON=1` set at
install time, Interlock runs the same code as pure Python.

- `interlock.guard._provenance_native` speeds up argument provenance; it is written in
  Cython (`.pyx`), with a Python twin that tests hold it equal to.
- The guard's decision path (`GUARD_PATH` below) is compiled by mypyc from its own Python
  source: the same code, with its type annotations enforced at run time. Measured side by
  side: check_tool 17 % and observe 22 % faster (docs/PERFORMANCE.md). These modules are
  built all or none, because each one imports a shared library of all of them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

GUARD_PATH = [
    "src/interlock/guard/session.py",
    "src/interlock/guard/facts.py",
    "src/interlock/guard/provenance.py",
    "src/interlock/guard/arguments.py",
    "src/interlock/guard/identifiers.py",
    "src/interlock/guard/dates.py",
    "src/interlock/policy/decision.py",
    "src/interlock/policy/cel.py",
]
GROUP = "interlock_compiled"
PURE = os.environ.get("INTERLOCK_PURE_PYTHON", "") not in ("", "0")


def _warn(message: str) -> None:
    print(f"interlock build: {message}; that part stays pure Python", file=sys.stderr)


def cython_extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:
        _warn("Cython is not installed")
        return []
    extensions: list[Extension] = cythonize(
        [
            Extension(
                "interlock.guard._provenance_native", ["src/interlock/guard/_provenance_native.pyx"]
            )
        ],
        compiler_directives={"language_level": "3"},
        quiet=True,
    )
    for extension in extensions:
        # A failed compile is a warning, not a failed install (`cythonize` drops the flag
        # when it is given to the Extension above, so it is set on what it returns).
        extension.optional = True
    return extensions


def mypyc_extensions() -> list[Extension]:
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not installed")
        return []
    try:
        # No config file: the project's mypy settings name a plugin that the isolated build
        # environment does not have; the compile needs types, not the strict checks.
        extensions: list[Extension] = mypycify(
            ["--config-file=", "--ignore-missing-imports", *GUARD_PATH],
            opt_level="3",
            group_name=GROUP,
        )
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error it cannot compile
        _warn(f"mypyc could not prepare the guard's modules ({type(exc).__name__}: {exc})")
        return []
    return extensions


class BuildExtensions(build_ext):
    """Builds the Cython extension optionally and the mypyc modules all or none."""

    def build_extensions(self) -> None:
        self.check_extensions_list(self.extensions)
        grouped = [e for e in self.extensions if e.name in MYPYC_NAMES]
        for extension in self.extensions:
            if extension not in grouped:
                self._build_optional(extension)
        built: list[str] = []
        try:
            for extension in grouped:
                self.build_extension(extension)
                built.append(self.get_ext_fullpath(extension.name))
        except Exception as exc:
            for path in built:
                Path(path).unlink(missing_ok=True)
            self.extensions = [e for e in self.extensions if e not in grouped]
            _warn(f"the guard's compiled modules failed to build ({exc})")

    def _build_optional(self, extension: Extension) -> None:
        try:
            self.build_extension(extension)
        except Exception as exc:
            _warn(f"{extension.name} failed to build ({exc})")


compiled = [] if PURE else mypyc_extensions()
MYPYC_NAMES = {extension.name for extension in compiled}
extensions = [] if PURE else [*cython_extensions(), *compiled]
setup(ext_modules=extensions, cmdclass={"build_ext": BuildExtensions})
