# SiteDesk (工区服务台). `make run` starts the desktop app; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck unit bench system-deps clean i18n screenshots installer

$(STAMP): pyproject.toml app/__init__.py  # the package metadata carries the version
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "SiteDesk needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	@bash scripts/install-system-deps

## run: the desktop app on the embedded SQLite database (data folder: see README)
run: system-deps $(STAMP)
	$(BIN)/sitedesk run $(ARGS)

## test: lint, types and the whole test suite
test: system-deps $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

## bench: speed targets, each printed beside its target and a plain baseline
bench: $(STAMP)
	$(BIN)/python -m bench

## installer: the frozen program (dist/SiteDesk, PyInstaller) and, where makensis is found, the
## setup program around it (dist/SiteDesk-<version>-setup.exe; for site PCs, build on Windows)
installer: system-deps $(STAMP)
	$(BIN)/python -m installer.build

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

## i18n: refresh the .ts sources from the code and compile the .qm files the app loads
i18n: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete $(shell find app/ui -name '*.py' | sort) -ts resources/i18n/sitedesk_zh_CN.ts
	$(BIN)/pyside6-lrelease resources/i18n/sitedesk_zh_CN.ts -qm resources/i18n/sitedesk_zh_CN.qm

## screenshots: the real window under Xvfb, in Chinese and English, on demo data (a site, and HQ)
SHOOT = QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python scripts/screenshot.py --data-dir build/screenshot-data
SHOOT_HQ = QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python scripts/screenshot.py --data-dir build/screenshot-hq
screenshots: system-deps $(STAMP)
	rm -rf build/screenshot-data && $(BIN)/sitedesk --data-dir build/screenshot-data demo
	for lang in zh en; do \
	  for page in 0 1 2 3 4 5 6; do $(SHOOT) --lang $$lang --page $$page --out screenshots/page$${page}_$$lang.png; done; \
	  for paper in poster signoff cards; do $(SHOOT) --lang $$lang --print $$paper --out screenshots/print_$${paper}_$$lang.png; done; \
	  for dialog in request stats intake handout register camera; do $(SHOOT) --lang $$lang --$$dialog --out screenshots/$${dialog}_$$lang.png; done; \
	  $(SHOOT) --lang $$lang --detail --out screenshots/worker_record_$$lang.png; \
	  $(SHOOT) --lang $$lang --import-file tests/store/data/roster-old.xls --out screenshots/roster_import_$$lang.png; \
	done
	rm -rf build/screenshot-hq && $(BIN)/sitedesk --data-dir build/screenshot-hq demo --hq
	for lang in zh en; do \
	  $(SHOOT_HQ) --lang $$lang --page 0 --out screenshots/hq_dashboard_$$lang.png; \
	  $(SHOOT_HQ) --lang $$lang --duplicates --out screenshots/hq_duplicates_$$lang.png; \
	  $(SHOOT_HQ) --lang $$lang --page 5 --out screenshots/hq_sync_$$lang.png; \
	  $(SHOOT_HQ) --lang $$lang --conflict --out screenshots/hq_conflict_$$lang.png; \
	  $(SHOOT_HQ) --lang $$lang --site GQ4 --out screenshots/hq_site_$$lang.png; \
	done
