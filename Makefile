# The two set-up commands: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8501
API_PORT ?= 8000

.PHONY: run test install index browser dovecot lint typecheck contracts bench clean

# The website API with the widget and /demo on API_PORT, the FAQ search and staff pages on PORT; Ctrl-C stops both.
run: index
	$(PY) run.py --api-port $(API_PORT) --staff-port $(PORT)

# Reinstalls only when pyproject.toml or constraints.txt changed since the last install.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# torch first, pinned to the CPU build: otherwise pip resolves a multi-GB CUDA build.
	$(PY) -m pip install --quiet -c constraints.txt torch==2.13.0
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,llm]'
	touch $(STAMP)

install: $(STAMP)

# Incremental: embeds only what changed, and nothing at all when the articles are unchanged.
index: install
	$(PY) ingest.py

# Debian's Chromium for the real-browser test (no browser download: that fails here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's Dovecot for the real-IMAP mailbox tests (they start their own throwaway server on loopback).
# The package's own service is not needed: on a machine with systemd it may start; the tests never use it.
dovecot:
	@test -x /usr/sbin/dovecot || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq dovecot-imapd >/dev/null; }

# Lint, type and architecture checks first (seconds), then every test.
test: install browser dovecot lint typecheck contracts
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check assistant benchmarks tests app.py app_pages ingest.py run.py

typecheck: install
	$(VENV)/bin/mypy

# The import contracts in pyproject.toml: stages import downwards, no cycles, no streamlit in assistant/.
contracts: install
	$(VENV)/bin/lint-imports

bench: index
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) data
