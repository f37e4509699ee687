# Everything runs from a local .venv, made on first use from nothing but python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fuzz gallery bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/coachcards build --content content --out out
	$(BIN)/coachcards packet content/programs/lower-body-strength.yaml --content content -o out/packets/jordan-lee.pdf
	$(BIN)/coachcards packet content/programs/upper-body-basics.yaml --content content -o out/packets/alex-morgan.pdf

test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fuzz: $(STAMP)
	COACHCARDS_FUZZ_EXAMPLES=2000 COACHCARDS_FUZZ_RANDOM=1 $(BIN)/pytest tests/test_properties.py \
		tests/test_fuzz_files.py --hypothesis-show-statistics

gallery: $(STAMP)
	$(BIN)/python docs/make_gallery.py
	$(BIN)/python docs/make_languages.py

bench: $(STAMP)
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_packets.py
	$(BIN)/python bench/bench_serve.py
	$(BIN)/python bench/bench_tagging.py
	$(BIN)/python bench/bench_scripts.py
	$(BIN)/python bench/bench_limits.py

clean:
	rm -rf out .venv .pytest_cache .ruff_cache .mypy_cache dist
