"""The compiled decision path decides exactly as its own Python source does.

The install compiles the guard's hot modules (setup.py, `GUARD_PATH`) and they shadow their
`.py` files. Here the security scenario suite, 171 scenarios with every step's decision,
rule ids, reasons and argument provenance, is replayed twice in subprocesses: once as
installed, once with an import hook that loads those modules from source. The two reports
must be identical.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, compiled_sources

SRC = ROOT / "src"
COMPILED = {
    ".".join(source.relative_to(SRC).with_suffix("").parts): str(source)
    for source in compiled_sources().values()
}

# Runs in the subprocess: the compiled modules are found from their source instead.
_FROM_SOURCE = """
import importlib.util, runpy, sys
SOURCES = {sources!r}

class FromSource:
    @staticmethod
    def find_spec(name, path=None, target=None):
        file = SOURCES.get(name)
        return None if file is None else importlib.util.spec_from_file_location(name, file)

sys.meta_path.insert(0, FromSource)
import interlock.guard.session
assert interlock.guard.session.__file__.endswith(".py"), interlock.guard.session.__file__
sys.argv = ["benchmarks.security", *{argv!r}]
runpy.run_module("benchmarks.security", run_name="__main__")
"""

pytestmark = pytest.mark.skipif(
    not COMPILED, reason="this install runs pure Python: there is nothing to compare"
)


def _report(argv: list[str], from_source: bool) -> dict[str, object]:
    if from_source:
        command = [sys.executable, "-c", _FROM_SOURCE.format(sources=COMPILED, argv=argv)]
    else:
        command = [sys.executable, "-m", "benchmarks.security", *argv]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    # Exit 1 is "target missed", a result; anything else is a failure to run.
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "json", "--verbose"],
        [
            "--format",
            "json",
            "--verbose",
            "--pack",
            "default",
            "--pack",
            "strict",
            "--plans",
            "from-request",
        ],
    ],
    ids=["default-pack", "strict-pack-with-plans"],
)
def test_compiled_and_source_decide_every_step_alike(argv: list[str]) -> None:
    assert "interlock.guard.session" in COMPILED
    compiled, source = _report(argv, from_source=False), _report(argv, from_source=True)
    steps = sum(len(s["steps"]) for s in compiled["scenarios"])  # type: ignore[index, union-attr]
    assert steps > 500
    assert compiled == source
