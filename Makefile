# The README's first two commands are `make run` and `make test`; each sets up what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint package bench screenshots clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip >/dev/null
	@$(BIN)/python -m pip install -q -e '.[test,package]'
	@rm -f $(VENV)/.installed-*; touch $@

run: $(STAMP)
	@scripts/system-deps.sh window
	$(BIN)/parley

test: $(STAMP)
	@scripts/system-deps.sh offscreen
	$(BIN)/ruff check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

package: $(STAMP)
	@# "window": the xcb helper libraries must be on the build machine to be bundled.
	@scripts/system-deps.sh window
	$(BIN)/python packaging/build.py

bench: $(STAMP)
	@scripts/system-deps.sh offscreen
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

screenshots: $(STAMP)
	@scripts/system-deps.sh window
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python scripts/screenshots.py
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python scripts/team_screenshots.py

clean:
	rm -rf $(VENV) build dist
