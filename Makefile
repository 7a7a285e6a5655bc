# contractkit: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements/lock.txt
DEMO   := demo

.PHONY: all venv deps demo gallery test test-slow test-security test-browser test-hosts lint bench clean schema upgrade

all: test

deps:
	@bash scripts/system-deps.sh

# Installs exactly the locked set (versions and hashes, test and browser extras included), then
# contractkit itself without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r $(LOCK)
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@$(BIN)/python -m compileall -q contractkit >/dev/null
	@touch $(STAMP)

venv: deps $(STAMP)

# pytest under scripts/with-tmpdir.sh: a TMPDIR of its own, removed afterwards (the user's stays as it was).
PYTEST := bash scripts/with-tmpdir.sh $(BIN)/python -m pytest

demo: venv
	@bash scripts/demo.sh $(DEMO)

# The first page of every document type in both languages, as docs/gallery/*.png.
gallery: venv
	@bash scripts/gallery.sh

# Two pytest-xdist workers (JOBS=0: no workers, all in this process), a test file's tests all on one worker so
# that its module fixtures (a signed lifecycle, a rendered set) are built once. Tests marked `slow`
# are left to make test-slow (pyproject's addopts).
JOBS ?= 2
test: venv
	$(PYTEST) -q -n $(JOBS) --dist loadfile --ignore=tests/security --ignore=tests/test_site_browser.py --ignore=tests/hosts

# The slow tests, every generated-example test with many more examples, the random kills and the
# other faults RELIABILITY.md counts (tests/conftest.py marks them `reliability`); writes RELIABILITY.md.
# The rest is `make test`'s and is not run twice.
test-slow: venv
	HYPOTHESIS_PROFILE=slow RELIABILITY_REPORT=RELIABILITY.md $(PYTEST) -q -m "slow or hypothesis or reliability" --ignore=tests/security --ignore=tests/test_site_browser.py --ignore=tests/hosts

# The attack corpus of every class in the threat model (RELIABILITY.md).
test-security: venv
	RELIABILITY_REPORT=RELIABILITY.md $(PYTEST) -q -m "slow or not slow" tests/security

# The client's page in headless Chromium (Debian's chromium, Playwright); screenshots to docs/site-*.png.
test-browser: venv
	@bash scripts/system-deps.sh browser
	$(PYTEST) -q tests/test_site_browser.py

# clone, sync and `guard` against real servers the tests start on 127.0.0.1 (sshd + gitolite3,
# nginx + git-http-backend over HTTPS); installs those Debian packages when run as root.
test-hosts: venv
	@bash scripts/system-deps.sh hosts
	$(PYTEST) -q tests/hosts

lint: venv
	$(BIN)/ruff check contractkit tests benchmarks

schema: venv
	$(BIN)/contractkit schema > schema/project.schema.json

bench: venv
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/guard.py

# Refreshes requirements/lock.txt to the newest versions pyproject.toml allows (a deliberate step:
# rendered bytes are promised per locked set). Review the diff, run make test, commit the lock.
upgrade:
	@test -x .venv-lock/bin/pip-compile || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/python -m pip install -q pip-tools; }
	.venv-lock/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --extra test --extra browser \
	  -o $(LOCK) pyproject.toml requirements/build.in
	@sed -i 's#^\#    pip-compile .*#\#    make upgrade#' $(LOCK)
	@rm -f $(STAMP)

clean:
	rm -rf $(VENV) .venv-lock $(DEMO) .pytest_cache .ruff_cache .hypothesis *.egg-info
