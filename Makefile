# Two commands for people and CI: `make demo` and `make test`. Each creates .venv when
# missing and installs the project with its dev extras (a quick no-op when up to date).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench bench-guard bench-evidence bench-security clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# setup.py compiles the provenance code from its .pyx and the guard's decision path from its
# Python source (mypyc); the compiled modules are imported instead of the source, so a change
# to either rebuilds them.
COMPILED_SOURCES := src/interlock/guard/_provenance_native.pyx $(wildcard src/interlock/guard/*.py src/interlock/policy/*.py)
$(STAMP): pyproject.toml setup.py $(COMPILED_SOURCES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@bash scripts/demo.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_manifest.py

bench-guard: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench_guard.py

bench-evidence: $(STAMP)
	$(BIN)/python benchmarks/bench_evidence.py

bench-security: $(STAMP)
	$(BIN)/python -m benchmarks.security

clean:
	rm -rf $(VENV) .interlock .pytest_cache .mypy_cache .ruff_cache build
	find src -name '*.so' -delete
