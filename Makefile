# Two commands for a new user: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_STAGE ?= registration

# Debian packages from STACK.md: CJK font and fast subsetting for PDFs, PDF tools, ffprobe,
# LibreOffice for the PDF previews of PPT/PPTX materials.
RUN_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 poppler-utils ffmpeg libpango-1.0-0 libpangoft2-1.0-0 \
	libreoffice-impress-nogui
TEST_PACKAGES := $(RUN_PACKAGES) chromium

.PHONY: run test test-fast lint format migrate demo messages vendor sysdeps-run sysdeps-test venv fonts clean

run: sysdeps-run venv fonts
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo --stage $(DEMO_STAGE)
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/). Ctrl-C stops."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: sysdeps-test venv fonts
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

# The inner loop: everything but the browser tests and those that start a real Celery worker.
test-fast: sysdeps-run venv fonts
	$(VENV)/bin/pytest -n 2 -m "not e2e and not worker" $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Regenerate the Chinese catalogue from the sources and compile it (needs gettext).
messages: venv
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location -i ".venv/*" -i "staticfiles/*" -i "tests/*" -i "bench/*"
	$(PY) manage.py compilemessages -l zh_Hans -i ".venv/*"

# Re-fetch the vendored browser libraries (static/vendor/README.md lists them) with npm pack.
vendor:
	./static/vendor/vendor

venv: $(VENV)/.installed

# The compact CJK fonts of the generated PDFs (documents/fonts.py): built once, ~1 min.
fonts: .cache/fonts/NotoSansCJKsc-Bold-GB2312.otf

.cache/fonts/NotoSansCJKsc-Bold-GB2312.otf: | $(VENV)/.installed
	$(PY) -m documents.fonts

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required, found " + sys.version)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

sysdeps-run:
	@./.ci/sysdeps $(RUN_PACKAGES)

sysdeps-test:
	@./.ci/sysdeps $(TEST_PACKAGES)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
