# site-builder — build / test entry points (GNU make).
#
# Needs only python3 (>= 3.11, with its venv module) and GNU make. Every
# Python package comes from the hashed lock files:
#
#   requirements.lock        runtime deps                 -> .venv       (make site/check/serve)
#   requirements-dev.lock    runtime + `test` extra       -> .venv-test  (make test)
#                            + setuptools/wheel
#   requirements-build.lock  setuptools + wheel, for the editable install
#                            with --no-build-isolation
#
# A venv is (re)created from scratch whenever its lock file(s) or pyproject.toml
# change (stamp file inside the venv).  `make lock` regenerates the locks.
#
#   make site     build the site (.venv/bin/site-builder build)
#   make check    .venv/bin/site-builder check
#   make serve    live preview at http://127.0.0.1:8000/ (SERVE_PORT=...)
#   make lint     ruff check (whole repository) and mypy --strict (site_builder)
#   make test     lint, then the whole test suite (unit and end-to-end)
#   make test-fast  the unit tests only (tests/unit, in-process; the loop while editing)
#   make bench    benchmark check (cold, warm) against its floor, build against plain MkDocs, serve
#   make lock     re-resolve the lock files (keeps current pins; UPGRADE=1 to upgrade)
#   make clean    remove venvs, build output and caches

PYTHON     ?= python3
VENV       ?= .venv
TEST_VENV  ?= .venv-test
LOCK_VENV  ?= .venv-lock
SITE_DIR   ?= site
SERVE_ADDR ?= 127.0.0.1
SERVE_PORT ?= 8000
PYTEST_ARGS ?=
# pip-tools version used by `make lock` (the tool itself is not part of any lock).
PIP_TOOLS_VERSION ?= 7.6.2

LOCK       := requirements.lock
DEV_LOCK   := requirements-dev.lock
BUILD_LOCK := requirements-build.lock

# `make lock` resolves against the public registry only: the machine's pip
# config (extra indexes, find-links folders) is ignored so the locks and their
# hashes do not depend on local mirrors. Override with LOCK_ENV= to keep it.
LOCK_ENV ?= env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null
PIP_COMPILE_FLAGS := --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --quiet $(if $(UPGRADE),--upgrade)

VENV_STAMP      := $(VENV)/.site-builder-installed
TEST_VENV_STAMP := $(TEST_VENV)/.site-builder-installed
LOCK_VENV_STAMP := $(LOCK_VENV)/.pip-tools-$(PIP_TOOLS_VERSION)

.DEFAULT_GOAL := site
.PHONY: site check serve lint test test-fast bench lock clean check-python venv test-venv help

help:
	@sed -n '/^#   make /s/^# *//p' $(firstword $(MAKEFILE_LIST))

# --- interpreter check ------------------------------------------------------
# Shell snippet run before any venv is created: clear errors instead of a
# confusing pip/venv failure later.
define CHECK_PYTHON
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "error: '$(PYTHON)' not found. Install Python >= 3.11, or pass one: make PYTHON=/path/to/python3.11 <target>" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
	  echo "error: site-builder needs Python >= 3.11, but '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "       Pass a newer interpreter: make PYTHON=python3.11 <target>" >&2; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "error: '$(PYTHON)' lacks the venv/ensurepip modules (Debian/Ubuntu: apt-get install python3-venv)." >&2; exit 1; }
endef

check-python:
	$(CHECK_PYTHON)
	@echo "$(PYTHON): $$($(PYTHON) --version 2>&1) — OK"

# (re)create venv $(1) from scratch, then pip-install the given hashed locks.
define make_venv
	rm -rf $(1)
	$(PYTHON) -m venv $(1)
	@# keep the venv out of git without needing a .gitignore entry
	@printf '*\n' > $(1)/.gitignore
	$(1)/bin/python -m pip install --quiet --require-hashes $(foreach f,$(2),-r $(f))
	$(1)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
endef

# --- runtime venv -----------------------------------------------------------
# setuptools/wheel always come from requirements-build.lock: Python 3.11's
# venv bundles an older setuptools (pyproject wants >= 68), 3.12+ bundles none.
$(VENV_STAMP): $(LOCK) $(BUILD_LOCK) pyproject.toml
	$(CHECK_PYTHON)
	@echo "==> creating $(VENV) from $(BUILD_LOCK) + $(LOCK)"
	$(call make_venv,$(VENV),$(BUILD_LOCK) $(LOCK))
	@touch $@

venv: $(VENV_STAMP)

