# Tongxin: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup system migrate demo lint format bench clean lock audit

setup: system $(VENV)/.installed node_modules/.installed

system:
	@bash scripts/system-deps.sh

# The Python packages are exactly those of requirements.lock, each checked against its hash: a deployment
# installs what CI tested. The project itself runs from this folder (it is not installed).
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

# After changing the dependencies in pyproject.toml: pin them again (every platform and Python ≥ 3.11).
lock:
	$(PY) -m uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes \
		--no-header --index-url https://pypi.org/simple -o requirements.lock

# The pinned versions against a vulnerability database (see scripts/check_vulns.py and docs/security.md).
audit: setup
	$(PY) scripts/check_vulns.py requirements.lock

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.env:
	@printf '# Local development settings (see .env.example). Production sets its environment instead.\nDEBUG=1\n' > .env

migrate: setup .env
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	@echo "同心已就绪：请在浏览器打开 http://$(HOST):$(PORT)/ （Ctrl+C 停止）"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules staticfiles