# --- test venv ----------------------------------------------------------------
# requirements-dev.lock already pins setuptools + wheel.
$(TEST_VENV_STAMP): $(DEV_LOCK) pyproject.toml
	$(CHECK_PYTHON)
	@echo "==> creating $(TEST_VENV) from $(DEV_LOCK)"
	$(call make_venv,$(TEST_VENV),$(DEV_LOCK))
	@touch $@

test-venv: $(TEST_VENV_STAMP)

# --- targets ------------------------------------------------------------------
site: $(VENV_STAMP)
	$(VENV)/bin/site-builder build
	@echo "Site built in $(SITE_DIR)/ — open $(SITE_DIR)/index.html"

check: $(VENV_STAMP)
	$(VENV)/bin/site-builder check

# Live preview (MkDocs dev server, rebuilds on save) on loopback.
serve: $(VENV_STAMP)
	$(VENV)/bin/site-builder serve --dev-addr $(SERVE_ADDR):$(SERVE_PORT)

# Benchmark at sizes S, M, L (benchmarks/README.md): check against its floor, build against plain MkDocs, the
# live preview; prints the table and writes bench.json. BENCH_ARGS="--sizes S,M" for a quick run, "--sizes S,M,L,XL" for XL.
BENCH_ARGS ?=
bench: $(VENV_STAMP)
	$(VENV)/bin/python benchmarks/run.py --json bench.json $(BENCH_ARGS)

# Lighthouse (npm, pinned in package-lock.json) for tests/e2e/test_lighthouse.py; reinstalled when the lock changes.
# Without npm the test skips, except under CI=true where it fails.
NODE_STAMP := node_modules/.site-builder-installed
$(NODE_STAMP): package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "==> npm ci (Lighthouse)"; npm ci --no-audit --no-fund </dev/null && touch $@; \
	else echo "npm not found: tests/e2e/test_lighthouse.py will skip (and fail under CI=true)"; fi

# The gates CI enforces before any test runs (configured in pyproject.toml).
lint: $(TEST_VENV_STAMP)
	$(TEST_VENV)/bin/ruff check .
	$(TEST_VENV)/bin/mypy

# Both spread the tests over PYTEST_WORKERS processes (pytest-xdist); PYTEST_WORKERS=0 runs them in this one.
PYTEST_WORKERS ?= 2
test: lint $(TEST_VENV_STAMP) $(NODE_STAMP)
	$(TEST_VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Unit tests only: in-process, no MkDocs build, browser or subprocess (tests/e2e holds those), the property
# tests on fewer examples (tests/conftest.py). The plugins they use are named rather than auto-loaded: pytest
# rewrites the asserts of every module of an auto-loaded plugin's package (all of hypothesis), and with no
# bytecode cache (a fresh clone, PYTHONDONTWRITEBYTECODE) each worker recompiles them, about 1.5 s CPU apiece.
# More plugins through PYTEST_ARGS, e.g. PYTEST_ARGS="-p pytest_cov --cov=site_builder".
FAST_PLUGINS := -p xdist.plugin -p _hypothesis_pytestplugin -p pytest_timeout
test-fast: $(TEST_VENV_STAMP)
	PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(TEST_VENV)/bin/python -m pytest tests/unit -q -n $(PYTEST_WORKERS) \
	  $(FAST_PLUGINS) --hypothesis-profile=fast $(PYTEST_ARGS)

# --- lock files ---------------------------------------------------------------
$(LOCK_VENV_STAMP):
	$(CHECK_PYTHON)
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	@printf '*\n' > $(LOCK_VENV)/.gitignore
	$(LOCK_ENV) $(LOCK_VENV)/bin/python -m pip install --quiet pip-tools==$(PIP_TOOLS_VERSION)
	@touch $@

# Order matters: requirements-dev.in constrains the dev lock to requirements.lock.
lock: $(LOCK_VENV_STAMP)
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) \
	  --output-file=$(LOCK) pyproject.toml
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) \
	  --output-file=$(BUILD_LOCK) requirements-build.in
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) --extra=test \
	  --output-file=$(DEV_LOCK) pyproject.toml requirements-dev.in
	$(LOCK_VENV)/bin/python scripts/pin_extras.py $(LOCK) $(DEV_LOCK)
	@echo "==> locks updated: $(LOCK) $(BUILD_LOCK) $(DEV_LOCK)"

# --- cleanup ------------------------------------------------------------------
clean:
	rm -rf $(VENV) $(TEST_VENV) $(LOCK_VENV) $(SITE_DIR) .pytest_cache .hypothesis .mypy_cache .ruff_cache \
	  build dist *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
